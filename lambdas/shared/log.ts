// Structured JSON logs for the handlers (CloudWatch in AWS); `DUEBOOK_LOG=silent` quiets info lines.
type Level = 'info' | 'warn' | 'error';

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  const mode = process.env.DUEBOOK_LOG;
  if (mode === 'silent' && level === 'info') return;
  const line = JSON.stringify({ level, message, ...fields });
  if (level === 'info') console.log(line);
  else console.error(line);
}
