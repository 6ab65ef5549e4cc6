// The message the daily run puts on the send queue and the sender reads: its own file, so neither
// side imports the other for it.

/** What goes on the send queue: the outbox key only; the sender reads the rest from the table. */
export interface SendMessage {
  tenantId: string;
  customerId: string;
  stage: string;
  channel: string;
  cycle: string;
}
