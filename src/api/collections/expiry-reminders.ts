// Expiry reminders (issue #20): the hourly housekeeping mails each client on a collection's access list once, when
// the collection closes within mail.expiryReminderDays. Each reminder is claimed (collection, client, expiry) in the
// transaction that queues it, so restarts and several instances never send one twice, and a later expiry date is
// a new reminder.
import type { AppDeps } from '../../http/deps.ts';
import type { CollectionRecord, ExpiryCursor } from '../../store/types.ts';
import { expiryReminderMail } from '../../mail/templates/expiry-reminder.ts';
import { galleryLink } from './client-mail.ts';
import { expiryDateOf } from './schemas.ts';

const DAY_MS = 86_400_000;
const PAGE = 100;

export type ExpiryReminderDeps = Pick<AppDeps, 'store' | 'clock' | 'config' | 'linkBase' | 'mailQueued'>;

/** Queues the reminders due for one collection; returns how many this call claimed. */
async function remindClients(deps: ExpiryReminderDeps, collection: CollectionRecord, expiresAt: number, now: number): Promise<number> {
  const access = await deps.store.collections.listAccessList(collection.id);
  if (access.length === 0) return 0;
  const reminded = new Set(await deps.store.expiryReminders.listRemindedEmailKeys(collection.id, expiresAt));
  const due = access.filter((e) => !reminded.has(e.emailKey));
  if (due.length === 0) return 0;
  const studio = await deps.store.studios.findStudioById(collection.studioId);
  const mail = expiryReminderMail({
    studioName: studio?.name ?? '', collectionName: collection.name, link: galleryLink(deps, collection, now),
    expiryDate: expiryDateOf(expiresAt) ?? '', remainingMs: expiresAt - now, passwordProtected: collection.passwordHash !== null,
  });
  let queued = 0;
  for (const client of due) {
    // One transaction per client: the claim and its message land together, or neither does.
    const claimed = await deps.store.transaction(async (tx) => {
      if (!(await tx.expiryReminders.claimExpiryReminder({ collectionId: collection.id, emailKey: client.emailKey, expiresAt, now }))) return false;
      await tx.mailOutbox.enqueueMail({ studioId: collection.studioId, kind: 'expiry_reminder', to: client.email, ...mail, now });
      return true;
    });
    if (claimed) queued++;
  }
  return queued;
}

/** One housekeeping pass: every collection closing within the configured days; returns how many reminders it queued. */
export async function sendExpiryReminders(deps: ExpiryReminderDeps): Promise<number> {
  const days = deps.config.mail.expiryReminderDays;
  if (days === 0) return 0;
  const now = deps.clock.now();
  let cursor: ExpiryCursor | null = null;
  let queued = 0;
  for (;;) {
    const page = await deps.store.expiryReminders.listCollectionsExpiring(now, now + days * DAY_MS, cursor, PAGE);
    for (const collection of page) {
      if (collection.expiresAt !== null) queued += await remindClients(deps, collection, collection.expiresAt, now);
    }
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined || last.expiresAt === null) break;
    cursor = { expiresAt: last.expiresAt, id: last.id };
  }
  if (queued > 0) deps.mailQueued.notify();
  // Claims for expiries already past can never matter again (an extended collection has a new expiry).
  await deps.store.expiryReminders.deleteExpiryRemindersBefore(now);
  return queued;
}
