// Structured JSON logs for the handlers (CloudWatch in AWS); `DUEBOOK_LOG=silent` quiets info lines.
// A `stack` field is mapped back to the sources (stack-map.ts).
import { mapStack } from './stack-map.js';

type Level = 'info' | 'warn' | 'error';

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const mode = process.env.DUEBOOK_LOG;
  if (mode === 'silent' && level === 'info') return;
  const stack = typeof fields.stack === 'string' ? { stack: mapStack(fields.stack) } : {};
  const line = JSON.stringify({ level, message, ...fields, ...stack });
  if (level === 'info') console.log(line);
  else console.error(line);
}
