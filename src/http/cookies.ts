// The HTTP side of cookies: a response's CookieJar (the session manager decides what goes in it) with the attributes
// every Lightbox cookie shares.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { serializeCookie } from '../auth/cookies.ts';
import type { CookieJar } from '../auth/sessions/manager.ts';

/** Secure when configured always, or (auto) when the request came over HTTPS, directly or via a trusted proxy. */
export function isSecureRequest(config: Config, request: FastifyRequest): boolean {
  return config.cookies.secure === 'always' || (config.cookies.secure === 'auto' && request.protocol === 'https');
}

/**
 * Writes one cookie with the attributes every Lightbox cookie shares (Path=/, SameSite=Lax, Secure per request); an
 * empty value with Max-Age 0 expires it. Only the CSRF cookies are readable by scripts (the manager says which).
 * A response carries at most one Set-Cookie per name (RFC 6265 §4.1.1): a later write replaces an earlier one, so
 * the idle-timeout renewal set when the request was authenticated gives way to a route's own (login, logout,
 * password change).
 */
function writeCookie(config: Config, request: FastifyRequest, reply: FastifyReply, name: string, value: string, options: { maxAge: number; httpOnly: boolean }): void {
  const line = serializeCookie(name, value, { maxAge: options.maxAge, httpOnly: options.httpOnly, secure: isSecureRequest(config, request), sameSite: 'Lax' });
  const existing = reply.getHeader('set-cookie');
  if (existing !== undefined) {
    const prefix = `${name}=`;
    const kept = (Array.isArray(existing) ? existing : [String(existing)]).filter((l) => !l.startsWith(prefix));
    reply.removeHeader('set-cookie');
    for (const l of kept) reply.header('set-cookie', l);
  }
  reply.header('set-cookie', line);
}

/** The response's cookie jar, for the session manager. */
export function cookieJar(config: Config, request: FastifyRequest, reply: FastifyReply): CookieJar {
  return { set: (name, value, options) => writeCookie(config, request, reply, name, value, options) };
}
