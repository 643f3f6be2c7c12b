// Typed methods for the studio's members (list, change a role, remove, leave, transfer ownership, the roles table)
// and its invitations (create with the link shown once, list pending, withdraw, accept as the signed-in user).
import type { AuthStrategy, CallOptions, Transport } from './transport.ts';
import { anonymousTransport, type AnonymousOptions } from './password-reset.ts';
import type {
  CreatedInvitation, Invitation, InvitationAccepted, InvitationInput, Member, MemberRole, MembershipEnded, MemberSession, MemberSessionsEnded, NewAccountInput,
  OwnershipTransfer, RolesDocument,
} from './types.ts';

const seg = (id: string): string => encodeURIComponent(id);

export interface MembersAPI {
  list(options?: CallOptions): Promise<Member[]>;
  /** The roles and what each may do, as data. */
  roles(options?: CallOptions): Promise<RolesDocument>;
  /** 409 `last_owner` for the studio's last owner; 403 when an admin acts on an owner. */
  changeRole(userId: string, role: MemberRole, options?: CallOptions): Promise<Member>;
  /** The member's credentials in this studio stop at once. */
  remove(userId: string, options?: CallOptions): Promise<MembershipEnded>;
  /** Leaves the active studio; this client's session there ends too. */
  leave(options?: CallOptions): Promise<MembershipEnded>;
  /** Owners only; needs a recent login or `currentPassword`. */
  transferOwnership(input: { userId: string; currentPassword?: string }, options?: CallOptions): Promise<OwnershipTransfer>;
  /** A member's sessions and personal access tokens in this studio (owners and admins). */
  sessions(userId: string, options?: CallOptions): Promise<MemberSession[]>;
  /** Signs a member out of this studio everywhere. */
  endSessions(userId: string, options?: CallOptions): Promise<MemberSessionsEnded>;
  /** Ends one of a member's sessions (ses_…) or revokes one of their tokens (pat_…). */
  endSession(userId: string, sessionId: string, options?: CallOptions): Promise<void>;
}

export function membersAPI(t: Transport, auth: AuthStrategy): MembersAPI {
  const base = '/api/v1/members';
  return {
    list: async (options = {}) => (await t.json<{ data: Member[] }>({ method: 'GET', path: base, ...options })).data,
    roles: (options = {}) => t.json<RolesDocument>({ method: 'GET', path: '/api/v1/roles', ...options }),
    changeRole: async (userId, role, options = {}) => (await t.json<{ data: Member }>({ method: 'PATCH', path: `${base}/${seg(userId)}`, json: { role }, ...options })).data,
    remove: (userId, options = {}) => t.json<MembershipEnded>({ method: 'DELETE', path: `${base}/${seg(userId)}`, ...options }),
    async leave(options = {}): Promise<MembershipEnded> {
      const ended = await t.json<MembershipEnded>({ method: 'DELETE', path: `${base}/me`, ...options });
      auth.forget();
      return ended;
    },
    transferOwnership: async (input, options = {}) => (await t.json<{ data: OwnershipTransfer }>({
      method: 'POST', path: `${base}/transfer-ownership`,
      json: { user_id: input.userId, ...(input.currentPassword !== undefined ? { current_password: input.currentPassword } : {}) }, ...options,
    })).data,
    sessions: async (userId, options = {}) => (await t.json<{ data: MemberSession[] }>({ method: 'GET', path: `${base}/${seg(userId)}/sessions`, ...options })).data,
    endSessions: (userId, options = {}) => t.json<MemberSessionsEnded>({ method: 'DELETE', path: `${base}/${seg(userId)}/sessions`, ...options }),
    endSession: async (userId, sessionId, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(userId)}/sessions/${seg(sessionId)}`, ...options });
    },
  };
}

export interface InvitationsAPI {
  /** The answer carries the link (with its secret) this once; with `email` it is mailed too. */
  create(input: InvitationInput, options?: CallOptions): Promise<CreatedInvitation>;
  /** Pending invitations, never their links. */
  list(options?: CallOptions): Promise<Invitation[]>;
  revoke(id: string, options?: CallOptions): Promise<void>;
  /** Joins the invitation's studio as the signed-in user; with `switchStudio`, later calls act in it. */
  accept(input: { token: string; switchStudio?: boolean }, options?: CallOptions): Promise<InvitationAccepted>;
}

export function invitationsAPI(t: Transport, auth: AuthStrategy): InvitationsAPI {
  const base = '/api/v1/invitations';
  return {
    create: async (input, options = {}) => (await t.json<{ data: CreatedInvitation }>({ method: 'POST', path: base, json: input, ...options })).data,
    list: async (options = {}) => (await t.json<{ data: Invitation[] }>({ method: 'GET', path: base, ...options })).data,
    revoke: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
    async accept(input, options = {}): Promise<InvitationAccepted> {
      const body = await t.json<InvitationAccepted>({
        method: 'POST', path: '/api/auth/invitations/accept', json: { token: input.token, ...(input.switchStudio ? { switch_studio: true } : {}) }, ...options,
      });
      if (input.switchStudio) auth.adopt(body as Record<string, unknown>);
      return body;
    },
  };
}

/**
 * Accepts an invitation with a new account, without a client (the person has no account yet). The server starts a
 * cookie session for a browser; a script logs in afterwards with the new credentials. Bad links are 400/410
 * LightboxErrors (`invitation_invalid`, `invitation_used`, `invitation_revoked`, `invitation_expired`).
 */
export async function acceptInvitationWithNewAccount(options: AnonymousOptions & { token: string; account: NewAccountInput }): Promise<InvitationAccepted> {
  return anonymousTransport(options).json<InvitationAccepted>({
    method: 'POST', path: '/api/auth/invitations/accept', json: { token: options.token, account: options.account }, authenticate: false,
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
