// npm run bench:backup: the latency of a running server's writes while `lightbox backup` (its own process) copies
// a database padded to about 200 MB (issue #21: the online backup must not stall the server).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { runCli } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/main.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PAD_ROWS = 25_000; // 8 KiB each: about 200 MB of pages for the backup to copy
const BASELINE_MS = 5000;

const work = mkdtempSync(join(tmpdir(), 'lightbox-bench-backup-'));
const data = join(work, 'data');
const quiet = new Writable({ write(_chunk, _encoding, done): void { done(); } });
await runCli(['migrate', '--data', data], { stdin: Readable.from([]), stdout: quiet, stderr: process.stderr, env: {} });
const pad = new BetterSqlite3(join(data, 'lightbox.db'));
pad.exec('create table bench_padding (x blob)');
const insert = pad.prepare('insert into bench_padding values (randomblob(8192))');
pad.transaction(() => { for (let i = 0; i < PAD_ROWS; i++) insert.run(); })();
pad.close();

const printed: string[] = [];
const config = loadConfig({}, { overrides: { dataDir: data, server: { host: '127.0.0.1', port: 0 }, log: { level: 'warn' } } });
const server = await startServer(config, { demo: true, print: (line) => printed.push(line) });
const text = printed.join('\n');
const email = /email: (\S+)/.exec(text)?.[1] ?? '';
const password = /^\s+password: (\S+)/m.exec(text)?.[1] ?? '';
const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, mode: 'token' }) });
const { token } = (await login.json()) as { token: string };

const latencies: number[] = [];
let writing = true;
const writer = (async (): Promise<void> => {
  for (let i = 0; writing; i++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/clients`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: `bench${i}@backup.test` }) });
    await res.text();
    if (res.status !== 201) throw new Error(`client create answered ${res.status}`);
    latencies.push(performance.now() - started);
  }
})();
await new Promise((r) => setTimeout(r, BASELINE_MS));
const baseline = latencies.length;
const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'backup', '--to', join(work, 'backup'), '--data', data], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
let summary = '';
child.stdout.on('data', (chunk: Buffer) => { summary += chunk.toString('utf8'); });
await new Promise((r) => child.once('exit', r));
writing = false;
await writer;
await server.close();
rmSync(work, { recursive: true, force: true });

const stats = (values: number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(0);
  return `${sorted.length} writes, p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms`;
};
console.log(summary.trim());
console.log(`| writes before the backup (${BASELINE_MS / 1000} s) | ${stats(latencies.slice(0, baseline))} |`);
console.log(`| writes while the backup process ran | ${stats(latencies.slice(baseline))} |`);
