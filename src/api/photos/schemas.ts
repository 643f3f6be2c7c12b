// Wire format of the photos API: TypeBox schemas and the response encoder.
import Type, { type Static } from 'typebox';
import type { PhotoRecord } from '../../store/types.ts';
import { PageLinksSchema } from '../../http/pagination.ts';
import { ListMetaSchema } from '../../http/cursor.ts';
import { derivedSize } from './derivatives.ts';
import { DERIVED_VARIANTS } from './files.ts';

/** One size a photo is served at, for `srcset`: its pixel size and the URL of each encoding it has. */
export const PhotoImageSchema = Type.Object({
  size: Type.Enum([...DERIVED_VARIANTS]),
  width: Type.Integer(),
  height: Type.Integer(),
  url: Type.String({ description: 'The JPEG' }),
  webp_url: Type.Union([Type.String(), Type.Null()], { description: 'The WebP copy; null for a photo made before WebP copies existed, until the server has made them' }),
});

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
  medium_url: Type.String({ description: 'At most 1024 px; the web size for a photo made before medium copies existed' }),
  web_url: Type.String(),
  original_url: Type.Union([Type.String(), Type.Null()]),
  images: Type.Array(PhotoImageSchema, { description: 'The sizes served, smallest first, one per distinct width (for srcset); ?format=webp on a size\'s URL is its WebP copy' }),
});

export const PhotoResponse = Type.Object({ data: PhotoSchema });
export const PhotoListResponse = Type.Object({ data: Type.Array(PhotoSchema), meta: ListMetaSchema, links: PageLinksSchema });
export const UploadResponse = Type.Object({ data: Type.Array(PhotoSchema) });

/** Image bytes, streamed; documented for the route table, never serialised. */
export const BinaryBody = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'Image bytes' });

export const PhotoIdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

/** Which encoding of a derivative: JPEG unless WebP is asked for (a photo without its WebP copy yet answers JPEG). */
export const ImageFormatQuery = Type.Object({
  format: Type.Enum(['jpeg', 'webp'], { default: 'jpeg', description: 'jpeg, or webp for the WebP copy (image/webp); a photo without one yet gets the JPEG, with its Content-Type' }),
});

/** `base` is the photo's URL prefix for the caller: the Studio API or the visitor's Gallery API. */
export type PublicPhoto = Static<typeof PhotoSchema>;

/**
 * The sizes a photo is served at, smallest first: thumbnail, medium, web, leaving out one whose width a larger one
 * has too (a small original makes them the same size: the web copy, made at the highest quality, stays) and the
 * medium size before it exists.
 */
export function photoImages(p: PhotoRecord, base: string): Array<Static<typeof PhotoImageSchema>> {
  const out: Array<Static<typeof PhotoImageSchema>> = [];
  for (const size of [...DERIVED_VARIANTS].reverse()) {
    if (size === 'medium' && p.mediumSize === null) continue;
    const { width, height } = derivedSize(p, size);
    if (out.some((i) => i.width === width)) continue;
    const webp = { thumbnail: p.thumbnailWebpSize, medium: p.mediumWebpSize, web: p.webWebpSize }[size];
    out.unshift({ size, width, height, url: `${base}/${p.id}/${size}`, webp_url: webp === null ? null : `${base}/${p.id}/${size}?format=webp` });
  }
  return out;
}

export function toPublicPhoto(p: PhotoRecord, base: string, options: { original: boolean }): Static<typeof PhotoSchema> {
  return {
    id: p.id, gallery_id: p.galleryId, collection_id: p.collectionId, filename: p.filename, content_type: p.contentType,
    size: p.size, width: p.width, height: p.height, taken_at: p.takenAt === null ? null : new Date(p.takenAt).toISOString(),
    created_at: new Date(p.createdAt).toISOString(),
    thumbnail_url: `${base}/${p.id}/thumbnail`, medium_url: `${base}/${p.id}/medium`, web_url: `${base}/${p.id}/web`,
    original_url: options.original ? `${base}/${p.id}/original` : null, images: photoImages(p, base),
  };
}
