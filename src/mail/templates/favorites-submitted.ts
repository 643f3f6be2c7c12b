// "Favorites submitted": the message a studio's owners get when a gallery visitor sends a selection (issue #18).
// Plain text and HTML; every value the visitor chose (email, list name, notes) and the studio's own names are
// escaped in the HTML part, and notes keep their line breaks as text, never as markup.
import { escapeMailHtml } from './escape.ts';

export interface SubmittedPhoto {
  filename: string;
  note: string | null;
}

export interface FavoritesSubmittedMail {
  studioName: string;
  collectionName: string;
  visitorEmail: string;
  listName: string;
  photoCount: number;
  /** The photos to name in the message (the first ones when the list is long), with the visitor's notes. */
  photos: readonly SubmittedPhoto[];
  /** Where the studio reads the whole selection (the Studio API route). */
  link: string;
}

export function favoritesSubmittedMail(m: FavoritesSubmittedMail): { subject: string; text: string; html: string } {
  const count = `${m.photoCount} ${m.photoCount === 1 ? 'photo' : 'photos'}`;
  const subject = `${m.visitorEmail} sent a selection of ${count} from "${m.collectionName}"`;
  const more = m.photoCount - m.photos.length;
  const lines = m.photos.map((p) => (p.note === null ? `- ${p.filename}` : `- ${p.filename}\n  Note: ${p.note.replace(/\r?\n/g, '\n  ')}`));
  const text = `${m.visitorEmail} sent their list "${m.listName}" (${count}) from the collection "${m.collectionName}".

${lines.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}

The whole selection, with every note: ${m.link}

${m.studioName} · Lightbox
`;
  const e = escapeMailHtml;
  const items = m.photos.map((p) => `<li>${e(p.filename)}${p.note === null ? '' : `<br><span style="color:#555;white-space:pre-wrap">${e(p.note)}</span>`}</li>`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;line-height:1.5">
<p style="letter-spacing:.2em;text-transform:uppercase;color:#555">${e(m.studioName)}</p>
<p><strong>${e(m.visitorEmail)}</strong> sent their list “${e(m.listName)}” (${e(count)}) from the collection “${e(m.collectionName)}”.</p>
<ul>
${items.join('\n')}
</ul>
${more > 0 ? `<p>…and ${more} more.</p>\n` : ''}<p><a href="${e(m.link)}" style="display:inline-block;background:#222;color:#fff;padding:.7rem 1.2rem;border-radius:6px;text-decoration:none">See the whole selection</a></p>
<p style="color:#777;font-size:.9rem">Or open this address: ${e(m.link)}</p>
</body></html>
`;
  return { subject, text, html };
}
