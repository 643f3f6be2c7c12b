// "Send my selection" (issue #18): the visitor sends one of their lists to the studio. It is recorded as it was (time,
// list, photos), the studio gets a notification, and its owners a "favorites submitted" mail through the outbox, all
// in one transaction. An empty list is 400 empty_selection; a visitor sends at most SENDS_PER_HOUR an hour.
import { AppError } from '../../errors.ts';
import { generateId } from '../../lib/ids.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { FavoriteListRecord, SelectionRecord } from '../../store/types.ts';
import type { VisitorPrincipal as Visitor } from '../../auth/principal.ts';
import { favoritesSubmittedMail } from '../../mail/templates/favorites-submitted.ts';
import { assertEmailConfirmed } from './email-confirmation.ts';

export const SENDS_PER_HOUR = 10;
const HOUR_MS = 3_600_000;
/** Photos a sent selection records at most (a list holds no more photos than its collection). */
const MAX_SENT = 10_000;
/** Photos named in the mail; the rest are behind its link. */
const MAILED_PHOTOS = 50;

export type SelectionDeps = Pick<AppDeps, 'store' | 'clock' | 'linkBase' | 'mailQueued'>;

export async function sendSelection(deps: SelectionDeps, visitor: Visitor, list: FavoriteListRecord): Promise<SelectionRecord> {
  const collection = visitor.collection;
  await assertEmailConfirmed(deps, visitor);
  const listed = await deps.store.favoriteLists.listAllListPhotoIds(list.id, MAX_SENT);
  // Only what the visitor can still see: a photo whose gallery went private since is not part of the selection.
  const photos = [];
  for (const id of listed) {
    const photo = await deps.store.photos.findVisiblePhoto(collection.id, id);
    if (photo) photos.push(photo);
  }
  if (photos.length === 0) throw new AppError('empty_selection', `The list "${list.name}" has no photos to send`, { details: { list_id: list.id } });
  const now = deps.clock.now();
  const recent = await deps.store.selections.countVisitorSelectionsSince(collection.id, visitor.emailKey, now - HOUR_MS);
  if (recent >= SENDS_PER_HOUR) throw new AppError('rate_limited', `A selection can be sent at most ${SENDS_PER_HOUR} times an hour`, { retryAfter: 600 });

  const notes = new Map((await deps.store.photoNotes.listOwnerNotes(collection.id, visitor.emailKey, photos.map((p) => p.id))).map((n) => [n.photoId, n.note]));
  const selection: SelectionRecord = {
    id: generateId('fs'), studioId: collection.studioId, collectionId: collection.id, listId: list.id, listName: list.name,
    email: visitor.session.email, emailKey: visitor.emailKey, photoIds: photos.map((p) => p.id), createdAt: now,
  };
  const studio = await deps.store.studios.findStudioById(collection.studioId);
  const mail = favoritesSubmittedMail({
    studioName: studio?.name ?? 'Lightbox', collectionName: collection.name, visitorEmail: visitor.session.email, listName: list.name,
    photoCount: photos.length, photos: photos.slice(0, MAILED_PHOTOS).map((p) => ({ filename: p.filename, note: notes.get(p.id) ?? null })),
    link: `${deps.linkBase.url()}/api/v1/collections/${collection.id}/selections`,
  });
  let queued = 0;
  await deps.store.transaction(async (tx) => {
    await tx.selections.recordSelection(selection);
    await tx.notifications.createNotification({
      studioId: collection.studioId, kind: 'selection_submitted',
      message: `${visitor.session.email} sent their selection "${list.name}" (${photos.length} ${photos.length === 1 ? 'photo' : 'photos'}) from "${collection.name}"`,
      data: { collection_id: collection.id, email: visitor.session.email, selection_id: selection.id, list_id: list.id, list_name: list.name, photos: photos.length },
      now,
    });
    for (const to of await tx.selections.listOwnerEmails(collection.studioId)) {
      await tx.mailOutbox.enqueueMail({ studioId: collection.studioId, kind: 'favorites_submitted', to, ...mail, now });
      queued++;
    }
  });
  if (queued > 0) deps.mailQueued.notify();
  return selection;
}
