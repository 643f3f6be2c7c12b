// JWT access tokens: EdDSA keys kept in the store and rotated, pinned-algorithm verification, a bounded cache.
import { SignJWT, jwtVerify, generateKeyPair, exportJWK, importJWK, errors as joseErrors, type JWK, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import type { JwtKeyStore } from '../store/types.ts';
import type { Clock } from '../lib/clock.ts';
import { generateSecret } from '../lib/ids.ts';
import { createBoundedCache } from '../lib/bounded-cache.ts';

const ALG = 'EdDSA';
const TYP = 'at+jwt';
const CACHE_MAX = 10_000;
const RELOAD_INTERVAL_MS = 10_000;

export interface JWTOptions {
  issuer: string;
  audience: string;
  accessTtlMs: number;
  rotationMs: number;
  /** Accepted clock skew when checking exp / nbf / iat. */
  leewaySeconds: number;
}

export interface AccessClaims {
  sub: string;
  sid: string;
  studio: string | null;
  scope: string[];
  jti: string;
  iat: number;
  exp: number;
}

interface LoadedKey {
  kid: string;
  createdAt: number;
  retiredAt: number | null;
  publicJwk: JWK;
  publicKey: CryptoKey;
  privateKey: CryptoKey;
}

/** Signing keys: sign with the newest, verify with any key not yet dropped; JWKS publishes the public halves. */
export class JWTKeyring {
  private keys = new Map<string, LoadedKey>();
  private lastReload = 0;
  /**
   * Verified tokens until their expiry; revocation stays instant because the session is still checked per request.
   * Keyed by the signature segment (86 characters, where the whole token is ~300: the key is hashed on every lookup),
   * and a hit counts only when the whole token is the one that was verified.
   */
  private readonly verified = createBoundedCache<string, VerifiedToken>({ maxEntries: CACHE_MAX });

  constructor(private readonly store: JwtKeyStore, private readonly clock: Clock, readonly options: JWTOptions) {}

  /** Loads the stored keys, creating the first one or rotating when the current one is older than the rotation period. */
  async load(): Promise<void> {
    await this.reload();
    const current = this.current();
    if (!current || this.clock.now() - current.createdAt >= this.options.rotationMs) await this.rotate();
  }

  /** Adds a new signing key, retires the others, drops keys retired longer than an access token can live. */
  async rotate(): Promise<void> {
    const now = this.clock.now();
    const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const kid = `jk_${generateSecret(12)}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await this.store.insertJwtKey({ kid, alg: ALG, privateJwk: JSON.stringify(privateJwk), publicJwk: JSON.stringify(publicJwk), createdAt: now, retiredAt: null });
    await this.store.retireJwtKeys(kid, now);
    await this.store.deleteJwtKeysRetiredBefore(now - this.options.accessTtlMs - this.options.leewaySeconds * 1000);
    await this.reload();
  }

  private async reload(): Promise<void> {
    const rows = await this.store.listJwtKeys();
    const next = new Map<string, LoadedKey>();
    for (const row of rows) {
      if (row.alg !== ALG) continue;
      const existing = this.keys.get(row.kid);
      if (existing) {
        next.set(row.kid, { ...existing, retiredAt: row.retiredAt });
        continue;
      }
      const publicJwk = JSON.parse(row.publicJwk) as JWK;
      next.set(row.kid, {
        kid: row.kid, createdAt: row.createdAt, retiredAt: row.retiredAt, publicJwk,
        publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey,
        privateKey: (await importJWK(JSON.parse(row.privateJwk) as JWK, ALG)) as CryptoKey,
      });
    }
    const dropped = [...this.keys.keys()].some((kid) => !next.has(kid));
    this.keys = next;
    this.lastReload = this.clock.now();
    if (dropped) this.verified.clear(); // tokens signed by a dropped key must not survive in the cache
  }

  private current(): LoadedKey | undefined {
    let best: LoadedKey | undefined;
    for (const k of this.keys.values()) if (k.retiredAt === null && (!best || k.createdAt > best.createdAt)) best = k;
    return best;
  }

  jwks(): { keys: JWK[] } {
    return { keys: [...this.keys.values()].map((k) => k.publicJwk) };
  }

  async sign(claims: { sub: string; sid: string; studio: string | null; scope: string[] }): Promise<{ token: string; expiresAt: number }> {
    const key = this.current();
    if (!key) throw new Error('no JWT signing key loaded');
    const now = this.clock.now();
    const iat = Math.floor(now / 1000);
    const exp = iat + Math.floor(this.options.accessTtlMs / 1000);
    const token = await new SignJWT({ sid: claims.sid, studio: claims.studio, scope: claims.scope.join(' ') })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYP })
      .setIssuer(this.options.issuer).setAudience(this.options.audience).setSubject(claims.sub)
      .setJti(randomUUID()).setIssuedAt(iat).setExpirationTime(exp)
      .sign(key.privateKey);
    return { token, expiresAt: exp * 1000 };
  }

  /** The cache entry for exactly this token string, fresh or expired; undefined when it was never verified. */
  private verifiedEntry(token: string, cacheKey = signatureOf(token)): VerifiedToken | undefined {
    const entry = this.verified.get(cacheKey);
    return entry !== undefined && entry.token === token ? entry : undefined;
  }

  private unexpired(claims: AccessClaims): boolean {
    return claims.exp + this.options.leewaySeconds > this.clock.now() / 1000;
  }

  /** The claims of a token verified before and not expired since, without a promise; undefined otherwise. */
  cachedClaims(token: string): AccessClaims | undefined {
    const entry = this.verifiedEntry(token);
    return entry && this.unexpired(entry.claims) ? entry.claims : undefined;
  }

  /** Null for anything that is not a valid, current access token of ours. Never throws. */
  async verify(token: string): Promise<AccessClaims | null> {
    const checked = await this.check(token);
    return 'claims' in checked ? checked.claims : null;
  }

  /**
   * The claims of a valid, current access token, or why it was refused: for the security log only (SECURITY-BAR R52);
   * the client always gets the same invalid_token. Never throws.
   */
  async check(token: string): Promise<{ claims: AccessClaims } | { refused: JwtRefusal }> {
    if (token.length > 4096) return { refused: 'too_long' };
    const cacheKey = signatureOf(token);
    const known = this.verifiedEntry(token, cacheKey);
    if (known) {
      if (this.unexpired(known.claims)) return { claims: known.claims };
      this.verified.delete(cacheKey);
      return { refused: 'expired' }; // verified once, expired since
    }
    if (!JWT_SHAPE.test(token)) return { refused: 'malformed' };
    try {
      const { payload } = await jwtVerify(token, async (header) => {
        const kid = typeof header.kid === 'string' ? header.kid : '';
        let key = this.keys.get(kid);
        if (!key && /^jk_[A-Za-z0-9_-]{16}$/.test(kid) && this.clock.now() - this.lastReload > RELOAD_INTERVAL_MS) {
          await this.reload(); // another instance may have rotated
          key = this.keys.get(kid);
        }
        if (!key) throw new UnknownKeyError();
        return key.publicKey;
      }, {
        algorithms: [ALG], issuer: this.options.issuer, audience: this.options.audience, typ: TYP,
        requiredClaims: ['exp', 'iat', 'jti', 'sub', 'sid'], currentDate: new Date(this.clock.now()), clockTolerance: this.options.leewaySeconds,
      });
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return { refused: 'claims_invalid' };
      // jose checks iat only with maxTokenAge: a token "issued" in the future (beyond the leeway, the documented clock
      // skew) was not issued by a clock we trust (issue #22, defect 6).
      if ((payload.iat as number) > this.clock.now() / 1000 + this.options.leewaySeconds) return { refused: 'issued_in_future' };
      const studio = payload.studio;
      if (studio !== null && typeof studio !== 'string') return { refused: 'claims_invalid' };
      const claims: AccessClaims = {
        sub: payload.sub, sid: payload.sid, studio: studio ?? null, jti: payload.jti,
        scope: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
        iat: payload.iat as number, exp: payload.exp as number,
      };
      this.verified.set(cacheKey, { token, claims });
      return { claims };
    } catch (err) {
      return { refused: refusalOf(err) };
    }
  }
}

/** Why an access token was refused, as the security log records it. */
export type JwtRefusal =
  | 'too_long' | 'malformed' | 'expired' | 'unknown_key' | 'algorithm_not_allowed' | 'bad_signature' | 'issued_in_future'
  | 'claims_invalid' | `claim_${'iss' | 'aud' | 'nbf' | 'typ' | 'missing'}` | 'unverifiable';

class UnknownKeyError extends Error {}

function refusalOf(err: unknown): JwtRefusal {
  if (err instanceof UnknownKeyError) return 'unknown_key';
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'algorithm_not_allowed';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.reason === 'missing') return 'claim_missing';
    if (err.claim === 'iss' || err.claim === 'aud' || err.claim === 'nbf' || err.claim === 'typ') return `claim_${err.claim}`;
    return 'claims_invalid';
  }
  if (err instanceof joseErrors.JWSInvalid || err instanceof joseErrors.JWTInvalid || err instanceof joseErrors.JOSENotSupported) return 'malformed';
  return 'unverifiable';
}

interface VerifiedToken {
  token: string;
  claims: AccessClaims;
}

/** A compact JWS: three base64url segments. Checked before a token reaches the verifier. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

function signatureOf(token: string): string {
  return token.slice(token.lastIndexOf('.') + 1);
}

/**
 * Whether a bearer value is meant as a JWT: three dot-separated segments, the first two non-empty. Only the dots are
 * looked at (this runs on every request); the characters are checked by `verify` before any cryptography, and a cache
 * hit is a string that passed that check. A value that fails it is refused either way (`invalid_token`).
 */
export function looksLikeJWT(value: string): boolean {
  const first = value.indexOf('.');
  if (first <= 0) return false;
  const second = value.indexOf('.', first + 1);
  return second > first + 1 && value.indexOf('.', second + 1) === -1;
}
