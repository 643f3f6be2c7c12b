// Roles and permissions as data: which role may do what. Routes declare a permission; `can` decides.
import type { Role } from '../store/schema.ts';

export const PERMISSIONS = {
  'account:read': ['owner', 'admin', 'member', 'viewer'],
  'notifications:read': ['owner', 'admin', 'member', 'viewer'],
  'notifications:write': ['owner', 'admin', 'member', 'viewer'],
  'studio:read': ['owner', 'admin', 'member', 'viewer'],
  'studio:manage': ['owner', 'admin'],
  'members:manage': ['owner', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Permissions that make sense without an active studio (the user's own account). */
const STUDIO_FREE: ReadonlySet<Permission> = new Set<Permission>(['account:read', 'notifications:read']);

export function roleAllows(role: Role | null, permission: Permission): boolean {
  if (STUDIO_FREE.has(permission)) return true;
  if (role === null) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function needsStudio(permission: Permission): boolean {
  return !STUDIO_FREE.has(permission);
}
