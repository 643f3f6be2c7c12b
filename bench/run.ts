// npm run bench: every case, interleaved and repeated, then BENCHMARKS.md and bench/ratios.svg. `--quick`: a smoke run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMicros, pinningAvailable, rssBytes, runNode, withNode, type Running } from './lib/proc.ts';
import { median, renderReport, type CaseResult, type LoginResult, type MemoryResult, type RunInfo } from './lib/report.ts';
import type { LoadResult, LoadSpec } from './load.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, reps: { type: 'string' }, store: { type: 'string', default: 'sqlite' } } });
if (!existsSync('bench/node_modules/autocannon')) throw new Error('bench dependencies missing: run npm run bench (it installs them with npm ci --prefix bench)');
const quick = values.quick;
const REPS = Number(values.reps ?? (quick ? 1 : 3));
const DURATION = quick ? 2 : 10;
const WARMUP = quick ? 1 : 3;
const CONNECTIONS = 64;
const SESSIONS = quick ? 1_000 : 100_000;
const SERVER_CORE = 0;
const LOAD_CORE = 1;

interface CaseDef {
  name: string;
  server: string;
  args: string[];
  headers: (creds: Record<string, string>) => Record<string, string>;
  /** CPU ratio to the floor that issue #6 allows. */
  target?: number;
}

const lightbox = ['--store', values.store];
const CASES: CaseDef[] = [
  { name: 'floor (bare Fastify)', server: 'bench/servers/floor.ts', args: [], headers: () => ({}) },
  { name: `Lightbox session cookie (${values.store})`, server: 'bench/servers/lightbox.ts', args: lightbox, headers: (c) => ({ cookie: c.session as string }), target: 1.5 },
  { name: 'Lightbox token mode', server: 'bench/servers/lightbox.ts', args: lightbox, headers: (c) => ({ 'x-auth-token': c.token as string }), target: 1.5 },
  { name: 'Lightbox JWT (EdDSA)', server: 'bench/servers/lightbox.ts', args: lightbox, headers: (c) => ({ authorization: `Bearer ${c.jwt}` }), target: 1.5 },
  { name: 'Lightbox personal access token', server: 'bench/servers/lightbox.ts', args: lightbox, headers: (c) => ({ authorization: `Bearer ${c.pat}` }), target: 1.5 },
  { name: 'Lightbox Basic (cached)', server: 'bench/servers/lightbox.ts', args: lightbox, headers: (c) => ({ authorization: c.basic as string }), target: 1.7 },
  { name: 'Better Auth getSession', server: 'bench/servers/better-auth.ts', args: [], headers: (c) => ({ cookie: c.session as string }) },
  { name: 'Better Auth getSession (cookie cache)', server: 'bench/servers/better-auth.ts', args: ['--cookie-cache'], headers: (c) => ({ cookie: c.session as string }) },
];

function load(spec: LoadSpec): Promise<LoadResult> {
  return runNode<LoadResult>(LOAD_CORE, 'bench/load.ts', [JSON.stringify(spec)]);
}

async function measure(server: Running, spec: Omit<LoadSpec, 'duration'>, warmup: number): Promise<{ load: LoadResult; cpuPerRequest: number }> {
  if (warmup > 0) await load({ ...spec, duration: warmup });
  const before = cpuMicros(server.pid);
  const result = await load({ ...spec, duration: DURATION });
  const cpu = cpuMicros(server.pid) - before;
  return { load: result, cpuPerRequest: cpu / Math.max(1, result.requests) };
}

function runCase(def: CaseDef): Promise<CaseResult> {
  return withNode(SERVER_CORE, def.server, def.args, async (server) => {
    const creds = (server.hello.credentials ?? {}) as Record<string, string>;
    const url = `http://127.0.0.1:${String(server.hello.port)}/bench/resource`;
    const { load: r, cpuPerRequest } = await measure(server, { url, connections: CONNECTIONS, headers: def.headers(creds) }, WARMUP);
    // A refused credential means the case measured the wrong thing; timeouts on an overloaded machine are only reported.
    if (r.non2xx > 0 || r.requests === 0) throw new Error(`${def.name}: ${r.non2xx} non-2xx answers of ${r.requests}`);
    if (r.errors > 0) process.stderr.write(`${def.name}: ${r.errors} connection errors or timeouts\n`);
    return { name: def.name, rps: r.rps, cpuPerRequest, p50: r.p50, p99: r.p99, rss: rssBytes(server.pid), ratio: 0, ...(def.target ? { target: def.target } : {}) };
  });
}

const LOGIN_CONNECTIONS = 8;
const LOGIN_SECONDS = quick ? 1 : 10;
// At 80 logins a second a fresh server has run each login function only a few dozen times after a short warm-up, and
// V8 still runs most of it in its baseline tier; the request cases get thousands of requests in theirs.
const LOGIN_WARMUP = quick ? 1 : 15;

/** Successful logins per second, from one load run (refused or failed attempts are not logins). */
async function loginRun(url: string, bodies: string[], headers: Record<string, string>): Promise<{ perSecond: number; failures: number }> {
  const spec: LoadSpec = { url, connections: LOGIN_CONNECTIONS, duration: LOGIN_SECONDS, method: 'POST', rotateBodies: bodies, headers: { 'content-type': 'application/json', ...headers } };
  await load({ ...spec, duration: LOGIN_WARMUP });
  const r = await load(spec);
  return { perSecond: (r.requests - r.non2xx) / r.seconds, failures: r.non2xx + r.errors };
}

/**
 * Lightbox logins, raw argon2id and Better Auth sign-ins, interleaved REPS times like the request cases (the
 * machine's speed drifts over minutes, and the ratio compares two of them). Lightbox's logins are spread over as many
 * accounts as connections: many users signing in, not one account's parallel attempts, which its throttle refuses.
 */
async function runLogins(): Promise<LoginResult[]> {
  const runs = { lightbox: [] as number[], raw: [] as number[], ba: [] as number[] };
  const failures = { lightbox: 0, ba: 0 };
  let params: Record<string, number> = {};
  for (let rep = 0; rep < REPS; rep++) {
    const lb = await withNode(SERVER_CORE, 'bench/servers/lightbox.ts', [...lightbox, '--login-users', String(LOGIN_CONNECTIONS - 1)], (server) => {
      const bodies = (server.hello.loginEmails as string[]).map((email) => JSON.stringify({ email, password: server.hello.password }));
      return loginRun(`http://127.0.0.1:${String(server.hello.port)}/api/auth/login`, bodies, {});
    });
    runs.lightbox.push(lb.perSecond);
    failures.lightbox += lb.failures;
    const raw = await runNode<{ perSecond: number; params: Record<string, number> }>(SERVER_CORE, 'bench/argon2-raw.ts', [String(LOGIN_SECONDS), String(LOGIN_WARMUP)]);
    runs.raw.push(raw.perSecond);
    params = raw.params;
    const ba = await withNode(SERVER_CORE, 'bench/servers/better-auth.ts', [], (server) => {
      const body = JSON.stringify({ email: server.hello.email, password: server.hello.password });
      return loginRun(`http://127.0.0.1:${String(server.hello.port)}/api/auth/sign-in/email`, [body], { origin: String(server.hello.origin) });
    });
    runs.ba.push(ba.perSecond);
    failures.ba += ba.failures;
    process.stderr.write(`rep ${rep + 1}/${REPS} logins/s: Lightbox ${runs.lightbox.at(-1)?.toFixed(1)}, raw argon2id ${runs.raw.at(-1)?.toFixed(1)}, Better Auth ${runs.ba.at(-1)?.toFixed(1)}\n`);
  }
  return [
    { name: `Lightbox POST /api/auth/login (${LOGIN_CONNECTIONS} accounts)`, perSecond: median(runs.lightbox), runs: runs.lightbox, failures: failures.lightbox },
    { name: `raw argon2id (m=${params.m}, t=${params.t}, p=${params.p}, ${params.concurrency} at a time)`, perSecond: median(runs.raw), runs: runs.raw, failures: 0 },
    { name: 'Better Auth POST /api/auth/sign-in/email (scrypt)', perSecond: median(runs.ba), runs: runs.ba, failures: failures.ba },
  ];
}

async function runMemory(): Promise<MemoryResult> {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-bench-mem-'));
  const file = join(dir, 'cookies.txt');
  try {
    await runNode(SERVER_CORE, 'bench/servers/lightbox.ts', [...lightbox, '--data', dir, '--seed-sessions', String(SESSIONS), '--tokens-file', file]);
    return await withNode(SERVER_CORE, 'bench/servers/lightbox.ts', [...lightbox, '--data', dir], async (server) => {
      const base = `http://127.0.0.1:${String(server.hello.port)}`;
      const collected = async (): Promise<number> => {
        const res = await fetch(`${base}/bench/gc`);
        if (!res.ok) throw new Error(`GET /bench/gc answered ${res.status}`);
        return rssBytes(server.pid);
      };
      const creds = server.hello.credentials as Record<string, string>;
      await load({ url: `${base}/bench/resource`, connections: CONNECTIONS, duration: WARMUP + 1, headers: { cookie: creds.session as string } });
      const baseline = await collected();
      const r = await load({ url: `${base}/bench/resource`, connections: CONNECTIONS, duration: 0, amount: SESSIONS, rotateCookiesFile: file });
      const afterRaw = rssBytes(server.pid);
      return { sessions: SESSIONS, baseline, afterRaw, after: await collected(), failures: r.non2xx + r.errors };
    }, { nodeFlags: ['--expose-gc'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = Date.now();
const samples = new Map<string, CaseResult[]>();
const record = (rep: number, result: CaseResult): void => {
  samples.set(result.name, [...(samples.get(result.name) ?? []), result]);
  process.stderr.write(`rep ${rep + 1}/${REPS} ${result.name}: ${result.rps.toFixed(0)} req/s, ${result.cpuPerRequest.toFixed(1)} µs CPU/req, p99 ${result.p99} ms\n`);
};
// The machine's speed moves over minutes (the floor alone has read 16 and 26 µs within one run), so every case run
// is bracketed by floor runs and divided by their mean: a ratio of readings seconds apart, not minutes.
const [FLOOR, ...MEASURED] = CASES as [CaseDef, ...CaseDef[]];
for (let rep = 0; rep < REPS; rep++) {
  let before = await runCase(FLOOR);
  record(rep, before);
  for (const def of MEASURED) {
    const result = await runCase(def);
    const after = await runCase(FLOOR);
    record(rep, { ...result, floor: (before.cpuPerRequest + after.cpuPerRequest) / 2 });
    record(rep, after);
    before = after;
  }
}
const logins = await runLogins();
process.stderr.write(`${JSON.stringify(logins)}\n`);
const memory = await runMemory();
process.stderr.write(`${JSON.stringify(memory)}\n`);

const info: RunInfo = {
  date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, pinned: pinningAvailable(),
  reps: REPS, duration: DURATION, warmup: WARMUP, loginWarmup: LOGIN_WARMUP, loginSeconds: LOGIN_SECONDS, connections: CONNECTIONS, quick, seconds: Math.round((Date.now() - started) / 1000),
};
const findings = existsSync('bench/findings.md') ? readFileSync('bench/findings.md', 'utf8') : '';
const { markdown, svg } = renderReport(info, samples, logins, memory, findings);
if (quick) {
  process.stdout.write(markdown);
} else {
  writeFileSync('BENCHMARKS.md', markdown);
  writeFileSync('bench/ratios.svg', svg);
  process.stdout.write(`wrote BENCHMARKS.md and bench/ratios.svg in ${info.seconds} s\n`);
}
