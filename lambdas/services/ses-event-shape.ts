// The shape of an SES event notification, read by hand: the few members Duebook acts on, each
// checked, the rest left behind. (A schema library here cost the ses-events Lambda a fifth more of
// its own cold start than everything else it loads; see docs/engine.md.)

import { list, type Obj, object, optional, ShapeError, string } from '../shared/shape.js';

export interface SesEvent {
  eventType: string;
  mail: {
    messageId: string;
    timestamp?: string;
    destination: string[];
    tags: Record<string, string[]>;
  };
  bounce?: {
    bounceType: string;
    bounceSubType?: string;
    bouncedRecipients: { emailAddress: string; diagnosticCode?: string }[];
  };
  complaint?: { complainedRecipients: { emailAddress: string }[] };
  open?: { timestamp?: string };
  click?: { timestamp?: string; link?: string };
}

/** An SES event read from a notification's JSON, or the first member that is not as SES sends it. */
export type SesEventRead = { ok: true; event: SesEvent } | { ok: false; problem: string };

function mail(v: unknown, path: string): SesEvent['mail'] {
  const m = object(v, path);
  const out: Obj = { messageId: string(m.messageId, `${path}.messageId`) };
  optional(out, m, 'timestamp', path, string);
  out.destination = m.destination === undefined ? [] : list(m.destination, `${path}.destination`, string);
  const tags: Record<string, string[]> = {};
  if (m.tags !== undefined) {
    const t = object(m.tags, `${path}.tags`);
    for (const key of Object.keys(t)) {
      // A "__proto__" tag is left out, as the schema this replaced left it: set here it would
      // become the prototype of `tags`, not a tag.
      if (key === '__proto__') continue;
      tags[key] = list(t[key], `${path}.tags.${key}`, string);
    }
  }
  out.tags = tags;
  return out as SesEvent['mail'];
}

function bounce(v: unknown, path: string): NonNullable<SesEvent['bounce']> {
  const b = object(v, path);
  const out: Obj = { bounceType: string(b.bounceType, `${path}.bounceType`) };
  optional(out, b, 'bounceSubType', path, string);
  out.bouncedRecipients = list(b.bouncedRecipients, `${path}.bouncedRecipients`, (r, p) => {
    const o = object(r, p);
    const recipient: Obj = { emailAddress: string(o.emailAddress, `${p}.emailAddress`) };
    optional(recipient, o, 'diagnosticCode', p, string);
    return recipient as { emailAddress: string; diagnosticCode?: string };
  });
  return out as NonNullable<SesEvent['bounce']>;
}

function complaint(v: unknown, path: string): NonNullable<SesEvent['complaint']> {
  const c = object(v, path);
  return {
    complainedRecipients: list(c.complainedRecipients, `${path}.complainedRecipients`, (r, p) => ({
      emailAddress: string(object(r, p).emailAddress, `${p}.emailAddress`),
    })),
  };
}

function times(keys: readonly string[]) {
  return (v: unknown, path: string): Record<string, string> => {
    const o = object(v, path);
    const out: Obj = {};
    for (const key of keys) optional(out, o, key, path, string);
    return out as Record<string, string>;
  };
}

const openTimes = times(['timestamp']);
const clickTimes = times(['timestamp', 'link']);

/**
 * Reads an SES event notification as the ses-events Lambda acts on it: `eventType` and
 * `mail.messageId` required, `mail.destination` and `mail.tags` empty when absent, `bounce`,
 * `complaint`, `open` and `click` checked when present. Members not listed are left behind.
 */
export function readSesEvent(raw: unknown): SesEventRead {
  try {
    const e = object(raw, 'the event');
    const event: Obj = { eventType: string(e.eventType, 'eventType'), mail: mail(e.mail, 'mail') };
    optional(event, e, 'bounce', '', bounce);
    optional(event, e, 'complaint', '', complaint);
    optional(event, e, 'open', '', openTimes);
    optional(event, e, 'click', '', clickTimes);
    return { ok: true, event: event as unknown as SesEvent };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, problem: e.message };
    throw e;
  }
}
