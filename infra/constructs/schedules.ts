// EventBridge Scheduler for the daily run: one schedule, every quarter hour in UTC, invoking the
// tick that finds the offices whose local 09:00 plan or :15 dispatch has come (lambdas/tick). No
// office has a schedule of its own: the offices' zones, daylight saving included, are read by the
// tick from the office registry, so adding an office never changes the template.
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Every quarter hour, UTC: the fan-out's TICK_MINUTES (lambdas/services/fan-out.ts). */
export const TICK_EXPRESSION = 'cron(0/15 * * * ? *)';

export interface TickScheduleProps {
  tick: IFunction;
  /** Where Scheduler puts invocations it could not deliver. */
  deadLetterQueue: IQueue;
}

export class TickSchedule extends Construct {
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: TickScheduleProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // The role Scheduler assumes, only from this account; the target grants it invoke on the tick.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: 'EventBridge Scheduler invoking the Duebook quarter-hour tick',
    });
    const fnLogicalId = stack.getLogicalId(props.tick.node.defaultChild as CfnFunction);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnLogicalId}.Arn>:*]`,
      reason:
        'grantInvoke adds the qualified ARN (<function>:*) so versions and aliases of the tick function can be invoked; the wildcard covers that one function only.',
    });

    // The tick is told its scheduled time, so a retried invocation is the same tick (same claims).
    this.schedule = new Schedule(this, 'Tick', {
      description: 'Duebook daily-run tick: plans (09:00 local) and dispatches (:15 local) of every office',
      schedule: ScheduleExpression.expression(TICK_EXPRESSION),
      target: new LambdaInvoke(props.tick, {
        role,
        input: ScheduleTargetInput.fromObject({ scheduledAt: '<aws.scheduler.scheduled-time>' }),
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: 3,
        // A tick older than its quarter hour is superseded by the next one (which catches plans up).
        maxEventAge: Duration.minutes(15),
      }),
      // Flexible window off: a plan starts at its office's 09:00, not somewhen after.
      timeWindow: TimeWindow.off(),
    });
  }
}
