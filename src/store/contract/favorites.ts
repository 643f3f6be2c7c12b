// Contract suites for favorite lists, photo notes, sent selections and the delivery controls (issue #18), cascades included.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../types.ts';
import { addStudio, addUser, hashId, photoScene, rejectsWith, withStore, type PhotoScene, type StoreFactory } from './harness.ts';

const PAGE = { limit: 50, offset: 0 };
const ANN = { email: 'Ann@example.test', emailKey: 'ann@example.test' };
const BOB = { email: 'bob@example.test', emailKey: 'bob@example.test' };
const name = (n: string): { name: string; nameKey: string } => ({ name: n, nameKey: n.toLowerCase() });

type Scene = PhotoScene;

/** One studio, two collections; three photos in the first, one in the second. */
const scene = (store: Store): Promise<Scene> => photoScene(store, { slug: 'lists', slugs: ['wedding', 'party'], downloadable: 'original', ids: ['ph1', 'ph2', 'ph3'], times: [1, 2, 3], foreign: ['ph9', 4] });

function ids(s: Scene): [string, string, string] {
  return [s.photos[0]?.id ?? '', s.photos[1]?.id ?? '', s.photos[2]?.id ?? ''];
}

export function favoritesContract(backend: string, factory: StoreFactory): void {
  describe(`${backend}: FavoriteListStore`, () => {
    test('one default list per visitor, however often it is ensured; the flat favorites are its photos', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2] = ids(s);
      const first = await store.favoriteLists.ensureDefaultList(s.collection.id, ANN, 5);
      const again = await Promise.all([1, 2, 3].map((i) => store.favoriteLists.ensureDefaultList(s.collection.id, ANN, 5 + i)));
      assert.deepEqual(new Set(again.map((l) => l.id)), new Set([first.id]));
      assert.deepEqual({ ...first, id: '' }, { id: '', collectionId: s.collection.id, email: ANN.email, emailKey: ANN.emailKey, name: 'Favorites', isDefault: true, photoCount: 0, createdAt: 5, updatedAt: 5 });
      assert.notEqual((await store.favoriteLists.ensureDefaultList(s.collection.id, BOB, 6)).id, first.id, 'each visitor has their own');
      assert.notEqual((await store.favoriteLists.ensureDefaultList(s.other.id, ANN, 6)).id, first.id, 'and one per collection');

      assert.equal(await store.galleryActivity.addFavorite(s.collection.id, p1, ANN, 7), true);
      assert.equal(await store.favoriteLists.addListPhoto(first, p2, 8), true);
      assert.equal(await store.favoriteLists.addListPhoto(first, p2, 9), false, 'added once');
      assert.deepEqual((await store.galleryActivity.listFavorites(s.collection.id, { emailKey: ANN.emailKey }, PAGE)).items.map((f) => f.photoId), [p2, p1]);
      assert.deepEqual((await store.galleryActivity.listFavoritePhotoIds(s.collection.id, ANN.emailKey, [p1, p2])).sort(), [p1, p2].sort());
      assert.equal((await store.favoriteLists.findList(s.collection.id, ANN.emailKey, first.id))?.photoCount, 2);
      assert.equal(await store.galleryActivity.removeFavorite(s.collection.id, p2, ANN.emailKey), true);
      assert.equal(await store.favoriteLists.removeListPhoto(first.id, p2), false, 'removed once');
      assert.equal(await store.galleryActivity.removeFavorite(s.collection.id, p1, 'nobody@example.test'), false, 'a visitor without lists removes nothing');
    }));

    test('named lists: created, renamed and deleted by their owner only; names are unique per visitor; the default is never deleted', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1] = ids(s);
      const fav = await store.favoriteLists.ensureDefaultList(s.collection.id, ANN, 1);
      const album = await store.favoriteLists.createList(s.collection.id, ANN, name('Album'), 2);
      const prints = await store.favoriteLists.createList(s.collection.id, ANN, name('Prints'), 3);
      assert.equal(album.isDefault, false);
      await rejectsWith(store.favoriteLists.createList(s.collection.id, ANN, { name: 'ALBUM', nameKey: 'album' }, 4), 'conflict');
      await rejectsWith(store.favoriteLists.createList(s.collection.id, ANN, name('Favorites'), 4), 'conflict');
      const bobs = await store.favoriteLists.createList(s.collection.id, BOB, name('Album'), 4);
      assert.notEqual(bobs.id, album.id, "another visitor's names are theirs");
      assert.deepEqual((await store.favoriteLists.listOwnerLists(s.collection.id, ANN.emailKey)).map((l) => l.name), ['Favorites', 'Album', 'Prints'], 'the default first');

      assert.equal(await store.favoriteLists.findList(s.collection.id, BOB.emailKey, album.id), null, "Bob cannot see Ann's list");
      assert.equal(await store.favoriteLists.findList(s.other.id, ANN.emailKey, album.id), null, 'nor can another collection');
      assert.equal(await store.favoriteLists.renameList(s.collection.id, BOB.emailKey, album.id, name('Mine'), 5), null);
      await rejectsWith(store.favoriteLists.renameList(s.collection.id, ANN.emailKey, album.id, name('Prints'), 5), 'conflict');
      const renamed = await store.favoriteLists.renameList(s.collection.id, ANN.emailKey, album.id, name('Wall art'), 6);
      assert.deepEqual(renamed, { ...album, name: 'Wall art', updatedAt: 6 });
      assert.equal((await store.favoriteLists.renameList(s.collection.id, ANN.emailKey, fav.id, name('Best'), 7))?.isDefault, true, 'the default can be renamed and stays the default');

      await store.favoriteLists.addListPhoto(album, p1, 8);
      assert.equal(await store.favoriteLists.deleteList(s.collection.id, BOB.emailKey, album.id), false);
      assert.equal(await store.favoriteLists.deleteList(s.collection.id, ANN.emailKey, fav.id), false, 'the default stays');
      assert.equal(await store.favoriteLists.deleteList(s.collection.id, ANN.emailKey, album.id), true);
      assert.equal(await store.favoriteLists.findList(s.collection.id, ANN.emailKey, album.id), null);
      assert.deepEqual(await store.favoriteLists.listMemberships(s.collection.id, ANN.emailKey, [p1]), [], 'its photos went with it');
      assert.deepEqual((await store.favoriteLists.listOwnerLists(s.collection.id, ANN.emailKey)).map((l) => l.name), ['Best', 'Prints']);
      assert.ok(await store.favoriteLists.findList(s.collection.id, ANN.emailKey, prints.id));
    }));

    test('memberships, list pages and the studio views, with the notes beside the photos', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2, p3] = ids(s);
      const fav = await store.favoriteLists.ensureDefaultList(s.collection.id, ANN, 1);
      const album = await store.favoriteLists.createList(s.collection.id, ANN, name('Album'), 1);
      const bobFav = await store.favoriteLists.ensureDefaultList(s.collection.id, BOB, 1);
      await store.favoriteLists.addListPhoto(fav, p1, 10);
      await store.favoriteLists.addListPhoto(album, p1, 11);
      await store.favoriteLists.addListPhoto(album, p2, 12);
      await store.favoriteLists.addListPhoto(bobFav, p3, 13);
      await store.photoNotes.putNote(s.collection.id, p1, ANN, 'Crop tighter', 14);
      await store.photoNotes.putNote(s.collection.id, p3, BOB, 'Black and white?', 15);

      const marks = await store.favoriteLists.listMemberships(s.collection.id, ANN.emailKey, [p1, p2, p3]);
      assert.deepEqual(marks.map((m) => `${m.photoId}:${m.listId}:${m.isDefault}`).sort(), [`${p1}:${fav.id}:true`, `${p1}:${album.id}:false`, `${p2}:${album.id}:false`].sort());
      assert.deepEqual(await store.favoriteLists.listMemberships(s.collection.id, ANN.emailKey, []), []);
      const page = await store.favoriteLists.listListPhotos(album.id, { limit: 1, offset: 0 });
      assert.deepEqual(page, { total: 2, items: [{ photoId: p2, addedAt: 12 }] });
      assert.deepEqual(await store.favoriteLists.listAllListPhotoIds(album.id, 10), [p2, p1]);
      assert.deepEqual(await store.favoriteLists.listAllListPhotoIds(album.id, 1), [p2], 'bounded');

      const lists = await store.favoriteLists.listCollectionLists(s.collection.id, PAGE);
      assert.equal(lists.total, 3);
      assert.deepEqual(lists.items.map((l) => [l.email, l.name, l.photoCount]), [[ANN.email, 'Favorites', 1], [ANN.email, 'Album', 2], [BOB.email, 'Favorites', 1]]);
      const listed = await store.favoriteLists.listCollectionListPhotos(s.collection.id, { listId: null }, PAGE);
      assert.equal(listed.total, 4);
      assert.deepEqual(listed.items[0], { listId: bobFav.id, listName: 'Favorites', isDefault: true, photoId: p3, galleryId: s.photos[2]?.galleryId, filename: `${p3}.jpg`, email: BOB.email, note: 'Black and white?', createdAt: 13 });
      assert.deepEqual(listed.items.filter((i) => i.photoId === p1).map((i) => i.note), ['Crop tighter', 'Crop tighter'], "Ann's note beside her photo in each list");
      assert.equal(listed.items.find((i) => i.photoId === p2)?.note, null);
      const one = await store.favoriteLists.listCollectionListPhotos(s.collection.id, { listId: album.id }, PAGE);
      assert.deepEqual([one.total, one.items.map((i) => i.photoId)], [2, [p2, p1]]);
      assert.equal((await store.favoriteLists.listCollectionLists(s.other.id, PAGE)).total, 0, 'another collection sees none');
    }));

    test("deleting a photo takes it out of every list and takes its notes; deleting the collection takes every list", () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2] = ids(s);
      const album = await store.favoriteLists.createList(s.collection.id, ANN, name('Album'), 1);
      await store.favoriteLists.addListPhoto(album, p1, 2);
      await store.favoriteLists.addListPhoto(album, p2, 3);
      await store.photoNotes.putNote(s.collection.id, p1, ANN, 'note', 4);
      await store.selections.recordSelection({ id: 'fs_1', studioId: s.studioId, collectionId: s.collection.id, listId: album.id, listName: 'Album', email: ANN.email, emailKey: ANN.emailKey, photoIds: [p1, p2], createdAt: 5 });
      assert.equal(await store.photos.deletePhoto(s.studioId, p1), true);
      assert.deepEqual((await store.favoriteLists.listListPhotos(album.id, PAGE)).items.map((i) => i.photoId), [p2]);
      assert.deepEqual(await store.photoNotes.listOwnerNotes(s.collection.id, ANN.emailKey, [p1]), []);
      assert.deepEqual((await store.selections.listSelections(s.collection.id, PAGE)).items[0]?.photoIds, [p1, p2], 'what was sent stays as it was sent');
      assert.equal(await store.collections.deleteCollection(s.studioId, s.collection.id), true);
      assert.equal(await store.favoriteLists.findList(s.collection.id, ANN.emailKey, album.id), null);
      assert.equal((await store.selections.listSelections(s.collection.id, PAGE)).total, 0);
    }));
  });

  describe(`${backend}: PhotoNoteStore`, () => {
    test('one note per visitor and photo, replaced whole, kept as written, deleted once', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2] = ids(s);
      const text = 'Line one\n<b>not bold</b> & "quoted" — ✓';
      const created = await store.photoNotes.putNote(s.collection.id, p1, ANN, text, 10);
      assert.deepEqual(created, { collectionId: s.collection.id, photoId: p1, email: ANN.email, note: text, createdAt: 10, updatedAt: 10 });
      const replaced = await store.photoNotes.putNote(s.collection.id, p1, { ...ANN, email: 'ANN@example.test' }, 'Second thoughts', 20);
      assert.deepEqual(replaced, { ...created, email: 'ANN@example.test', note: 'Second thoughts', updatedAt: 20 });
      await store.photoNotes.putNote(s.collection.id, p2, BOB, 'Bob on p2', 30);
      assert.deepEqual((await store.photoNotes.listOwnerNotes(s.collection.id, ANN.emailKey, [p1, p2])).map((n) => n.note), ['Second thoughts']);
      const all = await store.photoNotes.listCollectionNotes(s.collection.id, PAGE);
      assert.deepEqual([all.total, all.items.map((n) => [n.photoId, n.filename, n.note])], [2, [[p2, `${p2}.jpg`, 'Bob on p2'], [p1, `${p1}.jpg`, 'Second thoughts']]]);
      assert.equal(await store.photoNotes.deleteNote(s.other.id, p1, ANN.emailKey), false, 'scoped to the collection');
      assert.equal(await store.photoNotes.deleteNote(s.collection.id, p1, ANN.emailKey), true);
      assert.equal(await store.photoNotes.deleteNote(s.collection.id, p1, ANN.emailKey), false);
    }));
  });

  describe(`${backend}: SelectionStore`, () => {
    test('records what was sent, newest first, and names the studio owners who can still log in', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2] = ids(s);
      await store.selections.recordSelection({ id: 'fs_a', studioId: s.studioId, collectionId: s.collection.id, listId: 'fl_a', listName: 'Album', email: ANN.email, emailKey: ANN.emailKey, photoIds: [p1], createdAt: 5 });
      await store.selections.recordSelection({ id: 'fs_b', studioId: s.studioId, collectionId: s.collection.id, listId: 'fl_a', listName: 'Album', email: ANN.email, emailKey: ANN.emailKey, photoIds: [p2, p1], createdAt: 6 });
      const page = await store.selections.listSelections(s.collection.id, { limit: 1, offset: 0 });
      assert.deepEqual(page, { total: 2, items: [{ id: 'fs_b', studioId: s.studioId, collectionId: s.collection.id, listId: 'fl_a', listName: 'Album', email: ANN.email, emailKey: ANN.emailKey, photoIds: [p2, p1], createdAt: 6 }] });
      assert.equal(await store.selections.countVisitorSelectionsSince(s.collection.id, ANN.emailKey, 6), 1);
      assert.equal(await store.selections.countVisitorSelectionsSince(s.collection.id, ANN.emailKey, 5), 2);
      assert.equal(await store.selections.countVisitorSelectionsSince(s.collection.id, BOB.emailKey, 0), 0);

      const owner = await addUser(store, 'olive');
      const gone = await addUser(store, 'gone');
      const member = await addUser(store, 'mike');
      await store.studios.putMembership({ studioId: s.studioId, userId: owner.id, role: 'owner', now: 1 });
      await store.studios.putMembership({ studioId: s.studioId, userId: gone.id, role: 'owner', now: 2 });
      await store.studios.putMembership({ studioId: s.studioId, userId: member.id, role: 'member', now: 3 });
      await store.users.setUserDisabled(gone.id, 9);
      const elsewhere = await addStudio(store, 'elsewhere');
      await store.studios.putMembership({ studioId: elsewhere.id, userId: member.id, role: 'owner', now: 4 });
      assert.deepEqual(await store.selections.listOwnerEmails(s.studioId), [owner.email]);
    }));
  });

  describe(`${backend}: DownloadControlStore`, () => {
    test('a PIN entered in a session is remembered until the session ends or the collection forgets it', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const session = (seed: string, collectionId: string): { id: string; studioId: string; collectionId: string; email: string; createdAt: number; lastSeenAt: number; expiresAt: number } =>
        ({ id: hashId(seed), studioId: s.studioId, collectionId, email: ANN.email, createdAt: 1, lastSeenAt: 1, expiresAt: 99 });
      for (const v of [session('one', s.collection.id), session('two', s.collection.id), session('three', s.other.id)]) await store.visitorSessions.createVisitorSession(v);
      assert.equal(await store.downloadControls.isDownloadUnlocked(hashId('one')), false);
      await store.downloadControls.unlockDownloads(hashId('one'), s.collection.id, 5);
      await store.downloadControls.unlockDownloads(hashId('one'), s.collection.id, 6);
      await store.downloadControls.unlockDownloads(hashId('three'), s.other.id, 6);
      assert.equal(await store.downloadControls.isDownloadUnlocked(hashId('one')), true);
      assert.equal(await store.downloadControls.isDownloadUnlocked(hashId('two')), false, 'per session, not per visitor');
      await store.visitorSessions.deleteVisitorSession(hashId('one'));
      assert.equal(await store.downloadControls.isDownloadUnlocked(hashId('one')), false, 'gone with the session');
      await store.downloadControls.unlockDownloads(hashId('two'), s.collection.id, 7);
      assert.equal(await store.downloadControls.clearDownloadUnlocks(s.collection.id), 1);
      assert.equal(await store.downloadControls.isDownloadUnlocked(hashId('two')), false);
      assert.equal(await store.downloadControls.isDownloadUnlocked(hashId('three')), true, "another collection's unlock stays");
    }));

    test('originals are counted once per photo, all or none, never past the limit, even when reserved concurrently', () => withStore(factory, async (store) => {
      const s = await scene(store);
      const [p1, p2, p3] = ids(s);
      const c = s.collection.id;
      assert.equal(await store.downloadControls.originalDownloadsUsed(c, ANN.emailKey), 0);
      assert.deepEqual(await store.downloadControls.reserveOriginals(c, ANN.emailKey, [p1, p1], 2, 1), { ok: true, used: 1, added: 1 });
      assert.deepEqual(await store.downloadControls.reserveOriginals(c, ANN.emailKey, [p1], 1, 2), { ok: true, used: 1, added: 0 }, 'again: free, even at the limit');
      assert.deepEqual(await store.downloadControls.reserveOriginals(c, ANN.emailKey, [p1, p2, p3], 2, 3), { ok: false, used: 1, requested: 2 }, 'two new would pass the limit');
      assert.deepEqual(await store.downloadControls.listGrantedOriginals(c, ANN.emailKey, [p1, p2, p3]), [p1], 'nothing of a refused reservation was kept');
      assert.deepEqual(await store.downloadControls.reserveOriginals(c, ANN.emailKey, [p2, p3], null, 4), { ok: true, used: 3, added: 2 }, 'no limit');
      assert.equal(await store.downloadControls.originalDownloadsUsed(c, ANN.emailKey), 3);
      assert.equal(await store.downloadControls.originalDownloadsUsed(c, BOB.emailKey), 0, 'per visitor');
      assert.equal(await store.downloadControls.originalDownloadsUsed(s.other.id, ANN.emailKey), 0, 'per collection');

      const outcomes = await Promise.all([p1, p2, p3].map((p, i) => store.downloadControls.reserveOriginals(c, BOB.emailKey, [p], 2, 10 + i)));
      assert.equal(outcomes.filter((o) => o.ok).length, 2, 'two of three concurrent reservations fit under a limit of 2');
      assert.equal(await store.downloadControls.originalDownloadsUsed(c, BOB.emailKey), 2);
      assert.equal((await store.downloadControls.listGrantedOriginals(c, BOB.emailKey, [p1, p2, p3])).length, 2);

      await store.transaction(async (tx) => {
        assert.deepEqual(await tx.downloadControls.reserveOriginals(s.other.id, ANN.emailKey, [s.foreign.id], 5, 20), { ok: true, used: 1, added: 1 });
      });
      assert.equal(await store.downloadControls.originalDownloadsUsed(s.other.id, ANN.emailKey), 1, 'inside a caller\'s transaction too');
    }));
  });
}
