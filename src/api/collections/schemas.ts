// Wire format of the collections API: TypeBox schemas and the response encoders.
import Type, { type Static } from 'typebox';
import { DOWNLOAD_SIZES } from '../../store/schema.ts';
import type { AccessListEntry, CollectionRecord, DownloadRecord, VisitorRecord } from '../../store/types.ts';
import { PageLinksSchema, PageMetaSchema } from '../../http/pagination.ts';
import { ListMetaSchema } from '../../http/cursor.ts';
import { CollectionWatermarkFields, WatermarkInput, collectionWatermarkFields, type CollectionMark } from './watermark-schemas.ts';

export const COLLECTION_LIMITS = { name: 200, description: 5000, password: 256, passwordMin: 4, accessList: 500, email: 320, originalDownloads: 100_000 } as const;

/** A download PIN: 4 to 12 digits. */
export const DOWNLOAD_PIN_PATTERN = '^[0-9]{4,12}$';

const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
const DateField = Type.Union([Type.String({ pattern: DATE }), Type.Null()]);
const DownloadableField = Type.Enum([...DOWNLOAD_SIZES]);

// --- Visitor email confirmation (issue #20): one block, so other collection settings merge beside it easily. ---
const EmailConfirmationFields = {
  require_email_confirmation: Type.Boolean({ description: 'Visitors confirm their email with a mailed 6-digit code before they favorite or download' }),
};
const EmailConfirmationEditable = {
  /** Visitors confirm their email with a one-time code before favoriting or downloading; viewing needs none. */
  require_email_confirmation: Type.Optional(Type.Boolean()),
};
function emailConfirmationOf(c: CollectionRecord): { require_email_confirmation: boolean } {
  return { require_email_confirmation: c.requireEmailConfirmation };
}
// --- end of visitor email confirmation ---

export const CoverPhotoSchema = Type.Union([Type.Object({ id: Type.String(), thumbnail_url: Type.String(), web_url: Type.String() }), Type.Null()]);

export const CollectionSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  slug: Type.String(),
  description: Type.String(),
  event_date: Type.Union([Type.String(), Type.Null()]),
  cover_photo: CoverPhotoSchema,
  password_protected: Type.Boolean(),
  expiry_date: Type.Union([Type.String(), Type.Null()]),
  expired: Type.Boolean(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('expired')], {
    description: 'draft: only the studio sees it; published: its visitors may open it; expired: published, past its expiry date',
  }),
  downloadable: DownloadableField,
  download_pin_protected: Type.Boolean({ description: 'Downloads need the download PIN (set with download_pin; never echoed back)' }),
  original_download_limit: Type.Union([Type.Integer(), Type.Null()], { description: 'Distinct originals each visitor may download; null for no limit' }),
  gallery_count: Type.Integer(),
  photo_count: Type.Integer(),
  visitor_login_url: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  // The watermark (issue #18) and how far the re-render of the web-size copies has got.
  ...CollectionWatermarkFields,
  ...EmailConfirmationFields,
});

const editable = {
  description: Type.Optional(Type.String({ maxLength: COLLECTION_LIMITS.description })),
  event_date: Type.Optional(DateField),
  cover_photo_id: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  /** A new collection password; null removes the protection. Never echoed back. */
  password: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 1024 }), Type.Null()])),
  /** Last day (UTC) the collection can be opened; null for never. */
  expiry_date: Type.Optional(DateField),
  downloadable: Type.Optional(DownloadableField),
  /** A download PIN (4 to 12 digits), separate from the password; null removes it. Stored hashed, never echoed back. */
  download_pin: Type.Optional(Type.Union([Type.String({ pattern: DOWNLOAD_PIN_PATTERN, description: '4 to 12 digits' }), Type.Null()])),
  /** How many distinct originals each visitor may download (archives count each original in them); null for no limit. */
  original_download_limit: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: COLLECTION_LIMITS.originalDownloads }), Type.Null()])),
  /** The client access list: when not empty, only these emails may open the collection. */
  client_emails: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: COLLECTION_LIMITS.email }), { maxItems: COLLECTION_LIMITS.accessList })),
  /** The watermark burned into the web-size copies (issue #18); the fields given replace the current ones. */
  watermark: Type.Optional(WatermarkInput),
  ...EmailConfirmationEditable,
  /** draft: visitors cannot open it (those signed in are refused at once); published (the default): they can. */
  status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('published')])),
};

export const CollectionBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: COLLECTION_LIMITS.name }), ...editable });
export const CollectionPatchBody = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: COLLECTION_LIMITS.name })), ...editable });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });

const page = { meta: PageMetaSchema, links: PageLinksSchema };
/** A list that also pages by cursor: its meta is either kind. */
const keysetPage = { meta: ListMetaSchema, links: PageLinksSchema };
export const CollectionResponse = Type.Object({ data: CollectionSchema });
export const CollectionListResponse = Type.Object({ data: Type.Array(CollectionSchema), ...page });

export const AccessListResponse = Type.Object({
  data: Type.Array(Type.Object({ email: Type.String(), added_at: Type.String() })),
});

export const VisitorListResponse = Type.Object({
  data: Type.Array(Type.Object({ email: Type.String(), visits: Type.Integer(), first_seen_at: Type.String(), last_seen_at: Type.String() })),
  ...page,
});

export const DownloadListResponse = Type.Object({
  data: Type.Array(Type.Object({ id: Type.String(), photo_id: Type.String(), email: Type.String(), size: Type.String(), bytes: Type.Integer(), created_at: Type.String() })),
  ...keysetPage,
});

const iso = (ms: number): string => new Date(ms).toISOString();
const DAY_MS = 86_400_000;

/** expires_at is the first instant after the expiry date; the date shown is the last day it can be opened. */
export function expiryDateOf(expiresAt: number | null): string | null {
  return expiresAt === null ? null : iso(expiresAt - DAY_MS).slice(0, 10);
}

export function isExpired(collection: Pick<CollectionRecord, 'expiresAt'>, now: number): boolean {
  return collection.expiresAt !== null && now >= collection.expiresAt;
}

export type CollectionStatus = 'draft' | 'published' | 'expired';

/** What the studio sees: a draft stays a draft whatever its expiry; a published one past its expiry is expired. */
export function statusOf(collection: Pick<CollectionRecord, 'expiresAt' | 'published'>, now: number): CollectionStatus {
  if (!collection.published) return 'draft';
  return isExpired(collection, now) ? 'expired' : 'published';
}

export function coverPhotoOf(coverPhotoId: string | null, photoBase: string): { id: string; thumbnail_url: string; web_url: string } | null {
  return coverPhotoId === null ? null : { id: coverPhotoId, thumbnail_url: `${photoBase}/${coverPhotoId}/thumbnail`, web_url: `${photoBase}/${coverPhotoId}/web` };
}

/** Where a collection's visitors log in (its `visitor_login_url`). */
export function visitorLoginUrlOf(c: Pick<CollectionRecord, 'slug'>): string {
  return `/galleries/login?collection=${encodeURIComponent(c.slug)}`;
}

export function toPublicCollection(c: CollectionRecord, now: number, mark: CollectionMark): Static<typeof CollectionSchema> {
  return {
    id: c.id, name: c.name, slug: c.slug, description: c.description, event_date: c.eventDate,
    cover_photo: coverPhotoOf(c.coverPhotoId, '/api/v1/photos'), password_protected: c.passwordHash !== null,
    expiry_date: expiryDateOf(c.expiresAt), expired: isExpired(c, now), status: statusOf(c, now), downloadable: c.downloadable,
    download_pin_protected: c.downloadPinHash !== null, original_download_limit: c.originalDownloadLimit,
    gallery_count: c.galleryCount, photo_count: c.photoCount, visitor_login_url: visitorLoginUrlOf(c),
    created_at: iso(c.createdAt), updated_at: iso(c.updatedAt),
    ...collectionWatermarkFields(c.id, mark),
    ...emailConfirmationOf(c),
  };
}

export function toPublicAccessEntry(e: AccessListEntry): { email: string; added_at: string } {
  return { email: e.email, added_at: iso(e.createdAt) };
}

export function toPublicVisitor(v: VisitorRecord): { email: string; visits: number; first_seen_at: string; last_seen_at: string } {
  return { email: v.email, visits: v.visits, first_seen_at: iso(v.firstSeenAt), last_seen_at: iso(v.lastSeenAt) };
}

export function toPublicDownload(d: DownloadRecord): { id: string; photo_id: string; email: string; size: string; bytes: number; created_at: string } {
  return { id: d.id, photo_id: d.photoId, email: d.email, size: d.size, bytes: d.bytes, created_at: iso(d.createdAt) };
}
