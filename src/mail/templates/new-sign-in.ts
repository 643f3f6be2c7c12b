// "New sign-in to your account": mailed, when the person asked for it, after a password sign-in from a browser and
// network their account has not used in 90 days (issue #20). It says when, on what and from roughly where, and where
// to end the session; it carries no link that signs anyone in.
import { escapeMailHtml } from './escape.ts';
import { brandOf, longDate, mailButton, mailDocument } from './layout.ts';

export interface NewSignInMail {
  firstName: string;
  /** The person's studio, for the brand; null falls back to the product name. */
  studioName: string | null;
  /** When it happened (ms). */
  at: number;
  /** "Firefox 133 on Linux". */
  device: string;
  /** The network, never the full address: "203.0.113.x" or "2001:db8:1::/48". */
  network: string;
  /** The security page, where sessions are ended. */
  securityLink: string;
}

/** "4 December 2026, 07:02 UTC". */
function whenOf(at: number): string {
  const iso = new Date(at).toISOString();
  return `${longDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC`;
}

export function newSignInMail(m: NewSignInMail): { subject: string; text: string; html: string } {
  const brand = brandOf(m.studioName);
  const when = whenOf(m.at);
  const greeting = m.firstName.trim() === '' ? 'Hello,' : `Hello ${m.firstName.trim()},`;
  const subject = `New sign-in to your ${brand} account`;
  const intro = `Your ${brand} account on Lightbox was just signed in to from a device it has not used in the last 90 days.`;
  const text = `${greeting}

${intro}

When: ${when}
Device: ${m.device}
Network: ${m.network}

If this was you, there is nothing to do.
If it was not, change your password now and end that session on your security page:

${m.securityLink}

You get this message because you turned on sign-in alerts. You can turn them off on the same page.

${brand}
`;
  const e = escapeMailHtml;
  const html = mailDocument(subject, brand, `<p>${e(greeting)}</p>
<p>${e(intro)}</p>
<table style="border-collapse:collapse">
<tr><th scope="row" style="text-align:left;padding-right:1rem">When</th><td>${e(when)}</td></tr>
<tr><th scope="row" style="text-align:left;padding-right:1rem">Device</th><td>${e(m.device)}</td></tr>
<tr><th scope="row" style="text-align:left;padding-right:1rem">Network</th><td>${e(m.network)}</td></tr>
</table>
<p>If this was you, there is nothing to do. If it was not, change your password now and end that session on your security page.</p>
${mailButton(m.securityLink, 'Review your sessions')}
<p style="color:#777;font-size:.9rem">You get this message because you turned on sign-in alerts. You can turn them off on the same page.</p>`);
  return { subject, text, html };
}
