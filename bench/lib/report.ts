// Turns the bench's samples into BENCHMARKS.md (medians, ratios to the floor, targets) and the ratio chart.
import { barChart } from './svg.ts';

export interface CaseResult {
  name: string;
  rps: number;
  cpuPerRequest: number;
  p50: number;
  p99: number;
  rss: number;
  ratio: number;
  /** CPU µs per request of the floor around this run: the mean of the floor's readings just before and just after. */
  floor?: number;
  /** Each run's ratio to its own floor (filled in by `summarize`). */
  runRatios?: number[];
  target?: number;
  /** A floor row: the bare Fastify route other rows are divided by (the first row always is one). */
  isFloor?: boolean;
  /** Real-route cases: which route, at which log level; the `info` and `warn` rows of a route price its request logging. */
  logging?: { route: string; level: 'info' | 'warn' };
}

export interface LoginResult {
  name: string;
  /** The median of `runs`. */
  perSecond: number;
  /** Logins per second of each interleaved run. */
  runs: number[];
  failures: number;
}

export interface MemoryResult {
  sessions: number;
  /** RSS after the warm-up on one session, after a full garbage collection. */
  baseline: number;
  /** RSS right after every session was requested, garbage not yet collected. */
  afterRaw: number;
  /** RSS after every session was requested, after a full garbage collection: what the sessions keep. */
  after: number;
  failures: number;
}

export interface RunInfo {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  pinned: boolean;
  reps: number;
  duration: number;
  warmup: number;
  /** Seconds of logins (or hashes) before each timed login run. */
  loginWarmup: number;
  loginSeconds: number;
  connections: number;
  quick: boolean;
  seconds: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

/**
 * Medians per case. The first case is the floor. Every other run is divided by the floor measured right around it
 * (`floor`), and the case's ratio is the median of those per-run ratios: a ratio of readings taken seconds apart
 * cancels the machine's slower drift, and the median of three runs outvotes one run in a noisy minute. A run without
 * its own floor reading (none in `bench/run.ts`) is divided by the floor's median.
 */
export function summarize(samples: ReadonlyMap<string, readonly CaseResult[]>): CaseResult[] {
  const all = [...samples.values()];
  const floorMedian = median((all[0] ?? []).map((r) => r.cpuPerRequest)) || 1;
  return all.map((runs, i) => {
    const first = runs[0] as CaseResult;
    const row = {
      ...first,
      rps: median(runs.map((r) => r.rps)), cpuPerRequest: median(runs.map((r) => r.cpuPerRequest)),
      p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), rss: median(runs.map((r) => r.rss)),
    };
    if (i === 0 || first.isFloor === true) return { ...row, ratio: 1 };
    const runRatios = runs.map((r) => r.cpuPerRequest / (r.floor ?? floorMedian));
    return { ...row, ratio: median(runRatios), runRatios };
  });
}

export interface LoggingCost {
  route: string;
  /** Median over runs of Lightbox's CPU per request at `info` minus at `warn`, µs. */
  lightbox: number;
  /** The same for the bare Fastify floors around those runs (its own request logging against no logger), µs. */
  fastify: number;
  /** Each run's pair, Lightbox then Fastify, µs. */
  runs: Array<[number, number]>;
}

/**
 * What request logging costs per request, for each real route measured at both levels. Run k of the `info` case
 * and run k of the `warn` case come from the same round; the floor values are the means of the floor readings around
 * each of those runs, so both differences are taken between readings of one round.
 */
export function loggingCosts(samples: ReadonlyMap<string, readonly CaseResult[]>): LoggingCost[] {
  const byRoute = new Map<string, { info?: readonly CaseResult[]; warn?: readonly CaseResult[] }>();
  for (const runs of samples.values()) {
    const tag = runs[0]?.logging;
    if (!tag) continue;
    byRoute.set(tag.route, { ...byRoute.get(tag.route), [tag.level]: runs });
  }
  const out: LoggingCost[] = [];
  for (const [route, { info, warn }] of byRoute) {
    if (!info || !warn) continue;
    const runs: Array<[number, number]> = [];
    for (let k = 0; k < Math.min(info.length, warn.length); k++) {
      const i = info[k] as CaseResult;
      const w = warn[k] as CaseResult;
      if (i.floor === undefined || w.floor === undefined) continue;
      runs.push([i.cpuPerRequest - w.cpuPerRequest, i.floor - w.floor]);
    }
    if (runs.length > 0) out.push({ route, lightbox: median(runs.map((r) => r[0])), fastify: median(runs.map((r) => r[1])), runs });
  }
  return out;
}

/** Milliseconds from a logout's answer on one instance to the first refusal on another (PostgreSQL + Redis). */
export interface RevocationResult {
  rounds: number;
  p50: number;
  p99: number;
  max: number;
}

export function renderReport(
  info: RunInfo, samples: ReadonlyMap<string, readonly CaseResult[]>, logins: readonly LoginResult[], memory: MemoryResult | null, findings: string,
  options: { sections?: readonly string[]; revocation?: RevocationResult } = {},
): { markdown: string; svg: string } {
  const rows = summarize(samples);
  const find = (prefix: string): CaseResult | undefined => rows.find((r) => r.name.startsWith(prefix));
  const session = find('Lightbox session');
  const baDb = rows.find((r) => r.name === 'Better Auth getSession');
  const baCache = find('Better Auth getSession (cookie');
  const lines: string[] = [];
  lines.push('# Benchmarks: the cost of authentication', '');
  lines.push('Generated by `npm run bench` (issue #6); do not edit by hand — the "What was found" section comes from `bench/findings.md`, the sections after it from `bench/sections/*.md`, which their own scripts write.', '');
  lines.push('## How to run', '');
  lines.push('```sh', 'npm run bench            # every case, 3 interleaved runs of 10 s each, rewrites BENCHMARKS.md and bench/ratios.svg', 'npm run bench -- --quick # smoke run (~2 s per case), prints the table, asserts nothing about speed', "npm run bench -- --only 'Lightbox GET'  # only the cases whose name contains the text (and their floors); prints, writes nothing",
    'npm run bench -- --only logins          # only logins per second (Lightbox, raw argon2id, Better Auth); prints, writes nothing',
    'npm run bench:gallery    # issue #18 in Chromium: a 500-photo gallery, download all of 200 originals, 100 uploads through the page',
    'npm run bench:packaging  # installed size and start-up time of the packed tarball',
    'npm run bench:backup     # write latency while `lightbox backup` runs', '```', '');
  lines.push('The first run installs the benchmark-only dependencies into `bench/node_modules` (`npm ci --prefix bench`: autocannon, better-auth; better-sqlite3 and Fastify are the product\'s own).',
    'Every server runs in its own process pinned to core 0 (`taskset`, when available), autocannon in another process on core 1, over loopback. Each case gets a warm-up, then a timed run; CPU time is user + system time of the server process from `/proc/<pid>/stat`, divided by the requests served. The floor is measured before the first case of every round and again after each case, so every run of a case sits between two floor readings taken seconds apart; that run\'s ratio divides its CPU per request by the mean of those two readings, and the table shows the median of those ratios (every run\'s ratio in the next column). The floor row shows the median of all its readings. The bench-route cases run Lightbox at log level `warn` against a bare route that logs nothing.',
    '',
    'The real-route cases (issue #17) run Lightbox as shipped (nothing configured but the data directory and the address; the log level through `LIGHTBOX_LOG_LEVEL`) on `GET /api/auth/me` and on the first page of `GET /api/v1/clients` (20 of 50 seeded clients), with a session cookie. Each is divided by its own floor: a bare Fastify route answering the bytes that Lightbox route answered (status, headers, body, captured once at the start of the run). At `info`, the shipped default, both sides log every request: Lightbox through its logger, the floor through Fastify\'s default one (`logger: true`); at `warn` neither logs requests and the floor runs without a logger. Servers write their logs to stdout, which the bench sends to `/dev/null`, so the figures are the cost of producing the lines, not of a reader. The cost of request logging is each side\'s CPU per request at `info` minus at `warn`, within one round.', '');
  lines.push(`## Results`, '');
  lines.push(`${info.date} · Node ${info.node} · ${info.cpu} · ${info.cores} cores · pinned: ${info.pinned ? 'yes' : 'no (taskset missing)'} · ${info.reps} run(s) × ${info.duration} s per case after a ${info.warmup} s warm-up · ${info.connections} connections · medians · whole run ${info.seconds} s${info.quick ? ' · QUICK SMOKE RUN' : ''}`, '');
  lines.push('| case | req/s | CPU µs/req | CPU ratio to floor | each run | target | p50 ms | p99 ms | RSS after MB |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    const target = r.target === undefined ? '' : `≤ ${r.target}x ${r.ratio <= r.target ? '✅' : '❌'}`;
    lines.push(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.cpuPerRequest.toFixed(1)} | ${r.ratio.toFixed(2)}x | ${(r.runRatios ?? []).map((x) => x.toFixed(2)).join(' · ')} | ${target} | ${r.p50} | ${r.p99} | ${mb(r.rss)} |`);
  }
  lines.push('', '![CPU per request, as a ratio to the floor](bench/ratios.svg)', '');
  lines.push('## Targets (issues #6 and #17)', '');
  const check = (ok: boolean): string => (ok ? '✅ met' : '❌ missed');
  // Cases measured minutes apart are compared through their ratios to the floor around each (drift cancels);
  // the plain ratio of their CPU medians is shown beside it. Better Auth's own ratio to the floor moves between runs
  // (19x to 27x on one machine within hours), so each line also says what the target allowed the session case.
  const versus = (other: CaseResult, base: CaseResult, min: number, label: string): string =>
    `- ${label}: ${(other.ratio / base.ratio).toFixed(1)}x (target ≥ ${min}x; each as a ratio to its floor; CPU medians alone: ${(other.cpuPerRequest / base.cpuPerRequest).toFixed(1)}x): ${check(other.ratio >= min * base.ratio)}; ` +
    `with ${other.name} at ${other.ratio.toFixed(2)}x the floor, the target allows ${base.name} at most ${(other.ratio / min).toFixed(2)}x (it measured ${base.ratio.toFixed(2)}x)`;
  if (session && baDb) lines.push(versus(baDb, session, 20, 'Better Auth getSession / Lightbox session cookie, CPU per request'));
  if (session && baCache) lines.push(`${versus(baCache, session, 10, 'Better Auth cookie cache / Lightbox session cookie')} — and Lightbox revocation stays immediate (the cookie cache is not)`);
  for (const r of rows.filter((x) => x.target !== undefined)) lines.push(`- ${r.name}: ${r.ratio.toFixed(2)}x the floor (target ≤ ${r.target}x): ${check(r.ratio <= (r.target as number))}; p99 ${r.p99} ms (target < 10 ms): ${check(r.p99 < 10)}`);
  const costs = loggingCosts(samples);
  for (const c of costs) {
    lines.push(`- Request logging at \`info\` on ${c.route}: Lightbox ${c.lightbox.toFixed(1)} µs per request, Fastify's own ${c.fastify.toFixed(1)} µs (target: no more than Fastify's; median of ${c.runs.length} run(s): ${c.runs.map(([l, f]) => `${l.toFixed(1)} vs ${f.toFixed(1)}`).join(' · ')}): ${check(c.lightbox <= c.fastify)}`);
  }
  const login = logins[0];
  const raw = logins[1];
  if (login && raw) lines.push(`- Logins per second: ${login.perSecond.toFixed(1)} vs raw argon2id ${raw.perSecond.toFixed(1)} (${((login.perSecond / raw.perSecond) * 100).toFixed(0)}%, target ≥ 90%): ${check(login.perSecond >= 0.9 * raw.perSecond)}`);
  if (memory) {
    const added = memory.after - memory.baseline;
    lines.push(`- ${memory.sessions.toLocaleString('en')} live sessions add ${mb(added)} MB RSS once garbage is collected (target < 50 MB for 100,000): ${check(added < 50 * 1048576)}`);
  }
  lines.push('');
  if (logins.length > 0) {
    lines.push('## Logins per second', '', `Each measured ${info.reps} time(s) for ${info.loginSeconds} s after a ${info.loginWarmup} s warm-up (a fresh server each time; raw argon2id warms up the same way), interleaved with the others; the median is judged.`, '', '| what | per second (median) | each run | failed |', '| --- | ---: | ---: | ---: |');
    for (const l of logins) lines.push(`| ${l.name} | ${l.perSecond.toFixed(1)} | ${l.runs.map((x) => x.toFixed(1)).join(' · ')} | ${l.failures} |`);
    lines.push('');
  }
  if (memory) {
    const added = memory.after - memory.baseline;
    lines.push('## Memory of live sessions', '');
    lines.push(`${memory.sessions.toLocaleString('en')} cookie sessions written straight into the store, then every one of them requested once through the server (${memory.failures} failures). Both RSS readings are taken after a full garbage collection (the server runs with \`--expose-gc\`; a bench-only route calls \`gc()\`), so they show what the process keeps rather than garbage not yet collected. RSS after a warm-up on one session: ${mb(memory.baseline)} MB; after requesting all of them: ${mb(memory.after)} MB (${mb(memory.afterRaw)} MB before the collection); added: ${mb(added)} MB.`, '');
  }
  const revocation = options.revocation;
  if (revocation) {
    lines.push('## Revocation across instances (issue #19)', '');
    lines.push(`Two Lightbox processes on one PostgreSQL database and one Redis: a cookie session logs in on the first, is used once on the second (so the second has it cached), logs out on the first; the second is then asked again until it refuses. Measured from the logout's answer to the first refusal, ${revocation.rounds} sessions one after another: p50 ${revocation.p50.toFixed(1)} ms, p99 ${revocation.p99.toFixed(1)} ms, max ${revocation.max.toFixed(1)} ms (target: p99 under 100 ms; goal 10 ms). ${revocation.p99 < 100 ? '✅ met' : '❌ missed'}`, '');
  }
  if (findings.trim()) lines.push(findings.trim(), '');
  // The measurements of separate scripts (bench/sections/*.md: scale-out, packaging, backups, the gallery), as they
  // wrote them, each under its own heading: a full run keeps them instead of dropping what it did not measure itself.
  for (const section of options.sections ?? []) if (section.trim()) lines.push(section.trim(), '');
  const svg = barChart('Server CPU per request, ratio to bare Fastify (same run)', rows.filter((r, i) => i === 0 || r.isFloor !== true).map((r) => ({ label: r.name, value: r.ratio, ...(r.target !== undefined ? { target: r.target } : {}) })), 'x');
  return { markdown: `${lines.join('\n')}\n`, svg };
}
