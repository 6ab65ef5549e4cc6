// The SQS queues: the send queue the daily run fills and the sender drains, the office queue the
// tick fills and the daily-run worker drains (each with its dead-letter queue), and one queue that
// keeps failed asynchronous invocations (the tick's schedule, SES events).
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A message that failed this many receives moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

/** Every queue here: encrypted at rest with SQS-managed keys, refused over plain HTTP. */
function secureQueue(scope: Construct, id: string, props: QueueProps): Queue {
  return new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, ...props });
}

export interface WorkQueueProps {
  /** The consumer's timeout; the visibility timeout is six times that (AWS's advice for SQS sources). */
  consumerTimeout: Duration;
}

/** A queue a function drains, with its dead-letter queue (kept 14 days) for messages that keep failing. */
abstract class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  protected constructor(
    scope: Construct,
    id: string,
    props: WorkQueueProps & { retentionPeriod: Duration; maxReceiveCount: number },
  ) {
    super(scope, id);
    this.deadLetterQueue = secureQueue(this, 'DeadLetters', { retentionPeriod: Duration.days(14) });
    this.queue = secureQueue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: props.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}

export type SendQueueProps = WorkQueueProps;

/** The outbox keys the daily run queues and the sender drains. */
export class SendQueue extends WorkQueue {
  constructor(scope: Construct, id: string, props: SendQueueProps) {
    super(scope, id, { ...props, retentionPeriod: Duration.days(4), maxReceiveCount: MAX_RECEIVE_COUNT });
  }
}

/** An office message that failed this many receives (one office's run failing) is dead-lettered. */
export const OFFICE_MAX_RECEIVE_COUNT = 3;

export type OfficeQueueProps = WorkQueueProps;

/** One message per office and job (plan, dispatch); a failing office ends in the dead-letter queue alone. */
export class OfficeQueue extends WorkQueue {
  constructor(scope: Construct, id: string, props: OfficeQueueProps) {
    super(scope, id, {
      ...props,
      retentionPeriod: Duration.days(1),
      maxReceiveCount: OFFICE_MAX_RECEIVE_COUNT,
    });
  }
}

/** Where Lambda and EventBridge Scheduler put invocations that failed after their retries. */
export class FailedInvocationsQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = secureQueue(this, 'Queue', { retentionPeriod: Duration.days(14) });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter destination (Lambda on-failure destination and Scheduler DLQ), not a work queue; nothing consumes it but an operator, and it is alarmed on depth.',
    });
  }
}
