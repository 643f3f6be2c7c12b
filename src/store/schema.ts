// Typed tables shared by every SQL backend. Times are integer milliseconds since the epoch.
import type { Generated } from 'kysely';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const CLIENT_TYPES = ['client', 'lead', 'other'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const DOWNLOAD_SIZES = ['none', 'web-size', 'original'] as const;
export type DownloadSize = (typeof DOWNLOAD_SIZES)[number];

/** The name of every visitor's default favorite list (migration 0018 gives it to the favorites of before). */
export const DEFAULT_LIST_NAME = 'Favorites';

export interface UsersTable {
  id: string;
  email: string;
  /** NFKC + lower-case form of email; unique. */
  email_key: string;
  username: string;
  /** NFKC + lower-case form of username; unique. */
  username_key: string;
  first_name: string;
  last_name: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  locked_at: number | null;
}

export interface StudiosTable {
  id: string;
  name: string;
  slug: string;
  created_at: number;
}

export interface MembershipsTable {
  id: string;
  studio_id: string;
  user_id: string;
  role: Role;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the session token; the token itself is never stored. */
  id: string;
  user_id: string;
  studio_id: string | null;
  kind: 'cookie' | 'token' | 'jwt';
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  /** Where the session was started (migration 0008); null for older sessions. */
  client_ip: string | null;
  user_agent: string | null;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: number;
}

export interface NotificationsTable {
  id: string;
  studio_id: string;
  kind: string;
  message: string;
  data: string;
  read_at: number | null;
  created_at: number;
}

export interface AuditEventsTable {
  id: string;
  studio_id: string | null;
  actor_id: string | null;
  kind: string;
  client_ip: string | null;
  user_agent: string | null;
  /** JSON object of the event's other fields (never a secret, never a typed identifier). */
  data: string;
  created_at: number;
}

export interface JwtKeysTable {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created_at: number;
  retired_at: number | null;
}

export interface RefreshTokensTable {
  /** SHA-256 of the refresh token. */
  id: string;
  /** The JWT session (token family) the refresh token belongs to. */
  session_id: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface AppKeysTable {
  id: string;
  studio_id: string;
  created_by: string | null;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AccessTokensTable {
  id: string;
  user_id: string;
  studio_id: string | null;
  name: string;
  /** JSON array of scope names. */
  scopes: string;
  token_hash: string;
  token_prefix: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface ClientsTable {
  id: string;
  studio_id: string;
  email: string;
  /** NFKC + lower-case form of email; unique per studio. */
  email_key: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  type: ClientType;
  status_name: string | null;
  notes: string | null;
  /** NFKC + lower-case "first last\nemail", for portable case-insensitive search. */
  search_key: string;
  created_at: number;
  updated_at: number;
}

export interface StudioSettingsTable {
  studio_id: string;
  timezone: string;
  currency: string;
  default_downloadable: DownloadSize;
  updated_at: number;
}

export interface CollectionsTable {
  id: string;
  studio_id: string;
  name: string;
  /** Globally unique, immutable; what visitors type or follow in a link. */
  slug: string;
  description: string;
  /** Calendar date YYYY-MM-DD. */
  event_date: string | null;
  cover_photo_id: string | null;
  /** argon2id PHC string of the collection password; null when not protected. */
  password_hash: string | null;
  /** First instant (ms) at which the collection is expired; null for never. */
  expires_at: number | null;
  downloadable: DownloadSize;
  /** argon2id PHC string of the download PIN (migration 0018); null when downloads need no PIN. */
  download_pin_hash: string | null;
  /** Originals each visitor may download (migration 0018); null for no limit. */
  original_download_limit: number | null;
  /** 0/1: visitors confirm their email with a mailed code before favoriting or downloading (migration 0019). */
  require_email_confirmation: number;
  /** 0/1: visitors may open it; 0 is a draft only the studio sees (migration 0022). */
  published: number;
  created_at: number;
  updated_at: number;
}

export interface CollectionClientsTable {
  collection_id: string;
  email: string;
  email_key: string;
  created_at: number;
}

export interface GalleriesTable {
  id: string;
  studio_id: string;
  collection_id: string;
  name: string;
  description: string;
  /** 0/1: hidden from gallery visitors. */
  private: number;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface PhotosTable {
  id: string;
  studio_id: string;
  collection_id: string;
  gallery_id: string;
  filename: string;
  content_type: string;
  size: number;
  width: number;
  height: number;
  taken_at: number | null;
  /** SHA-256 (base64url) of the original's bytes; the ETag. */
  sha256: string;
  thumbnail_size: number;
  web_size: number;
  /** `#rrggbb`, the placeholder colour; null until computed (migration 0013). */
  dominant_color: string | null;
  created_at: number;
  /** Migration 0020: which set of derivative files the row names ('' for the first, a new id per re-render). */
  render_id: string;
  /** The collection watermark revision its web and medium copies show (0: none). */
  watermark_rev: number;
  /** Sizes of the files added in 0020; null for photos made before, until the backfill renders them. */
  medium_size: number | null;
  thumbnail_webp_size: number | null;
  medium_webp_size: number | null;
  web_webp_size: number | null;
  /** Migration 0021: the studio's order within the gallery (listings sort by position, then id). */
  position: number;
  /** Migration 0023: until when a render pass holds the photo (ms); null when none does. */
  render_claimed_until: number | null;
}

export const WATERMARK_MODES = ['off', 'text', 'logo'] as const;
export type WatermarkMode = (typeof WATERMARK_MODES)[number];
export const WATERMARK_POSITIONS = ['top-left', 'top', 'top-right', 'left', 'center', 'right', 'bottom-left', 'bottom', 'bottom-right', 'tiled'] as const;
export type WatermarkPosition = (typeof WATERMARK_POSITIONS)[number];

/** A collection's watermark (migration 0020); no row is the same as mode `off` at revision 0. */
export interface CollectionWatermarksTable {
  collection_id: string;
  mode: WatermarkMode;
  text: string | null;
  position: WatermarkPosition;
  opacity: number;
  /** The watermark's width as a fraction of the photo's width. */
  scale: number;
  /** PhotoStorage key of the uploaded logo (a PNG the server re-encoded), and what it measures. */
  logo_key: string | null;
  logo_size: number | null;
  logo_width: number | null;
  logo_height: number | null;
  /** Raised by every change: photos whose watermark_rev differs are rendered again. */
  rev: number;
  updated_at: number;
}

export interface VisitorSessionsTable {
  /** SHA-256 of the visitor session token. */
  id: string;
  studio_id: string;
  collection_id: string;
  email: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

/** One row per gallery sign-in (migration 0022): the activity page's visits by day. */
export interface CollectionVisitEventsTable {
  collection_id: string;
  email: string;
  created_at: number;
}

export interface CollectionVisitorsTable {
  collection_id: string;
  email: string;
  email_key: string;
  visits: number;
  first_seen_at: number;
  last_seen_at: number;
}

/** A visitor's favorite list (migration 0018); the flat favorites of before became each visitor's default list. */
export interface FavoriteListsTable {
  id: string;
  collection_id: string;
  email: string;
  email_key: string;
  name: string;
  /** NFKC + lower-case name; unique per visitor. */
  name_key: string;
  /** The owner's email key on their one default list; null on every other list. */
  default_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface FavoriteListPhotosTable {
  list_id: string;
  photo_id: string;
  collection_id: string;
  created_at: number;
}

/** A visitor's note on a photo (plain text; one per visitor and photo). */
export interface PhotoNotesTable {
  collection_id: string;
  photo_id: string;
  email: string;
  email_key: string;
  note: string;
  created_at: number;
  updated_at: number;
}

/** "Send my selection": a list as it was when the visitor sent it. */
export interface FavoriteSubmissionsTable {
  id: string;
  studio_id: string;
  collection_id: string;
  list_id: string;
  list_name: string;
  email: string;
  email_key: string;
  photo_count: number;
  /** JSON array of photo ids. */
  photo_ids: string;
  created_at: number;
}

/** A visitor session that has entered the collection's download PIN. */
export interface VisitorDownloadUnlocksTable {
  session_id: string;
  collection_id: string;
  created_at: number;
}

/** Originals a visitor has downloaded, against the collection's limit. */
/** A derivative set no photo row may name (migration 0024): being written until `due_at`, or unused and to be removed. */
export interface RenderSetsTable {
  photo_id: string;
  render_id: string;
  studio_id: string;
  state: 'writing' | 'unused';
  due_at: number;
  /** 1 when the photo itself was deleted: its original is removed with the set. */
  original: Generated<number>;
}

export interface OriginalDownloadCountsTable {
  collection_id: string;
  email_key: string;
  used: number;
  updated_at: number;
}

export interface OriginalDownloadGrantsTable {
  collection_id: string;
  email_key: string;
  photo_id: string;
  created_at: number;
}

export interface DownloadsTable {
  id: string;
  studio_id: string;
  collection_id: string;
  photo_id: string;
  email: string;
  /** web-size or original. */
  size: string;
  bytes: number;
  created_at: number;
}

export interface MailOutboxTable {
  id: string;
  studio_id: string | null;
  kind: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** queued, sending, sent or failed. */
  status: string;
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface PasswordResetTokensTable {
  id: string;
  user_id: string;
  /** SHA-256 (base64url) of the token; the token itself is only in the mailed link. */
  token_hash: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface StudioInvitationsTable {
  id: string;
  studio_id: string;
  /** SHA-256 (base64url) of the token; the token itself is only in the link. */
  token_hash: string;
  role: Role;
  /** The one address that may accept, when the invitation names one; email_key is its NFKC + lower-case form. */
  email: string | null;
  email_key: string | null;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  accepted_at: number | null;
  accepted_by: string | null;
  revoked_at: number | null;
}

/** A client reminded of a collection's expiry (migration 0019): the key is the claim, so each is sent once. */
export interface CollectionExpiryRemindersTable {
  collection_id: string;
  email_key: string;
  expires_at: number;
  sent_at: number;
}

/** A one-time code mailed to a visitor to confirm their email (migration 0019). */
export interface VisitorEmailCodesTable {
  id: string;
  session_id: string;
  collection_id: string;
  email_key: string;
  /** argon2id PHC string of the six digits; the code itself is only in the message. */
  code_hash: string;
  attempts: number;
  created_at: number;
  expires_at: number;
}

/** A visitor session whose email is confirmed. */
export interface VisitorEmailConfirmationsTable {
  session_id: string;
  collection_id: string;
  created_at: number;
}

export interface AccountPreferencesTable {
  user_id: string;
  /** 0/1: mail me when I sign in from a device I have not used in 90 days. */
  notify_new_sign_in: number;
  /** The first password sign-in recorded; null before it. */
  first_sign_in_at: number | null;
  updated_at: number;
}

/** Where an account signed in from, as a hash of browser family, OS and network prefix. */
export interface SignInDevicesTable {
  user_id: string;
  device_key: string;
  first_seen_at: number;
  last_seen_at: number;
}

export interface Database {
  users: UsersTable;
  studios: StudiosTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  server_secrets: ServerSecretsTable;
  notifications: NotificationsTable;
  audit_events: AuditEventsTable;
  mail_outbox: MailOutboxTable;
  password_reset_tokens: PasswordResetTokensTable;
  studio_invitations: StudioInvitationsTable;
  jwt_keys: JwtKeysTable;
  refresh_tokens: RefreshTokensTable;
  app_keys: AppKeysTable;
  access_tokens: AccessTokensTable;
  clients: ClientsTable;
  studio_settings: StudioSettingsTable;
  collections: CollectionsTable;
  collection_clients: CollectionClientsTable;
  galleries: GalleriesTable;
  photos: PhotosTable;
  render_sets: RenderSetsTable;
  collection_watermarks: CollectionWatermarksTable;
  visitor_sessions: VisitorSessionsTable;
  collection_visitors: CollectionVisitorsTable;
  collection_visit_events: CollectionVisitEventsTable;
  favorite_lists: FavoriteListsTable;
  favorite_list_photos: FavoriteListPhotosTable;
  photo_notes: PhotoNotesTable;
  favorite_submissions: FavoriteSubmissionsTable;
  visitor_download_unlocks: VisitorDownloadUnlocksTable;
  original_download_counts: OriginalDownloadCountsTable;
  original_download_grants: OriginalDownloadGrantsTable;
  downloads: DownloadsTable;
  collection_expiry_reminders: CollectionExpiryRemindersTable;
  visitor_email_codes: VisitorEmailCodesTable;
  visitor_email_confirmations: VisitorEmailConfirmationsTable;
  account_preferences: AccountPreferencesTable;
  sign_in_devices: SignInDevicesTable;
  kysely_migration?: { name: string; timestamp: string; _?: Generated<number> };
}
