// The CSRF signing keys as a stored list, newest first: loaded at start (and by the hourly sweep), rotated by the CLI.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../lib/clock.ts';
import type { SecretStore } from '../store/types.ts';
import type { CsrfKeys } from './csrf.ts';

const LIST = 'csrf_hmac_keys';
/** The single key of releases before rotation existed; it becomes the list's only entry. */
const LEGACY = 'csrf_hmac_key';
/** The new key and the one before it: a rotation invalidates tokens signed two rotations ago, never the current ones. */
export const CSRF_KEYS_KEPT = 2;

const newKey = (): string => randomBytes(32).toString('base64url');

function parse(stored: string): string[] {
  const list: unknown = JSON.parse(stored);
  if (!Array.isArray(list) || list.length === 0 || !list.every((k) => typeof k === 'string' && k.length >= 43)) {
    throw new Error(`secret ${LIST} is malformed: expected a JSON list of base64url keys`);
  }
  return list as string[];
}

function toKeys(list: readonly string[]): CsrfKeys {
  const [first, ...rest] = list.map((k) => Buffer.from(k, 'base64url'));
  if (!first) throw new Error(`secret ${LIST} holds no key`);
  return [first, ...rest];
}

/** The current keys, creating the first one (or adopting the legacy single key) when none is stored. */
export async function loadCsrfKeys(secrets: SecretStore, clock: Clock): Promise<CsrfKeys> {
  const legacy = await secrets.getSecret(LEGACY);
  const stored = await secrets.getOrCreateSecret(LIST, () => JSON.stringify([legacy ?? newKey()]), clock.now());
  return toKeys(parse(stored));
}

/** Puts a new signing key first and keeps the previous one for verification; returns the new list. */
export async function rotateCsrfKeys(secrets: SecretStore, clock: Clock): Promise<CsrfKeys> {
  const current = parse(JSON.stringify((await loadCsrfKeys(secrets, clock)).map((k) => k.toString('base64url'))));
  const next = [newKey(), ...current].slice(0, CSRF_KEYS_KEPT);
  await secrets.putSecret(LIST, JSON.stringify(next), clock.now());
  return toKeys(next);
}
