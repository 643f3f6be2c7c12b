// The revocation channel over Redis pub/sub: every instance's auth-cache writes reach the others, and a silent channel is a dead one.
import { randomBytes } from 'node:crypto';
import type { CacheChannel, InvalidationEvent } from '../cache-context.ts';
import type { RedisConnection } from './connection.ts';
import { mapRedisErrors } from './errors.ts';

export interface RevocationChannelOptions {
  /** Milliseconds between two heartbeats this instance sends itself through Redis (default 500). */
  heartbeatMs?: number;
  /** With nothing heard for this long the channel counts as down and the cache serves nothing (default 2000). */
  staleMs?: number;
  /** A monotonic clock in milliseconds; tests may move it by hand. */
  now?: () => number;
}

export interface RevocationChannel extends CacheChannel {
  close(): void;
}

const EVENT_FIELDS: Record<InvalidationEvent['kind'], string[]> = {
  'session': ['id'], 'user-sessions': ['userId'], 'user': ['id'], 'membership': ['userId', 'studioId'],
  'access-token': ['id'], 'app-key': ['id'], 'all': [],
};

function isEvent(value: unknown): value is InvalidationEvent {
  if (typeof value !== 'object' || value === null) return false;
  const event = value as Record<string, unknown>;
  const fields = typeof event.kind === 'string' ? EVENT_FIELDS[event.kind as InvalidationEvent['kind']] : undefined;
  return fields !== undefined && fields.every((f) => typeof event[f] === 'string');
}

/** What travels on the channel: the sender, and its events (none for a heartbeat). */
interface Message {
  o: string;
  e: InvalidationEvent[];
}

/** Null for a message that is not ours to read; a malformed one of ours is treated as "drop everything". */
function parseMessage(text: string): Message | 'malformed' {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return 'malformed';
    const { o, e } = value as { o?: unknown; e?: unknown };
    if (typeof o !== 'string' || !Array.isArray(e) || !e.every(isEvent)) return 'malformed';
    return { o, e };
  } catch {
    return 'malformed';
  }
}

/**
 * Subscribes to `<prefix>auth:invalidate`. Live means: subscribed, and this instance's own heartbeat came back within
 * `staleMs` (so a connection that is open but no longer delivers counts as down too). Going down and coming back
 * both reset the cache: events published while this instance was not listening are lost, so nothing cached before
 * may be trusted.
 */
export function openRevocationChannel(conn: RedisConnection, options: RevocationChannelOptions = {}): RevocationChannel {
  const now = options.now ?? ((): number => performance.now());
  const heartbeatMs = options.heartbeatMs ?? 500;
  const staleMs = options.staleMs ?? 2000;
  const name = `${conn.prefix}auth:invalidate`;
  const origin = randomBytes(9).toString('base64url');
  const heartbeat = JSON.stringify({ o: origin, e: [] } satisfies Message);
  const sub = conn.createSubscriber();
  let handlers: Parameters<CacheChannel['listen']>[0] | undefined;
  let subscribed = false;
  let lastHeard = Number.NEGATIVE_INFINITY;
  let wasLive = false;

  const reset = (): void => handlers?.reset();
  const live = (): boolean => {
    const isLive = subscribed && now() - lastHeard < staleMs;
    if (isLive !== wasLive) reset();
    wasLive = isLive;
    return isLive;
  };

  sub.on('ready', () => {
    sub.subscribe(name).then(() => {
      subscribed = true;
      lastHeard = now();
      reset();
      live();
    }, () => undefined); // the connection broke again; the next 'ready' retries
  });
  sub.on('close', () => {
    subscribed = false;
    live();
  });
  sub.on('message', (channel: string, text: string) => {
    if (channel !== name) return;
    lastHeard = now();
    const message = parseMessage(text);
    if (message === 'malformed') return reset();
    if (message.o !== origin && message.e.length > 0) handlers?.apply(message.e);
  });

  const beat = (): void => {
    conn.client.publish(name, heartbeat).catch(() => undefined);
    live(); // notices a stale channel even when no request asks
  };
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();

  return {
    live,
    publish: (events) => mapRedisErrors(async () => {
      await conn.client.publish(name, JSON.stringify({ o: origin, e: events } satisfies Message));
    }),
    listen(next): void {
      handlers = next;
    },
    close(): void {
      clearInterval(timer);
      sub.disconnect();
    },
  };
}
