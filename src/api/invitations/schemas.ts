// Schemas and encoders of the invitations API: a pending invitation (never its token), the link shown once, the bodies.
import Type, { type Static } from 'typebox';
import type { InvitationRecord } from '../../store/types.ts';
import { IdentifierField, PasswordField, StudioSchema, UserSchema } from '../../http/schemas.ts';
import { RoleField } from '../members/schemas.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

export const InvitationSchema = Type.Object({
  id: Type.String(),
  role: Type.String({ description: 'The role the person gets on accepting' }),
  email: Type.Union([Type.String(), Type.Null()], { description: 'The only address that may accept; null for whoever holds the link' }),
  invited_by: Type.Union([Type.String(), Type.Null()], { description: 'User id of the inviter' }),
  created_at: Type.String(),
  expires_at: Type.String(),
});
export type PublicInvitation = Static<typeof InvitationSchema>;

export function toPublicInvitation(r: InvitationRecord): PublicInvitation {
  return { id: r.id, role: r.role, email: r.email, invited_by: r.createdBy, created_at: iso(r.createdAt), expires_at: iso(r.expiresAt) };
}

export const CreatedInvitationSchema = Type.Object({
  id: Type.String(),
  role: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
  invited_by: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  expires_at: Type.String(),
  link: Type.String({ description: 'The invitation link, with its secret: in this response only (and in the message, when mailed)' }),
  mailed: Type.Boolean({ description: 'True when a message with the link was queued to `email`' }),
});

export const InvitationBody = Type.Object({
  role: RoleField,
  email: Type.Optional(Type.Union([IdentifierField, Type.Null()], { description: 'Bind the invitation to this address and mail the link to it' })),
});

export const InvitationParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

export const NewAccountFields = Type.Object({
  email: Type.Optional(IdentifierField),
  username: Type.String({ minLength: 1, maxLength: 64 }),
  first_name: Type.Optional(Type.String({ maxLength: 200 })),
  last_name: Type.Optional(Type.String({ maxLength: 200 })),
  password: PasswordField,
});

export const AcceptBody = Type.Object({
  token: Type.String({ maxLength: 200, description: 'The token from the link (`/invite/{token}`)' }),
  account: Type.Optional(NewAccountFields),
  switch_studio: Type.Optional(Type.Boolean({ default: false, description: 'Signed in: also move this session into the studio joined' })),
});

export const AcceptedResponse = Type.Object({
  studio: StudioSchema,
  user: UserSchema,
  csrf_token: Type.Optional(Type.String({ description: 'The new session\'s CSRF token (a new account, or a switched cookie session)' })),
  access: Type.Optional(Type.String()),
  refresh: Type.Optional(Type.String()),
});
