// The one-time code a gallery visitor enters to confirm their email (issue #20). The code is in the body only: the
// subject is shown by `lightbox mail status` and in mail previews, so it never carries it.
import { escapeMailHtml } from './escape.ts';
import { brandOf, mailDocument, oneLine } from './layout.ts';

export interface EmailCodeMail {
  studioName: string;
  collectionName: string;
  /** Six digits. */
  code: string;
  expiresInMinutes: number;
}

export function emailCodeMail(m: EmailCodeMail): { subject: string; text: string; html: string } {
  const studio = brandOf(m.studioName);
  const collection = oneLine(m.collectionName);
  const subject = `Confirm your email for "${collection}"`;
  const text = `Hello,

Enter this code in the gallery "${collection}" to confirm your email address:

${m.code}

It works for ${m.expiresInMinutes} minutes, in the browser where you asked for it.
If you did not ask for it, ignore this message.

${studio}
`;
  const e = escapeMailHtml;
  const html = mailDocument(subject, studio, `<p>Hello,</p>
<p>Enter this code in the gallery “${e(collection)}” to confirm your email address:</p>
<p style="font-size:2rem;letter-spacing:.3em;font-weight:bold;font-family:ui-monospace,monospace">${e(m.code)}</p>
<p>It works for ${m.expiresInMinutes} minutes, in the browser where you asked for it.</p>
<p style="color:#777;font-size:.9rem">If you did not ask for it, ignore this message.</p>`);
  return { subject, text, html };
}
