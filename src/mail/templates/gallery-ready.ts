// "Your gallery is ready": the message a studio sends the clients on a collection's access list (issue #20), with
// the gallery's link, its expiry and the studio's own note. Never the gallery password: only that one is needed.
import { escapeMailHtml } from './escape.ts';
import { brandOf, longDate, mailButton, mailDocument, oneLine, quotedNote } from './layout.ts';

export interface GalleryReadyMail {
  studioName: string;
  collectionName: string;
  /** Where the client opens the gallery: its login page with the collection filled in. */
  link: string;
  /** The last day it can be opened (YYYY-MM-DD, UTC); null when it never expires. */
  expiryDate: string | null;
  /** The collection asks for a password (which the studio gives separately). */
  passwordProtected: boolean;
  /** The studio's personal note, plain text; null for none. */
  message: string | null;
}

export function galleryReadyMail(m: GalleryReadyMail): { subject: string; text: string; html: string } {
  const studio = brandOf(m.studioName);
  const collection = oneLine(m.collectionName);
  const subject = `${studio}: your gallery "${collection}" is ready`;
  const signIn = m.passwordProtected
    ? `Sign in with this email address and the gallery password ${studio} gave you.`
    : 'Sign in with this email address.';
  const until = m.expiryDate === null ? null : `The gallery is available until ${longDate(m.expiryDate)}.`;
  const text = `Hello,

${studio} has shared your gallery "${collection}" with you.
${m.message === null ? '' : `\nA note from ${studio}:\n\n${m.message}\n`}
Open it here:

${m.link}

${signIn}${until === null ? '' : `\n${until}`}

${studio}
`;
  const e = escapeMailHtml;
  const html = mailDocument(subject, studio, `<p>Hello,</p>
<p>${e(studio)} has shared your gallery “${e(collection)}” with you.</p>
${m.message === null ? '' : `<p>A note from ${e(studio)}:</p>\n${quotedNote(m.message)}\n`}${mailButton(m.link, 'Open your gallery')}
<p>${e(signIn)}${until === null ? '' : ` <strong>${e(until)}</strong>`}</p>`);
  return { subject, text, html };
}
