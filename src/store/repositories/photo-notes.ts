// A visitor's note on a photo: one per visitor and photo, replaced whole, listed for the studio with the photo's name.
import type { Kysely, Selectable } from 'kysely';
import type { Database, PhotoNotesTable } from '../schema.ts';
import type { PhotoNoteRecord, PhotoNoteStore } from '../types.ts';
import { chunks } from './favorite-lists.ts';

function toNote(r: Pick<Selectable<PhotoNotesTable>, 'collection_id' | 'photo_id' | 'email' | 'note' | 'created_at' | 'updated_at'>): PhotoNoteRecord {
  return { collectionId: r.collection_id, photoId: r.photo_id, email: r.email, note: r.note, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}

export function createPhotoNoteStore(db: Kysely<Database>): PhotoNoteStore {
  return {
    async putNote(collectionId, photoId, owner, note, now): Promise<PhotoNoteRecord> {
      await db.insertInto('photo_notes')
        .values({ collection_id: collectionId, photo_id: photoId, email: owner.email, email_key: owner.emailKey, note, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['photo_id', 'email_key']).doUpdateSet({ note, email: owner.email, updated_at: now }))
        .execute();
      const row = await db.selectFrom('photo_notes').selectAll().where('photo_id', '=', photoId).where('email_key', '=', owner.emailKey).executeTakeFirstOrThrow();
      return toNote(row);
    },
    async deleteNote(collectionId, photoId, emailKey): Promise<boolean> {
      const r = await db.deleteFrom('photo_notes').where('collection_id', '=', collectionId).where('photo_id', '=', photoId)
        .where('email_key', '=', emailKey).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listOwnerNotes(collectionId, emailKey, photoIds): Promise<PhotoNoteRecord[]> {
      const out: PhotoNoteRecord[] = [];
      for (const ids of chunks(photoIds)) {
        const rows = await db.selectFrom('photo_notes').selectAll().where('collection_id', '=', collectionId).where('email_key', '=', emailKey)
          .where('photo_id', 'in', ids).execute();
        out.push(...rows.map(toNote));
      }
      return out;
    },
    async listCollectionNotes(collectionId, page): Promise<{ items: Array<PhotoNoteRecord & { galleryId: string; filename: string }>; total: number }> {
      const rows = await db.selectFrom('photo_notes').innerJoin('photos', 'photos.id', 'photo_notes.photo_id')
        .select(['photo_notes.collection_id', 'photo_notes.photo_id', 'photo_notes.email', 'photo_notes.note', 'photo_notes.created_at', 'photo_notes.updated_at', 'photos.gallery_id', 'photos.filename'])
        .where('photo_notes.collection_id', '=', collectionId)
        .orderBy('photo_notes.updated_at', 'desc').orderBy('photo_notes.photo_id').orderBy('photo_notes.email_key').limit(page.limit).offset(page.offset).execute();
      const count = await db.selectFrom('photo_notes').select((eb) => eb.fn.countAll<number | string>().as('n')).where('collection_id', '=', collectionId).executeTakeFirstOrThrow();
      return { total: Number(count.n), items: rows.map((r) => ({ ...toNote(r), galleryId: r.gallery_id, filename: r.filename })) };
    },
  };
}
