// Password reset without a client (the person cannot sign in): ask for a mailed link, and complete it with the token
// from the link's fragment and a new password.
import { Transport, type CallOptions, type FetchFunction } from './transport.ts';
import { retryPolicy, type RetryOptions } from './retry.ts';
import { createAuthStrategy } from './auth.ts';
import type { PasswordResetCompleted, PasswordResetRequested } from './types.ts';

export interface AnonymousOptions extends CallOptions {
  baseUrl: string;
  appKey?: string;
  retry?: RetryOptions;
  fetch?: FetchFunction;
}

/** A transport with no credential, for the calls a person makes before they can sign in. */
export function anonymousTransport(options: AnonymousOptions): Transport {
  return new Transport(
    { baseUrl: options.baseUrl, fetch: options.fetch ?? ((input, init) => fetch(input, init)), retry: retryPolicy(options.retry), appKey: options.appKey },
    (send) => createAuthStrategy({ type: 'pat', token: '' }, send, Date.now),
  );
}

/** Always the same 202 answer, whether or not an account has the address; a 429 LightboxError when throttled. */
export async function requestPasswordReset(options: AnonymousOptions & { email: string }): Promise<PasswordResetRequested> {
  return anonymousTransport(options).json<PasswordResetRequested>({
    method: 'POST', path: '/api/auth/password-reset', json: { email: options.email }, authenticate: false, ...(options.signal ? { signal: options.signal } : {}),
  });
}

/**
 * Sets the new password; every session of the account ends (personal access tokens too with
 * `revokePersonalAccessTokens`). An unknown, expired or used token is a 400 LightboxError `reset_link_invalid`.
 */
export async function completePasswordReset(options: AnonymousOptions & { token: string; password: string; revokePersonalAccessTokens?: boolean }): Promise<PasswordResetCompleted> {
  return anonymousTransport(options).json<PasswordResetCompleted>({
    method: 'POST', path: '/api/auth/password-reset/complete', authenticate: false,
    json: { token: options.token, password: options.password, ...(options.revokePersonalAccessTokens ? { revoke_personal_access_tokens: true } : {}) },
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
