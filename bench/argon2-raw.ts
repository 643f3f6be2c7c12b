// Raw argon2id hashing at Lightbox's configured parameters and concurrency (the same number of hashes at once as its
// hasher would run on this core): the ceiling for logins per second.
import { hash } from '@node-rs/argon2';
import { loadConfig } from '../src/config.ts';
import { hashConcurrency } from '../src/auth/passwords.ts';

// Arguments: timed seconds, then warm-up seconds (hashing whose count is discarded, as the login case warms up too).
const seconds = Number(process.argv[2] ?? '10');
const warmup = Number(process.argv[3] ?? '0');
const p = loadConfig({}, {}).password;
const concurrency = hashConcurrency(p.maxConcurrent);

async function hashFor(ms: number): Promise<number> {
  const end = Date.now() + ms;
  let ops = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < end) {
      await hash('correct horse battery staple bench', { memoryCost: p.memoryCost, timeCost: p.timeCost, parallelism: p.parallelism, algorithm: 2, outputLen: 32 });
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ops;
}

if (warmup > 0) await hashFor(warmup * 1000);
const start = Date.now();
const ops = await hashFor(seconds * 1000);
const elapsed = (Date.now() - start) / 1000;
process.stdout.write(`${JSON.stringify({ ops, seconds: elapsed, perSecond: ops / elapsed, params: { m: p.memoryCost, t: p.timeCost, p: p.parallelism, concurrency } })}\n`);
