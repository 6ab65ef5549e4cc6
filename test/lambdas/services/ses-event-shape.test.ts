// An SES event read by hand (lambdas/services/ses-event-shape.ts) is accepted and read exactly as
// the zod schema it replaced read it, and a refused one names the member that is wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSesEvent } from '../../../lambdas/services/ses-event-shape.js';
import * as z from '../../../lambdas/shared/zod-mini.js';

/** The schema ses-events.ts parsed with until the hand reader replaced it. */
const former = z.object({
  eventType: z.string(),
  mail: z.object({
    messageId: z.string(),
    timestamp: z.optional(z.string()),
    destination: z._default(z.array(z.string()), []),
    tags: z._default(z.record(z.string(), z.array(z.string())), {}),
  }),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(
        z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) }),
      ),
    }),
  ),
  complaint: z.optional(z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) })),
  open: z.optional(z.object({ timestamp: z.optional(z.string()) })),
  click: z.optional(z.object({ timestamp: z.optional(z.string()), link: z.optional(z.string()) })),
});

/** A value of any JSON kind, or (most of the time) the one a member should hold. */
const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 2 }),
);
const maybe = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 40, arbitrary: good },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const str = maybe(fc.string({ maxLength: 8 }));
const strs = maybe(fc.array(str, { maxLength: 3 }));
/** An object of the given members (one left out when its value is undefined), sometimes with an extra member. */
const obj = (members: Record<string, fc.Arbitrary<unknown>>) =>
  maybe(
    fc
      .tuple(fc.record(members), fc.option(fc.tuple(fc.string({ maxLength: 5 }), anyJson)))
      .map(([o, extra]) => (extra ? { ...o, [extra[0]]: extra[1] } : o)),
  );

const event = obj({
  eventType: maybe(fc.constantFrom('Send', 'Bounce', 'Complaint', 'Open', 'Click', 'Delivery')),
  mail: obj({
    messageId: str,
    timestamp: str,
    destination: strs,
    tags: maybe(
      fc
        .array(fc.tuple(fc.constantFrom('outbox', 'tenant', '__proto__', 'constructor', 'x'), strs), {
          maxLength: 3,
        })
        // As JSON.parse makes it: "__proto__" an own member.
        .map((pairs) =>
          JSON.parse(JSON.stringify(Object.fromEntries(pairs.filter(([, v]) => v !== undefined)))),
        ),
    ),
  }),
  bounce: obj({
    bounceType: str,
    bounceSubType: str,
    bouncedRecipients: maybe(fc.array(obj({ emailAddress: str, diagnosticCode: str }), { maxLength: 2 })),
  }),
  complaint: obj({ complainedRecipients: maybe(fc.array(obj({ emailAddress: str }), { maxLength: 2 })) }),
  open: obj({ timestamp: str }),
  click: obj({ timestamp: str, link: str }),
});

/** Members set to undefined dropped, as a JSON round trip drops them. */
const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

describe('readSesEvent', () => {
  it('accepts what the former schema accepted and reads the same members, for any event', () => {
    fc.assert(
      fc.property(event, (raw) => {
        const input = raw === undefined ? undefined : plain(raw);
        const theirs = former.safeParse(input);
        const ours = readSesEvent(input);
        expect(ours.ok).toBe(theirs.success);
        if (ours.ok && theirs.success) expect(plain(ours.event)).toEqual(plain(theirs.data));
      }),
      { numRuns: 3000 },
    );
  });

  it('names the member that is wrong', () => {
    const mail = { messageId: 'm-1' };
    expect(readSesEvent('Send')).toEqual({ ok: false, problem: 'the event is not an object' });
    expect(readSesEvent({ mail })).toEqual({ ok: false, problem: 'eventType is not a string' });
    expect(readSesEvent({ eventType: 'Send', mail: {} })).toEqual({
      ok: false,
      problem: 'mail.messageId is not a string',
    });
    expect(readSesEvent({ eventType: 'Send', mail: { ...mail, tags: { outbox: ['a', 7] } } })).toEqual({
      ok: false,
      problem: 'mail.tags.outbox[1] is not a string',
    });
    expect(
      readSesEvent({
        eventType: 'Bounce',
        mail,
        bounce: { bounceType: 'Permanent', bouncedRecipients: [{}] },
      }),
    ).toEqual({ ok: false, problem: 'bounce.bouncedRecipients[0].emailAddress is not a string' });
    expect(readSesEvent({ eventType: 'Open', mail, open: null })).toEqual({
      ok: false,
      problem: 'open is not an object',
    });
  });

  it('fills what SES may leave out and leaves behind what Duebook does not read', () => {
    expect(
      readSesEvent({ eventType: 'Send', mail: { messageId: 'm-1', commonHeaders: {} }, extra: 1 }),
    ).toEqual({
      ok: true,
      event: { eventType: 'Send', mail: { messageId: 'm-1', destination: [], tags: {} } },
    });
  });
});
