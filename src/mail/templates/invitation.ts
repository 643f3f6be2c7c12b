// The member-invitation message: plain text and HTML, branded with the studio's name, carrying the one link.
import { escapeMailHtml } from './escape.ts';

export interface InvitationMail {
  studioName: string;
  /** Who sent it, as the studio knows them ("Ada Lovelace"); empty when unknown. */
  inviterName: string;
  /** The role the person gets on accepting (owner, admin, member, viewer). */
  role: string;
  link: string;
  expiresInDays: number;
}

const ROLE_WORDS: Readonly<Record<string, string>> = {
  owner: 'an owner', admin: 'an admin', member: 'a member', viewer: 'a viewer',
};

export function invitationMail(m: InvitationMail): { subject: string; text: string; html: string } {
  // One line, whatever the name holds: the subject is a header.
  const name = m.studioName.replace(/[\r\n\t]+/g, ' ').trim();
  const studio = name === '' ? 'a studio' : name;
  const inviter = m.inviterName.replace(/[\r\n\t]+/g, ' ').trim();
  const as = ROLE_WORDS[m.role] ?? m.role;
  const days = `${m.expiresInDays} day${m.expiresInDays === 1 ? '' : 's'}`;
  const subject = `You're invited to join ${studio} on Lightbox`;
  const who = inviter === '' ? `You have been invited to join ${studio}` : `${inviter} has invited you to join ${studio}`;
  const text = `Hello,

${who} on Lightbox, as ${as}.
Open this link to accept. It works once, for ${days}:

${m.link}

You can create an account there, or join with the one you already have.
If you did not expect this invitation, ignore this message: nothing happens until the link is used.

${studio}
`;
  const e = escapeMailHtml;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(subject)}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;line-height:1.5">
<p style="letter-spacing:.2em;text-transform:uppercase;color:#555">${e(studio)}</p>
<p>Hello,</p>
<p>${e(who)} on Lightbox, as ${e(as)}. The link works once, for ${e(days)}.</p>
<p><a href="${e(m.link)}" style="display:inline-block;background:#222;color:#fff;padding:.7rem 1.2rem;border-radius:6px;text-decoration:none">Accept the invitation</a></p>
<p style="color:#777;font-size:.9rem">Or paste this address into your browser: ${e(m.link)}</p>
<p style="color:#777;font-size:.9rem">You can create an account there, or join with the one you already have. If you did not expect this invitation, ignore this message: nothing happens until the link is used.</p>
</body></html>
`;
  return { subject, text, html };
}
