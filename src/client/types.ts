// Named SDK types, each taken from the generated OpenAPI types (schema.ts) by path, method and status.
import type { paths } from './schema.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M & keyof paths[P]]>;

/** The JSON body of response `S` of operation `M P`. */
export type ResponseOf<P extends keyof paths, M extends Method, S extends number> =
  Operation<P, M> extends { responses: { [K in S]: { content: { 'application/json': infer B } } } } ? B : never;

/** The JSON request body of operation `M P`. */
export type RequestOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** The query parameters of operation `M P`; every one optional (the server fills defaults). */
export type QueryOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? Partial<NonNullable<Q>> : never;

/** A list's meta: numbered (`current_page`, `total`, …) or, when the request gave `limit` or `cursor`, `{ limit, next_cursor }`. */
export type PageMeta = ResponseOf<'/api/v1/clients', 'get', 200>['meta'];
export type CursorMeta = Extract<PageMeta, { next_cursor: unknown }>;
export type PageLinks = ResponseOf<'/api/v1/clients', 'get', 200>['links'];
export interface Page<T> {
  data: T[];
  meta: PageMeta;
  links: PageLinks;
}
export type PageQuery = QueryOf<'/api/v1/collections/{id}/galleries', 'get'>;
/** A page of the studio's collections, optionally searched (`q`) and sorted (`sort`). */
export type CollectionListQuery = QueryOf<'/api/v1/collections', 'get'>;

export type Me = ResponseOf<'/api/auth/me', 'get', 200>;
export type TokenLogin = ResponseOf<'/api/auth/login', 'post', 200>;
export type PasswordResetRequested = ResponseOf<'/api/auth/password-reset', 'post', 202>;
export type PasswordResetCompleted = ResponseOf<'/api/auth/password-reset/complete', 'post', 200>;
export type StudioSwitch = ResponseOf<'/api/auth/studios/{studio_id}/login', 'post', 200>;
export type TokenPair = ResponseOf<'/api/auth/token/obtain', 'post', 200>;

export type Client = ResponseOf<'/api/v1/clients/{id}', 'get', 200>['data'];
export type ClientInput = RequestOf<'/api/v1/clients', 'post'>;
export type ClientPatch = RequestOf<'/api/v1/clients/{id}', 'patch'>;
export type ClientListQuery = QueryOf<'/api/v1/clients', 'get'>;

export type Notification = ResponseOf<'/api/v1/notifications/{id}/read', 'post', 200>['data'];

export type AccessToken = ResponseOf<'/api/v1/access-tokens', 'post', 201>['data'];
export type AccessTokenInput = RequestOf<'/api/v1/access-tokens', 'post'>;
/** One of your sessions or personal access tokens, as GET /api/v1/account/sessions lists it. */
export type AccountCredential = ResponseOf<'/api/v1/account/sessions', 'get', 200>['data'][number];
export type RevokeOthersResult = ResponseOf<'/api/v1/account/sessions/revoke-others', 'post', 200>;
export type AppKey = ResponseOf<'/api/v1/app-keys', 'post', 201>['data'];
export type AppKeyInput = RequestOf<'/api/v1/app-keys', 'post'>;

/** A person in the active studio, as GET /api/v1/members lists them. */
export type Member = ResponseOf<'/api/v1/members', 'get', 200>['data'][number];
export type MemberRole = RequestOf<'/api/v1/members/{user_id}', 'patch'>['role'];
export type MembershipEnded = ResponseOf<'/api/v1/members/{user_id}', 'delete', 200>;
export type OwnershipTransfer = ResponseOf<'/api/v1/members/transfer-ownership', 'post', 200>['data'];
export type RolesDocument = ResponseOf<'/api/v1/roles', 'get', 200>;
export type Invitation = ResponseOf<'/api/v1/invitations', 'get', 200>['data'][number];
export type CreatedInvitation = ResponseOf<'/api/v1/invitations', 'post', 201>['data'];
export type InvitationInput = RequestOf<'/api/v1/invitations', 'post'>;
export type InvitationAccepted = ResponseOf<'/api/auth/invitations/accept', 'post', 200>;
export type NewAccountInput = NonNullable<RequestOf<'/api/auth/invitations/accept', 'post'>['account']>;

export type Collection = ResponseOf<'/api/v1/collections/{id}', 'get', 200>['data'];
export type CollectionInput = RequestOf<'/api/v1/collections', 'post'>;
export type CollectionPatch = RequestOf<'/api/v1/collections/{id}', 'patch'>;
export type Gallery = ResponseOf<'/api/v1/galleries/{id}', 'get', 200>['data'];
export type GalleryInput = RequestOf<'/api/v1/collections/{id}/galleries', 'post'>;
export type GalleryPatch = RequestOf<'/api/v1/galleries/{id}', 'patch'>;
export type Photo = ResponseOf<'/api/v1/photos/{id}', 'get', 200>['data'];
export type CollectionReplacement = RequestOf<'/api/v1/collections/{id}', 'put'>;
export type GalleryReplacement = RequestOf<'/api/v1/galleries/{id}', 'put'>;

/** What the studio sees of its visitors' activity in a collection. */
export type CollectionClient = ResponseOf<'/api/v1/collections/{id}/clients', 'get', 200>['data'][number];
export type VisitorEmail = ResponseOf<'/api/v1/collections/{id}/visitor_emails', 'get', 200>['data'][number];
export type CollectionFavorite = ResponseOf<'/api/v1/collections/{id}/favorites', 'get', 200>['data'][number];
export type CollectionFavoritesQuery = QueryOf<'/api/v1/collections/{id}/favorites', 'get'>;
export type VisitorFavoriteList = ResponseOf<'/api/v1/collections/{id}/favorite-lists', 'get', 200>['data'][number];
export type CollectionPhotoNote = ResponseOf<'/api/v1/collections/{id}/photo-notes', 'get', 200>['data'][number];
export type CollectionSelection = ResponseOf<'/api/v1/collections/{id}/selections', 'get', 200>['data'][number];
export type CollectionDownload = ResponseOf<'/api/v1/collections/{id}/downloads', 'get', 200>['data'][number];
export type CollectionDownloadsQuery = QueryOf<'/api/v1/collections/{id}/downloads', 'get'>;

/** One of a member's sessions, as an owner or admin sees it. */
export type MemberSession = ResponseOf<'/api/v1/members/{user_id}/sessions', 'get', 200>['data'][number];
export type MemberSessionsEnded = ResponseOf<'/api/v1/members/{user_id}/sessions', 'delete', 200>;

export type StudioSettings = ResponseOf<'/api/v1/studio/settings', 'get', 200>['data'];
export type StudioSettingsPatch = RequestOf<'/api/v1/studio/settings', 'patch'>;
export type Bootstrap = ResponseOf<'/api/v1/data/bootstrap', 'get', 200>['data'];
export type PasswordChanged = ResponseOf<'/api/auth/password', 'post', 200>;
/** Your account and its settings (`notify_new_sign_in`). */
export type Account = ResponseOf<'/api/v1/account', 'get', 200>['data'];
export type AccountPatch = RequestOf<'/api/v1/account', 'patch'>;
export type NotifyClientsInput = RequestOf<'/api/v1/collections/{id}/notify-clients', 'post'>;
export type NotifiedClients = ResponseOf<'/api/v1/collections/{id}/notify-clients', 'post', 202>['data'];
export type CollectionActivity = ResponseOf<'/api/v1/collections/{id}/activity', 'get', 200>['data'];
export type AuditEventPage = ResponseOf<'/api/v1/audit-events', 'get', 200>;
export type AuditEvent = AuditEventPage['data'][number];
export type AuditEventQuery = QueryOf<'/api/v1/audit-events', 'get'>;
export type JWKS = ResponseOf<'/.well-known/jwks.json', 'get', 200>;

// The gallery-visitor API (createGalleryClient).
export type VisitorLogin = ResponseOf<'/galleries/login', 'post', 201>['data'];
export type VisitorCollection = ResponseOf<'/api/v1/gallery/collection', 'get', 200>['data'];
export type VisitorGallery = ResponseOf<'/api/v1/gallery/galleries', 'get', 200>['data'][number];
export type VisitorPhoto = ResponseOf<'/api/v1/gallery/photos/{id}', 'get', 200>['data'];
export type VisitorPhotoQuery = QueryOf<'/api/v1/gallery/galleries/{id}/photos', 'get'>;
export type FavoriteList = ResponseOf<'/api/v1/gallery/favorite-lists/{id}', 'get', 200>['data'];
export type PhotoNote = ResponseOf<'/api/v1/gallery/photos/{id}/note', 'put', 200>['data'];
export type Selection = ResponseOf<'/api/v1/gallery/favorite-lists/{id}/send', 'post', 201>['data'];
/** The download PIN and original-limit state of this visitor session. */
export type Delivery = ResponseOf<'/api/v1/gallery/download-pin', 'post', 200>['data'];
export type DownloadCheck = ResponseOf<'/api/v1/gallery/photos/{id}/download/check', 'get', 200>['data'];
/** Whether this visitor session must confirm its email before favorites and downloads, and its code's state. */
export type EmailConfirmation = ResponseOf<'/api/v1/gallery/email-confirmation', 'get', 200>['data'];
export type DownloadSize = NonNullable<QueryOf<'/api/v1/gallery/photos/{id}/download', 'get'>['size']>;
export type ArchiveQuery = QueryOf<'/api/v1/gallery/archive', 'get'>;
export type ArchiveSummary = ResponseOf<'/api/v1/gallery/archive/summary', 'get', 200>['data'];
