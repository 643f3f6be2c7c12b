// Wire format of a visitor's favorite lists, notes, sent selections and the download PIN (issue #18).
import Type, { type Static } from 'typebox';
import type { FavoriteListRecord, PhotoNoteRecord, SelectionRecord } from '../../store/types.ts';
import type { DeliveryState } from './delivery.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export const FavoriteListSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  default: Type.Boolean({ description: 'The default list ("Favorites"): always there, never deleted; what /api/v1/gallery/favorites reads and writes' }),
  photo_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

export const FavoriteListBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200, description: '1 to 100 characters after trimming; unique among your lists (case-insensitive)' }) });
export const FavoriteListResponse = Type.Object({ data: FavoriteListSchema });
export const FavoriteListsResponse = Type.Object({ data: Type.Array(FavoriteListSchema) });
export const ListParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
export const ListPhotoParams = Type.Object({ id: Type.String({ maxLength: 200 }), photo_id: Type.String({ maxLength: 200 }) });
export const ListPhotoBody = Type.Object({ photo_id: Type.String({ minLength: 1, maxLength: 200 }) });

export const NoteBody = Type.Object({
  note: Type.String({ maxLength: 20_000, description: 'Plain text, at most 1000 characters after trimming (422 note_too_long); an empty note deletes it' }),
});
export const NoteSchema = Type.Object({ photo_id: Type.String(), note: Type.Union([Type.String(), Type.Null()]), updated_at: Type.Union([Type.String(), Type.Null()]) });
export const NoteResponse = Type.Object({ data: NoteSchema });

export const SelectionSchema = Type.Object({
  id: Type.String(),
  list_id: Type.String(),
  list_name: Type.String(),
  email: Type.String(),
  photo_count: Type.Integer(),
  photo_ids: Type.Array(Type.String()),
  created_at: Type.String(),
});
export const SelectionResponse = Type.Object({ data: SelectionSchema });

export const DownloadPinBody = Type.Object({ pin: Type.String({ minLength: 1, maxLength: 64, description: 'The download PIN the studio gave you' }) });
export const DeliverySchema = Type.Object({
  download_pin_protected: Type.Boolean(),
  download_pin_entered: Type.Boolean(),
  original_download_limit: Type.Union([Type.Integer(), Type.Null()]),
  original_downloads_used: Type.Integer(),
});
export const DeliveryResponse = Type.Object({ data: DeliverySchema });
export const DownloadCheckResponse = Type.Object({
  data: Type.Object({
    photo_id: Type.String(),
    size: Type.String(),
    counts_against_limit: Type.Boolean({ description: 'Downloading it would count one original against your limit (false when it already did)' }),
    delivery: DeliverySchema,
  }),
});

export function toFavoriteList(l: FavoriteListRecord): Static<typeof FavoriteListSchema> {
  return { id: l.id, name: l.name, default: l.isDefault, photo_count: l.photoCount, created_at: iso(l.createdAt), updated_at: iso(l.updatedAt) };
}

export function toNote(photoId: string, n: PhotoNoteRecord | null): Static<typeof NoteSchema> {
  return { photo_id: photoId, note: n?.note ?? null, updated_at: n === null ? null : iso(n.updatedAt) };
}

export function toSelection(s: SelectionRecord): Static<typeof SelectionSchema> {
  return { id: s.id, list_id: s.listId, list_name: s.listName, email: s.email, photo_count: s.photoIds.length, photo_ids: s.photoIds, created_at: iso(s.createdAt) };
}

export function toDelivery(d: DeliveryState): Static<typeof DeliverySchema> {
  return { download_pin_protected: d.pinProtected, download_pin_entered: d.pinEntered, original_download_limit: d.originalLimit, original_downloads_used: d.originalsUsed };
}
