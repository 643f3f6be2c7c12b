// issue #19: PostgreSQL restarted under a running instance (PostgreSQL + Redis) with steady authenticated traffic.
// While it is down: 503 JSON with Retry-After, never a 500, never a success without a valid credential. Afterwards:
// recovery by itself within a bound, and every write acknowledged at any time is in the database.
// It restarts the shared server, so it runs alone: `npm run test:faults`, never inside `npm test`.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, postgresSkip } from '../helpers/postgres.ts';
import { REDIS_TEST_URL, deleteKeys, redisSkip, testPrefix } from '../helpers/redis.ts';
import { localCluster, type Cluster } from '../helpers/postgres-cluster.ts';
import { startInstance, type LightboxInstance } from '../helpers/lightbox-instances.ts';

/** From the end of the restart command until writes and reads succeed again, with no help from the test. */
const RECOVERY_BOUND_MS = 15_000;

const cluster = await localCluster();
const skip = (await postgresSkip('the PostgreSQL restart fault test')) || (await redisSkip('the PostgreSQL restart fault test'))
  || (typeof cluster === 'string' ? `${cluster}: the PostgreSQL restart fault test skipped` : false);

// Also after the test, not only in its finally: a test that hits its timeout is abandoned where it stands, and the
// runner may exit before that finally runs; hooks still run.
after(async () => {
  if (!skip) await (cluster as Cluster).ensureRunning(30_000);
});

type Phase = 'before' | 'during' | 'after';
type Kind = 'read' | 'write' | 'forged';

interface Seen {
  kind: Kind;
  phase: Phase;
  status: number;
  code: unknown;
  retryAfter: string | null;
  json: boolean;
}

interface Traffic {
  seen: Seen[];
  /** Client ids whose creation was answered 201, and in which phase. */
  acknowledged: Array<{ id: string; phase: Phase }>;
  /** Requests that got no HTTP answer at all (the instance itself must stay up). */
  transportErrors: string[];
  stop(): Promise<void>;
}

/** Two loops against the instance until stopped: reads and forged-token reads, and client creations. */
function steadyTraffic(instance: LightboxInstance, headers: Record<string, string>, phase: () => Phase): Traffic {
  const traffic: Omit<Traffic, 'stop'> = { seen: [], acknowledged: [], transportErrors: [] };
  let running = true;
  let n = 0;
  const send = async (kind: Kind, method: string, path: string, h: Record<string, string>, json?: unknown): Promise<Record<string, unknown> | null> => {
    const at = phase();
    try {
      const res = await fetch(`${instance.url}${path}`, {
        method, signal: AbortSignal.timeout(10_000),
        headers: json === undefined ? h : { ...h, 'content-type': 'application/json' }, ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      const text = await res.text();
      const isJson = /^application\/json/.test(res.headers.get('content-type') ?? '');
      const body = isJson ? (JSON.parse(text) as Record<string, unknown>) : {};
      traffic.seen.push({ kind, phase: at, status: res.status, code: body.code, retryAfter: res.headers.get('retry-after'), json: isJson });
      return res.status < 300 ? body : null;
    } catch (err) {
      traffic.transportErrors.push(`${kind} ${path} (${at}): ${String(err)}`);
      return null;
    }
  };
  const forged = { 'x-auth-token': 'A'.repeat(43) };
  const reads = (async () => {
    while (running) {
      await send('read', 'GET', '/api/auth/me', headers);
      await send('read', 'GET', '/api/v1/clients/?limit=5', headers);
      await send('forged', 'GET', '/api/v1/clients/?limit=5', forged);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const writes = (async () => {
    while (running) {
      const at = phase();
      const body = await send('write', 'POST', '/api/v1/clients/', headers, { email: `steady${n++}@example.test` });
      const data = body?.data as { id?: string } | undefined;
      if (data?.id) traffic.acknowledged.push({ id: data.id, phase: at });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  return {
    ...traffic,
    async stop(): Promise<void> {
      running = false;
      await Promise.all([reads, writes]);
    },
  };
}

async function until(ms: number, what: string, check: () => Promise<boolean>): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    assert.ok(performance.now() - started < ms, `${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - started;
}

test('PostgreSQL restarted mid-run: 503s while down, recovery by itself, no acknowledged write lost', { skip, timeout: 60_000 }, async () => {
  const pgCluster = cluster as Cluster;
  const database = await createTestDatabase();
  const prefix = testPrefix();
  const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-pg-restart-'));
  let instance: LightboxInstance | null = null;
  let traffic: Traffic | null = null;
  try {
    instance = await startInstance(dataDir, {
      LIGHTBOX_STORE_KIND: 'postgres', LIGHTBOX_STORE_URL: database.url, LIGHTBOX_REDIS_URL: REDIS_TEST_URL, LIGHTBOX_REDIS_PREFIX: prefix, LIGHTBOX_LOG_LEVEL: 'fatal',
    }, { demo: true });
    const { email, password } = instance.demo as { email: string; password: string };
    const login = await fetch(`${instance.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password, mode: 'token' }) });
    assert.equal(login.status, 200);
    const headers = { 'x-auth-token': ((await login.json()) as { token: string }).token };

    let phase: Phase = 'before';
    const t = steadyTraffic(instance, headers, () => phase);
    traffic = t;
    await until(10_000, 'ten writes acknowledged before the restart', async () => t.acknowledged.length >= 10);

    phase = 'during';
    const restartStarted = performance.now();
    await pgCluster.restart();
    const restartMs = performance.now() - restartStarted;
    phase = 'after';
    const api = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${(instance as LightboxInstance).url}${path}`, { ...init, headers: { ...headers, ...init.headers } });
    const recoveryMs = await until(RECOVERY_BOUND_MS, 'reads and writes succeed again', async () => {
      const ready = await api('/readyz');
      const write = await api('/api/v1/clients/', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `probe${Date.now()}@example.test` }) });
      const read = await api('/api/v1/clients/?limit=1');
      return ready.status === 200 && write.status === 201 && read.status === 200;
    });
    // A little more traffic on the recovered server, then stop it.
    const settled = t.seen.length;
    await until(5000, 'traffic continues after recovery', async () => t.seen.length >= settled + 20);
    await t.stop();

    const unavailable = t.seen.filter((s) => s.status === 503);
    process.stdout.write(`restart took ${restartMs.toFixed(0)} ms; recovered ${recoveryMs.toFixed(0)} ms after it; ${t.seen.length} requests, `
      + `${unavailable.length} answered 503, ${t.acknowledged.length} writes acknowledged\n`);

    assert.deepEqual(t.transportErrors, [], 'the instance answered every request');
    assert.deepEqual(t.seen.filter((s) => s.status >= 500 && s.status !== 503), [], 'never a 500');
    assert.deepEqual(t.seen.filter((s) => s.kind === 'forged' && s.status < 400), [], 'never a success without a valid credential');
    for (const s of t.seen) {
      const allowed = s.kind === 'forged' ? [401, 503] : s.kind === 'write' ? [201, 503] : [200, 503];
      assert.ok(allowed.includes(s.status), `${s.kind} (${s.phase}) answered ${s.status} ${String(s.code)}`);
    }
    for (const s of unavailable) {
      assert.ok(s.json && s.code === 'unavailable', `a 503 carries the JSON error body: ${JSON.stringify(s)}`);
      assert.match(s.retryAfter ?? '', /^[1-9]\d*$/, 'a 503 carries Retry-After');
    }
    assert.ok(unavailable.some((s) => s.kind !== 'forged'), 'authenticated requests met the outage (a 503), so the above says something');
    assert.ok(t.acknowledged.some((a) => a.phase === 'after'), 'writes were acknowledged again after the restart');

    // Every write acknowledged, before, during or after the restart, is in the database.
    const stored = new Set<string>();
    let next: string | null = '/api/v1/clients/?limit=100';
    while (next !== null) {
      const page = (await (await api(next)).json()) as { data: Array<{ id: string }>; links: { next: string | null } };
      for (const c of page.data) stored.add(c.id);
      next = page.links.next;
    }
    assert.deepEqual(t.acknowledged.filter((a) => !stored.has(a.id)), [], 'no acknowledged write lost');
  } finally {
    await traffic?.stop();
    // Whatever happened above, the shared server is accepting connections before the test ends.
    await pgCluster.ensureRunning(30_000);
    await instance?.stop();
    await database.drop();
    await deleteKeys(prefix);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
