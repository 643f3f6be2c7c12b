// Composition root: loadConfig → openStores → buildApp → listen. The only place that wires dependencies together.
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Writable } from 'node:stream';
import type { Config } from './config.ts';
import { SYSTEM_CLOCK, type Clock } from './lib/clock.ts';
import { PasswordHasher, hashConcurrency } from './auth/passwords.ts';
import { MemoryLoginLimiter } from './auth/throttle.ts';
import { policyFromSeconds } from './auth/sessions/policy.ts';
import { SessionManager } from './auth/sessions/manager.ts';
import { loadCsrfKeys } from './auth/csrf-keys.ts';
import { issueSetupToken } from './auth/setup.ts';
import { openSqliteStore, type SqliteStore } from './store/sqlite/open.ts';
import { openPostgresStore, type PostgresStore } from './store/postgres/open.ts';
import type { Store } from './store/types.ts';
import { buildApp } from './app.ts';
import type { AppDeps } from './http/deps.ts';
import { seedDemo } from './demo.ts';
import { LocalPhotoStorage } from './storage/local.ts';
import { JWTKeyring } from './auth/jwt.ts';
import { BasicCredentialCache } from './auth/basic.ts';

export function databaseFile(config: Config): string {
  return join(resolve(config.dataDir), 'lightbox.db');
}

/** A store as opened by openStores: either backend, with its schema up to date. */
export type OpenedStore = SqliteStore | PostgresStore;

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
  const store = config.store.kind === 'postgres' && config.store.url !== undefined
    ? openPostgresStore(config.store.url)
    : openSqliteStore(databaseFile(config));
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

export async function createDeps(config: Config, store: Store, options: { clock?: Clock; logStream?: Writable } = {}): Promise<AppDeps> {
  const clock = options.clock ?? SYSTEM_CLOCK;
  const csrfKeys = await loadCsrfKeys(store.secrets, clock);
  const t = config.loginThrottle;
  const jwt = config.auth.jwt;
  const keyring = new JWTKeyring(store.jwtKeys, clock, {
    issuer: jwt.issuer ?? config.server.publicUrl ?? 'lightbox', audience: jwt.audience, accessTtlMs: jwt.accessTtl * 1000,
    rotationMs: jwt.keyRotationDays * 86_400_000, leewaySeconds: jwt.leeway,
  });
  await keyring.load();
  const storage = new LocalPhotoStorage(join(resolve(config.dataDir), 'photos'));
  await storage.init();
  return {
    config,
    store,
    clock,
    hasher: createHasher(config),
    limiter: new MemoryLoginLimiter({
      freeFailures: t.freeFailures, baseDelayMs: t.baseDelay * 1000, maxDelayMs: t.maxDelay * 1000,
      hardLockAfter: t.hardLockAfter, ipMaxFailures: t.ipMaxFailures, ipWindowMs: t.ipWindow * 1000,
    }, clock),
    sessions: new SessionManager({
      store, clock, keyring, csrfKeys, cookies: config.cookies, refreshTtlMs: jwt.refreshTtl * 1000,
      policy: policyFromSeconds(config.session.idleTimeout, config.session.absoluteTimeout, config.session.touchInterval),
    }),
    keyring,
    basicCache: new BasicCredentialCache(config.auth.basic.cacheTtl * 1000),
    storage,
    ...(options.logStream ? { logStream: options.logStream } : {}),
  };
}

/**
 * The hourly housekeeping of a running server: expired sessions go, the JWT signing key rotates when due, and a CSRF
 * key rotated by `lightbox secrets rotate csrf` (from another process) is taken up.
 */
export async function housekeeping(deps: AppDeps): Promise<void> {
  await deps.sessions.sweepExpired();
  await deps.keyring.load();
  deps.sessions.useCsrfKeys(await loadCsrfKeys(deps.store.secrets, deps.clock));
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

export async function startServer(config: Config, options: { demo?: boolean; print?: (line: string) => void } = {}): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const store = await openStores(config);
  const deps = await createDeps(config, store);
  const app = await buildApp(deps);
  const address = await app.listen({ host: config.server.host, port: config.server.port });
  const base = (config.server.publicUrl ?? address).replace(/\/$/, '');

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
      await housekeeping(deps);
    } catch (err) {
      app.log.warn({ err }, 'expired-session sweep failed');
    }
  };
  await sweep();
  const timer = setInterval(() => void sweep(), CLEANUP_INTERVAL_MS);
  timer.unref();

  return {
    app,
    url: base,
    async close(): Promise<void> {
      clearInterval(timer);
      await app.close();
      await store.close();
    },
  };
}
