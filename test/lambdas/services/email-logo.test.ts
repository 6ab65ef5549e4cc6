// The office's logo in its emails: inline, size-checked, in the HTML body only.
import { describe, expect, it } from 'vitest';
import { LOGO_CONTENT_ID, withOfficeLogo } from '../../../lambdas/services/email-logo.js';
import type { OutgoingEmail } from '../../../lambdas/shared/mailer.js';
import { png } from '../../support/png.js';

const email: OutgoingEmail = {
  from: 'a@x.example',
  to: 'b@x.example',
  subject: 'Reminder',
  text: 'Please pay.',
  html: '<!DOCTYPE html><html><body style="font-family:sans-serif"><p>Please pay.</p></body></html>',
  unsubscribeUrl: 'https://x.example/u',
  unsubscribeMailto: 'mailto:u@x.example',
  tags: {},
};
const office = { officeName: 'Lakeside <Dental>' };

describe('email-logo', () => {
  describe('withOfficeLogo', () => {
    it('opens the HTML body with the logo by Content-ID, at most 200 pixels wide, and attaches it inline', () => {
      const logo = { contentType: 'image/png' as const, dataBase64: png(400, 100) };
      const out = withOfficeLogo(email, { ...office, logo });
      expect(out.html).toContain(
        `<body style="font-family:sans-serif"><div style="margin:0 0 16px 0"><img src="cid:${LOGO_CONTENT_ID}" alt="Lakeside &lt;Dental&gt;" width="200" height="50"`,
      );
      expect(out.text).toBe(email.text);
      expect(out.inlineImages).toEqual([
        {
          contentId: 'office-logo',
          contentType: 'image/png',
          fileName: 'logo.png',
          bytes: Buffer.from(logo.dataBase64, 'base64'),
        },
      ]);
    });

    it('keeps a small logo at its own size', () => {
      const out = withOfficeLogo(email, {
        ...office,
        logo: { contentType: 'image/png', dataBase64: png(120, 40) },
      });
      expect(out.html).toMatch(/width="120" height="40"/);
    });

    it.each([
      ['no logo', undefined],
      ['a GIF', { contentType: 'image/png' as const, dataBase64: 'R0lGODlhAQABAAAAACw=' }],
      ['a PNG over 2000 pixels wide', { contentType: 'image/png' as const, dataBase64: png(2100, 1) }],
      ['a PNG called a JPEG', { contentType: 'image/jpeg' as const, dataBase64: png(10, 10) }],
    ])('sends the email unchanged with %s', (_, logo) => {
      const out = withOfficeLogo(email, { ...office, ...(logo ? { logo } : {}) });
      expect(out).toEqual(email);
    });
  });
});
