// Writing and clearing Lightbox's cookies with the right attributes for this request (Secure over HTTPS).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { serializeCookie } from '../auth/cookies.ts';

export interface CookieWriter {
  setSession(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  setCSRF(request: FastifyRequest, reply: FastifyReply, token: string): void;
  /** The LibrePhotos-style `jwt` cookie holding an access token; Max-Age never outlives the token. */
  setJWT(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  /** Expires the session, JWT and CSRF cookies with the same Path they were set with. */
  clearAll(request: FastifyRequest, reply: FastifyReply): void;
  clearSession(request: FastifyRequest, reply: FastifyReply): void;
}

/** Secure when configured always, or (auto) when the request came over HTTPS, directly or via a trusted proxy. */
export function isSecureRequest(config: Config, request: FastifyRequest): boolean {
  return config.cookies.secure === 'always' || (config.cookies.secure === 'auto' && request.protocol === 'https');
}

/**
 * Writes one Lightbox cookie with the attributes every Lightbox cookie shares (Path=/, SameSite=Lax, Secure per
 * request); an empty value with Max-Age 0 expires it. Only the CSRF cookies are readable by scripts.
 * A response carries at most one Set-Cookie per name (RFC 6265 §4.1.1): a later write replaces an earlier one, so
 * the idle-timeout renewal set when the request was authenticated gives way to a route's own (login, logout,
 * password change).
 */
export function writeCookie(config: Config, request: FastifyRequest, reply: FastifyReply, name: string, value: string, options: { maxAge: number; httpOnly: boolean }): void {
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

export function createCookieWriter(config: Config): CookieWriter {
  const names = config.cookies;
  const csrfMaxAge = config.session.absoluteTimeout;
  const clearSession = (request: FastifyRequest, reply: FastifyReply): void => writeCookie(config, request, reply, names.session, '', { maxAge: 0, httpOnly: true });
  return {
    setSession: (request, reply, token, maxAge) => writeCookie(config, request, reply, names.session, token, { maxAge, httpOnly: true }),
    // Readable by scripts on purpose: the page echoes it in a header (double submit), and it is session-bound.
    setCSRF: (request, reply, token) => writeCookie(config, request, reply, names.csrf, token, { maxAge: csrfMaxAge, httpOnly: false }),
    setJWT: (request, reply, token, maxAge) => writeCookie(config, request, reply, names.jwt, token, { maxAge, httpOnly: true }),
    clearSession,
    clearAll(request, reply): void {
      clearSession(request, reply);
      writeCookie(config, request, reply, names.jwt, '', { maxAge: 0, httpOnly: true });
      writeCookie(config, request, reply, names.csrf, '', { maxAge: 0, httpOnly: false });
    },
  };
}
