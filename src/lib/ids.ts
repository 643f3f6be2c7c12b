// Random identifiers every layer mints: prefixed row ids (`us_4F…`) and opaque base64url secrets, with their shape checks.
import { randomBytes, randomInt } from 'node:crypto';

const ID_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID_LENGTH = 22; // 22 base62 characters ≈ 131 bits

export type IdPrefix = 'us' | 'st' | 'mb' | 'nt' | 'se' | 'cl' | 'co' | 'ga' | 'ph' | 'ak' | 'pat' | 'rf' | 'jk' | 'dl' | 'ev' | 'ml' | 'pr' | 'iv' | 'fl' | 'fs' | 'ec';

/** A prefixed random identifier (`us_4F…`): never sequential, never guessable. */
export function generateId(prefix: IdPrefix): string {
  return `${prefix}_${generateTag(ID_LENGTH)}`;
}

/** `length` uniformly random base62 characters without a prefix: a version tag inside a storage key (a render id). */
export function generateTag(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i] as number;
    if (b < 248) out += ID_ALPHABET[b % 62]; // 248 = 4 × 62: rejection sampling keeps the distribution uniform
  }
  while (out.length < length) out += ID_ALPHABET[randomInt(62)];
  return out;
}

const ID_PATTERN = /^([a-z]{2,3})_[0-9A-Za-z]{22}$/;

export function isIdOf(prefix: IdPrefix, value: string): boolean {
  const m = ID_PATTERN.exec(value);
  return m !== null && m[1] === prefix;
}

/** 32 random bytes as base64url (43 characters): a session id, an opaque token, a key secret. */
export function generateSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A well-formed 32-byte base64url secret; anything else is rejected before any lookup. */
export function isWellFormedSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}
