// Narrow, purpose-named store interfaces. Every backend implements these; contract tests hold them to one behaviour.
import type { ClientType, DownloadSize, Role } from './schema.ts';

export type { ClientType, DownloadSize, Role } from './schema.ts';
export type * from './gallery-types.ts';
export type * from './keyset-types.ts';
export type * from './favorite-types.ts';
export type * from './watermark-types.ts';
export type * from './notice-types.ts';
import type { KeysetCursor } from './keyset-types.ts';
import type { CollectionStore, GalleryActivityStore, GalleryStore, PhotoStore, VisitorSessionStore } from './gallery-types.ts';
import type { DownloadControlStore, FavoriteListStore, PhotoNoteStore, SelectionStore } from './favorite-types.ts';
import type { WatermarkStore } from './watermark-types.ts';
import type { ExpiryReminderStore, SignInStore, VisitorEmailStore } from './notice-types.ts';

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
  /** The names shown for the user (the account page); the login identifiers never change here. */
  updateUserNames(id: string, names: { firstName: string; lastName: string }, now: number): Promise<void>;
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

/** A person in a studio, as the members list shows them. */
export interface StudioMember {
  user: UserRecord;
  role: Role;
  /** When the membership was created (the invitation accepted, the studio set up). */
  joinedAt: number;
}

/**
 * What a membership change did. `last_owner`: it would have left the studio without an owner. `owner_protected`: the
 * target is an owner and the caller asked owners to be left alone (an admin acting). `not_owner`: the one handing over
 * ownership is no longer an owner. Judged under the studio's lock, so two changes at once cannot both pass the check.
 */
export type MemberChange =
  | { outcome: 'done'; previous: Role }
  | { outcome: 'not_member' }
  | { outcome: 'last_owner' }
  | { outcome: 'owner_protected' }
  | { outcome: 'not_owner' };

export interface StudioStore {
  /** Throws AppError('conflict') when the slug is taken. */
  createStudio(input: { name: string; slug: string; now: number }): Promise<StudioRecord>;
  findStudioById(id: string): Promise<StudioRecord | null>;
  findStudioBySlug(slug: string): Promise<StudioRecord | null>;
  /** Adds or updates the user's role in the studio. */
  putMembership(input: { studioId: string; userId: string; role: Role; now: number }): Promise<void>;
  /** Adds the user to the studio with the role; false (and nothing changed) when they are a member already. */
  addMember(input: { studioId: string; userId: string; role: Role; now: number }): Promise<boolean>;
  findRole(userId: string, studioId: string): Promise<Role | null>;
  listUserStudios(userId: string): Promise<StudioMembership[]>;
  /** The studio's members, earliest joined first. */
  listStudioMembers(studioId: string): Promise<StudioMember[]>;
  /** Sets a member's role unless that leaves no owner (or, with protectOwners, the member is an owner). */
  changeMemberRole(input: { studioId: string; userId: string; role: Role; protectOwners: boolean }): Promise<MemberChange>;
  /** Ends a membership unless it is the last owner's (or, with protectOwners, an owner's). */
  removeMember(input: { studioId: string; userId: string; protectOwners: boolean }): Promise<MemberChange>;
  /** `toUserId` becomes an owner and `fromUserId` (who must be an owner) an admin, together. `previous` is the target's. */
  transferOwnership(input: { studioId: string; fromUserId: string; toUserId: string }): Promise<MemberChange>;
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

/** Where a session was started: shown to its owner so they can tell their sessions apart; never used to authenticate. */
export interface SessionDevice {
  clientIp: string | null;
  userAgent: string | null;
}

/** A session as its owner sees it in their list of sessions. */
export type SessionListing = SessionRecord & SessionDevice;

export interface SessionStore {
  /** Throws AppError('conflict') when the id is taken. */
  createSession(session: SessionRecord, device?: SessionDevice): Promise<void>;
  /** The user's sessions of every kind, newest first (expired ones included until the sweep removes them). */
  listUserSessions(userId: string): Promise<SessionListing[]>;
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
  /** Ends every session of the user except `keepId` ("sign out everywhere else"); returns how many. */
  deleteUserSessionsExcept(userId: string, keepId: string): Promise<number>;
  /** Removes sessions past their absolute expiry or idle longer than idleMs. */
  deleteExpiredSessions(now: number, idleMs: number): Promise<number>;
  /** How many sessions of each kind deleteExpiredSessions(now, idleMs) would keep (for the active-sessions gauge). */
  countLiveSessions(now: number, idleMs: number): Promise<Record<SessionKind, number>>;
}

export interface AuditEventInput {
  studioId: string | null;
  actorId: string | null;
  kind: string;
  clientIp: string | null;
  userAgent: string | null;
  data: Record<string, unknown>;
  now: number;
}

export interface AuditEventRecord extends Omit<AuditEventInput, 'now'> {
  id: string;
  createdAt: number;
}

export interface AuditFilter {
  actorId?: string;
  kinds?: readonly string[];
  /** Inclusive lower bound, ms. */
  since?: number;
  /** Exclusive upper bound, ms. */
  until?: number;
}

/** Where the previous page ended: the last event's time and id (keyset pagination, newest first). */
export type AuditCursor = KeysetCursor;

export interface AuditStore {
  recordAuditEvent(event: AuditEventInput): Promise<AuditEventRecord>;
  /** A studio's events newest first, after `cursor` when given: every page costs what the first does. */
  listAuditEvents(studioId: string, filter: AuditFilter, cursor: AuditCursor | null, limit: number): Promise<AuditEventRecord[]>;
  /** Retention: removes events older than `cutoff`; returns how many. */
  deleteAuditEventsBefore(cutoff: number): Promise<number>;
}

export interface MailInput {
  studioId: string | null;
  /** Which template made it (password_reset, member_invitation, …): for `lightbox mail status`, never a secret. */
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  now: number;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface MailRecord extends Omit<MailInput, 'now'> {
  id: string;
  status: MailStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

export interface MailOutboxStore {
  /** Queues a message; call it inside the transaction of the change that causes it, so both land or neither. */
  enqueueMail(mail: MailInput): Promise<MailRecord>;
  /**
   * Claims up to `limit` due messages for `owner` until `now + leaseMs`: queued ones whose time has come, and ones
   * whose earlier claim expired (a worker that died mid-send). Each row is taken by compare-and-set, so two workers
   * never hold the same message.
   */
  claimMail(owner: string, now: number, leaseMs: number, limit: number): Promise<MailRecord[]>;
  /** Marks a claimed message sent; false when the claim was lost (expired and taken by another worker). */
  markMailSent(id: string, owner: string, now: number): Promise<boolean>;
  /** Records a failed attempt: queued again at `retryAt`, or failed for good when `retryAt` is null. */
  markMailAttemptFailed(id: string, owner: string, error: string, retryAt: number | null): Promise<boolean>;
  /** How many messages are in each state. */
  countMailByStatus(): Promise<Record<MailStatus, number>>;
  /** Messages in the given states, oldest first. */
  listMail(statuses: readonly MailStatus[], limit: number): Promise<MailRecord[]>;
}

export interface PasswordResetTokenRecord {
  id: string;
  userId: string;
  /** SHA-256 (base64url) of the token. */
  tokenHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

export interface PasswordResetStore {
  /**
   * Stores a new token for the user and deletes the user's older unused tokens (only the newest link works). Call it in
   * the transaction that queues the message carrying the link. Throws AppError('conflict') when the hash is taken.
   */
  issuePasswordResetToken(input: { userId: string; tokenHash: string; now: number; expiresAt: number }): Promise<PasswordResetTokenRecord>;
  /** The token by its hash, used or expired ones included (the caller judges); null when unknown. */
  findPasswordResetToken(tokenHash: string): Promise<PasswordResetTokenRecord | null>;
  /**
   * Marks the token used if it is still unused and unexpired at `now` (compare-and-set): the one caller that flips it
   * gets the record, every other (a second concurrent request, a replay) gets null.
   */
  consumePasswordResetToken(tokenHash: string, now: number): Promise<PasswordResetTokenRecord | null>;
  /** Deletes every token of the user (used or not); returns how many. */
  deleteUserPasswordResetTokens(userId: string): Promise<number>;
  /** Housekeeping: removes tokens that expired before `cutoff`; returns how many. */
  deletePasswordResetTokensBefore(cutoff: number): Promise<number>;
}

export interface InvitationRecord {
  id: string;
  studioId: string;
  /** SHA-256 (base64url) of the token. */
  tokenHash: string;
  role: Role;
  /** The only address that may accept (as typed by the inviter), or null for anyone holding the link. */
  email: string | null;
  /** NFKC + lower-case form of `email`. */
  emailKey: string | null;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  acceptedBy: string | null;
  revokedAt: number | null;
}

export interface NewInvitation {
  studioId: string;
  tokenHash: string;
  role: Role;
  email: string | null;
  emailKey: string | null;
  createdBy: string | null;
  now: number;
  expiresAt: number;
}

export interface InvitationStore {
  /**
   * Stores an invitation; call it in the transaction that queues the message carrying its link. Throws
   * AppError('conflict') when the hash is taken.
   */
  createInvitation(input: NewInvitation): Promise<InvitationRecord>;
  /** The invitation by its token's hash, whatever its state (the caller judges); null when unknown. */
  findInvitationByHash(tokenHash: string): Promise<InvitationRecord | null>;
  /** Invitations of the studio neither used, withdrawn nor expired at `now`, newest first. */
  listPendingInvitations(studioId: string, now: number): Promise<InvitationRecord[]>;
  /** Withdraws a pending invitation of the studio; null when the studio has no such pending invitation. */
  revokeInvitation(studioId: string, id: string, now: number): Promise<InvitationRecord | null>;
  /**
   * Marks the invitation used by `userId` if it is still pending at `now` (compare-and-set): the one caller that flips
   * it gets the record; every other (a concurrent accept, a replay, a withdrawn or expired one) gets null.
   */
  consumeInvitation(tokenHash: string, userId: string, now: number): Promise<InvitationRecord | null>;
  /** Housekeeping: removes invitations that expired before `cutoff`, whatever became of them; returns how many. */
  deleteInvitationsExpiredBefore(cutoff: number): Promise<number>;
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
  /** Newest first by (created_at, id), strictly after `after` when given; no count, so every page costs what the first does. */
  listClientsAfter(studioId: string, filter: ClientFilter, after: KeysetCursor | null, limit: number): Promise<ClientRecord[]>;
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
  audit: AuditStore;
  mailOutbox: MailOutboxStore;
  passwordResets: PasswordResetStore;
  invitations: InvitationStore;
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
  favoriteLists: FavoriteListStore;
  photoNotes: PhotoNoteStore;
  selections: SelectionStore;
  downloadControls: DownloadControlStore;
  watermarks: WatermarkStore;
  expiryReminders: ExpiryReminderStore;
  visitorEmail: VisitorEmailStore;
  signIns: SignInStore;
  /** Runs fn atomically: everything it writes lands, or nothing does. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
