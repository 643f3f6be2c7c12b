// Everything buildApp needs, passed in from main.ts or a test; nothing here reads process.env.
import type { Writable } from 'node:stream';
import type { Config } from '../config.ts';
import type { Clock } from '../lib/clock.ts';
import type { PasswordHasher } from '../auth/passwords.ts';
import type { LoginLimiter } from '../auth/throttle.ts';
import type { ScriptRunner } from '../auth/redis-throttle.ts';
import type { SessionManager } from '../auth/sessions/manager.ts';
import type { Store } from '../store/types.ts';
import type { PhotoStorage } from '../storage/types.ts';
import type { JWTKeyring } from '../auth/jwt.ts';
import type { BasicCredentialCache } from '../auth/basic.ts';
import type { Metrics } from './metrics.ts';
import type { RequestCounter } from '../auth/request-counter.ts';
import type { BackgroundTasks } from '../lib/background-tasks.ts';
import type { Notifier } from '../lib/notifier.ts';
import type { LinkBase } from './link-base.ts';

/**
 * The server's one bounded queue for image decoding (api/photos/image-queue.ts): uploads and background renders share
 * its slots, so image work keeps to its share of the thread pool and logins keep theirs (issue #22).
 */
export interface ImageWork {
  run<T>(task: () => Promise<T>, options?: { priority?: 'upload' | 'background' }): Promise<T>;
  readonly load: { running: number; waiting: number };
}

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
  /** Image decoding for uploads and background renders, bounded. */
  imageQueue: ImageWork;
  /** Told when photos need rendering again (a watermark changed), so the render worker starts without waiting. */
  rendersQueued: Notifier;
  /** Services besides the store that /readyz checks, by name (Redis when redis.url is set). */
  readiness?: Array<{ name: string; ping(): Promise<void> }>;
  /** Redis for counters every instance shares (request rate limits), when redis.url is set; else they are per process. */
  sharedCounters?: ScriptRunner;
  /** The Prometheus metrics this app counts and serves on /metrics; absent when metrics.enabled is false. */
  metrics?: Metrics;
  /** Password-reset requests per email address and per client address (in Redis when redis.url is set). */
  resetCounter: RequestCounter;
  /** Email-confirmation codes a client address asks the gallery to mail (in Redis when redis.url is set). */
  emailCodeCounter: RequestCounter;
  /** Failed gallery passwords and download PINs per collection (loginThrottle.collectionMaxFailures; Redis when set). */
  collectionFailures: RequestCounter;
  /** "Gallery ready" mails per collection and recipient (CLIENT_MAIL_LIMIT; in Redis when redis.url is set). */
  clientMailCounter: RequestCounter;
  /** Requests per application key (auth.appKeyQuota; in Redis when redis.url is set). */
  appKeyCounter: RequestCounter;
  /** Work started by a request that runs after its answer (a reset request's account lookup and mail); app.close waits for it. */
  background: BackgroundTasks;
  /** Told whenever a message is queued in the outbox, so the mail worker sends it without waiting for its next look. */
  mailQueued: Notifier;
  /** The base URL of links in messages (server.publicUrl, else the listening address). */
  linkBase: LinkBase;
  /** Where logs go (defaults to stdout); tests pass a buffer to inspect them. */
  logStream?: Writable;
}
