// A request schema built on first use (lambdas/shared/lazy-schema.ts) answers as the schema it
// stands for, and is built once, when first read.
import { describe, expect, it } from 'vitest';
import { lazySchema } from '../../../lambdas/shared/lazy-schema.js';
import { onFirstUse } from '../../../lambdas/shared/on-first-use.js';
import * as z from '../../../lambdas/shared/zod-mini.js';

const make = () =>
  z.strictObject({
    email: z.pipe(
      z.string().check(z.trim(), z.maxLength(20)),
      z.transform((v) => v.toLowerCase()),
    ),
    role: z.enum(['admin', 'clerk']),
  });

describe('lazySchema', () => {
  it('returns a stand-in that builds the schema on its first use, once', () => {
    let built = 0;
    const schema = lazySchema(() => {
      built++;
      return make();
    });
    expect(built).toBe(0);
    schema.safeParse({ email: 'A@b.c', role: 'admin' });
    schema.parse({ email: 'A@b.c', role: 'clerk' });
    expect(built).toBe(1);
  });

  it('returns the answers of the schema it stands for, accepted and refused alike', () => {
    const eager = make();
    const lazy = lazySchema(make);
    for (const input of [
      { email: ' Clerk@Firm.COM ', role: 'clerk' },
      { email: 'x', role: 'owner' },
      { email: 'a'.repeat(30), role: 'admin' },
      { email: 'a@b.c', role: 'admin', extra: 1 },
      null,
      'text',
    ]) {
      const a = eager.safeParse(input);
      const b = lazy.safeParse(input);
      expect(b.success).toBe(a.success);
      if (a.success && b.success) expect(b.data).toEqual(a.data);
      else expect(b.error?.issues).toEqual(a.error?.issues);
    }
    expect(() => lazy.parse({ email: 1 })).toThrow();
  });
});

describe('onFirstUse', () => {
  it('returns the value made on the first call, the same one every time', () => {
    let made = 0;
    const value = onFirstUse(() => ({ n: ++made }));
    expect(made).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(made).toBe(1);
  });
});
