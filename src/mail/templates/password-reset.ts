// The password-reset message: plain text and HTML, branded with the studio's name, carrying the one link.
import { escapeMailHtml } from './escape.ts';

export interface PasswordResetMail {
  /** How the message greets the person; empty for "Hello,". */
  firstName: string;
  /** The studio the person works in; null falls back to the product name. */
  studioName: string | null;
  link: string;
  expiresInMinutes: number;
}

export function passwordResetMail(m: PasswordResetMail): { subject: string; text: string; html: string } {
  const brand = m.studioName ?? 'Lightbox';
  const greeting = m.firstName.trim() === '' ? 'Hello,' : `Hello ${m.firstName.trim()},`;
  const subject = `Reset your ${brand} password`;
  const text = `${greeting}

Someone (we hope you) asked to reset the password of your ${brand} account on Lightbox.
Open this link to choose a new password. It works once, for ${m.expiresInMinutes} minutes:

${m.link}

If you did not ask for this, ignore this message: your password stays as it is.
Setting a new password signs you out everywhere.

${brand}
`;
  const e = escapeMailHtml;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;line-height:1.5">
<p style="letter-spacing:.2em;text-transform:uppercase;color:#555">${e(brand)}</p>
<p>${e(greeting)}</p>
<p>Someone (we hope you) asked to reset the password of your ${e(brand)} account on Lightbox.
Choose a new password with the button below. The link works once, for ${m.expiresInMinutes} minutes.</p>
<p><a href="${e(m.link)}" style="display:inline-block;background:#222;color:#fff;padding:.7rem 1.2rem;border-radius:6px;text-decoration:none">Choose a new password</a></p>
<p style="color:#777;font-size:.9rem">Or paste this address into your browser: ${e(m.link)}</p>
<p style="color:#777;font-size:.9rem">If you did not ask for this, ignore this message: your password stays as it is. Setting a new password signs you out everywhere.</p>
</body></html>
`;
  return { subject, text, html };
}
