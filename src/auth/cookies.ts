// A strict Cookie header parser that keeps every value of a repeated name, and a Set-Cookie serializer.

const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/; // RFC 6265 cookie-octet
const MAX_PAIRS = 256;

/** Parses a Cookie header into name → values. Malformed pairs are skipped, never thrown. */
export function parseCookieHeader(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!header) return out;
  const parts = header.split(';');
  for (let i = 0; i < parts.length && i < MAX_PAIRS; i++) {
    const part = parts[i] as string;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!NAME.test(name) || !VALUE.test(value)) continue;
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

export const AMBIGUOUS = Symbol('ambiguous');

/** The single value of a cookie; two different values under one name are ambiguous (a planted cookie). */
export function singleCookie(cookies: Map<string, string[]>, name: string): string | undefined | typeof AMBIGUOUS {
  const values = cookies.get(name);
  if (!values || values.length === 0) return undefined;
  const first = values[0] as string;
  for (const v of values) if (v !== first) return AMBIGUOUS;
  return first;
}

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
