// The expiry reminder: sent once to each client on a collection's access list a configurable number of days before
// the collection closes (mail.expiryReminderDays; issue #20), with the link and the last day.
import { escapeMailHtml } from './escape.ts';
import { brandOf, longDate, mailButton, mailDocument, oneLine } from './layout.ts';

export interface ExpiryReminderMail {
  studioName: string;
  collectionName: string;
  link: string;
  /** The last day it can be opened (YYYY-MM-DD, UTC). */
  expiryDate: string;
  /** Milliseconds from now until it closes. */
  remainingMs: number;
  passwordProtected: boolean;
}

const DAY_MS = 86_400_000;

function remaining(ms: number): string {
  if (ms < DAY_MS) return 'in less than a day';
  const days = Math.ceil(ms / DAY_MS);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

export function expiryReminderMail(m: ExpiryReminderMail): { subject: string; text: string; html: string } {
  const studio = brandOf(m.studioName);
  const collection = oneLine(m.collectionName);
  const last = longDate(m.expiryDate);
  const subject = `${studio}: "${collection}" is available until ${last}`;
  const when = `Your gallery "${collection}" closes at the end of ${last} (UTC), ${remaining(m.remainingMs)}.`;
  const advice = 'Download the photos you want to keep, and send your favorites, before then.';
  const signIn = m.passwordProtected ? `You sign in with this email address and the gallery password ${studio} gave you.` : 'You sign in with this email address.';
  const text = `Hello,

${when}
${advice}

${m.link}

${signIn}
If you need more time, ask ${studio}.

${studio}
`;
  const e = escapeMailHtml;
  const html = mailDocument(subject, studio, `<p>Hello,</p>
<p><strong>${e(when)}</strong> ${e(advice)}</p>
${mailButton(m.link, 'Open your gallery')}
<p style="color:#777;font-size:.9rem">${e(signIn)} If you need more time, ask ${e(studio)}.</p>`);
  return { subject, text, html };
}
