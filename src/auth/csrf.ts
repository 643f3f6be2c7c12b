// CSRF: tokens HMAC-bound to the session (signed double submit) and Origin / Referer / Fetch-Metadata checks.
import { randomBytes } from 'node:crypto';
import { constantTimeEqual, hmacSha256 } from './tokens.ts';

/**
 * The CSRF signing keys, newest first: tokens are signed with the first and accepted under any, so a rotation
 * (`lightbox secrets rotate csrf`) leaves the tokens pages already hold working until the key after it.
 */
export type CsrfKeys = readonly [Buffer, ...Buffer[]];

export const CSRF_HEADERS = ['x-csrf-token', 'x-csrftoken', 'x-csrf'] as const;
const ANONYMOUS_BINDING = 'anonymous';
const TOKEN = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** A fresh token for the binding (a session id, or none before login). Many valid tokens per session: each is nonce + MAC. */
export function issueCSRFToken(keys: CsrfKeys, binding: string | null): string {
  const nonce = randomBytes(16).toString('base64url');
  return `${nonce}.${hmacSha256(keys[0], `csrf:${binding ?? ANONYMOUS_BINDING}:${nonce}`)}`;
}

export function verifyCSRFToken(keys: CsrfKeys, binding: string, token: string): boolean {
  const m = TOKEN.exec(token);
  if (!m) return false;
  const message = `csrf:${binding}:${m[1] as string}`;
  let valid = false;
  // Every key is tried (no early exit): how long a check takes says nothing about which key, if any, matched.
  for (const key of keys) valid = constantTimeEqual(m[2] as string, hmacSha256(key, message)) || valid;
  return valid;
}

/**
 * The token a request carries in any of the three header conventions. Different values in two headers
 * (or a repeated header, which Node joins with ", ") yield undefined so the request fails.
 */
export function readCSRFHeader(headers: Record<string, string | string[] | undefined>): string | undefined {
  let found: string | undefined;
  for (const name of CSRF_HEADERS) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    if (found !== undefined && found !== value) return undefined;
    found = value;
  }
  return found;
}

export interface OriginSignals {
  origin: string | undefined;
  referer: string | undefined;
  secFetchSite: string | undefined;
}

function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (!u.host || url.slice(u.protocol.length, u.protocol.length + 2) !== '//') return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * True when the browser's own signals say the request comes from a site we trust. Requests that carry none of
 * the signals (curl, scripts) pass here and are judged by the token alone.
 *
 * `Origin: null` is an opaque origin: a sandboxed frame, a `data:` or `file:` page, a redirect chain that crossed
 * origins, or a document whose referrer policy is `no-referrer` (Chromium then sends `null` even to itself). It is
 * accepted only when the browser also says `Sec-Fetch-Site: same-origin`: that header is set by the browser itself
 * (a forbidden request header no page can write), and a sandboxed or foreign document always gets `cross-site` or
 * `same-site` there. Without Fetch Metadata (an old browser) a `null` origin is refused: it proves nothing.
 */
export function isSameOriginRequest(signals: OriginSignals, allowedOrigins: ReadonlySet<string>): boolean {
  if (signals.origin !== undefined) {
    if (signals.origin === 'null') return signals.secFetchSite === 'same-origin';
    const origin = originOf(signals.origin);
    if (origin === null || !allowedOrigins.has(origin)) return false;
  } else if (signals.referer !== undefined) {
    const origin = originOf(signals.referer);
    if (origin === null || !allowedOrigins.has(origin)) return false;
  }
  if (signals.secFetchSite === 'cross-site') {
    const origin = signals.origin === undefined ? null : originOf(signals.origin);
    return origin !== null && allowedOrigins.has(origin);
  }
  return true;
}
