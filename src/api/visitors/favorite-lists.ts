// A visitor's favorite lists and notes (issue #18): the default list is the flat favorites of before and always
// exists; other lists are the visitor's to create, rename and delete. A note per photo is plain text, kept as written
// (after trimming) and escaped wherever it is shown. Everything is scoped to the visitor's one collection and email.
import { AppError } from '../../errors.ts';
import { isIdOf } from '../../lib/ids.ts';
import { loginKey, nameProblem } from '../../auth/identifiers.ts';
import type { AppDeps } from '../../http/deps.ts';
import type { FavoriteListRecord, ListName, ListOwner, PhotoNoteRecord, PhotoRecord } from '../../store/types.ts';
import type { VisitorPrincipal as Visitor } from '../../auth/principal.ts';
import { visiblePhoto } from './service.ts';
import { assertEmailConfirmed } from './email-confirmation.ts';

export const LIST_LIMITS = { name: 100, listsPerVisitor: 50, note: 1000 } as const;

export function ownerOf(visitor: Visitor): ListOwner {
  return { email: visitor.session.email, emailKey: visitor.emailKey };
}

function listName(raw: string): ListName {
  const name = raw.normalize('NFC').trim();
  const problem = name === '' ? 'Name is required' : nameProblem(name, 'Name', LIST_LIMITS.name);
  if (problem) throw new AppError('validation_failed', undefined, { details: { name: problem } });
  return { name, nameKey: loginKey(name) };
}

function requireListId(id: string): string {
  if (!isIdOf('fl', id)) throw new AppError('invalid_id_format', 'List id must look like fl_ followed by 22 letters or digits');
  return id;
}

/** The visitor's default list; made when missing (a session from before lists existed, a first visit). */
export function defaultList(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor): Promise<FavoriteListRecord> {
  return deps.store.favoriteLists.ensureDefaultList(visitor.collection.id, ownerOf(visitor), deps.clock.now());
}

export async function visitorLists(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor): Promise<FavoriteListRecord[]> {
  const lists = await deps.store.favoriteLists.listOwnerLists(visitor.collection.id, visitor.emailKey);
  if (lists.some((l) => l.isDefault)) return lists;
  await defaultList(deps, visitor);
  return deps.store.favoriteLists.listOwnerLists(visitor.collection.id, visitor.emailKey);
}

/** One of the visitor's lists; anyone else's, or a missing one, is 404. */
export async function visibleList(deps: Pick<AppDeps, 'store'>, visitor: Visitor, id: string): Promise<FavoriteListRecord> {
  const list = await deps.store.favoriteLists.findList(visitor.collection.id, visitor.emailKey, requireListId(id));
  if (!list) throw new AppError('not_found', 'Favorite list not found');
  return list;
}

export async function createList(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, raw: string): Promise<FavoriteListRecord> {
  const name = listName(raw);
  await assertEmailConfirmed(deps, visitor);
  const lists = await visitorLists(deps, visitor);
  if (lists.length >= LIST_LIMITS.listsPerVisitor) throw new AppError('conflict', `A visitor can keep at most ${LIST_LIMITS.listsPerVisitor} lists`);
  return deps.store.favoriteLists.createList(visitor.collection.id, ownerOf(visitor), name, deps.clock.now());
}

export async function renameList(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, id: string, raw: string): Promise<FavoriteListRecord> {
  const list = await visibleList(deps, visitor, id);
  await assertEmailConfirmed(deps, visitor);
  const renamed = await deps.store.favoriteLists.renameList(visitor.collection.id, visitor.emailKey, list.id, listName(raw), deps.clock.now());
  if (!renamed) throw new AppError('not_found', 'Favorite list not found');
  return renamed;
}

export async function deleteList(deps: Pick<AppDeps, 'store'>, visitor: Visitor, id: string): Promise<void> {
  const list = await visibleList(deps, visitor, id);
  await assertEmailConfirmed(deps, visitor);
  if (list.isDefault) throw new AppError('conflict', 'The default list cannot be deleted; remove its photos instead');
  await deps.store.favoriteLists.deleteList(visitor.collection.id, visitor.emailKey, list.id);
}

async function notifyFavorite(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, photo: PhotoRecord): Promise<void> {
  await deps.store.notifications.createNotification({
    studioId: visitor.collection.studioId, kind: 'photo_favorited', message: `${visitor.session.email} favorited ${photo.filename} in "${visitor.collection.name}"`,
    data: { collection_id: visitor.collection.id, email: visitor.session.email, photo_id: photo.id }, now: deps.clock.now(),
  });
}

/** Adds a visible photo to one of the visitor's lists; true when it is new there. A new default favorite notifies the studio. */
export async function addToList(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, list: FavoriteListRecord, photoId: string): Promise<{ photo: PhotoRecord; created: boolean }> {
  const photo = await visiblePhoto(deps, visitor, photoId);
  await assertEmailConfirmed(deps, visitor);
  const created = await deps.store.favoriteLists.addListPhoto(list, photo.id, deps.clock.now());
  if (created && list.isDefault) await notifyFavorite(deps, visitor, photo);
  return { photo, created };
}

export async function removeFromList(deps: Pick<AppDeps, 'store'>, visitor: Visitor, list: FavoriteListRecord, photoId: string): Promise<void> {
  const photo = await visiblePhoto(deps, visitor, photoId);
  await assertEmailConfirmed(deps, visitor);
  await deps.store.favoriteLists.removeListPhoto(list.id, photo.id);
}

/** What the visitor marked on each photo: the lists holding it (the default among them) and their note. */
export interface PhotoMarks {
  favorites: Set<string>;
  lists: Map<string, string[]>;
  notes: Map<string, string>;
}

export async function photoMarks(deps: Pick<AppDeps, 'store'>, visitor: Visitor, photos: readonly PhotoRecord[]): Promise<PhotoMarks> {
  const ids = photos.map((p) => p.id);
  const marks: PhotoMarks = { favorites: new Set(), lists: new Map(), notes: new Map() };
  if (ids.length === 0) return marks;
  for (const m of await deps.store.favoriteLists.listMemberships(visitor.collection.id, visitor.emailKey, ids)) {
    if (m.isDefault) marks.favorites.add(m.photoId);
    marks.lists.set(m.photoId, [...(marks.lists.get(m.photoId) ?? []), m.listId]);
  }
  for (const n of await deps.store.photoNotes.listOwnerNotes(visitor.collection.id, visitor.emailKey, ids)) marks.notes.set(n.photoId, n.note);
  return marks;
}

/** A note as stored: line breaks as \n, trimmed, no control characters but newline and tab, at most 1000 characters. */
export function cleanNote(raw: string): string {
  const note = raw.replace(/\r\n?/g, '\n').trim();
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/u.test(note)) throw new AppError('validation_failed', undefined, { details: { note: 'Note contains control characters' } });
  const length = [...note].length;
  if (length > LIST_LIMITS.note) throw new AppError('note_too_long', `A note can have at most ${LIST_LIMITS.note} characters`, { details: { max_length: LIST_LIMITS.note, length } });
  return note;
}

/** Sets the visitor's note on a visible photo; an empty note deletes it (null then). */
export async function putNote(deps: Pick<AppDeps, 'store' | 'clock'>, visitor: Visitor, photoId: string, raw: string): Promise<{ photo: PhotoRecord; note: PhotoNoteRecord | null }> {
  const note = cleanNote(raw);
  const photo = await visiblePhoto(deps, visitor, photoId);
  await assertEmailConfirmed(deps, visitor);
  if (note === '') {
    await deps.store.photoNotes.deleteNote(visitor.collection.id, photo.id, visitor.emailKey);
    return { photo, note: null };
  }
  return { photo, note: await deps.store.photoNotes.putNote(visitor.collection.id, photo.id, ownerOf(visitor), note, deps.clock.now()) };
}

export async function deleteNote(deps: Pick<AppDeps, 'store'>, visitor: Visitor, photoId: string): Promise<void> {
  const photo = await visiblePhoto(deps, visitor, photoId);
  await assertEmailConfirmed(deps, visitor);
  await deps.store.photoNotes.deleteNote(visitor.collection.id, photo.id, visitor.emailKey);
}
