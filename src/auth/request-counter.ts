// Fixed-window request counters (password-reset requests per email address and per client address): in this process,
// or in Redis when it is configured so every instance counts together. Unlike the login limiter, every request
// counts, successful or not: what is limited is how many mails one person can make the server send.
import { createHash } from 'node:crypto';
import type { Clock } from '../lib/clock.ts';
import { createBoundedCache, type LRUCache } from '../lib/bounded-cache.ts';
import type { ScriptRunner } from './redis-throttle.ts';

export interface WindowCount {
  /** Requests in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

export interface RequestCounter {
  /** Counts one request under `key` in a window of `windowMs` that starts with the key's first request. */
  hit(key: string, windowMs: number): Promise<WindowCount>;
  /** The count of the current window without adding to it (0 and resetMs 0 when no window is open). */
  count(key: string, windowMs: number): Promise<WindowCount>;
}

interface Window {
  start: number;
  count: number;
}

/** Bounded whatever a spray of addresses: the least recently seen keys are forgotten first. */
const MAX_KEYS = 100_000;

export class MemoryRequestCounter implements RequestCounter {
  private readonly windows: LRUCache<string, Window> = createBoundedCache({ maxEntries: MAX_KEYS });

  constructor(private readonly clock: Clock) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const current = this.windows.get(key);
    const window = current !== undefined && now - current.start < windowMs ? current : { start: now, count: 0 };
    window.count++;
    this.windows.set(key, window);
    return { count: window.count, resetMs: window.start + windowMs - now };
  }

  async count(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.clock.now();
    const current = this.windows.get(key);
    if (current === undefined || now - current.start >= windowMs) return { count: 0, resetMs: 0 };
    return { count: current.count, resetMs: current.start + windowMs - now };
  }
}

// KEYS: counter. ARGV: window ms. {count, ms left}; the first request of a window sets its expiry.
const INCREMENT = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return {current, ttl}
`;

// KEYS: counter. {count, ms left}, or {0, 0} when no window is open.
const READ = `
local current = redis.call('GET', KEYS[1])
if not current then return {0, 0} end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then ttl = 0 end
return {tonumber(current), ttl}
`;

/** Keys hold a hash, so Redis never stores an email address or an IP. The window runs on Redis's clock. */
export class RedisRequestCounter implements RequestCounter {
  constructor(private readonly redis: ScriptRunner, private readonly scope: string) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const reply = await this.redis.evalScript(INCREMENT, [this.keyOf(key)], [windowMs]);
    const [count, ttl] = reply as [number, number];
    return { count, resetMs: ttl };
  }

  async count(key: string, _windowMs: number): Promise<WindowCount> {
    const [count, ttl] = (await this.redis.evalScript(READ, [this.keyOf(key)], [])) as [number, number];
    return { count, resetMs: ttl };
  }

  private keyOf(key: string): string {
    return `${this.redis.prefix}${this.scope}:${createHash('sha256').update(key).digest('base64url')}`;
  }
}
