// Typed methods for the active studio's settings, the account (bootstrap, its settings, password change) and the audit log.
import type { AuthStrategy, CallOptions, Transport } from './transport.ts';
import type { Account, AccountPatch, AuditEvent, AuditEventPage, AuditEventQuery, Bootstrap, PasswordChanged, StudioSettings, StudioSettingsPatch } from './types.ts';

export interface StudioAPI {
  settings(options?: CallOptions): Promise<StudioSettings>;
  /** Changes the fields it names (owners and admins). */
  updateSettings(patch: StudioSettingsPatch, options?: CallOptions): Promise<StudioSettings>;
}

export function studioAPI(t: Transport): StudioAPI {
  const path = '/api/v1/studio/settings';
  return {
    settings: async (options = {}) => (await t.json<{ data: StudioSettings }>({ method: 'GET', path, ...options })).data,
    updateSettings: async (patch, options = {}) => (await t.json<{ data: StudioSettings }>({ method: 'PATCH', path, json: patch, ...options })).data,
  };
}

export interface AccountAPI {
  /** The account, profile, active studio with its settings, the studios and this caller's permissions, in one call. */
  bootstrap(options?: CallOptions): Promise<Bootstrap>;
  /** Your account and its settings. */
  get(options?: CallOptions): Promise<Account>;
  /** Changes the settings it names: `notify_new_sign_in` (a personal access token cannot; 403 insufficient_scope). */
  update(patch: AccountPatch, options?: CallOptions): Promise<Account>;
  /**
   * Changes your password; every session, token-mode token and JWT family of yours ends (personal access tokens too
   * with `revokePersonalAccessTokens`). This client goes on: a cookie session is handed its new session, and the
   * other schemes log in again with the new password. A wrong current password is a 401 and counts like a failed login.
   */
  changePassword(input: { currentPassword: string; newPassword: string; revokePersonalAccessTokens?: boolean }, options?: CallOptions): Promise<PasswordChanged>;
}

export function accountAPI(t: Transport, auth: AuthStrategy): AccountAPI {
  return {
    bootstrap: async (options = {}) => (await t.json<{ data: Bootstrap }>({ method: 'GET', path: '/api/v1/data/bootstrap', ...options })).data,
    get: async (options = {}) => (await t.json<{ data: Account }>({ method: 'GET', path: '/api/v1/account', ...options })).data,
    update: async (patch, options = {}) => (await t.json<{ data: Account }>({ method: 'PATCH', path: '/api/v1/account', json: patch, ...options })).data,
    async changePassword(input, options = {}): Promise<PasswordChanged> {
      const body = await t.json<PasswordChanged>({
        method: 'POST', path: '/api/auth/password', reauthenticate: false, ...options,
        json: { current_password: input.currentPassword, new_password: input.newPassword, ...(input.revokePersonalAccessTokens ? { revoke_personal_access_tokens: true } : {}) },
      });
      auth.adopt(body as Record<string, unknown>);
      auth.passwordChanged(input.newPassword);
      return body;
    },
  };
}

/** The studio's audit log, newest first, paged by cursor. */
export interface AuditEventsAPI {
  list(query?: AuditEventQuery, options?: CallOptions): Promise<AuditEventPage>;
  pages(query?: AuditEventQuery, options?: CallOptions): AsyncGenerator<AuditEventPage, void, undefined>;
  iterate(query?: AuditEventQuery, options?: CallOptions): AsyncGenerator<AuditEvent, void, undefined>;
}

export function auditEventsAPI(t: Transport): AuditEventsAPI {
  const path = '/api/v1/audit-events';
  const list = (query: AuditEventQuery = {}, options: CallOptions = {}): Promise<AuditEventPage> => t.json<AuditEventPage>({ method: 'GET', path, query, ...options });
  async function* pages(query: AuditEventQuery = {}, options: CallOptions = {}): AsyncGenerator<AuditEventPage, void, undefined> {
    let cursor = query.cursor;
    for (;;) {
      const page = await list({ ...query, ...(cursor !== undefined ? { cursor } : {}) }, options);
      yield page;
      if (page.next_cursor === null || page.data.length === 0) return;
      cursor = page.next_cursor;
    }
  }
  return {
    list,
    pages,
    async *iterate(query = {}, options = {}) {
      for await (const page of pages(query, options)) yield* page.data;
    },
  };
}
