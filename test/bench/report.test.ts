// issue #6: what `npm run bench` writes into BENCHMARKS.md — medians, ratios to the floor of the same run, target verdicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport, type CaseResult, type RunInfo } from '../../bench/lib/report.ts';

const MB = 1048576;
const info: RunInfo = { date: '2026-01-01T00:00:00.000Z', node: 'v20', cpu: 'cpu', cores: 2, pinned: true, reps: 3, duration: 10, warmup: 3, loginWarmup: 15, loginSeconds: 10, connections: 64, quick: false, seconds: 1 };
const runs = (name: string, cpu: number[], extra: Partial<CaseResult> = {}): [string, CaseResult[]] =>
  [name, cpu.map((c) => ({ name, rps: 1000, cpuPerRequest: c, p50: 1, p99: 3, rss: 100 * MB, ratio: 0, ...extra }))];

test('runs without their own floor reading divide by the floor median; verdicts follow the targets', () => {
  const samples = new Map([
    runs('floor (bare Fastify)', [10, 50, 20]), // median 20
    runs('Lightbox session cookie (sqlite)', [31, 29, 30], { target: 1.5 }), // 1.50x: met
    runs('Lightbox token mode', [40, 41, 39], { target: 1.5, p99: 12 }), // 2.00x: missed, p99 missed
    runs('Better Auth getSession', [600, 600, 600]), // 20x the session
    runs('Better Auth getSession (cookie cache)', [290, 290, 290]), // 9.7x: missed
  ]);
  const logins = [{ name: 'Lightbox POST /api/auth/login', perSecond: 90, runs: [88, 90, 93.25], failures: 0 }, { name: 'raw argon2id', perSecond: 100, runs: [100, 97, 104], failures: 0 }];
  const memory = { sessions: 100_000, baseline: 100 * MB, afterRaw: 170 * MB, after: 140 * MB, failures: 0 };
  const { markdown, svg } = renderReport(info, samples, logins, memory, '## What was found\n\nFINDINGS-MARKER');

  assert.match(markdown, /\| floor \(bare Fastify\) \| 1000 \| 20\.0 \| 1\.00x \|/);
  assert.match(markdown, /\| Lightbox session cookie \(sqlite\) \| 1000 \| 30\.0 \| 1\.50x \| 1\.55 · 1\.45 · 1\.50 \| ≤ 1\.5x ✅ \|/);
  assert.match(markdown, /\| Lightbox token mode \| 1000 \| 40\.0 \| 2\.00x \| 2\.00 · 2\.05 · 1\.95 \| ≤ 1\.5x ❌ \|/);
  assert.match(markdown, /Lightbox token mode: 2\.00x the floor \(target ≤ 1\.5x\): ❌ missed; p99 12 ms \(target < 10 ms\): ❌ missed/);
  assert.match(markdown, /Better Auth getSession \/ Lightbox session cookie, CPU per request: 20\.0x \(target ≥ 20x; each as a ratio to its floor; CPU medians alone: 20\.0x\): ✅ met/);
  assert.match(markdown, /Better Auth cookie cache \/ Lightbox session cookie: 9\.7x \(target ≥ 10x; each as a ratio to its floor; CPU medians alone: 9\.7x\): ❌ missed/);
  // What each comparison allowed the session case, from Better Auth's own ratio to the floor in the run.
  assert.match(markdown, /with Better Auth getSession at 30\.00x the floor, the target allows Lightbox session cookie \(sqlite\) at most 1\.50x \(it measured 1\.50x\)/);
  assert.match(markdown, /with Better Auth getSession \(cookie cache\) at 14\.50x the floor, the target allows Lightbox session cookie \(sqlite\) at most 1\.45x \(it measured 1\.50x\) — and Lightbox revocation/);
  assert.match(markdown, /Logins per second: 90\.0 vs raw argon2id 100\.0 \(90%, target ≥ 90%\): ✅ met/);
  assert.match(markdown, /\| Lightbox POST \/api\/auth\/login \| 90\.0 \| 88\.0 · 90\.0 · 93\.3 \| 0 \|/);
  // Memory is judged after the collection (40 MB), not on the raw reading (70 MB), and both are shown.
  assert.match(markdown, /100,000 live sessions add 40\.0 MB RSS once garbage is collected \(target < 50 MB for 100,000\): ✅ met/);
  assert.match(markdown, /\(170\.0 MB before the collection\)/);
  assert.match(markdown, /FINDINGS-MARKER/);
  assert.match(svg, /^<svg/);
  assert.match(svg, /Lightbox token mode/);
});

test('each run is divided by the floor measured around it, and the median of those ratios is judged', () => {
  const floor = (cpu: number[]): [string, CaseResult[]] => runs('floor (bare Fastify)', cpu);
  const paired = (name: string, pairs: Array<[number, number]>, extra: Partial<CaseResult> = {}): [string, CaseResult[]] =>
    [name, pairs.map(([cpu, f]) => ({ name, rps: 1000, cpuPerRequest: cpu, floor: f, p50: 1, p99: 3, rss: 100 * MB, ratio: 0, ...extra }))];
  const samples = new Map([
    floor([20, 26, 20, 26, 20, 26]), // median 23
    // A slow phase raises both the case and its floor: per run 1.40, 1.40, 1.45 (median 1.40); the case's CPU median
    // over the floor's median would be 36.4 / 23 = 1.58x.
    paired('Lightbox session cookie (sqlite)', [[28, 20], [36.4, 26], [37.7, 26]], { target: 1.5 }),
    paired('Better Auth getSession', [[560, 20], [728, 26], [740, 26]]), // 28.0x its floor, 20x the session's ratio
    paired('Better Auth getSession (cookie cache)', [[270, 20], [351, 26], [351, 26]]), // 13.5x: 9.6x the session's
  ]);
  const logins = [{ name: 'Lightbox POST /api/auth/login', perSecond: 80, runs: [80], failures: 0 }, { name: 'raw argon2id', perSecond: 100, runs: [100], failures: 0 }];
  const memory = { sessions: 100_000, baseline: 100 * MB, afterRaw: 100 * MB, after: 100 * MB, failures: 0 };
  const { markdown } = renderReport(info, samples, logins, memory, '');

  assert.match(markdown, /\| floor \(bare Fastify\) \| 1000 \| 23\.0 \| 1\.00x \|/);
  assert.match(markdown, /\| Lightbox session cookie \(sqlite\) \| 1000 \| 36\.4 \| 1\.40x \| 1\.40 · 1\.40 · 1\.45 \| ≤ 1\.5x ✅ \|/);
  assert.match(markdown, /Better Auth getSession \/ Lightbox session cookie, CPU per request: 20\.0x \(target ≥ 20x; each as a ratio to its floor; CPU medians alone: 20\.0x\): ✅ met/);
  assert.match(markdown, /Better Auth cookie cache \/ Lightbox session cookie: 9\.6x .*: ❌ missed/);
  assert.match(markdown, /with Better Auth getSession at 28\.00x the floor, the target allows Lightbox session cookie \(sqlite\) at most 1\.40x \(it measured 1\.40x\)/);
  assert.match(markdown, /with Better Auth getSession \(cookie cache\) at 13\.50x the floor, the target allows Lightbox session cookie \(sqlite\) at most 1\.35x/);
  assert.match(markdown, /Logins per second: 80\.0 vs raw argon2id 100\.0 \(80%, target ≥ 90%\): ❌ missed/);
});

// issue #17: real routes as shipped, each divided by its own floor; request logging priced at info against warn.
test('real-route cases are divided by their own floors, and request logging is priced per run', () => {
  const row = (name: string, pairs: Array<[number, number | undefined]>, extra: Partial<CaseResult> = {}): [string, CaseResult[]] =>
    [name, pairs.map(([cpu, f]) => ({ name, rps: 1000, cpuPerRequest: cpu, ...(f === undefined ? {} : { floor: f }), p50: 1, p99: 3, rss: 100 * MB, ratio: 0, ...extra }))];
  const me = { route: 'GET /api/auth/me' };
  const samples = new Map([
    row('floor (bare Fastify)', [[10, undefined], [10, undefined]]),
    row('floor: me, no logger', [[12, undefined], [12, undefined]], { isFloor: true }),
    row('Lightbox me, warn', [[24, 12], [26, 13]], { target: 1.5, logging: { ...me, level: 'warn' } }), // 2.00x
    row('floor: me, its logging', [[28, undefined], [28, undefined]], { isFloor: true }),
    // Logging: Lightbox 60 - 24 = 36 and 58 - 26 = 32 (median 34); Fastify 28 - 12 = 16 and 30 - 13 = 17 (16.5).
    row('Lightbox me, info', [[60, 28], [58, 30]], { target: 1.5, logging: { ...me, level: 'info' } }),
  ]);
  const { markdown, svg } = renderReport(info, samples, [], null, '', { sections: ['## Packaging\n\nPACKAGING-MARKER: 1.2 MB\n', '## Backups\n\nBACKUP-MARKER\n'] });
  assert.match(markdown, /\| floor: me, no logger \| 1000 \| 12\.0 \| 1\.00x \| {2}\| {2}\|/);
  assert.match(markdown, /\| Lightbox me, warn \| 1000 \| 25\.0 \| 2\.00x \| 2\.00 · 2\.00 \| ≤ 1\.5x ❌ \|/);
  assert.match(markdown, /\| Lightbox me, info \| 1000 \| 59\.0 \| 2\.04x \| 2\.14 · 1\.93 \| ≤ 1\.5x ❌ \|/);
  assert.match(markdown, /Request logging at `info` on GET \/api\/auth\/me: Lightbox 34\.0 µs per request, Fastify's own 16\.5 µs .*36\.0 vs 16\.0 · 32\.0 vs 17\.0\): ❌ missed/);
  // Without logins or a memory case (`--only`) those sections are left out rather than filled with zeros.
  assert.doesNotMatch(markdown, /Logins per second|live sessions/);
  // bench/sections/*.md, which separate scripts write, appear as written, in the order given, after the findings.
  assert.match(markdown, /## Packaging\n\nPACKAGING-MARKER: 1\.2 MB\n\n## Backups\n\nBACKUP-MARKER\n/);
  // The chart shows one floor bar, not one per real route.
  assert.doesNotMatch(svg, /floor: me/);
});

test('request logging that costs no more than Fastify\'s meets the target; an empty section adds nothing', () => {
  const samples = new Map<string, CaseResult[]>([
    ['floor: a', [{ name: 'floor: a', rps: 1, cpuPerRequest: 12, p50: 1, p99: 1, rss: 0, ratio: 0, isFloor: true }]],
    ['a warn', [{ name: 'a warn', rps: 1, cpuPerRequest: 20, floor: 12, p50: 1, p99: 1, rss: 0, ratio: 0, logging: { route: 'a', level: 'warn' } }]],
    ['a info', [{ name: 'a info', rps: 1, cpuPerRequest: 34, floor: 28, p50: 1, p99: 1, rss: 0, ratio: 0, logging: { route: 'a', level: 'info' } }]],
  ]);
  const { markdown } = renderReport(info, samples, [], null, '', { sections: ['  \n'] });
  assert.match(markdown, /Request logging at `info` on a: Lightbox 14\.0 µs per request, Fastify's own 16\.0 µs .*: ✅ met/);
  assert.equal(markdown, renderReport(info, samples, [], null, '').markdown);
});
