// Collections: validation of the editable fields, the hashed collection password, the access list, and deletion with files.
import { randomInt } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import { emailProblem, loginKey, nameProblem, slugify } from '../../auth/identifiers.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { AccessListEntry, CollectionDelivery, CollectionFields, CollectionRecord, DownloadSize } from '../../store/types.ts';
import { getStudioSettings } from '../settings/service.ts';
import { removePhotoFiles } from '../photos/files.ts';
import type { SessionManager } from '../../auth/sessions/manager.ts';
import { COLLECTION_LIMITS, isExpired } from './schemas.ts';
import { resolveWatermarkChange } from './watermark.ts';
import { WATERMARK_DEFAULTS, type WatermarkInput } from './watermark-schemas.ts';

export type CollectionDeps = Pick<AppDeps, 'store' | 'clock' | 'hasher' | 'storage' | 'sessions'> & Partial<Pick<AppDeps, 'rendersQueued' | 'imageQueue'>>;

export interface CollectionInput {
  name?: string;
  description?: string;
  eventDate?: string | null;
  coverPhotoId?: string | null;
  password?: string | null;
  expiryDate?: string | null;
  downloadable?: DownloadSize;
  /** Digits; null removes the PIN. */
  downloadPin?: string | null;
  originalDownloadLimit?: number | null;
  clientEmails?: string[];
  /** The watermark fields to change (issue #18). */
  watermark?: WatermarkInput;
  requireEmailConfirmation?: boolean;
  /** False: a draft, which visitors cannot open. */
  published?: boolean;
}

export function requireCollectionId(id: string): string {
  if (!isIdOf('co', id)) throw new AppError('invalid_id_format', 'Collection id must look like co_ followed by 22 letters or digits');
  return id;
}

/** A real calendar date (2026-02-30 is refused), as epoch ms of its midnight UTC. */
function dateMs(value: string): number | null {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const ms = Date.UTC(y, m - 1, d);
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : null;
}

const DAY_MS = 86_400_000;

function accessList(emails: string[], details: Record<string, string>, now: number): AccessListEntry[] {
  const seen = new Map<string, AccessListEntry>();
  emails.forEach((raw, i) => {
    const problem = emailProblem(raw);
    if (problem) details[`client_emails.${i}`] = problem;
    else seen.set(loginKey(raw), { email: raw.normalize('NFKC').trim(), emailKey: loginKey(raw), createdAt: now });
  });
  return [...seen.values()];
}

/** Checks every field at once (422 with per-field details) and turns them into stored values. */
async function resolveInput(deps: CollectionDeps, studioId: string, collectionId: string | null, input: CollectionInput, now: number):
  Promise<{ fields: Partial<CollectionFields> & Partial<CollectionDelivery>; passwordHash?: string | null; access?: AccessListEntry[] }> {
  const details: Record<string, string> = {};
  const fields: Partial<CollectionFields> & Partial<CollectionDelivery> = {};
  if (input.name !== undefined) {
    const name = input.name.trim();
    const problem = name === '' ? 'Name is required' : nameProblem(name, 'Name', COLLECTION_LIMITS.name);
    if (problem) details.name = problem;
    fields.name = name;
  }
  if (input.description !== undefined) fields.description = input.description.trim();
  if (input.eventDate !== undefined) {
    if (input.eventDate !== null && dateMs(input.eventDate) === null) details.event_date = 'must be a real date (YYYY-MM-DD)';
    fields.eventDate = input.eventDate;
  }
  if (input.expiryDate !== undefined) {
    const ms = input.expiryDate === null ? null : dateMs(input.expiryDate);
    if (input.expiryDate !== null && ms === null) details.expiry_date = 'must be a real date (YYYY-MM-DD)';
    fields.expiresAt = ms === null ? null : ms + DAY_MS;
  }
  if (input.downloadable !== undefined) fields.downloadable = input.downloadable;
  if (input.coverPhotoId !== undefined) {
    if (input.coverPhotoId !== null) {
      // Only a photo of this very collection can be its cover; a new collection has none yet.
      const photo = isIdOf('ph', input.coverPhotoId) ? await deps.store.photos.findPhoto(studioId, input.coverPhotoId) : null;
      if (!photo || photo.collectionId !== collectionId) details.cover_photo_id = 'must be a photo in this collection';
    }
    fields.coverPhotoId = input.coverPhotoId;
  }
  let passwordHash: string | null | undefined;
  if (input.password !== undefined && input.password !== null) {
    const length = [...input.password.normalize('NFKC')].length;
    if (length < COLLECTION_LIMITS.passwordMin || length > COLLECTION_LIMITS.password) {
      details.password = `must be ${COLLECTION_LIMITS.passwordMin} to ${COLLECTION_LIMITS.password} characters long`;
    }
  }
  if (input.downloadPin !== undefined && input.downloadPin !== null && !/^[0-9]{4,12}$/.test(input.downloadPin)) details.download_pin = 'must be 4 to 12 digits';
  if (input.originalDownloadLimit !== undefined) {
    const limit = input.originalDownloadLimit;
    if (limit !== null && (!Number.isInteger(limit) || limit < 0 || limit > COLLECTION_LIMITS.originalDownloads)) details.original_download_limit = `must be a whole number from 0 to ${COLLECTION_LIMITS.originalDownloads}, or null`;
    fields.originalDownloadLimit = limit;
  }
  if (input.requireEmailConfirmation !== undefined) fields.requireEmailConfirmation = input.requireEmailConfirmation;
  if (input.published !== undefined) fields.published = input.published;
  const access = input.clientEmails === undefined ? undefined : accessList(input.clientEmails, details, now);
  if (Object.keys(details).length > 0) throw new AppError('validation_failed', undefined, { details });
  if (input.password !== undefined) passwordHash = input.password === null ? null : await deps.hasher.hash(input.password);
  // The PIN is a secret like the password: hashed by the same hasher (argon2id), never stored or echoed as typed.
  if (input.downloadPin !== undefined) fields.downloadPinHash = input.downloadPin === null ? null : await deps.hasher.hash(input.downloadPin);
  return { fields, ...(passwordHash !== undefined ? { passwordHash } : {}), ...(access ? { access } : {}) };
}

function newSlug(name: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let suffix = '';
  for (let i = 0; i < 8; i++) suffix += alphabet[randomInt(alphabet.length)];
  return `${slugify(name).slice(0, 60)}-${suffix}`;
}

export async function createCollection(deps: CollectionDeps, studioId: string, input: CollectionInput & { name: string }): Promise<CollectionRecord> {
  const now = deps.clock.now();
  const { fields, passwordHash, access } = await resolveInput(deps, studioId, null, input, now);
  const downloadable = fields.downloadable ?? (await getStudioSettings(deps, studioId)).defaultDownloadable;
  const watermark = await resolveWatermarkChange(deps, null, input.watermark);
  return deps.store.transaction(async (tx) => {
    const created = await tx.collections.createCollection(studioId, {
      name: fields.name ?? input.name, description: fields.description ?? '', eventDate: fields.eventDate ?? null, coverPhotoId: null,
      expiresAt: fields.expiresAt ?? null, downloadable, slug: newSlug(input.name), passwordHash: passwordHash ?? null,
      downloadPinHash: fields.downloadPinHash ?? null, originalDownloadLimit: fields.originalDownloadLimit ?? null,
      requireEmailConfirmation: fields.requireEmailConfirmation ?? false, published: fields.published ?? true,
    }, now);
    if (access) await tx.collections.replaceAccessList(created.id, access);
    if (watermark) await tx.watermarks.putWatermark(created.id, watermark.settings, now, { keepRevision: !watermark.rerender });
    return created;
  });
}

/** The studio's collection; another studio's looks exactly like a missing one. */
export async function getCollection(deps: Pick<AppDeps, 'store'>, studioId: string, id: string): Promise<CollectionRecord> {
  const collection = await deps.store.collections.findCollection(studioId, requireCollectionId(id));
  if (!collection) throw new AppError('not_found', 'Collection not found');
  return collection;
}

/**
 * Issue #22 (defect 2): a visitor session is a grant made under the collection's password, access list and expiry; a
 * change that would have refused its login ends it in the same transaction. A new password ends every session; a
 * narrowed access list, those of emails no longer on it; an expiry in the past (or any change while expired, so a
 * later extension does not bring dead sessions back), every session.
 */
async function endOutdatedVisitorSessions(sessions: SessionManager, before: CollectionRecord, after: CollectionRecord, change: { passwordHash?: string | null; access?: AccessListEntry[] }, now: number): Promise<number> {
  if (typeof change.passwordHash === 'string' || isExpired(before, now) || isExpired(after, now)) return sessions.revokeCollection(after.id);
  if (change.access && change.access.length > 0) return sessions.revokeCollectionVisitorsExcept(after.id, new Set(change.access.map((e) => e.emailKey)));
  return 0;
}

/**
 * PUT: the body replaces what a client can read back, so a field left out returns to what a new collection gets (the
 * studio's default download size included; no access list, no expiry, no cover). The password and the download PIN
 * are write-only, never part of what a client reads, so a replacement keeps them unless it names them.
 */
export async function replaceCollection(deps: CollectionDeps, studioId: string, id: string, input: CollectionInput & { name: string }): Promise<CollectionRecord> {
  requireCollectionId(id);
  const defaults: CollectionInput = {
    description: '', eventDate: null, coverPhotoId: null, expiryDate: null, originalDownloadLimit: null, clientEmails: [],
    downloadable: (await getStudioSettings(deps, studioId)).defaultDownloadable,
    requireEmailConfirmation: false, published: true,
  };
  // The watermark given replaces the whole setting; none given is off. An uploaded logo stays, like the PIN.
  const watermark = { mode: WATERMARK_DEFAULTS.mode, text: WATERMARK_DEFAULTS.text, position: WATERMARK_DEFAULTS.position, opacity: WATERMARK_DEFAULTS.opacity, scale: WATERMARK_DEFAULTS.scale, ...input.watermark };
  return updateCollection(deps, studioId, id, { ...defaults, ...input, watermark });
}

export async function updateCollection(deps: CollectionDeps, studioId: string, id: string, input: CollectionInput): Promise<CollectionRecord> {
  const before = await getCollection(deps, studioId, id);
  const now = deps.clock.now();
  const { fields, passwordHash, access } = await resolveInput(deps, studioId, id, input, now);
  const watermark = await resolveWatermarkChange(deps, id, input.watermark);
  const result = await deps.store.transaction(async (tx) => {
    const updated = await tx.collections.updateCollection(studioId, id, { ...fields, ...(passwordHash !== undefined ? { passwordHash } : {}) }, now);
    if (!updated) throw new AppError('not_found', 'Collection not found');
    if (access) await tx.collections.replaceAccessList(id, access);
    // A new PIN (or none) is a new grant: sessions that entered the old one must enter it again.
    if (fields.downloadPinHash !== undefined) await tx.downloadControls.clearDownloadUnlocks(id);
    await endOutdatedVisitorSessions(deps.sessions.within(tx), before, updated, { ...(passwordHash !== undefined ? { passwordHash } : {}), ...(access ? { access } : {}) }, now);
    // A new watermark revision: the render worker re-renders the web-size copies once this has committed.
    if (watermark) await tx.watermarks.putWatermark(id, watermark.settings, now, { keepRevision: !watermark.rerender });
    return updated;
  });
  if (watermark?.rerender === true && result.photoCount > 0) deps.rendersQueued?.notify();
  return result;
}

/** Deletes the collection with its galleries, photos (rows, then files), visitor sessions and activity. */
export async function deleteCollection(deps: CollectionDeps, studioId: string, id: string, log: FastifyBaseLogger): Promise<void> {
  await getCollection(deps, studioId, id);
  const logo = (await deps.store.watermarks.findWatermark(id))?.logo ?? null;
  // The rows go and their photos' files are noted for removal in one transaction: a crash before the files are
  // removed leaves them to the housekeeping.
  const photos = await deps.store.transaction(async (tx) => {
    const listed = await tx.photos.listPhotoRenders({ collectionId: id });
    if (!(await tx.collections.deleteCollection(studioId, id))) throw new AppError('not_found', 'Collection not found');
    await tx.photos.noteDeletedPhotos(studioId, listed);
    return listed;
  });
  await removePhotoFiles(deps, studioId, photos, log);
  if (logo) await deps.storage.remove(logo.key).catch((err: unknown) => log.error({ err, key: logo.key }, 'could not remove a watermark logo'));
}
