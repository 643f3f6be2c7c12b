// What the messages of issue #20 share: one-line header values, the branded HTML frame (the studio's name over the
// message, as the other templates show it), the button, and dates as a person reads them. Studio settings have no
// logo, so none is drawn; every interpolated value is escaped by the caller with escapeMailHtml.
import { escapeMailHtml } from './escape.ts';

/** A value that goes into a header (the subject): one line, however it was typed. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

/** The studio's name for a message, or the product's when it has none. */
export function brandOf(studioName: string | null | undefined): string {
  const name = oneLine(studioName ?? '');
  return name === '' ? 'Lightbox' : name;
}

/** "30 September 2027" for a YYYY-MM-DD calendar date (UTC). */
export function longDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
}

/** The HTML document of a message: its subject as title, the brand over `body` (already escaped markup). */
export function mailDocument(subject: string, brand: string, body: string): string {
  const e = escapeMailHtml;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;line-height:1.5">
<p style="letter-spacing:.2em;text-transform:uppercase;color:#555">${e(brand)}</p>
${body}
</body></html>
`;
}

/** A link drawn as a button, with the address spelled out under it for mail programs that hide links. */
export function mailButton(link: string, label: string): string {
  const e = escapeMailHtml;
  return `<p><a href="${e(link)}" style="display:inline-block;background:#222;color:#fff;padding:.7rem 1.2rem;border-radius:6px;text-decoration:none">${e(label)}</a></p>
<p style="color:#777;font-size:.9rem">Or paste this address into your browser: ${e(link)}</p>`;
}

/** Text a person wrote (a studio's note): kept as written, line breaks shown as breaks, never as markup. */
export function quotedNote(text: string): string {
  return `<blockquote style="margin:1rem 0;padding:.5rem 1rem;border-left:3px solid #ccc;color:#333;white-space:pre-wrap">${escapeMailHtml(text)}</blockquote>`;
}
