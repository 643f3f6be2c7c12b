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

/**
 * How often one address may be told about one collection: a studio re-sending to a client who lost the message is
 * normal, a loop or a slip of the finger mailing them dozens of times is not (and would hurt the studio's sender
 * reputation). Counted per collection and recipient, shared by every instance when Redis is configured.
 */
export const CLIENT_MAIL_LIMIT = { perRecipient: 3, windowMs: 24 * 3_600_000 } as const;

export type ClientMailDeps = Pick<AppDeps, 'store' | 'clock' | 'linkBase' | 'mailQueued' | 'clientMailCounter'>;

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

/**
 * Refuses the whole request (429 rate_limited, nothing queued) when any recipient has had CLIENT_MAIL_LIMIT.perRecipient
 * messages about this collection in the window, naming them in details so the studio can leave them out; otherwise
 * counts one message for each. Checked before counted, so a refused request spends nobody's budget; two requests at
 * the same instant may each pass the check, which lets at most one extra message through.
 */
async function spendMailBudget(deps: ClientMailDeps, collectionId: string, recipients: readonly AccessListEntry[]): Promise<void> {
  const key = (r: AccessListEntry): string => `${collectionId}:${r.emailKey}`;
  const counts = await Promise.all(recipients.map((r) => deps.clientMailCounter.count(key(r), CLIENT_MAIL_LIMIT.windowMs)));
  const spent = recipients.flatMap((r, i) => ((counts[i]?.count ?? 0) >= CLIENT_MAIL_LIMIT.perRecipient ? [{ email: r.email, resetMs: counts[i]?.resetMs ?? 0 }] : []));
  if (spent.length > 0) {
    const waitMs = Math.max(...spent.map((s) => s.resetMs));
    throw new AppError('rate_limited', `${spent.map((s) => s.email).join(', ')} already had ${CLIENT_MAIL_LIMIT.perRecipient} messages about this collection in the last 24 hours; leave them out or try again later`, {
      retryAfter: Math.max(1, waitMs / 1000), details: { emails: spent.map((s) => s.email).join(', ') },
    });
  }
  await Promise.all(recipients.map((r) => deps.clientMailCounter.hit(key(r), CLIENT_MAIL_LIMIT.windowMs)));
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
  await spendMailBudget(deps, collection.id, recipients);
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
