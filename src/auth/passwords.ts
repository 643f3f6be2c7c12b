// Password hashing (argon2id, PHC strings), the rehash policy, the password policy and a bounded work queue.
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { AppError } from '../errors.ts';
import { generateSecret } from '../lib/ids.ts';

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id; the enum is a const enum we cannot import under isolatedModules

/** NFKC so that visually equal input (é as one or two code points) verifies the same. Never truncates or case-folds. */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

export interface ParsedPHC extends Argon2Params {
  algorithm: string;
}

export function parsePHC(phc: string): ParsedPHC | null {
  const m = /^\$(argon2(?:id|i|d))\$v=\d+\$([^$]+)\$[^$]+\$[^$]+$/.exec(phc);
  if (!m) return null;
  const params = new Map((m[2] as string).split(',').map((kv) => kv.split('=') as [string, string]));
  const memoryCost = Number(params.get('m'));
  const timeCost = Number(params.get('t'));
  const parallelism = Number(params.get('p'));
  if (![memoryCost, timeCost, parallelism].every(Number.isInteger)) return null;
  return { algorithm: m[1] as string, memoryCost, timeCost, parallelism };
}

/** libuv's default thread pool size: argon2 runs on those threads, so more at once only queue there. */
const POOL_THREADS = 4;

/**
 * How many argon2 operations may run at once: the configured number, or else one per CPU core this process may run
 * on (`os.availableParallelism()` follows its CPU affinity), at most the pool's four threads. Hashing is CPU-bound, so
 * more hashes than cores add no throughput, only memory (each holds memoryCost KiB) and cache misses: on one core,
 * four at a time managed about 160 hashes a second and one at a time about 225 (BENCHMARKS.md, findings).
 */
export function hashConcurrency(configured: number | undefined, cores: number = availableParallelism()): number {
  return configured ?? Math.max(1, Math.min(POOL_THREADS, cores));
}

/** Limits concurrent argon2 work (each run holds memoryCost KiB); excess waits in a bounded queue, beyond it 503. */
class WorkQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly maxConcurrent: number, private readonly maxQueue: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxConcurrent) {
      if (this.waiting.length >= this.maxQueue) throw new AppError('overloaded', undefined, { retryAfter: 1 });
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export interface PasswordHasherOptions extends Argon2Params {
  maxConcurrent: number;
  maxQueue: number;
}

export class PasswordHasher {
  private readonly params: Argon2Params;
  private readonly queue: WorkQueue;
  private dummyHash: Promise<string> | undefined;

  constructor(options: PasswordHasherOptions) {
    this.params = { memoryCost: options.memoryCost, timeCost: options.timeCost, parallelism: options.parallelism };
    this.queue = new WorkQueue(options.maxConcurrent, options.maxQueue);
  }

  hash(password: string): Promise<string> {
    const input = normalizePassword(password);
    return this.queue.run(() => argon2Hash(input, { ...this.params, algorithm: ARGON2ID, outputLen: 32 }));
  }

  async verify(phc: string, password: string): Promise<boolean> {
    const input = normalizePassword(password);
    return this.queue.run(async () => {
      try {
        return await argon2Verify(phc, input);
      } catch {
        return false; // a corrupt stored hash never authenticates
      }
    });
  }

  /** Spends the same work as a real verification, for identifiers that match no account. */
  async verifyDummy(password: string): Promise<false> {
    this.dummyHash ??= argon2Hash(generateSecret(), { ...this.params, algorithm: ARGON2ID, outputLen: 32 });
    await this.verify(await this.dummyHash, password);
    return false;
  }

  /** True when the stored hash was made with other (older or weaker) parameters than the current ones. */
  needsRehash(phc: string): boolean {
    const parsed = parsePHC(phc);
    if (!parsed || parsed.algorithm !== 'argon2id') return true;
    return parsed.memoryCost !== this.params.memoryCost || parsed.timeCost !== this.params.timeCost || parsed.parallelism !== this.params.parallelism;
  }
}

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
}

let blocklist: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (!blocklist) {
    // 49k most common passwords from breach corpora, bundled with @zxcvbn-ts (offline, no network at run time).
    const require = createRequire(import.meta.url);
    const mod = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
    blocklist = new Set((mod.dictionary['passwords-common'] ?? []).filter((p) => p.length >= 8));
  }
  return blocklist;
}

/**
 * Length and blocklist rules only, no composition rules (NIST SP 800-63B §3.1.1.2).
 * Returns a reason the user can act on, or null when the password is acceptable.
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, context: string[] = []): string | null {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < policy.minLength) return `Password must be at least ${policy.minLength} characters long`;
  if (length > policy.maxLength) return `Password must be at most ${policy.maxLength} characters long`;
  const lower = normalized.toLowerCase();
  if (commonPasswords().has(lower)) return 'Password is too common; choose one that is not on lists of breached passwords';
  const words = ['lightbox', ...context.map((c) => c.toLowerCase().split('@')[0] ?? '')].filter((w) => w.length >= 4);
  for (const word of words) {
    if (lower === word || lower.replace(/[^a-z]/g, '') === word) return 'Password must not be the product name or your own name or email';
  }
  if (/^(.)\1*$/u.test(normalized)) return 'Password must not repeat a single character';
  return null;
}
