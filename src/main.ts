// Composition root: loadConfig → openStores → buildApp → listen. The only place that wires dependencies together.
import { join, resolve } from 'node:path';
import { availableParallelism, hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { FastifyInstance } from 'fastify';
import type { Writable } from 'node:stream';
import type { Config } from './config.ts';
import { SYSTEM_CLOCK, type Clock } from './lib/clock.ts';
import { PasswordHasher, hashConcurrency } from './auth/passwords.ts';
import { MemoryLoginLimiter, type LoginLimiter, type ThrottlePolicy } from './auth/throttle.ts';
import { RedisLoginLimiter } from './auth/redis-throttle.ts';
import { policyFromSeconds } from './auth/sessions/policy.ts';
import { SessionManager } from './auth/sessions/manager.ts';
import { loadCsrfKeys } from './auth/csrf-keys.ts';
import { issueSetupToken } from './auth/setup.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/open.ts';
import type { PostgresStore } from './store/postgres/open.ts';
import type { Store } from './store/types.ts';
import { createCachedStore } from './store/cached-store.ts';
import type { RedisConnection } from './store/redis/connection.ts';
import { buildApp } from './app.ts';
import type { AppDeps } from './http/deps.ts';
import { seedDemo } from './demo.ts';
import { LocalPhotoStorage } from './storage/local.ts';
import type { PhotoStorage } from './storage/types.ts';
import { settleStagedPhotos } from './api/photos/service.ts';
import { backfillDominantColors } from './api/photos/dominant-color.ts';
import { ImageQueue } from './api/photos/image-queue.ts';
import { RenderWorker, removeUnusedRenderSets } from './api/photos/renditions.ts';
import type { ErrorLog } from './api/photos/files.ts';
import { JWTKeyring } from './auth/jwt.ts';
import { BasicCredentialCache } from './auth/basic.ts';
import { chooseLogOutput, prettyLogStream } from './http/log-format.ts';
import { smtpTransport } from './mail/smtp.ts';
import { fileTransport } from './mail/file-transport.ts';
import { startMailWorker, type MailRunner } from './mail/runner.ts';
import type { MailTransport } from './mail/worker.ts';
import { MemoryRequestCounter, RedisRequestCounter, type RequestCounter } from './auth/request-counter.ts';
import { TrackedTasks, type BackgroundTasks } from './lib/background-tasks.ts';
import { Notifier } from './lib/notifier.ts';
import { LinkBase } from './http/link-base.ts';
import { sendExpiryReminders } from './api/collections/expiry-reminders.ts';
import { visitEventsKeptFrom } from './api/collections/activity.ts';
import { SIGN_IN_MEMORY_MS } from './http/sign-in-alerts.ts';
import { EMAIL_CODE_KEEP_MS } from './api/visitors/email-confirmation.ts';

export function databaseFile(config: Config): string {
  return join(resolve(config.dataDir), 'lightbox.db');
}

/**
 * A store as opened by openStores: either backend, with its schema up to date, and the Redis connection when
 * redis.url is set (closed with the store).
 */
export type OpenedStore = (SqliteStore | PostgresStore) & { redis?: RedisConnection };

/**
 * How long an entry of the shared (PostgreSQL + Redis) auth cache is served at most: bounds what an instance cut off
 * from Redis alone could miss of another's revocations (its own reads bypass the cache at once).
 */
const SHARED_CACHE_MAX_AGE_MS = 30_000;

// PostgreSQL (pg), Redis (ioredis) and metrics (prom-client) are imported only when configured: the embedded store's
// start does not load them (about 120 ms of imports together).

/** Connects to Redis, waiting up to its connect timeout: a Redis that is down at start means 503s until it is back. */
async function connectRedis(config: Config): Promise<RedisConnection | undefined> {
  if (config.redis.url === undefined) return undefined;
  const { openRedis, waitUntilReady } = await import('./store/redis/connection.ts');
  const redis = openRedis({ url: config.redis.url, prefix: config.redis.prefix });
  await waitUntilReady(redis, 2000);
  return redis;
}

/**
 * PostgreSQL is shared by every instance, so its auth cache is safe only with the Redis revocation channel: with
 * redis.url the store is wrapped in the cache and every write is announced; without it, it stays uncached.
 */
async function shareCache(store: PostgresStore, redis: RedisConnection | undefined): Promise<OpenedStore> {
  if (redis === undefined) return store;
  const { openRevocationChannel } = await import('./store/redis/revocation-channel.ts');
  const channel = openRevocationChannel(redis);
  const cached = createCachedStore(store, { channel, maxAgeMs: SHARED_CACHE_MAX_AGE_MS });
  return {
    ...cached,
    redis,
    async close(): Promise<void> {
      channel.close();
      await redis.close();
      await store.close();
    },
  };
}

/** Where the data lives, for messages: the SQLite file, or the PostgreSQL URL without its password. */
export function describeStore(config: Config): string {
  if (config.store.kind === 'sqlite') return databaseFile(config);
  try {
    const url = new URL(config.store.url ?? '');
    url.password = '';
    return url.toString();
  } catch {
    return 'PostgreSQL';
  }
}

/**
 * Opens the configured store (the embedded SQLite file under the data folder, or PostgreSQL at store.url) and brings
 * its schema up to date. On PostgreSQL several instances may do this at once: migrate() serialises them.
 */
export async function openStores(config: Config): Promise<OpenedStore> {
  const redis = await connectRedis(config);
  const store: OpenedStore = config.store.kind === 'postgres' && config.store.url !== undefined
    ? await shareCache((await import('./store/postgres/open.ts')).openPostgresStore(config.store.url), redis)
    : withRedis(openSqliteStore(databaseFile(config)), redis);
  try {
    await store.migrate();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export function createHasher(config: Config): PasswordHasher {
  const p = config.password;
  return new PasswordHasher({ memoryCost: p.memoryCost, timeCost: p.timeCost, parallelism: p.parallelism, maxConcurrent: hashConcurrency(p.maxConcurrent), maxQueue: p.maxQueue });
}

/** The SQLite store's cache already sees other writers (PRAGMA data_version); Redis then only shares the login counters. */
function withRedis(store: SqliteStore, redis: RedisConnection | undefined): OpenedStore {
  if (redis === undefined) return store;
  return { ...store, redis, close: async () => { await redis.close(); await store.close(); } };
}

/** Login counters: in Redis when it is configured (shared by every instance), else in this process. */
function createLimiter(policy: ThrottlePolicy, clock: Clock, redis: RedisConnection | undefined): LoginLimiter {
  return redis === undefined ? new MemoryLoginLimiter(policy, clock) : new RedisLoginLimiter(redis, policy, clock);
}

function throttlePolicy(config: Config): ThrottlePolicy {
  const t = config.loginThrottle;
  return {
    freeFailures: t.freeFailures, baseDelayMs: t.baseDelay * 1000, maxDelayMs: t.maxDelay * 1000,
    hardLockAfter: t.hardLockAfter, ipMaxFailures: t.ipMaxFailures, ipWindowMs: t.ipWindow * 1000,
  };
}

/**
 * Clears the shared (Redis) login counters of an identifier, for `lightbox user unlock`: unlike a server's in-memory
 * counters they survive restarts. Without Redis there is nothing shared to clear.
 */
export async function clearSharedLoginThrottle(config: Config, store: OpenedStore, identifierKey: string): Promise<void> {
  if (store.redis === undefined) return;
  await new RedisLoginLimiter(store.redis, throttlePolicy(config), SYSTEM_CLOCK).reset(identifierKey);
}

/** Request counters (reset requests, application-key quotas): in Redis when configured (shared by every instance), else in this process. */
function createRequestCounter(clock: Clock, redis: RedisConnection | undefined, scope: string): RequestCounter {
  return redis === undefined ? new MemoryRequestCounter(clock) : new RedisRequestCounter(redis, scope);
}

/**
 * Photo files: under dataDir/photos, or in the S3 bucket of storage.s3 (staged on this machine's disk in
 * dataDir/s3-staging before they are uploaded). The AWS SDK is imported only for S3.
 */
export async function openPhotoStorage(config: Config): Promise<PhotoStorage> {
  const dataDir = resolve(config.dataDir);
  if (config.storage.kind === 's3') {
    const { S3PhotoStorage } = await import('./storage/s3.ts');
    const storage = new S3PhotoStorage(config.storage.s3, join(dataDir, 's3-staging'));
    await storage.init();
    return storage;
  }
  const storage = new LocalPhotoStorage(join(dataDir, 'photos'));
  await storage.init();
  return storage;
}

export interface CreateDepsOptions {
  clock?: Clock;
  logStream?: Writable;
  redis?: RedisConnection;
  /** Where after-response work runs; tests pass one that holds it to show the answer came first. */
  background?: BackgroundTasks;
}

/** `store.redis` (an OpenedStore's) is used unless `options.redis` names another connection. */
export async function createDeps(config: Config, store: Store & { redis?: RedisConnection }, options: CreateDepsOptions = {}): Promise<AppDeps> {
  const redis = options.redis ?? store.redis;
  const clock = options.clock ?? SYSTEM_CLOCK;
  const csrfKeys = await loadCsrfKeys(store.secrets, clock);
  const jwt = config.auth.jwt;
  const keyring = new JWTKeyring(store.jwtKeys, clock, {
    issuer: jwt.issuer ?? config.server.publicUrl ?? 'lightbox', audience: jwt.audience, accessTtlMs: jwt.accessTtl * 1000,
    rotationMs: jwt.keyRotationDays * 86_400_000, leewaySeconds: jwt.leeway,
  });
  await keyring.load();
  const storage = await openPhotoStorage(config);
  // libvips threads per image: with photos.processingConcurrency images at once, image work keeps to its share of
  // the cores and argon2 (logins) keeps the rest (issue #22).
  sharp.concurrency(config.photos.processingThreads ?? Math.max(1, Math.floor(availableParallelism() / 2)));
  const sessions = new SessionManager({
    store, clock, keyring, csrfKeys, cookies: config.cookies, refreshTtlMs: jwt.refreshTtl * 1000,
    policy: policyFromSeconds(config.session.idleTimeout, config.session.absoluteTimeout, config.session.touchInterval),
  });
  const p = config.photos;
  // One queue per server: every upload's decodes and the background renders share it (issue #22).
  const imageQueue = new ImageQueue({ concurrency: p.processingConcurrency, maxWaiting: p.processingQueue, retryAfter: 5 });
  const metrics = config.metrics.enabled ? new (await import('./http/metrics.ts')).Metrics({ processMetrics: config.metrics.processMetrics, activeSessions: () => sessions.countLive() }) : undefined;
  return {
    config,
    store,
    clock,
    hasher: createHasher(config),
    limiter: createLimiter(throttlePolicy(config), clock, redis),
    sessions,
    keyring,
    basicCache: new BasicCredentialCache(config.auth.basic.cacheTtl * 1000),
    storage,
    imageQueue,
    rendersQueued: new Notifier(),
    readiness: redis ? [{ name: 'redis', ping: redis.ping }] : [],
    resetCounter: createRequestCounter(clock, redis, 'password-reset'),
    emailCodeCounter: createRequestCounter(clock, redis, 'visitor-email-code'),
    appKeyCounter: createRequestCounter(clock, redis, 'app-key'),
    clientMailCounter: createRequestCounter(clock, redis, 'client-mail'),
    collectionFailures: createRequestCounter(clock, redis, 'gallery-failures'),
    // Errors are logged by the task itself (it has the request's logger); this is the last resort.
    background: options.background ?? new TrackedTasks((err) => process.stderr.write(`background task failed: ${String(err)}\n`)),
    mailQueued: new Notifier(),
    linkBase: new LinkBase(config),
    ...(redis ? { sharedCounters: redis } : {}),
    ...(options.logStream ? { logStream: options.logStream } : {}),
    ...(metrics ? { metrics } : {}),
  };
}

/** How long an invitation is kept after it expired (or was used or withdrawn and then expired). */
const INVITATION_KEEP_MS = 30 * 86_400_000;

/**
 * The hourly housekeeping of a running server: expired sessions go, the JWT signing key rotates when due, a CSRF
 * key rotated by `lightbox secrets rotate csrf` (from another process) is taken up, and the clients of collections
 * closing soon are reminded (once each, whichever instance gets there first). Old rows go: audit events past their
 * retention, spent tokens and codes, per-visit rows past the longest window the activity chart shows, and the files
 * of photo sets no row names (a render that died midway).
 */
export async function housekeeping(deps: AppDeps, log: ErrorLog = { error: () => undefined }): Promise<void> {
  await deps.sessions.sweepExpired();
  await deps.store.audit.deleteAuditEventsBefore(deps.clock.now() - deps.config.audit.retentionDays * 86_400_000);
  await deps.store.passwordResets.deletePasswordResetTokensBefore(deps.clock.now());
  // Kept a while after expiry, so an old link still says "expired" rather than "not valid".
  await deps.store.invitations.deleteInvitationsExpiredBefore(deps.clock.now() - INVITATION_KEEP_MS);
  await deps.keyring.load();
  deps.sessions.useCsrfKeys(await loadCsrfKeys(deps.store.secrets, deps.clock));
  // Last: a failure here (logged by the caller) must not keep the keys above from rotating.
  await deps.store.visitorEmail.deleteEmailCodesBefore(deps.clock.now() - EMAIL_CODE_KEEP_MS);
  await deps.store.signIns.deleteSignInDevicesSeenBefore(deps.clock.now() - SIGN_IN_MEMORY_MS);
  // Per-visit rows older than the longest window the activity chart shows; the visitors' own counts stay.
  await deps.store.galleryActivity.deleteVisitEventsBefore(visitEventsKeptFrom(deps.clock.now()));
  // Photo sets a render left behind (its process died, or a removal failed): their files go.
  const sets = await removeUnusedRenderSets({ store: deps.store, storage: deps.storage, clock: deps.clock, log });
  if (sets.removed + sets.failed > 0) log.warn?.({ removed: sets.removed, failed: sets.failed }, 'photo sets no row names were removed');
  await sendExpiryReminders(deps);
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/** Where mail without an SMTP server goes: one .eml file per message, for a developer to open. */
export function outboxDir(config: Config): string {
  return join(resolve(config.dataDir), 'outbox');
}

/** The SMTP URL for messages: without its password. */
function describeMailUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.username = '';
    return u.toString();
  } catch {
    return 'the configured SMTP server';
  }
}

/**
 * Starts the outbox worker: over SMTP with mail.url, else into data/outbox/ (and a log line per message). Messages
 * queued by this instance wake it at once; others' (and retries) are found on its next look.
 */
function startMail(config: Config, deps: AppDeps, log: FastifyInstance['log'], print: (line: string) => void): MailRunner {
  let transport: MailTransport;
  if (config.mail.url !== undefined) {
    transport = smtpTransport(config.mail.url);
    print(`Mail goes out through ${describeMailUrl(config.mail.url)} as ${config.mail.from}`);
  } else {
    const dir = outboxDir(config);
    transport = fileTransport(dir, log);
    print(`mail is not configured; messages are written to ${dir} (and logged without their contents). Set mail.url (LIGHTBOX_MAIL_URL) to send them.`);
  }
  const runner = startMailWorker({
    outbox: deps.store.mailOutbox, transport, from: config.mail.from, now: () => deps.clock.now(), maxAttempts: config.mail.maxAttempts,
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`, pollMs: config.mail.pollInterval * 1000, log,
  });
  deps.mailQueued.subscribe(() => runner.wake());
  return runner;
}

export async function startServer(config: Config, options: { demo?: boolean; print?: (line: string) => void } = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const store = await openStores(config);
  // JSON lines (pino's own fast destination) unless a person is reading: log.format, or auto on a terminal.
  const logStream = chooseLogOutput(config.log.format, process.stdout.isTTY === true) === 'pretty' ? await prettyLogStream() : undefined;
  const deps = await createDeps(config, store, logStream ? { logStream } : {});
  const app = await buildApp(deps);
  // Before the first request: uploads a crash interrupted are finished (row committed) or removed (issue #22).
  const settled = await settleStagedPhotos(deps);
  if (settled.completed + settled.removed > 0) app.log.warn(settled, 'settled photo files left in staging by an interrupted run');
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  if (config.metrics.enabled && config.metrics.token === undefined) {
    app.log.warn({ event: 'metrics_open' }, '/metrics needs no token: anyone who reaches this port can read it (set metrics.token)');
  }
  const base = (config.server.publicUrl ?? address).replace(/\/$/, '');
  deps.linkBase.bind(address);
  const mail = startMail(config, deps, app.log, print);

  print(`Lightbox is listening on ${base} (data in ${resolve(config.dataDir)})`);
  if (options.demo) {
    const demo = await seedDemo(deps, app.log);
    print(`Demo studio "${demo.studioName}" is ready. Log in at ${base}/login`);
    print(`  email: ${demo.email}`);
    print(`  password: ${demo.password}`);
    if (demo.gallery) {
      print(`Sample collection "${demo.gallery.name}": ${base}/galleries/login?collection=${demo.gallery.slug}`);
      print(`  collection password: ${demo.gallery.password}`);
    }
  } else {
    const token = await issueSetupToken(store, deps.clock);
    if (token) print(`No account exists yet. Create the owner account (this link works once): ${base}/setup?token=${token}`);
  }

  const sweep = async (): Promise<void> => {
    try {
      await housekeeping(deps, app.log);
    } catch (err) {
      app.log.warn({ err }, 'expired-session sweep failed');
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), CLEANUP_INTERVAL_MS);
  timer.unref();
  // Photos uploaded before dominant colours existed (migration 0013) get theirs in the background, one decode at a time.
  const stopBackfill = new AbortController();
  const backfill = backfillDominantColors({ store, storage: deps.storage, queue: new ImageQueue({ concurrency: 1, maxWaiting: Number.POSITIVE_INFINITY, retryAfter: 1 }), log: app.log }, { signal: stopBackfill.signal })
    .then((colored) => { if (colored > 0) app.log.info({ colored }, 'dominant colours computed for earlier photos'); })
    .catch((err: unknown) => app.log.warn({ err }, 'dominant colour backfill stopped'));

  // Photos whose collection's watermark changed (also while the server was down), and photos made before the medium
  // size and WebP copies, are rendered again in the background, one at a time behind uploads; a watermark change wakes it.
  const renders = new RenderWorker({ store, storage: deps.storage, queue: deps.imageQueue, log: app.log, maxPixels: config.photos.maxPixels, clock: deps.clock });
  deps.rendersQueued.subscribe(() => renders.wake());
  renders.wake();

  return {
    app,
    url: base,
    async close(): Promise<void> {
      clearInterval(timer);
      stopBackfill.abort();
      await backfill;
      await renders.stop();
      // Requests first (and the mail they queue after answering), then the message in hand, then the store.
      await app.close();
      await mail.stop();
      await deps.storage.close();
      await store.close();
    },
  };
}
