// The PostgreSQL server itself, for fault tests: restart it (pg_ctlcluster, as root on the CI machine) and make sure
// it is accepting connections again afterwards. Never used by `npm test`: other suites share this server.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { PG_ADMIN_URL } from './postgres.ts';

const run = promisify(execFile);

export interface Cluster {
  /** e.g. "15 main", as pg_lsclusters names it. */
  name: string;
  restart(): Promise<void>;
  /** Starts the server if it is not accepting connections, then waits (bounded) until it does. */
  ensureRunning(timeoutMs: number): Promise<void>;
}

async function accepting(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 1000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Shell commands instead of pg_ctlcluster, for a private server a developer runs (LIGHTBOX_TEST_PG_RESTART and
 * LIGHTBOX_TEST_PG_START); CI uses the cluster that pg_lsclusters lists on the test server's port.
 */
function fromEnvironment(): Cluster | null {
  const restart = process.env.LIGHTBOX_TEST_PG_RESTART;
  const start = process.env.LIGHTBOX_TEST_PG_START;
  if (restart === undefined || start === undefined) return null;
  return clusterOf('custom', () => run('sh', ['-c', restart]), () => run('sh', ['-c', start]));
}

function clusterOf(name: string, restart: () => Promise<unknown>, start: () => Promise<unknown>): Cluster {
  return {
    name,
    async restart(): Promise<void> {
      await restart();
    },
    async ensureRunning(timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      if (!(await accepting())) await start().catch(() => undefined);
      while (!(await accepting())) {
        if (Date.now() > deadline) throw new Error(`PostgreSQL (${name}) is not accepting connections ${timeoutMs} ms after a start`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
  };
}

/** The cluster serving PG_ADMIN_URL, or a reason why it cannot be restarted from here. */
export async function localCluster(): Promise<Cluster | string> {
  const custom = fromEnvironment();
  if (custom) return custom;
  const port = new URL(PG_ADMIN_URL).port || '5432';
  let listing: string;
  try {
    listing = (await run('pg_lsclusters', ['-h'])).stdout;
  } catch {
    return 'pg_lsclusters is not installed: no local cluster to restart';
  }
  // Each line: version, name, port, status, owner, data directory, log file.
  const line = listing.split('\n').map((l) => l.trim().split(/\s+/)).find((f) => f[2] === port);
  if (!line) return `no local cluster listens on port ${port}`;
  const [version, cluster] = line as [string, string];
  const ctl = (action: string) => (): Promise<unknown> => run('pg_ctlcluster', ['--skip-systemctl-redirect', version, cluster, action]);
  return clusterOf(`${version} ${cluster}`, ctl('restart'), ctl('start'));
}
