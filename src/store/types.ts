// Narrow, purpose-named store interfaces. Every backend implements these; contract tests hold them to one behaviour.
import type { ClientType, DownloadSize, Role } from './schema.ts';

export type { ClientType, DownloadSize, Role } from './schema.ts';
export type * from './gallery-types.ts';
import type { CollectionStore, GalleryActivityStore, GalleryStore, PhotoStore, VisitorSessionStore } from './gallery-types.ts';

export interface UserRecord {
  id: string;
  email: string;
  username: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  createdAt: number;
  updatedAt: number;
  disabledAt: number | null;
  lockedAt: number | null;
}

export interface NewUser {
  email: string;
  emailKey: string;
  username: string;
  usernameKey: string;
  firstName: string;
  lastName: string;
  passwordHash: string;
  now: number;
}

export interface UserStore {
  /** Throws AppError('conflict') when the email or username is taken. */
  createUser(input: NewUser): Promise<UserRecord>;
  findUserById(id: string): Promise<UserRecord | null>;
  /** Matches the normalized email or the normalized username. */
  findUserByLoginKey(key: string): Promise<UserRecord | null>;
  updatePasswordHash(id: string, passwordHash: string, now: number): Promise<void>;
  setUserLocked(id: string, lockedAt: number | null): Promise<void>;
  setUserDisabled(id: string, disabledAt: number | null): Promise<void>;
  countUsers(): Promise<number>;
}

export interface StudioRecord {
  id: string;
  name: string;
  slug: string;
  createdAt: number;
}

export interface StudioMembership {
  studio: StudioRecord;
  role: Role;
}

export interface StudioStore {
  /** Throws AppError('conflict') when the slug is taken. */
  createStudio(input: { name: string; slug: string; now: number }): Promise<StudioRecord>;
  findStudioById(id: string): Promise<StudioRecord | null>;
  findStudioBySlug(slug: string): Promise<StudioRecord | null>;
  /** Adds or updates the user's role in the studio. */
  putMembership(input: { studioId: string; userId: string; role: Role; now: number }): Promise<void>;
  findRole(userId: string, studioId: string): Promise<Role | null>;
  listUserStudios(userId: string): Promise<StudioMembership[]>;
}

export type SessionKind = 'cookie' | 'token' | 'jwt';

export interface SessionRecord {
  /** SHA-256 of the token. */
  id: string;
  userId: string;
  studioId: string | null;
  kind: SessionKind;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

/** A session with the user it names and that user's role in the session's studio, read together. */
export interface SessionWithUser {
  session: SessionRecord;
  user: UserRecord;
  /** The user's role in `session.studioId`; null when the session has no studio or the membership is gone. */
  role: Role | null;
}

export interface SessionStore {
  /** Throws AppError('conflict') when the id is taken. */
  createSession(session: SessionRecord): Promise<void>;
  /** Moves a session into another studio (token mode keeps its token across a studio switch). */
  setSessionStudio(id: string, studioId: string | null): Promise<void>;
  findSession(id: string): Promise<SessionRecord | null>;
  /**
   * The session, its user and the user's role in the session's studio, in one statement: what every cookie, token-mode
   * or JWT (`sid`) request needs. Null for an unknown id. Expiry, kind and a disabled user are the caller's to judge,
   * as with `findSession`.
   */
  findSessionWithUser(id: string): Promise<SessionWithUser | null>;
  touchSession(id: string, lastSeenAt: number): Promise<void>;
  deleteSession(id: string): Promise<void>;
  deleteUserSessions(userId: string): Promise<number>;
  /** Removes sessions past their absolute expiry or idle longer than idleMs. */
  deleteExpiredSessions(now: number, idleMs: number): Promise<number>;
}

export interface SecretStore {
  getSecret(name: string): Promise<string | null>;
  /** Returns the stored value, creating it with `create()` when absent (first writer wins). */
  getOrCreateSecret(name: string, create: () => string, now: number): Promise<string>;
  putSecret(name: string, value: string, now: number): Promise<void>;
  deleteSecret(name: string): Promise<void>;
}

export interface NotificationRecord {
  id: string;
  studioId: string;
  kind: string;
  message: string;
  data: Record<string, unknown>;
  readAt: number | null;
  createdAt: number;
}

export interface NotificationStore {
  createNotification(input: { studioId: string; kind: string; message: string; data: Record<string, unknown>; now: number }): Promise<NotificationRecord>;
  /** Marks the studio's notification read; false when no such notification exists in that studio. */
  markNotificationRead(studioId: string, id: string, now: number): Promise<boolean>;
  findNotification(studioId: string, id: string): Promise<NotificationRecord | null>;
  listNotifications(studioId: string, page: { limit: number; offset: number }): Promise<{ items: NotificationRecord[]; total: number }>;
}

export interface JwtKeyRecord {
  kid: string;
  alg: string;
  privateJwk: string;
  publicJwk: string;
  createdAt: number;
  retiredAt: number | null;
}

export interface JwtKeyStore {
  listJwtKeys(): Promise<JwtKeyRecord[]>;
  insertJwtKey(key: JwtKeyRecord): Promise<void>;
  retireJwtKeys(exceptKid: string, now: number): Promise<void>;
  deleteJwtKeysRetiredBefore(cutoff: number): Promise<number>;
}

export interface RefreshTokenRecord {
  id: string;
  sessionId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface RefreshTokenStore {
  insertRefreshToken(token: RefreshTokenRecord): Promise<void>;
  findRefreshToken(id: string): Promise<RefreshTokenRecord | null>;
  /** Marks the token used; true only for the one caller that flipped it (rotation is single-use under concurrency). */
  markRefreshTokenUsed(id: string, now: number): Promise<boolean>;
}

export interface AppKeyRecord {
  id: string;
  studioId: string;
  createdBy: string | null;
  name: string;
  keyHash: string;
  keyPrefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface AppKeyStore {
  /** Throws AppError('conflict') when the id or key hash is taken. */
  insertAppKey(key: AppKeyRecord): Promise<void>;
  findAppKeyByHash(hash: string): Promise<AppKeyRecord | null>;
  listAppKeys(studioId: string): Promise<AppKeyRecord[]>;
  /** Revokes a key of the studio; false when the studio has no such key. */
  revokeAppKey(studioId: string, id: string, now: number): Promise<boolean>;
  touchAppKey(id: string, now: number): Promise<void>;
}

export interface AccessTokenRecord {
  id: string;
  userId: string;
  studioId: string | null;
  name: string;
  scopes: string[];
  tokenHash: string;
  tokenPrefix: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A personal access token with its user and that user's role in the token's studio, read together. */
export interface AccessTokenWithUser {
  token: AccessTokenRecord;
  user: UserRecord;
  /** The user's role in `token.studioId`; null when the token has no studio or the membership is gone. */
  role: Role | null;
}

export interface AccessTokenStore {
  /** Throws AppError('conflict') when the id or token hash is taken. */
  insertAccessToken(token: AccessTokenRecord): Promise<void>;
  findAccessTokenByHash(hash: string): Promise<AccessTokenRecord | null>;
  /** The token, its user and role in one statement, for the per-request PAT check; null for an unknown hash. */
  findAccessTokenWithUser(hash: string): Promise<AccessTokenWithUser | null>;
  listAccessTokens(userId: string): Promise<AccessTokenRecord[]>;
  /** Revokes one of the user's tokens; false when the user has no such token. */
  revokeAccessToken(userId: string, id: string, now: number): Promise<boolean>;
  touchAccessToken(id: string, now: number): Promise<void>;
}

/** The editable fields of a client, already validated and normalized by the clients service. */
export interface ClientFields {
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  type: ClientType;
  statusName: string | null;
  notes: string | null;
}

export interface ClientRecord extends ClientFields {
  id: string;
  studioId: string;
  createdAt: number;
  updatedAt: number;
}

export interface ClientFilter {
  /** Only these types; null for every type. */
  types: readonly ClientType[] | null;
  /** Case-insensitive substring of email, first or last name; wildcards in it are literal. */
  search: string | null;
}

/** Every method is scoped to a studio: another studio's client is indistinguishable from a missing one. */
export interface ClientStore {
  /** Throws AppError('conflict') when the studio already has a client with that email. */
  createClient(studioId: string, fields: ClientFields, now: number): Promise<ClientRecord>;
  findClient(studioId: string, id: string): Promise<ClientRecord | null>;
  /** Replaces every editable field; null when the studio has no such client; AppError('conflict') on a taken email. */
  updateClient(studioId: string, id: string, fields: ClientFields, now: number): Promise<ClientRecord | null>;
  deleteClient(studioId: string, id: string): Promise<boolean>;
  /** Newest first. */
  listClients(studioId: string, filter: ClientFilter, page: { limit: number; offset: number }): Promise<{ items: ClientRecord[]; total: number }>;
}

export interface StudioSettings {
  timezone: string;
  currency: string;
  defaultDownloadable: DownloadSize;
}

export interface StudioSettingsStore {
  /** The stored settings, or null when the studio still uses the defaults. */
  findStudioSettings(studioId: string): Promise<StudioSettings | null>;
  putStudioSettings(studioId: string, settings: StudioSettings, now: number): Promise<void>;
}

export interface Store {
  users: UserStore;
  studios: StudioStore;
  sessions: SessionStore;
  secrets: SecretStore;
  notifications: NotificationStore;
  clients: ClientStore;
  studioSettings: StudioSettingsStore;
  jwtKeys: JwtKeyStore;
  refreshTokens: RefreshTokenStore;
  appKeys: AppKeyStore;
  accessTokens: AccessTokenStore;
  collections: CollectionStore;
  galleries: GalleryStore;
  photos: PhotoStore;
  visitorSessions: VisitorSessionStore;
  galleryActivity: GalleryActivityStore;
  /** Runs fn atomically: everything it writes lands, or nothing does. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
