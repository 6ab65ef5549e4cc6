// Production wiring of the send queue: one message per outbox entry to send.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SendMessage } from '../services/send-message.js';
import { env } from './runtime-env.js';

const sqs = new SQSClient({ region: env.region });

export async function enqueue(message: SendMessage): Promise<void> {
  if (!env.queueUrl) throw new Error('QUEUE_URL is not set');
  await sqs.send(new SendMessageCommand({ QueueUrl: env.queueUrl, MessageBody: JSON.stringify(message) }));
}
