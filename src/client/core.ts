// The SDK's surface, the same in Node and in a browser; the entries (index.ts for Node, browser.ts) choose FileAccess.
import { createAuthStrategy, type AuthOptions } from './auth.ts';
import { Transport, type AuthScheme, type CallOptions, type FetchFunction } from './transport.ts';
import { retryPolicy, type RetryOptions } from './retry.ts';
import { accessTokensAPI, appKeysAPI, clientsAPI, notificationsAPI, sessionsAPI, type ClientsAPI, type CredentialAPI, type NotificationsAPI, type SessionsAPI } from './resources.ts';
import { collectionsAPI, galleriesAPI, photosAPI, type CollectionsAPI, type GalleriesAPI, type PhotosAPI } from './gallery-resources.ts';
import { invitationsAPI, membersAPI, type InvitationsAPI, type MembersAPI } from './member-resources.ts';
import { accountAPI, auditEventsAPI, studioAPI, type AccountAPI, type AuditEventsAPI, type StudioAPI } from './studio-resources.ts';
import type { AccessToken, AccessTokenInput, AppKey, AppKeyInput, Me, StudioSwitch, TokenLogin } from './types.ts';

import { LightboxError } from './errors.ts';
import { noFileAccess, type FileAccess } from './files.ts';
import { loginBody, type PasswordCredentials } from './credentials.ts';

export { LightboxError };
export { completePasswordReset, requestPasswordReset, type AnonymousOptions } from './password-reset.ts';
export { acceptInvitationWithNewAccount } from './member-resources.ts';
export { getJWKS } from './jwks.ts';
export { createGalleryClient, type EmailConfirmationAPI, type GalleryClient, type GalleryClientOptions } from './gallery-client.ts';
export type { FavoriteListsAPI, FavoritesAPI, NotesAPI } from './visitor-resources.ts';
export type { ImageVariant, SizeOptions, VisitorDownloadsAPI } from './visitor-downloads.ts';
export type { AuthOptions } from './auth.ts';
export type { PasswordCredentials } from './credentials.ts';
export type { RetryOptions } from './retry.ts';
export type { AuthScheme, CallOptions, FetchFunction } from './transport.ts';
export type { UploadSource } from './multipart.ts';
export type { FileAccess } from './files.ts';
export type { CollectionDownloadEvent, CollectionDownloadResult, PhotoVariant, TransferOptions, UploadOptions } from './transfers.ts';
export type { ClientsAPI, CredentialAPI, NotificationsAPI, SessionsAPI } from './resources.ts';
export type { CollectionsAPI, GalleriesAPI, PhotosAPI } from './gallery-resources.ts';
export type { InvitationsAPI, MembersAPI } from './member-resources.ts';
export type { AccountAPI, AuditEventsAPI, StudioAPI } from './studio-resources.ts';
export type * from './types.ts';
export type { paths, operations } from './schema.ts';

export interface ClientOptions {
  /** The server, e.g. http://127.0.0.1:8080 (no /api suffix). */
  baseUrl: string;
  auth: AuthOptions;
  /** Sent as X-Api-Key on every request when the server requires application keys. */
  appKey?: string;
  retry?: RetryOptions;
  /** Defaults to the global fetch. */
  fetch?: FetchFunction;
  /** The clock used to refresh JWTs before they expire (defaults to Date.now). */
  now?: () => number;
  /**
   * fetch's credentials mode. In a browser, 'include' lets a cookie session work against a Lightbox on another origin
   * (the server must list this origin in cors.origins); the browser keeps the cookies, the SDK the CSRF token.
   */
  credentials?: RequestInit['credentials'];
  /** How paths are read and written: Node's file system from the Node entry; none in a browser. */
  files?: FileAccess;
}

export interface LightboxClient {
  readonly scheme: AuthScheme;
  me(options?: CallOptions): Promise<Me>;
  /** Ends the session, token or JWT family on the server and forgets it here (a PAT or Basic client has nothing to end). */
  logout(options?: CallOptions): Promise<void>;
  /** Authenticates into another of the user's studios; later calls act in it. */
  switchStudio(studioId: string, options?: CallOptions): Promise<StudioSwitch>;
  readonly clients: ClientsAPI;
  readonly notifications: NotificationsAPI;
  /** Where you are signed in: list, end one, sign out everywhere else. */
  readonly sessions: SessionsAPI;
  readonly accessTokens: CredentialAPI<AccessToken, AccessTokenInput>;
  readonly appKeys: CredentialAPI<AppKey, AppKeyInput>;
  /** The studio's members and roles: list, change a role, remove, leave, transfer ownership. */
  readonly members: MembersAPI;
  /** Invitations to the active studio, and accepting one as the signed-in user. */
  readonly invitations: InvitationsAPI;
  readonly collections: CollectionsAPI;
  readonly galleries: GalleriesAPI;
  readonly photos: PhotosAPI;
  /** The bootstrap document and changing your password. */
  readonly account: AccountAPI;
  /** The active studio's settings. */
  readonly studio: StudioAPI;
  readonly auditEvents: AuditEventsAPI;
}

export function createClient(options: ClientOptions): LightboxClient {
  const now = options.now ?? Date.now;
  const files = options.files ?? noFileAccess;
  const transport = new Transport(
    { baseUrl: options.baseUrl, fetch: options.fetch ?? ((input, init) => fetch(input, init)), retry: retryPolicy(options.retry), appKey: options.appKey, credentials: options.credentials },
    (send) => createAuthStrategy(options.auth, send, now),
  );
  const auth = transport.auth;
  return {
    scheme: auth.scheme,
    me: (call = {}) => transport.json<Me>({ method: 'GET', path: '/api/auth/me', ...call }),
    async logout(call = {}): Promise<void> {
      if (!auth.active()) return;
      try {
        await transport.send({ method: 'POST', path: '/api/auth/logout', reauthenticate: false, ...call });
      } catch (err) {
        if (!(err instanceof LightboxError && err.status === 401)) throw err; // already ended on the server
      } finally {
        auth.forget();
      }
    },
    async switchStudio(studioId, call = {}): Promise<StudioSwitch> {
      const body = await transport.json<StudioSwitch>({ method: 'POST', path: `/api/auth/studios/${encodeURIComponent(studioId)}/login`, ...call });
      auth.adopt(body as Record<string, unknown>);
      return body;
    },
    clients: clientsAPI(transport),
    notifications: notificationsAPI(transport),
    sessions: sessionsAPI(transport),
    accessTokens: accessTokensAPI(transport),
    appKeys: appKeysAPI(transport),
    members: membersAPI(transport, auth),
    invitations: invitationsAPI(transport, auth),
    collections: collectionsAPI(transport, files),
    galleries: galleriesAPI(transport),
    photos: photosAPI(transport, files),
    account: accountAPI(transport, auth),
    studio: studioAPI(transport),
    auditEvents: auditEventsAPI(transport),
  };
}

/** A token-mode login without a client: for tools (the CLI) that store the token and later use `{type: 'token', token}`. */
export async function obtainToken(options: Omit<ClientOptions, 'auth' | 'now' | 'files'> & PasswordCredentials & CallOptions): Promise<TokenLogin> {
  const transport = new Transport(
    { baseUrl: options.baseUrl, fetch: options.fetch ?? ((input, init) => fetch(input, init)), retry: retryPolicy(options.retry), appKey: options.appKey, credentials: options.credentials },
    (send) => createAuthStrategy({ type: 'pat', token: '' }, send, Date.now),
  );
  return transport.json<TokenLogin>({
    method: 'POST', path: '/api/auth/login', json: { ...loginBody(options), mode: 'token' }, authenticate: false, ...(options.signal ? { signal: options.signal } : {}),
  });
}
