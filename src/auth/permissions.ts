// Roles and permissions as data: which role may do what. Routes declare a permission; `can` decides.
import type { Role } from '../store/types.ts';

export const PERMISSIONS = {
  'account:read': ['owner', 'admin', 'member', 'viewer'],
  'notifications:read': ['owner', 'admin', 'member', 'viewer'],
  // Read state is shared by the whole studio, so marking read is a write: viewers are read-only (issue #4).
  'notifications:write': ['owner', 'admin', 'member'],
  'studio:read': ['owner', 'admin', 'member', 'viewer'],
  'studio:manage': ['owner', 'admin'],
  'members:manage': ['owner', 'admin'],
  // The audit log names people, addresses and what they did: studio administrators only (issue #20).
  'audit:read': ['owner', 'admin'],
  'clients:read': ['owner', 'admin', 'member', 'viewer'],
  'clients:write': ['owner', 'admin', 'member'],
  'galleries:read': ['owner', 'admin', 'member', 'viewer'],
  'galleries:write': ['owner', 'admin', 'member'],
  'photos:write': ['owner', 'admin', 'member'],
  // Personal access tokens belong to the user, whatever their role (issue #3).
  'access_tokens:manage': ['owner', 'admin', 'member', 'viewer'],
  // Application keys admit third-party applications to the API: studio administrators only (issue #3).
  'app_keys:manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions that make sense without an active studio (the user's own account). */
const STUDIO_FREE: ReadonlySet<Permission> = new Set<Permission>(['account:read', 'notifications:read', 'access_tokens:manage']);

export function roleAllows(role: Role | null, permission: Permission): boolean {
  if (STUDIO_FREE.has(permission)) return true;
  if (role === null) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function needsStudio(permission: Permission): boolean {
  return !STUDIO_FREE.has(permission);
}

/** Every permission a caller holds: the role's grants (studio-bound ones only with a studio), narrowed by scopes. */
export function grantedPermissions(role: Role | null, options: { hasStudio: boolean; scopes: readonly string[] | null }): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) =>
    (options.hasStudio || !needsStudio(permission))
    && roleAllows(role, permission)
    && (options.scopes === null || options.scopes.includes(permission)));
}
