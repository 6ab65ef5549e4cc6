// The SQS queues: the send queue the daily run fills and the sender drains, the office queue the
// tick fills and the daily-run worker drains (each with its dead-letter queue), and one queue that
// keeps failed asynchronous invocations (the tick's schedule, SES events).
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** A message that failed this many receives moves to the dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

export interface SendQueueProps {
  /** The sender function's timeout; the visibility timeout is six times that (AWS's advice for SQS sources). */
  consumerTimeout: Duration;
}

export class SendQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SendQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
  }
}

/** An office message that failed this many receives (one office's run failing) is dead-lettered. */
export const OFFICE_MAX_RECEIVE_COUNT = 3;

export interface OfficeQueueProps {
  /** The worker's timeout; the visibility timeout is six times that. */
  consumerTimeout: Duration;
}

/** One message per office and job (plan, dispatch); a failing office ends in the dead-letter queue alone. */
export class OfficeQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: OfficeQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(1),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: OFFICE_MAX_RECEIVE_COUNT },
    });
  }
}

/** Where Lambda and EventBridge Scheduler put invocations that failed after their retries. */
export class FailedInvocationsQueue extends Construct {
  readonly queue: Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter destination (Lambda on-failure destination and Scheduler DLQ), not a work queue; nothing consumes it but an operator, and it is alarmed on depth.',
    });
  }
}
