// The gallery visitor's own session and CSRF cookies, with the same attributes rules as the studio's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { serializeCookie } from '../../auth/cookies.ts';

export interface VisitorCookieWriter {
  setSession(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  setCSRF(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  clearAll(request: FastifyRequest, reply: FastifyReply): void;
  clearSession(request: FastifyRequest, reply: FastifyReply): void;
}

export function createVisitorCookieWriter(config: Config): VisitorCookieWriter {
  const names = config.cookies;
  const secure = (request: FastifyRequest): boolean => config.cookies.secure === 'always' || (config.cookies.secure === 'auto' && request.protocol === 'https');
  const clearSession = (request: FastifyRequest, reply: FastifyReply): void => {
    reply.header('set-cookie', serializeCookie(names.visitorSession, '', { maxAge: 0, httpOnly: true, secure: secure(request), sameSite: 'Lax' }));
  };
  return {
    setSession(request, reply, token, maxAgeSeconds): void {
      reply.header('set-cookie', serializeCookie(names.visitorSession, token, { maxAge: maxAgeSeconds, httpOnly: true, secure: secure(request), sameSite: 'Lax' }));
    },
    setCSRF(request, reply, token, maxAgeSeconds): void {
      // Readable by the gallery page on purpose: it echoes the token in a header (session-bound double submit).
      reply.header('set-cookie', serializeCookie(names.visitorCsrf, token, { maxAge: maxAgeSeconds, httpOnly: false, secure: secure(request), sameSite: 'Lax' }));
    },
    clearSession,
    clearAll(request, reply): void {
      clearSession(request, reply);
      reply.header('set-cookie', serializeCookie(names.visitorCsrf, '', { maxAge: 0, httpOnly: false, secure: secure(request), sameSite: 'Lax' }));
    },
  };
}
