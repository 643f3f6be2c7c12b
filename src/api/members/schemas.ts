// Schemas and encoders of the members API: a member, a role with what it may do, and the bodies that change them.
import Type, { type Static } from 'typebox';
import { PERMISSIONS, PERMISSION_DESCRIPTIONS, ROLE_DESCRIPTIONS, permissionsOf, type Permission } from '../../auth/permissions.ts';
import { ROLES, type Role } from '../../store/schema.ts';
import type { StudioMember } from '../../store/types.ts';
import { PasswordField } from '../../http/schemas.ts';

/** One of the four roles; anything else fails validation (422 `validation_failed`, naming the field). */
export const RoleField = Type.Union(ROLES.map((r) => Type.Literal(r)), { description: 'owner, admin, member or viewer (see GET /api/v1/roles)' });

export const MemberSchema = Type.Object({
  user_id: Type.String(),
  username: Type.String(),
  email: Type.String(),
  first_name: Type.String(),
  last_name: Type.String(),
  role: Type.String({ description: 'owner, admin, member or viewer' }),
  joined_at: Type.String({ description: 'When the person joined the studio (ISO 8601)' }),
});
export type PublicMember = Static<typeof MemberSchema>;

export function toPublicMember(m: StudioMember): PublicMember {
  return {
    user_id: m.user.id, username: m.user.username, email: m.user.email, first_name: m.user.firstName, last_name: m.user.lastName,
    role: m.role, joined_at: new Date(m.joinedAt).toISOString(),
  };
}

export const UserParams = Type.Object({ user_id: Type.String({ maxLength: 64 }) });
export const RoleChangeBody = Type.Object({ role: RoleField });
export const TransferBody = Type.Object({
  user_id: Type.String({ maxLength: 64, description: 'The member who becomes an owner' }),
  current_password: Type.Optional(PasswordField),
});

export const RoleSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  permissions: Type.Array(Type.String()),
});

export const PermissionSchema = Type.Object({
  name: Type.String(),
  description: Type.String(),
  roles: Type.Array(Type.String()),
});

export const RolesResponse = Type.Object({ data: Type.Array(RoleSchema), permissions: Type.Array(PermissionSchema) });

/** The roles and permissions as data (src/auth/permissions.ts): what GET /api/v1/roles answers. */
export function rolesDocument(): Static<typeof RolesResponse> {
  return {
    data: ROLES.map((role) => ({ name: role, description: ROLE_DESCRIPTIONS[role], permissions: permissionsOf(role) })),
    permissions: (Object.keys(PERMISSIONS) as Permission[]).map((name) => ({
      name, description: PERMISSION_DESCRIPTIONS[name], roles: [...(PERMISSIONS[name] as readonly Role[])],
    })),
  };
}

/** The same data as a Markdown table, for the operation's description in the OpenAPI document. */
export function rolesTable(): string {
  const header = `| Permission | ${ROLES.join(' | ')} |\n|---|${ROLES.map(() => '---').join('|')}|`;
  const rows = (Object.keys(PERMISSIONS) as Permission[]).map((p) => {
    const roles = PERMISSIONS[p] as readonly Role[];
    return `| \`${p}\`: ${PERMISSION_DESCRIPTIONS[p]} | ${ROLES.map((r) => (roles.includes(r) ? 'yes' : '—')).join(' | ')} |`;
  });
  const roles = ROLES.map((r) => `- **${r}**: ${ROLE_DESCRIPTIONS[r]}`).join('\n');
  return `${roles}\n\n${header}\n${rows.join('\n')}`;
}
