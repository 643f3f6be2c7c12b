// Login throttling per identifier (growing delays, hard lock) and per client IP, atomic under concurrency.
import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { createBoundedCache, type LRUCache } from '../lib/bounded-cache.ts';

export interface ThrottlePolicy {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  hardLockAfter: number;
  ipMaxFailures: number;
  ipWindowMs: number;
}

export interface AttemptOutcome {
  /** Consecutive failures on the identifier after this attempt. */
  failures: number;
  hardLocked: boolean;
}

/**
 * The counters behind login throttling. `begin` reserves an attempt atomically (so parallel guesses cannot all
 * slip in before the first failure is counted); every begin is followed by exactly one `succeed` or `fail`.
 */
export interface LoginLimiter {
  begin(identifier: string, ip: string): Promise<void>;
  succeed(identifier: string, ip: string): Promise<void>;
  fail(identifier: string, ip: string): Promise<AttemptOutcome>;
  /** Clears the identifier's counters and hard lock (administrator recovery). */
  reset(identifier: string): Promise<void>;
}

interface IdentifierState {
  failures: number;
  pending: number;
  blockedUntil: number;
  hardLocked: boolean;
  touchedAt: number;
}

interface IpState {
  windowStart: number;
  failures: number;
}

/** Bounded memory whatever a spray of identifiers or addresses: the least recently seen are forgotten first. */
const MAX_ENTRIES = 100_000;

/** One process's counters. A shared (Redis) implementation replaces it when several instances run. */
export class MemoryLoginLimiter implements LoginLimiter {
  private readonly identifiers: LRUCache<string, IdentifierState> = createBoundedCache({ maxEntries: MAX_ENTRIES });
  private readonly ips: LRUCache<string, IpState> = createBoundedCache({ maxEntries: MAX_ENTRIES });

  constructor(private readonly policy: ThrottlePolicy, private readonly clock: Clock) {}

  async begin(identifier: string, ip: string): Promise<void> {
    const now = this.clock.now();
    const ipState = this.ips.get(ip);
    if (ipState && now - ipState.windowStart < this.policy.ipWindowMs && ipState.failures >= this.policy.ipMaxFailures) {
      throw new AppError('too_many_attempts', undefined, { retryAfter: (ipState.windowStart + this.policy.ipWindowMs - now) / 1000 });
    }
    const state = this.identifiers.get(identifier) ?? { failures: 0, pending: 0, blockedUntil: 0, hardLocked: false, touchedAt: now };
    // Only an administrator clears a hard lock; Retry-After still tells clients not to hammer meanwhile (RFC 6585 §4).
    if (state.hardLocked) throw new AppError('account_locked', undefined, { retryAfter: this.policy.maxDelayMs / 1000 });
    if (now < state.blockedUntil) throw new AppError('too_many_attempts', undefined, { retryAfter: (state.blockedUntil - now) / 1000 });
    const delayed = state.failures + state.pending >= this.policy.freeFailures;
    if (delayed && state.pending > 0) throw new AppError('too_many_attempts', undefined, { retryAfter: 1 });
    state.pending++;
    state.touchedAt = now;
    this.identifiers.set(identifier, state);
  }

  async succeed(identifier: string, _ip: string): Promise<void> {
    // A clean state rather than a delete: lru-cache empties itself by clearing all its preallocated arrays, so
    // deleting the only entry costs O(MAX_ENTRIES), about 0.2 ms here, on the usual quiet server's every sign-in.
    this.identifiers.set(identifier, { failures: 0, pending: 0, blockedUntil: 0, hardLocked: false, touchedAt: this.clock.now() });
  }

  async fail(identifier: string, ip: string): Promise<AttemptOutcome> {
    const now = this.clock.now();
    const state = this.identifiers.get(identifier) ?? { failures: 0, pending: 1, blockedUntil: 0, hardLocked: false, touchedAt: now };
    state.pending = Math.max(0, state.pending - 1);
    state.failures++;
    state.touchedAt = now;
    if (state.failures >= this.policy.freeFailures) {
      const exponent = Math.min(30, state.failures - this.policy.freeFailures);
      state.blockedUntil = now + Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** exponent);
    }
    if (state.failures >= this.policy.hardLockAfter) state.hardLocked = true;
    this.identifiers.set(identifier, state);

    const ipState = this.ips.get(ip);
    if (!ipState || now - ipState.windowStart >= this.policy.ipWindowMs) this.ips.set(ip, { windowStart: now, failures: 1 });
    else ipState.failures++;
    return { failures: state.failures, hardLocked: state.hardLocked };
  }

  async reset(identifier: string): Promise<void> {
    this.identifiers.delete(identifier);
  }
}
