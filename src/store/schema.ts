// Typed tables shared by every SQL backend. Times are integer milliseconds since the epoch.
import type { Generated } from 'kysely';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
  kind: 'cookie' | 'token';
  created_at: number;
  last_seen_at: number;
  expires_at: number;
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

export interface Database {
  users: UsersTable;
  studios: StudiosTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  server_secrets: ServerSecretsTable;
  notifications: NotificationsTable;
  kysely_migration?: { name: string; timestamp: string; _?: Generated<number> };
}
