// npm run bench: every case, interleaved and repeated, then BENCHMARKS.md and bench/ratios.svg. `--quick`: a smoke run.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuMicros, pinningAvailable, rssBytes, runNode, withNode, type Running } from './lib/proc.ts';
import { captureReply } from './lib/capture.ts';
import { median, renderReport, type CaseResult, type LoginResult, type MemoryResult, type RevocationResult, type RunInfo } from './lib/report.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { openSharedBackend, type SharedBackend } from './lib/shared-backend.ts';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, reps: { type: 'string' }, store: { type: 'string', default: 'sqlite' }, only: { type: 'string' } } });
if (!existsSync('bench/node_modules/autocannon')) throw new Error('bench dependencies missing: run npm run bench (it installs them with npm ci --prefix bench)');
const quick = values.quick;
/**
 * `--only TEXT`: just the cases whose name contains TEXT (with their floors), no logins or memory; `--only logins` just
 * logins per second, `--only revocation` just the revocation delay. Prints, writes nothing.
 */
const only = values.only;
const REPS = Number(values.reps ?? (quick ? 1 : 3));
const DURATION = quick ? 2 : 10;
const WARMUP = quick ? 1 : 3;
const CONNECTIONS = 64;
const SESSIONS = quick ? 1_000 : 100_000;
const SERVER_CORE = 0;
const LOAD_CORE = 1;
/** Clients seeded for GET /api/v1/clients: more than one page, so the reply carries a next link. */
const SEEDED_CLIENTS = 50;

interface CaseDef {
  name: string;
  server: string;
  args: string[];
  /** Path and query the load generator GETs. */
  path: string;
  headers: (creds: Record<string, string>) => Record<string, string>;
  /** The floor this case is divided by; a case without one is a floor. */
  floor?: CaseDef;
  /** CPU ratio to the floor that the issues allow. */
  target?: number;
  logging?: { route: string; level: 'info' | 'warn' };
}

const workDir = mkdtempSync(join(tmpdir(), 'lightbox-bench-'));
const lightbox = ['--store', values.store];
const FLOOR: CaseDef = { name: 'floor (bare Fastify)', server: 'bench/servers/floor.ts', args: [], path: '/bench/resource', headers: () => ({}) };
const BENCH_ROUTE = { server: 'bench/servers/lightbox.ts', args: lightbox, path: '/bench/resource', floor: FLOOR };

/** The real routes, as shipped: the default log level `info` and `warn`, each against a bare route answering its bytes. */
const REAL_ROUTES = [
  { route: 'GET /api/auth/me', path: '/api/auth/me', file: 'me' },
  { route: 'GET /api/v1/clients (20 of 50)', path: '/api/v1/clients?per_page=20', file: 'clients' },
] as const;
const shippedArgs = [...lightbox, '--config', 'shipped', '--clients', String(SEEDED_CLIENTS)];
const realRouteCases = REAL_ROUTES.flatMap(({ route, path, file }) => (['warn', 'info'] as const).map((level): CaseDef => {
  const floor: CaseDef = {
    name: `floor: bare Fastify, same bytes as ${route}, ${level === 'info' ? 'its request logging' : 'no logger'}`,
    server: 'bench/servers/floor.ts', args: ['--reply', join(workDir, `${file}.json`), '--log-level', level], path, headers: () => ({}),
  };
  return {
    name: `Lightbox ${route}, session cookie, log level ${level}`, server: 'bench/servers/lightbox.ts', args: [...shippedArgs, '--log-level', level],
    path, headers: (c) => ({ cookie: c.session as string }), floor, target: 1.5, logging: { route, level },
  };
}));

// The scale-out setup (issue #19): PostgreSQL for the data, Redis for the shared auth cache's revocation channel, on
// the local servers; a database and a Redis prefix of its own, removed at the end. Left out when either is down.
const backend: SharedBackend | null = await openSharedBackend();
if (!backend) process.stderr.write('PostgreSQL or Redis is not reachable on 127.0.0.1: the postgres + redis case is left out\n');
const sharedCases: CaseDef[] = backend
  ? [{ ...BENCH_ROUTE, args: ['--store', 'postgres-redis', ...backend.args], name: 'Lightbox session cookie (postgres + redis)', headers: (c) => ({ cookie: c.session as string }), target: 1.5 }]
  : [];

const CASES: CaseDef[] = [
  { ...BENCH_ROUTE, name: `Lightbox session cookie (${values.store})`, headers: (c) => ({ cookie: c.session as string }), target: 1.5 },
  ...sharedCases,
  { ...BENCH_ROUTE, name: 'Lightbox token mode', headers: (c) => ({ 'x-auth-token': c.token as string }), target: 1.5 },
  { ...BENCH_ROUTE, name: 'Lightbox JWT (EdDSA)', headers: (c) => ({ authorization: `Bearer ${c.jwt}` }), target: 1.5 },
  { ...BENCH_ROUTE, name: 'Lightbox personal access token', headers: (c) => ({ authorization: `Bearer ${c.pat}` }), target: 1.5 },
  { ...BENCH_ROUTE, name: 'Lightbox Basic (cached)', headers: (c) => ({ authorization: c.basic as string }), target: 1.7 },
  { name: 'Better Auth getSession', server: 'bench/servers/better-auth.ts', args: [], path: '/bench/resource', headers: (c) => ({ cookie: c.session as string }), floor: FLOOR },
  { name: 'Better Auth getSession (cookie cache)', server: 'bench/servers/better-auth.ts', args: ['--cookie-cache'], path: '/bench/resource', headers: (c) => ({ cookie: c.session as string }), floor: FLOOR },
  ...realRouteCases,
].filter((def) => only === undefined || def.name.includes(only));

/** Each real route's reply, captured once from a Lightbox server, for the floors that answer the same bytes. */
async function captureRealRoutes(): Promise<void> {
  await withNode(SERVER_CORE, 'bench/servers/lightbox.ts', [...shippedArgs, '--log-level', 'warn'], async (server) => {
    const creds = server.hello.credentials as Record<string, string>;
    for (const { path, file } of REAL_ROUTES) {
      await captureReply(`http://127.0.0.1:${String(server.hello.port)}${path}`, { cookie: creds.session as string }, join(workDir, `${file}.json`));
    }
  });
}

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
    const url = `http://127.0.0.1:${String(server.hello.port)}${def.path}`;
    const { load: r, cpuPerRequest } = await measure(server, { url, connections: CONNECTIONS, headers: def.headers(creds) }, WARMUP);
    // A refused credential means the case measured the wrong thing; timeouts on an overloaded machine are only reported.
    if (r.non2xx > 0 || r.requests === 0) throw new Error(`${def.name}: ${r.non2xx} non-2xx answers of ${r.requests}`);
    if (r.errors > 0) process.stderr.write(`${def.name}: ${r.errors} connection errors or timeouts\n`);
    return {
      name: def.name, rps: r.rps, cpuPerRequest, p50: r.p50, p99: r.p99, rss: rssBytes(server.pid), ratio: 0,
      ...(def.floor ? {} : { isFloor: true }), ...(def.target ? { target: def.target } : {}), ...(def.logging ? { logging: def.logging } : {}),
    };
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
// is bracketed by runs of its floor and divided by their mean: a ratio of readings seconds apart, not minutes.
// Consecutive cases with the same floor share the reading between them.
if (CASES.some((def) => def.logging)) await captureRealRoutes();
for (let rep = 0; rep < REPS; rep++) {
  let last: { def: CaseDef; result: CaseResult } | undefined;
  for (const def of CASES) {
    const floor = def.floor as CaseDef;
    let before = last?.def === floor ? last.result : undefined;
    if (!before) {
      before = await runCase(floor);
      record(rep, before);
    }
    const result = await runCase(def);
    const after = await runCase(floor);
    record(rep, { ...result, floor: (before.cpuPerRequest + after.cpuPerRequest) / 2 });
    record(rep, after);
    last = { def: floor, result: after };
  }
}
/**
 * Issue #19: from a logout's answer on one instance to the first refusal of the same cookie on another, both on the
 * shared PostgreSQL + Redis (the second instance had the session in its cache). Sequential, one session at a time.
 */
async function runRevocation(shared: SharedBackend): Promise<RevocationResult> {
  const args = ['--store', 'postgres-redis', ...shared.args];
  return withNode(SERVER_CORE, 'bench/servers/lightbox.ts', args, (a) => withNode(LOAD_CORE, 'bench/servers/lightbox.ts', args, async (b) => {
    const urlA = `http://127.0.0.1:${String(a.hello.port)}`;
    const urlB = `http://127.0.0.1:${String(b.hello.port)}`;
    const delays: number[] = [];
    const rounds = quick ? 10 : 100;
    for (let i = 0; i < rounds; i++) {
      const login = await fetch(`${urlA}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: a.hello.email, password: a.hello.password }) });
      const csrf = ((await login.json()) as { csrf_token: string }).csrf_token;
      const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      const me = (): Promise<number> => fetch(`${urlB}/api/auth/me`, { headers: { cookie } }).then(async (r) => { await r.arrayBuffer(); return r.status; });
      if ((await me()) !== 200) throw new Error('revocation bench: the session does not work on the second instance');
      const out = await fetch(`${urlA}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf } });
      await out.arrayBuffer();
      const answered = performance.now();
      if (out.status !== 200) throw new Error(`revocation bench: logout answered ${out.status}`);
      while ((await me()) !== 401) {
        if (performance.now() - answered > 5000) throw new Error('revocation bench: still accepted 5 s after the logout');
      }
      delays.push(performance.now() - answered);
    }
    const sorted = [...delays].sort((x, y) => x - y);
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
    return { rounds, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) as number };
  }));
}

// `--only revocation` runs just this measurement.
const revocation = backend && (only === undefined || only === 'revocation') ? await runRevocation(backend) : null;
if (revocation) process.stderr.write(`${JSON.stringify({ revocation })}\n`);
const logins = only === undefined || only === 'logins' ? await runLogins() : [];
if (logins.length > 0) process.stderr.write(`${JSON.stringify(logins)}\n`);
const memory = only === undefined ? await runMemory() : null;
if (memory) process.stderr.write(`${JSON.stringify(memory)}\n`);
rmSync(workDir, { recursive: true, force: true });
await backend?.close();

const info: RunInfo = {
  date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, pinned: pinningAvailable(),
  reps: REPS, duration: DURATION, warmup: WARMUP, loginWarmup: LOGIN_WARMUP, loginSeconds: LOGIN_SECONDS, connections: CONNECTIONS, quick, seconds: Math.round((Date.now() - started) / 1000),
};
const findings = existsSync('bench/findings.md') ? readFileSync('bench/findings.md', 'utf8') : '';
// The sections separate scripts write (bench:gallery, bench:packaging, …), in file-name order.
const sections = existsSync('bench/sections') ? readdirSync('bench/sections').filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(join('bench/sections', f), 'utf8')) : [];
const { markdown, svg } = renderReport(info, samples, logins, memory, findings, { sections, ...(revocation ? { revocation } : {}) });
if (quick || only !== undefined) {
  process.stdout.write(markdown);
} else {
  writeFileSync('BENCHMARKS.md', markdown);
  writeFileSync('bench/ratios.svg', svg);
  process.stdout.write(`wrote BENCHMARKS.md and bench/ratios.svg in ${info.seconds} s\n`);
}
