// Delivery controls as a visitor meets them (issue #18): the download PIN, entered once per visitor session and
// throttled like the gallery password, and the limit on originals per visitor.
//
// The limit counts distinct originals: the first download of a photo's original (alone, or in an archive) counts once,
// and downloading the same original again (a retry, a resumed transfer, a second archive) is free. An archive of
// originals therefore counts every original in it that the visitor had not downloaded before; it is refused whole when
// they do not all fit. Web-size copies never count. Counting happens before the first byte is sent.
import { checkCollectionBudget, countCollectionFailure, type CollectionThrottleDeps } from './collection-throttle.ts';
import { AppError } from '../../errors.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord } from '../../store/types.ts';
import type { VisitorPrincipal as Visitor } from '../../auth/principal.ts';

export const PIN_PATTERN = '^[0-9]{4,12}$';

export interface DeliveryState {
  pinProtected: boolean;
  /** This visitor session has entered the PIN (always false when there is none). */
  pinEntered: boolean;
  originalLimit: number | null;
  originalsUsed: number;
}

export async function deliveryState(deps: Pick<AppDeps, 'store'>, collection: CollectionRecord, visitor: { sessionId: string; emailKey: string }): Promise<DeliveryState> {
  const pinProtected = collection.downloadPinHash !== null;
  return {
    pinProtected,
    pinEntered: pinProtected && (await deps.store.downloadControls.isDownloadUnlocked(visitor.sessionId)),
    originalLimit: collection.originalDownloadLimit,
    originalsUsed: await deps.store.downloadControls.originalDownloadsUsed(collection.id, visitor.emailKey),
  };
}

export function stateOf(deps: Pick<AppDeps, 'store'>, visitor: Visitor): Promise<DeliveryState> {
  return deliveryState(deps, visitor.collection, { sessionId: visitor.session.id, emailKey: visitor.emailKey });
}

/** Every download (web-size or original, one photo or an archive) of a PIN-protected collection needs the PIN first. */
export async function assertDownloadUnlocked(deps: Pick<AppDeps, 'store'>, visitor: Visitor): Promise<void> {
  if (visitor.collection.downloadPinHash === null) return;
  if (await deps.store.downloadControls.isDownloadUnlocked(visitor.session.id)) return;
  throw new AppError('download_pin_required');
}

function limitReached(limit: number, used: number, requested: number): AppError {
  const left = Math.max(0, limit - used);
  const message = requested <= 1 || left === 0
    ? `You have downloaded ${used} of the ${limit} originals this collection allows`
    : `This needs ${requested} more originals; ${left} of the ${limit} this collection allows are left`;
  return new AppError('download_limit_reached', message, { details: { limit, used } });
}

/** Would these originals fit under the limit? Changes nothing (the archive summary and the download check). */
export async function checkOriginals(deps: Pick<AppDeps, 'store'>, visitor: Visitor, photoIds: readonly string[]): Promise<{ counted: number; used: number }> {
  const store = deps.store.downloadControls;
  const used = await store.originalDownloadsUsed(visitor.collection.id, visitor.emailKey);
  const known = new Set(await store.listGrantedOriginals(visitor.collection.id, visitor.emailKey, photoIds));
  const counted = new Set(photoIds.filter((id) => !known.has(id))).size;
  const limit = visitor.collection.originalDownloadLimit;
  if (limit !== null && used + counted > limit) throw limitReached(limit, used, counted);
  return { counted, used };
}

/** Counts these originals against the visitor's limit, all or none, before they are sent. */
export async function reserveOriginals(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, photoIds: readonly string[]): Promise<void> {
  const limit = visitor.collection.originalDownloadLimit;
  const outcome = await deps.store.downloadControls.reserveOriginals(visitor.collection.id, visitor.emailKey, photoIds, limit, deps.clock.now());
  if (!outcome.ok && limit !== null) throw limitReached(limit, outcome.used, outcome.requested);
}

export type PinDeps = Pick<AppDeps, 'store' | 'hasher' | 'limiter' | 'clock'> & CollectionThrottleDeps;

/**
 * Checks the PIN like the gallery password: one attempt reserved on the shared login limiter per collection and
 * visitor (`download-pin:<collection>:<email key>`, and the client address), one argon2 verification (constant time),
 * 403 download_pin_invalid when wrong, 429 once throttled. The right PIN is remembered in the visitor session.
 */
export async function enterDownloadPin(deps: PinDeps, visitor: Visitor, pin: string, ip: string, audit: (event: string, fields: Record<string, unknown>) => void): Promise<void> {
  const hash = visitor.collection.downloadPinHash;
  if (hash === null) return;
  if (await deps.store.downloadControls.isDownloadUnlocked(visitor.session.id)) return;
  const key = `download-pin:${visitor.collection.id}:${visitor.emailKey}`;
  try {
    await checkCollectionBudget(deps, 'pin', visitor.collection.id);
    await deps.limiter.begin(key, ip);
  } catch (err) {
    audit('download_pin_throttled', { collectionId: visitor.collection.id, ip });
    // A hard lock is the limiter's word for "too many, for a long time": for a PIN that is still a 429.
    if (err instanceof AppError && err.code === 'account_locked') throw new AppError('too_many_attempts', 'Too many wrong PINs; ask your photographer', { retryAfter: err.retryAfter ?? 60 });
    throw err;
  }
  let ok: boolean;
  try {
    ok = await deps.hasher.verify(hash, pin);
  } catch (err) {
    await deps.limiter.fail(key, ip);
    throw err;
  }
  if (!ok) {
    const outcome = await deps.limiter.fail(key, ip);
    if (await countCollectionFailure(deps, 'pin', visitor.collection.id)) audit('download_pin_budget_spent', { collectionId: visitor.collection.id, ip });
    audit('download_pin_failed', { collectionId: visitor.collection.id, ip, failures: outcome.failures });
    throw new AppError('download_pin_invalid');
  }
  await deps.limiter.succeed(key, ip);
  await deps.store.downloadControls.unlockDownloads(visitor.session.id, visitor.collection.id, deps.clock.now());
  audit('download_pin_entered', { collectionId: visitor.collection.id, ip });
}
