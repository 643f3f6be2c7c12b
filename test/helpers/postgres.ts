// PostgreSQL for tests: a fresh database per test (created through the maintenance database, dropped afterwards),
// and when a suite may skip: visibly on a developer machine without a server, never under CI=true.
import { randomBytes } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import pg from 'pg';

/** The maintenance database the helper connects to; LIGHTBOX_TEST_PG_URL names another server. */
export const PG_ADMIN_URL = process.env.LIGHTBOX_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Where the server is, without any password the URL may carry. */
function serverName(): string {
  const url = new URL(PG_ADMIN_URL);
  return `${url.hostname}:${url.port || '5432'}`;
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function reachable(): Promise<boolean> {
  try {
    await admin('select 1');
    return true;
  } catch {
    return false;
  }
}

/**
 * A PostgreSQL suite skips, visibly, on a developer machine with no server. Under CI=true it must run (`.ci/run`
 * starts the server), so this returns false there and the suite fails on the connection error instead.
 */
export async function postgresSkip(what: string): Promise<string | false> {
  if (process.env.CI === 'true') return false;
  if (await reachable()) return false;
  return `PostgreSQL is not reachable at ${serverName()} (.ci/run starts it; LIGHTBOX_TEST_PG_URL names another server): ${what} skipped`;
}

export interface TestDatabase {
  name: string;
  /** PG_ADMIN_URL with this database in its path. */
  url: string;
  /** Drops the database, closing any connection still open on it. */
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  // Only hex after a fixed prefix: the name is safe to splice into the statement without quoting.
  const name = `lightbox_test_${randomBytes(8).toString('hex')}`;
  await admin(`create database ${name}`);
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`drop database if exists ${name} with (force)`) };
}

/** Runs fn with a fresh database and drops it whatever fn does. */
export async function withTestDatabase(fn: (database: TestDatabase) => Promise<void>): Promise<void> {
  const database = await createTestDatabase();
  try {
    await fn(database);
  } finally {
    await database.drop();
  }
}

/** Ends every connection Lightbox holds on the database, as a server restart or an administrator would. */
export async function terminateConnections(database: TestDatabase): Promise<void> {
  await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${database.name}' and pid <> pg_backend_pid()`);
}

export interface Outage {
  /** A URL for the same database through a proxy that the test can cut. */
  url: string;
  /** Drops every open connection and refuses new ones, as a stopped server would (ECONNREFUSED). */
  stop(): Promise<void>;
  /** Accepts connections again on the same port. */
  start(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of the server, so that a test can take "the database" away from Lightbox without
 * stopping the PostgreSQL server other tests (and other people) are using.
 */
export async function withOutage(database: TestDatabase, fn: (outage: Outage) => Promise<void>): Promise<void> {
  const target = new URL(database.url);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || '5432'), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number): Promise<void> => new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const stop = (): Promise<void> => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    if (!server.listening) resolve();
    else server.close(() => resolve());
  });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = new URL(database.url);
  url.host = `127.0.0.1:${port}`;
  try {
    await fn({ url: url.toString(), stop, start: () => listen(port) });
  } finally {
    await stop();
  }
}
