// EventBridge Scheduler for the daily run: the plan at 09:00 in the office's time zone and the
// hourly dispatch of planned emails whose contact window has opened. Monthly statements are
// planned by the daily plan itself on the tenant's statement day.
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DailyRunSchedulesProps {
  dailyRun: IFunction;
  tenantId: string;
  /** IANA zone: the cron expressions are read in it, daylight saving included. */
  timeZone: string;
  /** Where Scheduler puts invocations it could not deliver. */
  deadLetterQueue: IQueue;
}

export class DailyRunSchedules extends Construct {
  readonly plan: Schedule;
  readonly dispatch: Schedule;

  constructor(scope: Construct, id: string, props: DailyRunSchedulesProps) {
    super(scope, id);
    const timeZone = TimeZone.of(props.timeZone);
    const stack = Stack.of(this);

    // The role Scheduler assumes, only from this account; the target grants it invoke on daily-run.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge Scheduler invoking the Duebook daily run',
    });
    const fnLogicalId = stack.getLogicalId(props.dailyRun.node.defaultChild as CfnFunction);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      reason:
        'grantInvoke adds the qualified ARN (<function>:*) so versions and aliases of the daily-run function can be invoked; the wildcard covers that one function only.',
    });

    const target = (job: 'plan' | 'dispatch') =>
      new LambdaInvoke(props.dailyRun, {
        role,
        input: ScheduleTargetInput.fromObject({ tenantId: props.tenantId, job }),
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
      });

    // Flexible window off: the plan is "today's" run and must start at 09:00, not somewhen after.
    this.plan = new Schedule(this, 'Plan', {
      description: `Duebook daily plan for ${props.tenantId} at 09:00 ${props.timeZone}`,
      schedule: ScheduleExpression.cron({ minute: '0', hour: '9', timeZone }),
      target: target('plan'),
      timeWindow: TimeWindow.off(),
    });
    // A quarter past each hour, so the 09:00 plan's emails go out in the same hour.
    this.dispatch = new Schedule(this, 'Dispatch', {
      description: `Duebook hourly dispatch for ${props.tenantId}`,
      schedule: ScheduleExpression.cron({ minute: '15', hour: '*', timeZone }),
      target: target('dispatch'),
      timeWindow: TimeWindow.off(),
    });
  }
}
