// What every contract suite shares: the backend factory, a per-test store, fixtures and the AppError assertion.
import assert from 'node:assert/strict';
import { AppError, type ErrorCode } from '../../errors.ts';
import type { Role, SessionRecord, Store, StudioRecord, UserRecord } from '../types.ts';

export interface StoreHandle {
  store: Store;
  /** Closes the store and removes what it created (file, database, schema). */
  cleanup(): Promise<void>;
}

/** A photo made before migration 0020 (or any fixture that does not care): its first derivatives, no medium or WebP. */
export const FIRST_RENDITION = {
  renderId: '', watermarkRev: 0, mediumSize: null, thumbnailWebpSize: null, mediumWebpSize: null, webWebpSize: null,
} as const;

/** Opens a fresh, migrated, empty store. */
export type StoreFactory = () => Promise<StoreHandle>;

/** Runs `fn` against a fresh store and cleans it up whatever happens. */
export async function withStore(factory: StoreFactory, fn: (store: Store) => Promise<void>): Promise<void> {
  const { store, cleanup } = await factory();
  try {
    await fn(store);
  } finally {
    await cleanup();
  }
}

/** Asserts that `promise` rejects with an AppError of `code`: a raw driver error is a contract failure. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError(${code}), got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

export async function addUser(store: Store, name: string, now = 1): Promise<UserRecord> {
  return store.users.createUser({
    email: `${name}@Example.test`, emailKey: `${name}@example.test`, username: name, usernameKey: name,
    firstName: name, lastName: 'Tester', passwordHash: `$argon2id$hash-of-${name}`, now,
  });
}

export async function addStudio(store: Store, slug: string, now = 1): Promise<StudioRecord> {
  return store.studios.createStudio({ name: `Studio ${slug}`, slug, now });
}

export async function addMember(store: Store, slug: string, name: string, role: Role): Promise<{ user: UserRecord; studio: StudioRecord }> {
  const studio = await addStudio(store, slug);
  const user = await addUser(store, name);
  await store.studios.putMembership({ studioId: studio.id, userId: user.id, role, now: 2 });
  return { user, studio };
}

/** A session id shaped like the SHA-256 hex the auth layer stores. */
export function hashId(seed: string): string {
  return Buffer.from(seed).toString('hex').padEnd(64, '0').slice(0, 64);
}

export function sessionFor(user: UserRecord, studioId: string | null, seed: string, times: Partial<SessionRecord> = {}): SessionRecord {
  return { id: hashId(seed), userId: user.id, studioId, kind: 'cookie', createdAt: 10, lastSeenAt: 10, expiresAt: 10_000, ...times };
}
