// CloudWatch alarms that page the office's operator by email: dead-letter depth and handler errors.
import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  /** Subscribed to the alarm topic; confirm the subscription email after the first deploy. */
  alarmEmail?: string;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Duebook alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);
  }

  /** Any message in a dead-letter queue is an email that did not go out or an event that was lost. */
  onDeadLetters(id: string, queue: IQueue, what: string): Alarm {
    return this.alarm(id, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }), {
      description: `${what}: messages are waiting in the dead-letter queue; inspect and redrive them.`,
      threshold: 1,
    });
  }

  /** Any failed invocation of a handler in five minutes. */
  onErrors(id: string, fn: IFunction, name: string): Alarm {
    return this.alarm(id, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), {
      description: `The ${name} function failed; see its log group.`,
      threshold: 1,
    });
  }

  private alarm(id: string, metric: IMetric, opts: { description: string; threshold: number }): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      alarmDescription: opts.description,
      threshold: opts.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
