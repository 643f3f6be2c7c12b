// The gallery visitor's own session and CSRF cookies, written by the same attribute rule as the studio's.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import { writeCookie } from '../../http/cookies.ts';

export interface VisitorCookieWriter {
  setSession(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  setCSRF(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void;
  clearAll(request: FastifyRequest, reply: FastifyReply): void;
  clearSession(request: FastifyRequest, reply: FastifyReply): void;
}

export function createVisitorCookieWriter(config: Config): VisitorCookieWriter {
  const { visitorSession, visitorCsrf } = config.cookies;
  const clearSession = (request: FastifyRequest, reply: FastifyReply): void => writeCookie(config, request, reply, visitorSession, '', { maxAge: 0, httpOnly: true });
  return {
    setSession: (request, reply, token, maxAge) => writeCookie(config, request, reply, visitorSession, token, { maxAge, httpOnly: true }),
    // Readable by the gallery page on purpose: it echoes the token in a header (session-bound double submit).
    setCSRF: (request, reply, token, maxAge) => writeCookie(config, request, reply, visitorCsrf, token, { maxAge, httpOnly: false }),
    clearSession,
    clearAll(request, reply): void {
      clearSession(request, reply);
      writeCookie(config, request, reply, visitorCsrf, '', { maxAge: 0, httpOnly: false });
    },
  };
}
