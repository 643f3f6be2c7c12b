// Raw argon2id hashing at Lightbox's configured parameters and concurrency: the ceiling for logins per second.
import { hash } from '@node-rs/argon2';
import { loadConfig } from '../src/config.ts';

const seconds = Number(process.argv[2] ?? '10');
const p = loadConfig({}, {}).password;
const end = Date.now() + seconds * 1000;
let ops = 0;
const start = Date.now();
const worker = async (): Promise<void> => {
  while (Date.now() < end) {
    await hash('correct horse battery staple bench', { memoryCost: p.memoryCost, timeCost: p.timeCost, parallelism: p.parallelism, algorithm: 2, outputLen: 32 });
    ops++;
  }
};
await Promise.all(Array.from({ length: p.maxConcurrent }, worker));
const elapsed = (Date.now() - start) / 1000;
process.stdout.write(`${JSON.stringify({ ops, seconds: elapsed, perSecond: ops / elapsed, params: { m: p.memoryCost, t: p.timeCost, p: p.parallelism, concurrency: p.maxConcurrent } })}\n`);
