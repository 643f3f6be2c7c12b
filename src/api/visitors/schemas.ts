// Wire format of the visitor-facing Gallery API: what a visitor may see of a collection, its galleries and photos.
import Type, { type Static } from 'typebox';
import { DOWNLOAD_SIZES } from '../../store/schema.ts';
import type { CollectionRecord, GalleryRecord, PhotoRecord } from '../../store/types.ts';
import { PageLinksSchema, PageMetaSchema } from '../../http/pagination.ts';
import { ListMetaSchema } from '../../http/cursor.ts';
import { CoverPhotoSchema, coverPhotoOf, expiryDateOf } from '../collections/schemas.ts';
import { PhotoSchema, toPublicPhoto } from '../photos/schemas.ts';
import type { DeliveryState } from './delivery.ts';
import type { PhotoMarks } from './favorite-lists.ts';

export const VISITOR_PHOTO_BASE = '/api/v1/gallery/photos';

export const VisitorCollectionSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  event_date: Type.Union([Type.String(), Type.Null()]),
  cover_photo: CoverPhotoSchema,
  expiry_date: Type.Union([Type.String(), Type.Null()]),
  downloadable: Type.Enum([...DOWNLOAD_SIZES]),
  gallery_count: Type.Integer(),
  photo_count: Type.Integer(),
  download_pin_protected: Type.Boolean({ description: 'Downloads need the download PIN (POST /api/v1/gallery/download-pin), once per visitor session' }),
  download_pin_entered: Type.Boolean({ description: 'This visitor session has entered the PIN' }),
  original_download_limit: Type.Union([Type.Integer(), Type.Null()], { description: 'Distinct originals each visitor may download; null for no limit' }),
  original_downloads_used: Type.Integer({ description: 'Distinct originals this visitor has downloaded' }),
  email_confirmation_required: Type.Boolean({ description: 'Favoriting and downloading need a confirmed email (POST /api/v1/gallery/email-confirmation)' }),
  email_confirmed: Type.Boolean({ description: 'This visitor session may favorite and download as far as its email goes (true when not required)' }),
});

export const VisitorGallerySchema = Type.Object({
  id: Type.String(), name: Type.String(), description: Type.String(), position: Type.Integer(), photo_count: Type.Integer(),
});

export const VisitorPhotoSchema = Type.Object({
  ...PhotoSchema.properties,
  favorite: Type.Boolean({ description: "In the visitor's default list" }),
  lists: Type.Array(Type.String(), { description: "Ids of the visitor's favorite lists that hold the photo" }),
  note: Type.Union([Type.String(), Type.Null()], { description: "The visitor's note on the photo" }),
});

const page = { meta: PageMetaSchema, links: PageLinksSchema };
/** A list that also pages by cursor: its meta is either kind. */
const keysetPage = { meta: ListMetaSchema, links: PageLinksSchema };
export const VisitorLoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 320 }),
  /** The collection's id (co_…) or slug. */
  collection: Type.String({ minLength: 1, maxLength: 200 }),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  /** Browsers: a photo to open after the login (a shared `?photo=ph_…` link that met the login form first). */
  photo: Type.Optional(Type.String({ maxLength: 200 })),
});
export const VisitorLoginResponse = Type.Object({
  data: Type.Object({ collection: VisitorCollectionSchema, email: Type.String(), csrf_token: Type.String() }),
});
export const VisitorCollectionResponse = Type.Object({ data: VisitorCollectionSchema });
export const VisitorGalleryListResponse = Type.Object({ data: Type.Array(VisitorGallerySchema), ...page });
export const VisitorPhotoResponse = Type.Object({ data: VisitorPhotoSchema });
export const VisitorPhotoListResponse = Type.Object({ data: Type.Array(VisitorPhotoSchema), ...keysetPage });
export const FavoriteBody = Type.Object({ photo_id: Type.String({ minLength: 1, maxLength: 200 }) });

export function toVisitorCollection(c: CollectionRecord, visible: { galleries: number; photos: number; coverVisible: boolean }, delivery: DeliveryState, emailConfirmed: boolean): Static<typeof VisitorCollectionSchema> {
  return {
    id: c.id, name: c.name, description: c.description, event_date: c.eventDate,
    cover_photo: visible.coverVisible ? coverPhotoOf(c.coverPhotoId, VISITOR_PHOTO_BASE) : null,
    expiry_date: expiryDateOf(c.expiresAt), downloadable: c.downloadable, gallery_count: visible.galleries, photo_count: visible.photos,
    download_pin_protected: delivery.pinProtected, download_pin_entered: delivery.pinEntered,
    original_download_limit: delivery.originalLimit, original_downloads_used: delivery.originalsUsed,
    email_confirmation_required: c.requireEmailConfirmation, email_confirmed: emailConfirmed,
  };
}

export function toVisitorGallery(g: GalleryRecord): Static<typeof VisitorGallerySchema> {
  return { id: g.id, name: g.name, description: g.description, position: g.position, photo_count: g.photoCount };
}

export function toVisitorPhoto(p: PhotoRecord, collection: CollectionRecord, marks: PhotoMarks): Static<typeof VisitorPhotoSchema> {
  return {
    ...toPublicPhoto(p, VISITOR_PHOTO_BASE, { original: collection.downloadable === 'original' }),
    favorite: marks.favorites.has(p.id), lists: marks.lists.get(p.id) ?? [], note: marks.notes.get(p.id) ?? null,
  };
}
