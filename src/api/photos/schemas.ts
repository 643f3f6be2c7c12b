// Wire format of the photos API: TypeBox schemas and the response encoder.
import Type, { type Static } from 'typebox';
import type { PhotoRecord } from '../../store/types.ts';
import { PageLinksSchema } from '../../http/pagination.ts';
import { ListMetaSchema } from '../../http/cursor.ts';

export const PhotoSchema = Type.Object({
  id: Type.String(),
  gallery_id: Type.String(),
  collection_id: Type.String(),
  filename: Type.String(),
  content_type: Type.String(),
  size: Type.Integer(),
  width: Type.Integer(),
  height: Type.Integer(),
  taken_at: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  thumbnail_url: Type.String(),
  web_url: Type.String(),
  original_url: Type.Union([Type.String(), Type.Null()]),
});

export const PhotoResponse = Type.Object({ data: PhotoSchema });
export const PhotoListResponse = Type.Object({ data: Type.Array(PhotoSchema), meta: ListMetaSchema, links: PageLinksSchema });
export const UploadResponse = Type.Object({ data: Type.Array(PhotoSchema) });

/** Image bytes, streamed; documented for the route table, never serialised. */
export const BinaryBody = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'Image bytes' });

export const PhotoIdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

/** `base` is the photo's URL prefix for the caller: the Studio API or the visitor's Gallery API. */
export type PublicPhoto = Static<typeof PhotoSchema>;

export function toPublicPhoto(p: PhotoRecord, base: string, options: { original: boolean }): Static<typeof PhotoSchema> {
  return {
    id: p.id, gallery_id: p.galleryId, collection_id: p.collectionId, filename: p.filename, content_type: p.contentType,
    size: p.size, width: p.width, height: p.height, taken_at: p.takenAt === null ? null : new Date(p.takenAt).toISOString(),
    created_at: new Date(p.createdAt).toISOString(),
    thumbnail_url: `${base}/${p.id}/thumbnail`, web_url: `${base}/${p.id}/web`, original_url: options.original ? `${base}/${p.id}/original` : null,
  };
}
