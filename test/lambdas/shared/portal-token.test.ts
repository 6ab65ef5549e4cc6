// The debtor's signed links: bound to tenant, customer and purpose; expiring; tamper-proof.
import { describe, expect, it } from 'vitest';
import { signPortalToken, verifyPortalToken } from '../../../lambdas/shared/portal-token.js';
import { signUnsubscribeToken } from '../../../lambdas/shared/unsubscribe-token.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';
const claim = {
  purpose: 'portal' as const,
  tenantId: 'acme',
  customerId: 'C-1',
  expiresAt: Date.parse('2026-12-31T00:00:00Z'),
  outboxKey: 'reminder-30#email#2026-10-20',
};
const now = Date.parse('2026-11-23T14:00:00Z');

describe('portal-token', () => {
  describe('verifyPortalToken', () => {
    it('returns the claim of a token it signed', () => {
      // Act
      const check = verifyPortalToken(signPortalToken(claim, SECRET), 'portal', SECRET, now);
      // Assess
      expect(check).toEqual({ ok: true, claim });
    });

    it.each([
      ['another key', (t: string) => verifyPortalToken(t, 'portal', `${SECRET}x`, now)],
      ['another purpose', (t: string) => verifyPortalToken(t, 'pay', SECRET, now)],
      [
        'a changed customer',
        (t: string) => {
          const [payload, sig] = t.split('.');
          const parts = JSON.parse(Buffer.from(payload!, 'base64url').toString());
          parts[1] = 'C-2';
          return verifyPortalToken(
            `${Buffer.from(JSON.stringify(parts)).toString('base64url')}.${sig}`,
            'portal',
            SECRET,
            now,
          );
        },
      ],
      ['a cut-short token', (t: string) => verifyPortalToken(t.slice(0, -3), 'portal', SECRET, now)],
    ])('refuses a token checked with %s', (_what, check) => {
      // Act
      const result = check(signPortalToken(claim, SECRET));
      // Assess
      expect(result).toMatchObject({ ok: false, code: 'PORTAL.TOKEN_INVALID' });
    });

    it('refuses an unsubscribe token signed with the same key', () => {
      // Prepare
      const unsubscribe = signUnsubscribeToken(
        { tenantId: 'acme', email: 'a@b.c', customerId: 'C-1' },
        SECRET,
      );
      // Act / Assess
      expect(verifyPortalToken(unsubscribe, 'portal', SECRET, now).ok).toBe(false);
    });

    it('says a token past its expiry has expired', () => {
      // Act
      const check = verifyPortalToken(signPortalToken(claim, SECRET), 'portal', SECRET, claim.expiresAt + 1);
      // Assess
      expect(check).toMatchObject({ ok: false, code: 'PORTAL.TOKEN_EXPIRED' });
    });
  });
});
