// Opens the Redis connections of one instance: a command connection and a subscriber, with short timeouts and a key prefix.
import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { mapRedisErrors } from './errors.ts';

export interface RedisSettings {
  /** redis:// or rediss:// URL (password and database number in it, as Redis clients read them). */
  url: string;
  /** Put in front of every key and channel name: one Redis may serve several deployments, or parallel tests. */
  prefix: string;
  /** Milliseconds to establish a connection before it counts as failed (default 2000). */
  connectTimeoutMs?: number;
  /** Milliseconds a command may take before it fails as unavailable (default 1000). */
  commandTimeoutMs?: number;
  /** Told about connection failures (for a log line); never carries the URL. */
  onError?: (err: Error) => void;
}

/** One instance's link to Redis. Commands fail fast with AppError('unavailable') while Redis is away. */
export interface RedisConnection {
  readonly prefix: string;
  /** The command connection (for scripts, counters and PUBLISH). */
  readonly client: Redis;
  /** A second connection for the subscriber side: a subscribed connection can run no other command. */
  createSubscriber(): Redis;
  /** Runs a Lua script (EVALSHA, loading it when the server does not know it yet) with keys already prefixed. */
  evalScript(script: string, keys: string[], args: Array<string | number>): Promise<unknown>;
  /** PING with the command timeout: what /readyz asks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

function optionsFor(settings: RedisSettings): RedisOptions {
  return {
    // SECURITY-BAR's store timeouts: a Redis that does not answer is a 503 within about 2 s, not a hung request.
    connectTimeout: settings.connectTimeoutMs ?? 2000,
    commandTimeout: settings.commandTimeoutMs ?? 1000,
    // No offline queue: while disconnected a command fails at once (→ 503) instead of waiting for a reconnect that
    // may never come within the request's lifetime. One attempt per command; reconnects continue in the background.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number): number => Math.min(100 * attempt, 1000),
    // TCP keepalive, so a server that vanished without a FIN is noticed rather than waited on.
    keepAlive: 1000,
    lazyConnect: false,
    connectionName: 'lightbox',
  };
}

export function openRedis(settings: RedisSettings): RedisConnection {
  const options = optionsFor(settings);
  const onError = (err: Error): void => settings.onError?.(err);
  const client = new Redis(settings.url, options);
  // Without a listener ioredis prints every failed reconnect to stderr; the caller decides what is logged.
  client.on('error', onError);
  const subscribers = new Set<Redis>();
  // The SHA1 Redis knows each script by, computed here once (no SCRIPT LOAD round trip).
  const shas = new Map<string, string>();
  const scriptSha = (script: string): string => {
    let sha = shas.get(script);
    if (!sha) {
      sha = createHash('sha1').update(script).digest('hex');
      shas.set(script, sha);
    }
    return sha;
  };
  return {
    prefix: settings.prefix,
    client,
    createSubscriber(): Redis {
      // A subscriber waits for messages indefinitely: no command timeout on it, but the same connect timeout.
      const sub = new Redis(settings.url, { ...options, commandTimeout: undefined, autoResubscribe: false, connectionName: 'lightbox-sub' });
      sub.on('error', onError);
      subscribers.add(sub);
      return sub;
    },
    evalScript(script, keys, args): Promise<unknown> {
      return mapRedisErrors(async () => {
        const sha = scriptSha(script);
        try {
          return await client.evalsha(sha, keys.length, ...keys, ...args);
        } catch (err) {
          if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
          return client.eval(script, keys.length, ...keys, ...args);
        }
      });
    },
    ping: () => mapRedisErrors(async () => { await client.ping(); }),
    async close(): Promise<void> {
      for (const sub of subscribers) sub.disconnect();
      subscribers.clear();
      client.disconnect();
    },
  };
}

/** Resolves once the command connection is ready, or after `timeoutMs` whatever its state (commands then fail as 503). */
export function waitUntilReady(conn: RedisConnection, timeoutMs: number): Promise<boolean> {
  if (conn.client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean): void => {
      clearTimeout(timer);
      conn.client.off('ready', onReady);
      resolve(ready);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    conn.client.on('ready', onReady);
  });
}
