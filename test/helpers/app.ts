// buildTestApp(): a real app on a private SQLite file, a fake clock and captured logs; plus HTTP helpers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config, type DeepPartial } from '../../src/config.ts';
import { createDeps, openStores, type OpenedStore } from '../../src/main.ts';
import { buildApp, type BuildAppOptions } from '../../src/app.ts';
import type { AppDeps } from '../../src/http/deps.ts';
import { createAccountInStudio } from '../../src/auth/accounts.ts';
import type { Role } from '../../src/store/schema.ts';
import { FakeClock } from './clock.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  records(): Array<Record<string, unknown>> {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  store: OpenedStore;
  clock: FakeClock;
  logs: LogCapture;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

/** Argon2 at the floor parameters; tests may lower nothing else. */
export async function buildTestApp(overrides: DeepPartial<Config> = {}, appOptions: BuildAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-test-'));
  const config = loadConfig({}, { overrides: { dataDir, log: { level: 'info' }, ...overrides }, cwd: dataDir });
  const store = await openStores(config);
  const clock = new FakeClock();
  const logs = new LogCapture();
  const deps = await createDeps(config, store, { clock, logStream: logs });
  const app = await buildApp(deps, appOptions);
  return {
    app, deps, store, clock, logs, config, dataDir,
    async close(): Promise<void> {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Builds a test app, runs fn with it, and closes it (its data folder included) whatever fn does. */
export async function withTestApp(overrides: DeepPartial<Config>, fn: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await buildTestApp(overrides);
  try {
    await fn(t);
  } finally {
    await t.close();
  }
}

let counter = 0;

export interface TestUser {
  id: string;
  email: string;
  username: string;
  password: string;
  studioId: string | null;
}

export async function createUser(t: TestApp, options: { studio?: string; role?: Role; password?: string; email?: string; username?: string } = {}): Promise<TestUser> {
  counter++;
  const email = options.email ?? `user${counter}-${Date.now()}@example.test`;
  const username = options.username ?? `user${counter}x${Date.now() % 100000}`;
  const password = options.password ?? TEST_PASSWORD;
  const { user, studio } = await createAccountInStudio(
    { store: t.store, hasher: t.deps.hasher, clock: t.clock, passwordPolicy: { minLength: t.config.password.minLength, maxLength: t.config.password.maxLength } },
    { email, username, firstName: 'Test', lastName: 'User', password, ...(options.studio ? { studioName: options.studio, role: options.role ?? 'owner' } : {}) },
  );
  return { id: user.id, email, username, password, studioId: studio?.id ?? null };
}

export interface ParsedSetCookie {
  name: string;
  value: string;
  attributes: Record<string, string | true>;
}

export function setCookies(res: LightMyRequestResponse | { headers: Record<string, unknown> }): ParsedSetCookie[] {
  const raw = res.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return list.map((line) => {
    const [pair, ...attrs] = line.split(';');
    const eq = (pair ?? '').indexOf('=');
    const attributes: Record<string, string | true> = {};
    for (const a of attrs) {
      const [k, ...v] = a.trim().split('=');
      attributes[(k ?? '').toLowerCase()] = v.length ? v.join('=') : true;
    }
    return { name: (pair ?? '').slice(0, eq).trim(), value: (pair ?? '').slice(eq + 1).trim(), attributes };
  });
}

export function cookieOf(res: LightMyRequestResponse, name: string): ParsedSetCookie | undefined {
  return setCookies(res).find((c) => c.name === name);
}

export interface LoggedIn {
  session: string;
  csrf: string;
  cookie: string;
  body: Record<string, unknown>;
}

export async function login(t: TestApp, user: { email: string; password: string }): Promise<LoggedIn> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
  if (res.statusCode !== 201) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const session = cookieOf(res, t.config.cookies.session)?.value ?? '';
  const csrf = cookieOf(res, t.config.cookies.csrf)?.value ?? '';
  return { session, csrf, cookie: `${t.config.cookies.session}=${session}; ${t.config.cookies.csrf}=${csrf}`, body: res.json() as Record<string, unknown> };
}
