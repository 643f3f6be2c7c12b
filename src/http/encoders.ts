// Explicit response encoders: only these fields ever leave the server.
import type { UserPrincipal } from '../auth/principal.ts';
import type { StudioMembership, UserRecord } from '../store/types.ts';

export interface PublicUser {
  id: string;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user.id, username: user.username, email: user.email, first_name: user.firstName, last_name: user.lastName };
}

export interface PublicStudio {
  id: string;
  name: string;
  slug: string;
  role: string;
}

export function toPublicStudio(m: StudioMembership): PublicStudio {
  return { id: m.studio.id, name: m.studio.name, slug: m.studio.slug, role: m.role };
}

export function toAuthInfo(p: UserPrincipal): { scheme: string; studio: string | null; scopes: string[] | null } {
  return { scheme: p.scheme, studio: p.studioId, scopes: p.scopes === null ? null : [...p.scopes] };
}
