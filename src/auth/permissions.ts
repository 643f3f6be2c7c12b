// Roles and permissions as data: which role may do what. Routes declare a permission; `can` decides.
import type { Role } from '../store/types.ts';

export const PERMISSIONS = {
  'account:read': ['owner', 'admin', 'member', 'viewer'],
  'notifications:read': ['owner', 'admin', 'member', 'viewer'],
  // Read state is shared by the whole studio, so marking read is a write: viewers are read-only (issue #4).
  'notifications:write': ['owner', 'admin', 'member'],
  'studio:read': ['owner', 'admin', 'member', 'viewer'],
  'studio:manage': ['owner', 'admin'],
  // Who works in the studio, with their roles: everyone in it sees it (issue #20).
  'members:read': ['owner', 'admin', 'member', 'viewer'],
  // Invite, change roles, remove; an admin never acts on an owner or makes one (src/api/members/).
  'members:manage': ['owner', 'admin'],
  'ownership:transfer': ['owner'],
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

/** What each permission lets a role do, in words: GET /api/v1/roles and the OpenAPI description show them. */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = {
  'account:read': 'See your own account, sessions and studios',
  'notifications:read': "Read the studio's notifications",
  'notifications:write': 'Mark notifications read',
  'studio:read': "See the studio and its settings; leave the studio",
  'studio:manage': "Change the studio's settings",
  'members:read': "See the studio's members and their roles",
  'members:manage': "Invite people, change members' roles, remove members and end their sessions (admins: never an owner's)",
  'ownership:transfer': 'Hand the studio to another member (who becomes an owner; you become an admin)',
  'audit:read': "Read the studio's audit log",
  'clients:read': 'See clients and leads',
  'clients:write': 'Create, change and delete clients',
  'galleries:read': 'See collections, galleries and photos',
  'galleries:write': 'Create, change and delete collections and galleries',
  'photos:write': 'Upload and delete photos',
  'access_tokens:manage': 'Create and revoke your own personal access tokens',
  'app_keys:manage': 'Register and revoke application keys',
};

/** Each role in a sentence; the rules that are not a single permission (who may act on an owner) are said here. */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  owner: 'Runs the studio: everything, including making or removing owners and transferring ownership. A studio always keeps at least one owner.',
  admin: 'Manages the studio and its people, except owners: cannot invite an owner, make someone an owner, or change or remove an owner.',
  member: 'Does the studio\'s work: clients, collections, galleries and photos.',
  viewer: 'Reads everything the studio holds and changes nothing.',
};

/** The permissions a role grants, in the table's order. */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((permission) => (PERMISSIONS[permission] as readonly Role[]).includes(role));
}

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
