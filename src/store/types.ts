// Narrow, purpose-named store interfaces. Every backend implements these; contract tests hold them to one behaviour.
import type { Role } from './schema.ts';

export type { Role } from './schema.ts';

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

export type SessionKind = 'cookie' | 'token';

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

export interface SessionStore {
  createSession(session: SessionRecord): Promise<void>;
  findSession(id: string): Promise<SessionRecord | null>;
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
  listNotifications(studioId: string, page: { limit: number; offset: number }): Promise<{ items: NotificationRecord[]; total: number }>;
}

export interface Store {
  users: UserStore;
  studios: StudioStore;
  sessions: SessionStore;
  secrets: SecretStore;
  notifications: NotificationStore;
  /** Runs fn atomically: everything it writes lands, or nothing does. */
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  /** Resolves when the store answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
