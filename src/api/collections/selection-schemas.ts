// Wire format of what the studio sees of its visitors' favorite lists, notes and sent selections (issue #18).
import Type, { type Static } from 'typebox';
import type { FavoriteListRecord, ListedPhotoRecord, PhotoNoteRecord, SelectionRecord } from '../../store/types.ts';
import { PageLinksSchema, PageMetaSchema } from '../../http/pagination.ts';

const iso = (ms: number): string => new Date(ms).toISOString();
const page = { meta: PageMetaSchema, links: PageLinksSchema };

export const ListedFavoriteSchema = Type.Object({
  photo_id: Type.String(),
  gallery_id: Type.String(),
  filename: Type.String(),
  email: Type.String(),
  list_id: Type.String(),
  list_name: Type.String(),
  default_list: Type.Boolean({ description: "The visitor's default list (\"Favorites\")" }),
  note: Type.Union([Type.String(), Type.Null()], { description: "The visitor's note on the photo (plain text)" }),
  created_at: Type.String({ description: 'When the photo was added to the list' }),
});
export const FavoriteListResponse = Type.Object({ data: Type.Array(ListedFavoriteSchema), ...page });
export const FavoritesQuery = Type.Object({ list_id: Type.Optional(Type.String({ maxLength: 200, description: 'Only this list' })) });

export const VisitorListSchema = Type.Object({
  id: Type.String(), email: Type.String(), name: Type.String(), default: Type.Boolean(), photo_count: Type.Integer(), created_at: Type.String(), updated_at: Type.String(),
});
export const VisitorListsResponse = Type.Object({ data: Type.Array(VisitorListSchema), ...page });

export const StudioSelectionSchema = Type.Object({
  id: Type.String(), list_id: Type.String(), list_name: Type.String(), email: Type.String(),
  photo_count: Type.Integer(), photo_ids: Type.Array(Type.String()), created_at: Type.String(),
});
export const SelectionsResponse = Type.Object({ data: Type.Array(StudioSelectionSchema), ...page });

export const StudioNoteSchema = Type.Object({
  photo_id: Type.String(), gallery_id: Type.String(), filename: Type.String(), email: Type.String(), note: Type.String(), created_at: Type.String(), updated_at: Type.String(),
});
export const NotesResponse = Type.Object({ data: Type.Array(StudioNoteSchema), ...page });

export function toListedFavorite(f: ListedPhotoRecord): Static<typeof ListedFavoriteSchema> {
  return {
    photo_id: f.photoId, gallery_id: f.galleryId, filename: f.filename, email: f.email, list_id: f.listId, list_name: f.listName,
    default_list: f.isDefault, note: f.note, created_at: iso(f.createdAt),
  };
}

export function toVisitorList(l: FavoriteListRecord): Static<typeof VisitorListSchema> {
  return { id: l.id, email: l.email, name: l.name, default: l.isDefault, photo_count: l.photoCount, created_at: iso(l.createdAt), updated_at: iso(l.updatedAt) };
}

export function toStudioSelection(s: SelectionRecord): Static<typeof StudioSelectionSchema> {
  return { id: s.id, list_id: s.listId, list_name: s.listName, email: s.email, photo_count: s.photoIds.length, photo_ids: s.photoIds, created_at: iso(s.createdAt) };
}

export function toStudioNote(n: PhotoNoteRecord & { galleryId: string; filename: string }): Static<typeof StudioNoteSchema> {
  return { photo_id: n.photoId, gallery_id: n.galleryId, filename: n.filename, email: n.email, note: n.note, created_at: iso(n.createdAt), updated_at: iso(n.updatedAt) };
}
