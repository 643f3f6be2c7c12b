// Explicit encoders for the bootstrap payload's account and profile blocks (never a spread of the user row).
import type { UserRecord } from '../../store/types.ts';

export interface PublicAccount {
  id: string;
  username: string;
  email: string;
  created_at: string;
}

export interface PublicProfile {
  first_name: string;
  last_name: string;
  display_name: string;
}

export function toAccount(user: UserRecord): PublicAccount {
  return { id: user.id, username: user.username, email: user.email, created_at: new Date(user.createdAt).toISOString() };
}

export function toProfile(user: UserRecord): PublicProfile {
  const full = `${user.firstName} ${user.lastName}`.trim();
  return { first_name: user.firstName, last_name: user.lastName, display_name: full === '' ? user.username : full };
}
