// Mail to a collection's clients (issue #20): "your gallery is ready", sent by the studio to the client access list
// (or some of it) through the outbox, in one transaction; and the gallery link every such message carries.
import { AppError } from '../../errors.ts';
import { emailProblem, loginKey } from '../../auth/identifiers.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { AccessListEntry, CollectionRecord } from '../../store/types.ts';
import { galleryReadyMail } from '../../mail/templates/gallery-ready.ts';
import { expiryDateOf, isExpired, visitorLoginUrlOf } from './schemas.ts';
import { getCollection } from './service.ts';

/** Characters of the studio's note at most (code points, after trimming). */
export const CLIENT_NOTE_MAX = 2000;

export type ClientMailDeps = Pick<AppDeps, 'store' | 'clock' | 'linkBase' | 'mailQueued'>;

/**
 * The gallery's address in a message: the configured link base (never the request's Host) and the collection's
 * visitor login page, exactly the `visitor_login_url` the API shows the studio.
 */
export function galleryLink(deps: Pick<AppDeps, 'linkBase'>, collection: CollectionRecord, _now: number): string {
  return `${deps.linkBase.url()}${visitorLoginUrlOf(collection)}`;
}

/** The studio's note as sent: line breaks as \n, trimmed, no control characters but newline and tab; null when empty. */
function cleanNote(raw: string): string | null {
  const note = raw.replace(/\r\n?/g, '\n').trim();
  if (note === '') return null;
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/u.test(note)) throw new AppError('validation_failed', undefined, { details: { message: 'must not contain control characters' } });
  if ([...note].length > CLIENT_NOTE_MAX) throw new AppError('validation_failed', undefined, { details: { message: `must be at most ${CLIENT_NOTE_MAX} characters` } });
  return note;
}

/** Who gets the message: the whole list, or the named addresses, each of which must be on it; each address once. */
function recipientsOf(access: readonly AccessListEntry[], emails: readonly string[] | undefined): AccessListEntry[] {
  if (emails === undefined) return [...access];
  const listed = new Map(access.map((e) => [e.emailKey, e]));
  const picked = new Map<string, AccessListEntry>();
  const details: Record<string, string> = {};
  emails.forEach((raw, i) => {
    const problem = emailProblem(raw);
    const entry = problem ? undefined : listed.get(loginKey(raw));
    if (problem) details[`emails.${i}`] = problem;
    else if (!entry) details[`emails.${i}`] = "is not on the collection's client access list";
    else picked.set(entry.emailKey, entry);
  });
  if (Object.keys(details).length > 0) throw new AppError('validation_failed', undefined, { details });
  return [...picked.values()];
}

export interface NotifyClientsInput {
  emails?: readonly string[];
  message?: string;
}

export interface NotifiedClients {
  collection: CollectionRecord;
  /** The addresses a message was queued for, as the access list spells them. */
  emails: string[];
}

/**
 * Queues one "gallery ready" message per recipient, all in one transaction, and wakes the mail worker. A collection
 * without an access list has nobody to tell (400 no_client_access_list); an expired one nothing to show.
 */
export async function notifyClients(deps: ClientMailDeps, studioId: string, collectionId: string, input: NotifyClientsInput): Promise<NotifiedClients> {
  const collection = await getCollection(deps, studioId, collectionId);
  const now = deps.clock.now();
  const access = await deps.store.collections.listAccessList(collection.id);
  if (access.length === 0) throw new AppError('no_client_access_list');
  const recipients = recipientsOf(access, input.emails);
  const message = input.message === undefined ? null : cleanNote(input.message);
  if (isExpired(collection, now)) throw new AppError('collection_expired', 'This collection has expired: set a later expiry_date before telling clients about it');
  const studio = await deps.store.studios.findStudioById(collection.studioId);
  const mail = galleryReadyMail({
    studioName: studio?.name ?? '', collectionName: collection.name, link: galleryLink(deps, collection, now),
    expiryDate: expiryDateOf(collection.expiresAt), passwordProtected: collection.passwordHash !== null, message,
  });
  await deps.store.transaction(async (tx) => {
    for (const r of recipients) await tx.mailOutbox.enqueueMail({ studioId: collection.studioId, kind: 'gallery_ready', to: r.email, ...mail, now });
  });
  deps.mailQueued.notify();
  return { collection, emails: recipients.map((r) => r.email) };
}
