// Writing and clearing Lightbox's cookies with the right attributes for this request (Secure over HTTPS).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { serializeCookie } from '../auth/cookies.ts';

export interface CookieWriter {
  isSecure(request: FastifyRequest): boolean;
  setSession(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  setCSRF(request: FastifyRequest, reply: FastifyReply, token: string): void;
  /** The LibrePhotos-style `jwt` cookie holding an access token; Max-Age never outlives the token. */
  setJWT(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  /** Expires the session, JWT and CSRF cookies with the same Path they were set with. */
  clearAll(request: FastifyRequest, reply: FastifyReply): void;
  clearSession(request: FastifyRequest, reply: FastifyReply): void;
}

export function createCookieWriter(config: Config): CookieWriter {
  const names = config.cookies;
  const csrfMaxAge = config.session.absoluteTimeout;
  const isSecure = (request: FastifyRequest): boolean =>
    config.cookies.secure === 'always' || (config.cookies.secure === 'auto' && request.protocol === 'https');
  const clearSession = (request: FastifyRequest, reply: FastifyReply): void => {
    reply.header('set-cookie', serializeCookie(names.session, '', { maxAge: 0, httpOnly: true, secure: isSecure(request), sameSite: 'Lax' }));
  };
  return {
    isSecure,
    setSession(request, reply, token, maxAgeSeconds): void {
      reply.header('set-cookie', serializeCookie(names.session, token, { maxAge: maxAgeSeconds, httpOnly: true, secure: isSecure(request), sameSite: 'Lax' }));
    },
    setCSRF(request, reply, token): void {
      // Readable by scripts on purpose: the page echoes it in a header (double submit), and it is session-bound.
      reply.header('set-cookie', serializeCookie(names.csrf, token, { maxAge: csrfMaxAge, httpOnly: false, secure: isSecure(request), sameSite: 'Lax' }));
    },
    setJWT(request, reply, token, maxAgeSeconds): void {
      reply.header('set-cookie', serializeCookie(names.jwt, token, { maxAge: maxAgeSeconds, httpOnly: true, secure: isSecure(request), sameSite: 'Lax' }));
    },
    clearSession,
    clearAll(request, reply): void {
      clearSession(request, reply);
      reply.header('set-cookie', serializeCookie(names.jwt, '', { maxAge: 0, httpOnly: true, secure: isSecure(request), sameSite: 'Lax' }));
      reply.header('set-cookie', serializeCookie(names.csrf, '', { maxAge: 0, httpOnly: false, secure: isSecure(request), sameSite: 'Lax' }));
    },
  };
}
