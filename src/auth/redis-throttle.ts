// Login throttling shared by every instance: the LoginLimiter counters in Redis, each step one atomic Lua script.
import { createHash } from 'node:crypto';
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import type { AttemptOutcome, LoginLimiter, ThrottlePolicy } from './throttle.ts';

/** What the limiter needs of Redis (src/store/redis/connection.ts supplies it; failures arrive as AppError 'unavailable'). */
export interface ScriptRunner {
  readonly prefix: string;
  evalScript(script: string, keys: string[], args: Array<string | number>): Promise<unknown>;
}

/**
 * Consecutive failures on an identifier are remembered this long after the last one (refreshed by every attempt).
 * Past it a quiet account starts afresh; a persistent attacker (at most one guess per maxDelay) keeps the count
 * going towards the hard lock, which the store records on the user.
 */
const IDENTIFIER_TTL_MS = 24 * 60 * 60 * 1000;
/** A reservation whose instance never reported back (it crashed mid-login) stops counting after this. */
const PENDING_TTL_MS = 30_000;

// KEYS: identifier, ip. ARGV: now, ipWindowMs, ipMaxFailures, freeFailures, pendingTtlMs, identifierTtlMs.
// Returns {0} (go), {1, retryAfterMs} (too many attempts) or {2} (hard locked).
const BEGIN = `
local now = tonumber(ARGV[1])
local ipStart = tonumber(redis.call('HGET', KEYS[2], 'start') or '0')
local ipFailures = tonumber(redis.call('HGET', KEYS[2], 'failures') or '0')
if now - ipStart < tonumber(ARGV[2]) and ipFailures >= tonumber(ARGV[3]) then
  return {1, ipStart + tonumber(ARGV[2]) - now}
end
local s = redis.call('HMGET', KEYS[1], 'failures', 'pending', 'pendingUntil', 'blockedUntil', 'locked')
local failures = tonumber(s[1] or '0')
local pending = tonumber(s[2] or '0')
if now >= tonumber(s[3] or '0') then pending = 0 end
if s[5] == '1' then return {2} end
local blockedUntil = tonumber(s[4] or '0')
if now < blockedUntil then return {1, blockedUntil - now} end
if failures + pending >= tonumber(ARGV[4]) and pending > 0 then return {1, 1000} end
redis.call('HSET', KEYS[1], 'pending', pending + 1, 'pendingUntil', now + tonumber(ARGV[5]))
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {0}
`;

// KEYS: identifier, ip. ARGV: now, freeFailures, baseDelayMs, maxDelayMs, hardLockAfter, ipWindowMs, identifierTtlMs.
// Returns {failures, locked (0 or 1)}.
const FAIL = `
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2])
local s = redis.call('HMGET', KEYS[1], 'failures', 'pending', 'locked')
local failures = tonumber(s[1] or '0') + 1
local pending = math.max(0, tonumber(s[2] or '1') - 1)
local locked = s[3] == '1' or failures >= tonumber(ARGV[5])
redis.call('HSET', KEYS[1], 'failures', failures, 'pending', pending, 'locked', locked and '1' or '0')
if failures >= free then
  local delay = math.min(tonumber(ARGV[4]), tonumber(ARGV[3]) * 2 ^ math.min(30, failures - free))
  redis.call('HSET', KEYS[1], 'blockedUntil', now + delay)
end
redis.call('PEXPIRE', KEYS[1], ARGV[7])
local ipStart = tonumber(redis.call('HGET', KEYS[2], 'start') or '0')
if now - ipStart >= tonumber(ARGV[6]) then
  redis.call('HSET', KEYS[2], 'start', now, 'failures', 1)
  redis.call('PEXPIRE', KEYS[2], ARGV[6])
else
  redis.call('HINCRBY', KEYS[2], 'failures', 1)
end
return {failures, locked and 1 or 0}
`;

const CLEAR = `redis.call('DEL', KEYS[1]) return 0`;

/** Keys hold a hash of the identifier or address, so Redis never stores an email address or an IP. */
function hashed(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** The same policy as MemoryLoginLimiter, counted once for every instance that shares the Redis server. */
export class RedisLoginLimiter implements LoginLimiter {
  constructor(private readonly redis: ScriptRunner, private readonly policy: ThrottlePolicy, private readonly clock: Clock) {}

  private keys(identifier: string, ip: string): string[] {
    return [`${this.redis.prefix}throttle:id:${hashed(identifier)}`, `${this.redis.prefix}throttle:ip:${hashed(ip)}`];
  }

  async begin(identifier: string, ip: string): Promise<void> {
    const p = this.policy;
    const reply = await this.redis.evalScript(BEGIN, this.keys(identifier, ip), [this.clock.now(), p.ipWindowMs, p.ipMaxFailures, p.freeFailures, PENDING_TTL_MS, IDENTIFIER_TTL_MS]);
    const [verdict, retryMs] = reply as [number, number?];
    // Only an administrator clears a hard lock; Retry-After still tells clients not to hammer meanwhile (RFC 6585 §4).
    if (verdict === 2) throw new AppError('account_locked', undefined, { retryAfter: p.maxDelayMs / 1000 });
    if (verdict === 1) throw new AppError('too_many_attempts', undefined, { retryAfter: (retryMs ?? 1000) / 1000 });
  }

  async succeed(identifier: string, ip: string): Promise<void> {
    await this.redis.evalScript(CLEAR, this.keys(identifier, ip).slice(0, 1), []);
  }

  async fail(identifier: string, ip: string): Promise<AttemptOutcome> {
    const p = this.policy;
    const reply = await this.redis.evalScript(FAIL, this.keys(identifier, ip), [this.clock.now(), p.freeFailures, p.baseDelayMs, p.maxDelayMs, p.hardLockAfter, p.ipWindowMs, IDENTIFIER_TTL_MS]);
    const [failures, locked] = reply as [number, number];
    return { failures, hardLocked: locked === 1 };
  }

  async reset(identifier: string): Promise<void> {
    await this.redis.evalScript(CLEAR, [`${this.redis.prefix}throttle:id:${hashed(identifier)}`], []);
  }
}
