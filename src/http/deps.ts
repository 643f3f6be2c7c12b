// Everything buildApp needs, passed in from main.ts or a test; nothing here reads process.env.
import type { Writable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Clock } from '../lib/clock.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/throttle.ts';
import type { SessionManager } from '../auth/sessions/manager.ts';
import type { Store } from '../store/types.ts';
import type { PhotoStorage } from '../storage/types.ts';
import type { JWTKeyring } from '../auth/jwt.ts';
import type { BasicCredentialCache } from '../auth/basic.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  limiter: LoginLimiter;
  /** Every kind of session, its cookies and its CSRF tokens (the keys persist in the store, so restarts keep tokens valid). */
  sessions: SessionManager;
  /** JWT signing keys (stored, rotated) and the verified-token cache. */
  keyring: JWTKeyring;
  /** Verified HTTP Basic credentials, so Basic requests do not pay an argon2 hash each time. */
  basicCache: BasicCredentialCache;
  /** Original photos and their derivatives. */
  storage: PhotoStorage;
  /** Where logs go (defaults to stdout); tests pass a buffer to inspect them. */
  logStream?: Writable;
}
