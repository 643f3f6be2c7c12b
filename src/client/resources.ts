// Typed methods for the account, clients, notifications, sessions, personal access tokens and application keys.
import type { CallOptions, Transport } from './transport.ts';
import { items, paginate } from './pagination.ts';
import type {
  AccessToken, AccessTokenInput, AccountCredential, AppKey, AppKeyInput, Client, ClientInput, ClientListQuery, ClientPatch, Notification, Page, PageQuery, RevokeOthersResult,
} from './types.ts';

const seg = (id: string): string => encodeURIComponent(id);

export interface ClientsAPI {
  list(query?: ClientListQuery, options?: CallOptions): Promise<Page<Client>>;
  /** Every client over all pages, fetched page by page as the loop advances. */
  iterate(query?: ClientListQuery, options?: CallOptions): AsyncGenerator<Client, void, undefined>;
  pages(query?: ClientListQuery, options?: CallOptions): AsyncGenerator<Page<Client>, void, undefined>;
  get(id: string, options?: CallOptions): Promise<Client>;
  create(input: ClientInput, options?: CallOptions): Promise<Client>;
  /** PUT: omitted optional fields return to their defaults. */
  update(id: string, input: ClientInput, options?: CallOptions): Promise<Client>;
  patch(id: string, input: ClientPatch, options?: CallOptions): Promise<Client>;
  delete(id: string, options?: CallOptions): Promise<void>;
}

export function clientsAPI(t: Transport): ClientsAPI {
  const base = '/api/v1/clients';
  const pages = (query: ClientListQuery = {}, options: CallOptions = {}): AsyncGenerator<Page<Client>, void, undefined> => paginate<Client>(t, base, query, options);
  return {
    list: (query = {}, options = {}) => t.json<Page<Client>>({ method: 'GET', path: base, query, ...options }),
    iterate: (query = {}, options = {}) => items(pages(query, options)),
    pages,
    get: async (id, options = {}) => (await t.json<{ data: Client }>({ method: 'GET', path: `${base}/${seg(id)}`, ...options })).data,
    create: async (input, options = {}) => (await t.json<{ data: Client }>({ method: 'POST', path: base, json: input, ...options })).data,
    update: async (id, input, options = {}) => (await t.json<{ data: Client }>({ method: 'PUT', path: `${base}/${seg(id)}`, json: input, ...options })).data,
    patch: async (id, input, options = {}) => (await t.json<{ data: Client }>({ method: 'PATCH', path: `${base}/${seg(id)}`, json: input, ...options })).data,
    delete: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
  };
}

export interface NotificationsAPI {
  list(query?: PageQuery, options?: CallOptions): Promise<Page<Notification>>;
  iterate(query?: PageQuery, options?: CallOptions): AsyncGenerator<Notification, void, undefined>;
  markRead(id: string, options?: CallOptions): Promise<Notification>;
}

export function notificationsAPI(t: Transport): NotificationsAPI {
  const list = '/api/v1/notifications/all';
  return {
    list: (query = {}, options = {}) => t.json<Page<Notification>>({ method: 'GET', path: list, query, ...options }),
    iterate: (query = {}, options = {}) => items(paginate<Notification>(t, list, query, options)),
    markRead: async (id, options = {}) => (await t.json<{ data: Notification }>({ method: 'POST', path: `/api/v1/notifications/${seg(id)}/read`, ...options })).data,
  };
}

/** Your sessions and personal access tokens: see where you are signed in, end one, or sign out everywhere else. */
export interface SessionsAPI {
  list(options?: CallOptions): Promise<AccountCredential[]>;
  /** Ends a session (ses_…) or revokes a personal access token (pat_…) of yours, at once. */
  end(id: string, options?: CallOptions): Promise<void>;
  /** Ends every session but this client's; personal access tokens too when asked. */
  revokeOthers(input?: { includePersonalAccessTokens?: boolean }, options?: CallOptions): Promise<RevokeOthersResult>;
}

export function sessionsAPI(t: Transport): SessionsAPI {
  const base = '/api/v1/account/sessions';
  return {
    list: async (options = {}) => (await t.json<{ data: AccountCredential[] }>({ method: 'GET', path: base, ...options })).data,
    end: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
    revokeOthers: (input = {}, options = {}) => t.json<RevokeOthersResult>({
      method: 'POST', path: `${base}/revoke-others`, json: { include_personal_access_tokens: input.includePersonalAccessTokens === true }, ...options,
    }),
  };
}

/** Create answers with the secret (`token` / `key`) once; list never shows it. */
export interface CredentialAPI<T, I> {
  create(input: I, options?: CallOptions): Promise<T>;
  list(options?: CallOptions): Promise<T[]>;
  revoke(id: string, options?: CallOptions): Promise<void>;
}

function credentialAPI<T, I>(t: Transport, base: string): CredentialAPI<T, I> {
  return {
    create: async (input, options = {}) => (await t.json<{ data: T }>({ method: 'POST', path: base, json: input, ...options })).data,
    list: async (options = {}) => (await t.json<{ data: T[] }>({ method: 'GET', path: base, ...options })).data,
    revoke: async (id, options = {}) => {
      await t.send({ method: 'DELETE', path: `${base}/${seg(id)}`, ...options });
    },
  };
}

export function accessTokensAPI(t: Transport): CredentialAPI<AccessToken, AccessTokenInput> {
  return credentialAPI<AccessToken, AccessTokenInput>(t, '/api/v1/access-tokens');
}

export function appKeysAPI(t: Transport): CredentialAPI<AppKey, AppKeyInput> {
  return credentialAPI<AppKey, AppKeyInput>(t, '/api/v1/app-keys');
}
