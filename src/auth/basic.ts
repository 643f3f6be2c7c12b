// HTTP Basic (RFC 7617): a strict pure parser, and a bounded cache of verified credentials so argon2 runs once.
import { hash, randomBytes } from 'node:crypto';
import { createBoundedCache, type LRUCache } from '../lib/bounded-cache.ts';

export interface BasicCredentials {
  userId: string;
  password: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
// RFC 7617 §2: no control characters; the user-id cannot contain a colon (the split is at the first one).
const CTL = /[\u0000-\u001f\u007f]/;
const MAX_HEADER = 2048;
// One decoder for every call: building a TextDecoder costs more than decoding a header (decode() keeps no state).
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Null for anything that is not exactly `Basic <base64(user:pass)>` with a non-empty user-id. */
export function parseBasicAuthorization(header: string): BasicCredentials | null {
  if (header.length > MAX_HEADER) return null;
  const m = /^basic +([^ ]+) *$/i.exec(header);
  if (!m) return null;
  const encoded = m[1] as string;
  if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) return null;
  let decoded: string;
  try {
    decoded = UTF8.decode(Buffer.from(encoded, 'base64'));
  } catch {
    return null;
  }
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  const userId = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  if (CTL.test(userId) || CTL.test(password) || password.length === 0) return null;
  return { userId, password };
}

interface CacheEntry {
  userId: string;
  /** The password hash the credentials were verified against: a password change makes the entry stale. */
  passwordHash: string;
  expiresAt: number;
}

/**
 * Verified Basic credentials keyed by a keyed SHA-256 of the Authorization header value that carried them (the value
 * itself is never kept). Keying by the header as sent means a repeated request is answered without decoding it; a
 * differently written header for the same pair (`basic`, extra spaces) is a miss and is verified once more. The key is
 * a random 256-bit prefix: without it a key cannot be tested against guesses, and as the digests never leave the
 * process, length extension (the reason for HMAC elsewhere) does not apply. One-shot `crypto.hash` costs about a
 * sixth of `createHmac` per request (issue #6). Only a header that parsed and verified is ever stored.
 */
export class BasicCredentialCache {
  private readonly key = randomBytes(32).toString('base64url');
  // Expiry is checked against the caller's `now` (the request's clock reading), so the cache needs no clock of its own.
  private readonly entries: LRUCache<string, CacheEntry>;

  constructor(private readonly ttlMs: number, maxEntries = 10_000) {
    this.entries = createBoundedCache({ maxEntries });
  }

  private keyOf(header: string): string {
    return hash('sha256', `${this.key}${header}`, 'base64url');
  }

  get(header: string, now: number): CacheEntry | null {
    if (header.length > MAX_HEADER) return null; // never stored (the parser refuses it); not worth hashing
    const k = this.keyOf(header);
    const entry = this.entries.get(k);
    if (!entry) return null;
    if (entry.expiresAt <= now) {
      this.entries.delete(k);
      return null;
    }
    return entry;
  }

  set(header: string, userId: string, passwordHash: string, now: number): void {
    this.entries.set(this.keyOf(header), { userId, passwordHash, expiresAt: now + this.ttlMs });
  }

  delete(header: string): void {
    this.entries.delete(this.keyOf(header));
  }
}
