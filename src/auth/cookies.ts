// A strict Cookie header reader (one cookie, repeated names detected) and a Set-Cookie serializer.

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/; // RFC 6265 cookie-octet
const MAX_PAIRS = 256;

/** One `name=value` pair of a Cookie header, trimmed and unquoted; null when malformed (skipped, never thrown). */
function parsePair(part: string): [string, string] | null {
  const eq = part.indexOf('=');
  if (eq <= 0) return null;
  const name = part.slice(0, eq).trim();
  let value = part.slice(eq + 1).trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return NAME.test(name) && VALUE.test(value) ? [name, value] : null;
}

/**
 * The single value of one cookie in a Cookie header: undefined when absent, AMBIGUOUS when two different values share
 * the name (a planted cookie). Malformed pairs are skipped, never thrown; only the first 256 pairs are read. Only
 * pairs that contain the name are parsed, so the credential check on every request does not pay for the other
 * cookies a browser sends; the tests hold it to a plain parse of every pair into a map.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined | typeof AMBIGUOUS {
  if (!header) return undefined;
  let found: string | undefined;
  // Where the name next occurs: the header is scanned once, however many pairs it has.
  let at = header.indexOf(name);
  let start = 0;
  for (let i = 0; i < MAX_PAIRS && at !== -1; i++) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    if (at < end) {
      const pair = parsePair(header.slice(start, end));
      if (pair && pair[0] === name) {
        if (found === undefined) found = pair[1];
        else if (found !== pair[1]) return AMBIGUOUS;
      }
      at = header.indexOf(name, end + 1);
    }
    if (end === header.length) break;
    start = end + 1;
  }
  return found;
}

export const AMBIGUOUS = Symbol('ambiguous');

export interface CookieAttributes {
  maxAge: number;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  path?: string;
}

export function serializeCookie(name: string, value: string, attrs: CookieAttributes): string {
  if (!NAME.test(name) || !VALUE.test(value)) throw new Error('invalid cookie name or value');
  let out = `${name}=${value}; Max-Age=${Math.max(0, Math.floor(attrs.maxAge))}; Path=${attrs.path ?? '/'}; SameSite=${attrs.sameSite}`;
  if (attrs.maxAge <= 0) out += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  if (attrs.httpOnly) out += '; HttpOnly';
  if (attrs.secure) out += '; Secure';
  return out;
}
