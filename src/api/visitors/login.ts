// The gallery-visitor login: email, collection (id or slug) and, when protected, its password; throttled like logins.
import { checkCollectionBudget, countCollectionFailure, type CollectionThrottleDeps } from './collection-throttle.ts';
import { AppError } from '../../errors.ts';
import { emailProblem, loginKey } from '../../auth/identifiers.ts';
import { isIdOf } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord } from '../../store/types.ts';
import { isExpired } from '../collections/schemas.ts';

export interface VisitorLoginInput {
  email: string;
  collection: string;
  password?: string | undefined;
}

export type VisitorLoginDeps = Pick<AppDeps, 'store' | 'hasher' | 'limiter' | 'clock'> & CollectionThrottleDeps;

const SLUG = /^[a-z0-9-]{1,100}$/;
export const VISITOR_LOGIN_FAILED = 'Email, collection or password is incorrect';

/**
 * Unknown collection, wrong or missing password and an email missing from the access list fail alike (401, the same
 * body, one argon2 verification each) and count on the per-collection, per-email limiter (`collection:<id>:<email>`)
 * and on the collection's own failure budget, which no choice of email resets (collection-throttle.ts).
 * An expired collection is reported only to someone who passed those checks.
 */
export async function verifyVisitorLogin(deps: VisitorLoginDeps, input: VisitorLoginInput, ip: string, audit: (event: string, fields: Record<string, unknown>) => void): Promise<{ collection: CollectionRecord; email: string; emailKey: string }> {
  const problem = emailProblem(input.email);
  if (problem) throw new AppError('validation_failed', undefined, { details: { email: problem } });
  const email = input.email.normalize('NFKC').trim();
  const emailKey = loginKey(email);
  const ref = input.collection.trim();
  const collection = isIdOf('co', ref) || SLUG.test(ref) ? await deps.store.collections.findCollectionByIdOrSlug(ref) : null;
  const collectionKey = collection?.id ?? loginKey(ref).slice(0, 100);
  const key = `collection:${collectionKey}:${emailKey}`;
  try {
    await checkCollectionBudget(deps, 'password', collectionKey);
    await deps.limiter.begin(key, ip);
  } catch (err) {
    audit('gallery_login_throttled', { collectionId: collection?.id ?? null, ip });
    throw err;
  }
  let reason: string | null;
  try {
    // Exactly one argon2 verification on every path (issue #22, defect 4): against the collection's hash when it has
    // one, else against a dummy, so an unknown collection, an open one and a protected one cost the same work.
    const password = input.password ?? '';
    const hash = collection?.passwordHash ?? null;
    const passwordOk = hash === null ? await deps.hasher.verifyDummy(password).then(() => true) : await deps.hasher.verify(hash, password);
    if (!collection) {
      reason = 'unknown_collection';
    } else if (!passwordOk || (hash !== null && input.password === undefined)) {
      reason = 'wrong_password';
    } else {
      const access = await deps.store.collections.listAccessList(collection.id);
      reason = access.length > 0 && !access.some((e) => e.emailKey === emailKey) ? 'not_on_access_list' : null;
    }
  } catch (err) {
    await deps.limiter.fail(key, ip);
    throw err;
  }
  if (reason !== null || !collection) {
    const outcome = await deps.limiter.fail(key, ip);
    if (await countCollectionFailure(deps, 'password', collectionKey)) audit('gallery_login_budget_spent', { collectionId: collection?.id ?? null, ip });
    audit('gallery_login_failed', { collectionId: collection?.id ?? null, reason, ip, failures: outcome.failures });
    throw new AppError('invalid_credentials', VISITOR_LOGIN_FAILED);
  }
  await deps.limiter.succeed(key, ip);
  if (isExpired(collection, deps.clock.now())) {
    audit('gallery_login_expired', { collectionId: collection.id, ip });
    throw new AppError('collection_expired');
  }
  // Only after the password: a draft's existence is told to nobody who could not open it once published.
  if (!collection.published) {
    audit('gallery_login_unpublished', { collectionId: collection.id, ip });
    throw new AppError('collection_unpublished');
  }
  audit('gallery_login_succeeded', { collectionId: collection.id, ip });
  return { collection, email, emailKey };
}
