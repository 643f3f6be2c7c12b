// Wire format of the galleries API: TypeBox schemas and the response encoder.
import Type, { type Static } from 'typebox';
import type { GalleryRecord } from '../../store/types.ts';
import { PageLinksSchema, PageMetaSchema } from '../../http/pagination.ts';

export const GALLERY_LIMITS = { name: 200, description: 5000, position: 1_000_000 } as const;

export const GallerySchema = Type.Object({
  id: Type.String(),
  collection_id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  private: Type.Boolean(),
  position: Type.Integer(),
  photo_count: Type.Integer(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const editable = {
  description: Type.Optional(Type.String({ maxLength: GALLERY_LIMITS.description })),
  /** Hidden from gallery visitors. */
  private: Type.Optional(Type.Boolean()),
  /** Sort key within the collection; new galleries go last. */
  position: Type.Optional(Type.Integer({ minimum: 0, maximum: GALLERY_LIMITS.position })),
};

export const GalleryBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: GALLERY_LIMITS.name }), ...editable });
export const GalleryPatchBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: GALLERY_LIMITS.name })), ...editable });

export const GalleryResponse = Type.Object({ data: GallerySchema });
export const GalleryListResponse = Type.Object({ data: Type.Array(GallerySchema), meta: PageMetaSchema, links: PageLinksSchema });

export function toPublicGallery(g: GalleryRecord): Static<typeof GallerySchema> {
  return {
    id: g.id, collection_id: g.collectionId, name: g.name, description: g.description, private: g.private, position: g.position,
    photo_count: g.photoCount, created_at: new Date(g.createdAt).toISOString(), updated_at: new Date(g.updatedAt).toISOString(),
  };
}
