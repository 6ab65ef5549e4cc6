// The tick's event, the office worker's message and SES's receipt event, read by hand
// (lambdas/shared/shape.ts), are accepted and read exactly as the zod schemas they replaced read
// them; a refused one names the member that is wrong.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readReceiptEvent } from '../../../lambdas/replies/app.js';
import { readOfficeJob } from '../../../lambdas/services/fan-out.js';
import { ShapeError } from '../../../lambdas/shared/shape.js';
import * as z from '../../../lambdas/shared/zod-mini.js';
import { isIsoInstant, readTickEvent } from '../../../lambdas/tick/app.js';

/** The schemas the three handlers parsed with until the hand readers replaced them. */
const former = {
  officeJob: z.object({
    tenantId: z.string().check(z.minLength(1)),
    job: z.enum(['plan', 'dispatch']),
    slot: z.string().check(z.minLength(1)),
    timeZone: z.string().check(z.minLength(1)),
    local: z.string(),
    reason: z.enum(['on time', 'catch-up']),
  }),
  tickEvent: z.looseObject({ scheduledAt: z.optional(z.iso.datetime({ offset: true })) }),
  receiptEvent: z.object({
    Records: z.array(
      z.object({
        ses: z.object({
          mail: z.object({ messageId: z.string().check(z.minLength(1)) }),
          receipt: z.optional(z.object({ recipients: z._default(z.array(z.string()), []) })),
        }),
      }),
    ),
  }),
};

const anyJson = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.constant(''),
  fc.constant([]),
  fc.constant({}),
);
/** Mostly `good`, sometimes any other JSON value or nothing. */
const maybe = <T>(good: fc.Arbitrary<T>, weight = 20) =>
  fc.oneof(
    { weight, arbitrary: good },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
/** An object of the given members (one left out when undefined), sometimes with an extra member. */
const obj = (members: Record<string, fc.Arbitrary<unknown>>) =>
  maybe(
    fc
      .tuple(fc.record(members), fc.option(fc.tuple(fc.string({ maxLength: 5 }), anyJson)))
      .map(([o, extra]) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
        if (extra) out[extra[0]] = extra[1];
        return out;
      }),
  );
const text = maybe(fc.oneof(fc.string({ maxLength: 6 }), fc.constant('')), 40);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** Date-times near and past every field's edge, with and without seconds, fractions and zones. */
const dateTime = fc
  .record({
    year: fc.constantFrom(0, 1, 4, 100, 1900, 2000, 2024, 2026, 2100, 2400, 9999),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.constantFrom(0, 1, 15, 28, 29, 30, 31, 32),
    hour: fc.constantFrom(0, 9, 23, 24),
    minute: fc.constantFrom(0, 15, 59, 60),
    seconds: fc.option(fc.constantFrom(':00', ':59', ':60', ':00.5', ':00.123456', ':00.', '.5')),
    zone: fc.constantFrom('Z', 'z', '', '+00:00', '-05:00', '+23:59', '+24:00', '+05:60', '+0500', '+05'),
    sep: fc.constantFrom('T', 'T', 'T', ' ', 't'),
  })
  .map(
    (d) =>
      `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}${d.sep}${pad(d.hour)}:${pad(d.minute)}${d.seconds ?? ''}${d.zone}`,
  );

describe('readOfficeJob', () => {
  const message = obj({
    tenantId: text,
    job: maybe(fc.constantFrom('plan', 'dispatch', 'Plan', ''), 40),
    slot: text,
    timeZone: text,
    local: text,
    reason: maybe(fc.constantFrom('on time', 'catch-up', 'late'), 40),
  });

  it('returns what the former schema returned, and refuses what it refused', () => {
    let accepted = 0;
    fc.assert(
      fc.property(message, (body) => {
        const was = former.officeJob.safeParse(body);
        const now = readOfficeJob(body);
        expect(now.ok).toBe(was.success);
        if (now.ok && was.success) {
          accepted++;
          expect(now.job).toEqual(was.data);
        }
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    // The generator reaches both sides.
    expect(accepted).toBeGreaterThan(30);
  });

  it('returns the member that is wrong', () => {
    const job = {
      tenantId: 't',
      job: 'plan',
      slot: '2027-03-14',
      timeZone: 'UTC',
      local: '',
      reason: 'on time',
    };
    expect(readOfficeJob({ ...job, tenantId: '' })).toEqual({ ok: false, problem: 'tenantId is empty' });
    expect(readOfficeJob({ ...job, job: 'run' })).toEqual({
      ok: false,
      problem: 'job is not one of "plan", "dispatch"',
    });
    expect(readOfficeJob(undefined)).toEqual({ ok: false, problem: 'the message is not an object' });
  });
});

describe('readTickEvent', () => {
  it('accepts the date-times the former schema accepted, and only those', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(dateTime, fc.string({ maxLength: 30 })), (at) => {
        const was = former.tickEvent.safeParse({ scheduledAt: at }).success;
        expect(isIsoInstant(at)).toBe(was);
        if (was) accepted++;
      }),
      { numRuns: 5000, seed: 20261205 },
    );
    expect(accepted).toBeGreaterThan(60);
  });

  it('agrees with the former schema on every month end of leap and common years', () => {
    const seen = { accepted: 0, refused: 0 };
    for (const year of [0, 4, 100, 400, 1900, 2000, 2024, 2026, 2100, 2400])
      for (let month = 1; month <= 12; month++)
        for (const day of [28, 29, 30, 31, 32]) {
          const at = `${pad(year, 4)}-${pad(month)}-${pad(day)}T09:00:00Z`;
          const was = former.tickEvent.safeParse({ scheduledAt: at }).success;
          expect(isIsoInstant(at), at).toBe(was);
          seen[was ? 'accepted' : 'refused']++;
        }
    expect(seen.accepted).toBeGreaterThan(300);
    expect(seen.refused).toBeGreaterThan(100);
  });

  it('returns the scheduled time of any event the former schema took, and throws on the others', () => {
    const event = maybe(
      fc.oneof(obj({ scheduledAt: maybe(dateTime, 5) }), fc.constant(null), fc.constant([])),
      5,
    );
    fc.assert(
      fc.property(event, (raw) => {
        const was = former.tickEvent.safeParse(raw ?? {});
        if (was.success)
          expect(readTickEvent(raw)).toEqual(
            was.data.scheduledAt === undefined ? {} : { scheduledAt: was.data.scheduledAt },
          );
        else expect(() => readTickEvent(raw)).toThrow(ShapeError);
      }),
      { numRuns: 3000, seed: 20261205 },
    );
  });

  it('says which member is wrong', () => {
    expect(() => readTickEvent({ scheduledAt: '2027-02-29T09:00:00Z' })).toThrow(
      'scheduledAt is not a date and time with its zone (2027-03-14T13:15:00Z): "2027-02-29T09:00:00Z"',
    );
    expect(() => readTickEvent('now')).toThrow('the tick event is not an object');
    expect(readTickEvent({ scheduledAt: '2028-02-29T09:00:00.250-05:00', other: 1 })).toEqual({
      scheduledAt: '2028-02-29T09:00:00.250-05:00',
    });
  });
});

describe('readReceiptEvent', () => {
  const receiptEvent = obj({
    Records: maybe(
      fc.array(
        obj({
          ses: obj({
            mail: obj({ messageId: text }),
            receipt: obj({ recipients: maybe(fc.array(text, { maxLength: 3 })) }),
          }),
        }),
        { maxLength: 3 },
      ),
    ),
  });

  it('returns what the former schema returned, and refuses what it refused', () => {
    let accepted = 0;
    fc.assert(
      fc.property(receiptEvent, (raw) => {
        const was = former.receiptEvent.safeParse(raw);
        if (!was.success) {
          expect(() => readReceiptEvent(raw)).toThrow(ShapeError);
          return;
        }
        accepted++;
        expect(readReceiptEvent(raw)).toEqual(
          was.data.Records.map((r) => ({
            messageId: r.ses.mail.messageId,
            recipients: r.ses.receipt?.recipients ?? [],
          })),
        );
      }),
      { numRuns: 3000, seed: 20261205 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('names the record and member that is wrong', () => {
    expect(() =>
      readReceiptEvent({
        Records: [{ ses: { mail: { messageId: 'a' } } }, { ses: { mail: { messageId: '' } } }],
      }),
    ).toThrow('Records[1].ses.mail.messageId is empty');
  });
});
