// The server's JSON Web Key Set, for a service that verifies Lightbox access JWTs itself (no credential needed).
import { anonymousTransport, type AnonymousOptions } from './password-reset.ts';
import type { JWKS } from './types.ts';

export async function getJWKS(options: AnonymousOptions): Promise<JWKS> {
  return anonymousTransport(options).json<JWKS>({ method: 'GET', path: '/.well-known/jwks.json', authenticate: false, ...(options.signal ? { signal: options.signal } : {}) });
}
