// The failure budget of one collection (issue #19): wrong gallery passwords, and separately wrong download PINs, counted
// per collection whatever email typed them, so a guesser cannot start a fresh counter by typing another address
// (the per-collection-and-email counters of the login limiter still apply on top). Past the budget the collection
// answers 429 until the window ends; visitors who are already in keep their sessions and are not affected.
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../http/deps.ts';

export type CollectionThrottleDeps = Pick<AppDeps, 'config' | 'collectionFailures'>;

export type Guarded = 'password' | 'pin';

function keyOf(what: Guarded, collectionKey: string): string {
  return `${what}:${collectionKey}`;
}

function windowMs(deps: CollectionThrottleDeps): number {
  return deps.config.loginThrottle.ipWindow * 1000;
}

/** Throws 429 too_many_attempts while the collection's budget for `what` is spent. */
export async function checkCollectionBudget(deps: CollectionThrottleDeps, what: Guarded, collectionKey: string): Promise<void> {
  const { count, resetMs } = await deps.collectionFailures.count(keyOf(what, collectionKey), windowMs(deps));
  if (count < deps.config.loginThrottle.collectionMaxFailures) return;
  const message = what === 'pin' ? 'Too many wrong PINs for this gallery; try again later or ask your photographer' : 'Too many failed logins to this gallery; try again later';
  throw new AppError('too_many_attempts', message, { retryAfter: Math.max(1, resetMs / 1000) });
}

/** Counts one failure; true when it was the one that spent the budget (for a single security event). */
export async function countCollectionFailure(deps: CollectionThrottleDeps, what: Guarded, collectionKey: string): Promise<boolean> {
  const { count } = await deps.collectionFailures.hit(keyOf(what, collectionKey), windowMs(deps));
  return count === deps.config.loginThrottle.collectionMaxFailures;
}
