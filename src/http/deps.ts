// Everything buildApp needs, passed in from main.ts or a test; nothing here reads process.env.
import type { Writable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Clock } from '../auth/clock.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/throttle.ts';
import type { SessionPolicy } from '../auth/sessions.ts';
import type { Store } from '../store/types.ts';

export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  hasher: PasswordHasher;
  limiter: LoginLimiter;
  sessionPolicy: SessionPolicy;
  /** HMAC key that binds CSRF tokens to sessions; persisted in the store so restarts keep tokens valid. */
  csrfKey: Buffer;
  /** Where logs go (defaults to stdout); tests pass a buffer to inspect them. */
  logStream?: Writable;
}
