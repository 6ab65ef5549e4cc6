// The office's logo in its emails: attached inline (Content-ID) and shown at the top of the HTML body only, after the same
// size check as on letters; the text body is left as it is.
import type { OutgoingEmail } from '../shared/mailer.js';
import type { TenantSettings } from '../store/tenant-settings.js';
import { imageSize, logoProblem } from './office-voice.js';

/** The Content-ID the HTML body refers to (`cid:office-logo`). */
export const LOGO_CONTENT_ID = 'office-logo';
/** Shown at most this wide in the email (CSS pixels), whatever the image's own size. */
export const LOGO_MAX_WIDTH = 200;

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The email with the office's logo: an inline attachment and an `<img src="cid:…">` opening the
 * HTML body. An office without a logo, or whose stored logo fails the check (not a PNG/JPEG, over
 * 64 KB, over 2000 pixels a side), sends the email unchanged: a logo never holds a message back.
 */
export function withOfficeLogo(
  email: OutgoingEmail,
  settings: Pick<TenantSettings, 'logo' | 'officeName' | 'tradingName'>,
): OutgoingEmail {
  const logo = settings.logo;
  if (!logo || logoProblem(logo)) return email;
  const bytes = Buffer.from(logo.dataBase64, 'base64');
  const size = imageSize(bytes)!;
  const width = Math.min(LOGO_MAX_WIDTH, size.width);
  const height = Math.max(1, Math.round((size.height * width) / size.width));
  const alt = escapeHtml(settings.tradingName?.trim() || settings.officeName);
  const img = `<div style="margin:0 0 16px 0"><img src="cid:${LOGO_CONTENT_ID}" alt="${alt}" width="${width}" height="${height}" style="display:block;border:0;max-width:${width}px;height:auto"></div>`;
  const body = /<body[^>]*>/i.exec(email.html);
  const html = body
    ? `${email.html.slice(0, body.index + body[0].length)}${img}${email.html.slice(body.index + body[0].length)}`
    : `${img}${email.html}`;
  const extension = logo.contentType === 'image/png' ? 'png' : 'jpg';
  return {
    ...email,
    html,
    inlineImages: [
      { contentId: LOGO_CONTENT_ID, contentType: logo.contentType, fileName: `logo.${extension}`, bytes },
    ],
  };
}
