// Calling the Studio API as a logged-in user: cookie always, the CSRF header on unsafe methods unless told otherwise.
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, LoggedIn } from './app.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiCall {
  (method: Method, url: string, payload?: unknown, options?: { csrf?: boolean; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
}

export const FORBIDDEN_BODY = { error: 'Forbidden', message: 'Insufficient permissions', code: 'insufficient_permissions' } as const;

export function apiAs(t: TestApp, session: LoggedIn): ApiCall {
  return (method, url, payload, options = {}) => {
    const headers: Record<string, string> = { cookie: session.cookie, ...options.headers };
    if (method !== 'GET' && options.csrf !== false) headers['x-csrf-token'] = session.csrf;
    return t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  };
}

/** A syntactically valid id with the given prefix that names nothing. */
export function randomId(prefix: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < 22; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `${prefix}_${out}`;
}
