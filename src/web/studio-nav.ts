// What the studio pages share: their navigation (collections, clients, members, audit log, account, security) and how they write a time.
import { html, type SafeHtml } from './html.ts';

const LINKS: ReadonlyArray<[string, string]> = [
  ['/', 'Collections'], ['/studio/clients', 'Clients'], ['/studio/members', 'Members'], ['/studio/audit', 'Audit log'], ['/account', 'Account'], ['/account/security', 'Security'],
];

/** The studio pages' navigation; the current page is marked for assistive technology and shown in bold. */
export function studioNav(current: string): SafeHtml {
  return html`<nav class="nav" aria-label="Studio">${LINKS.map(([href, label]) => html`<a href="${href}"${href === current ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>`;
}

/** "4 Dec 2026, 07:02 UTC": a time a person reads at a glance. */
export function when(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
}
