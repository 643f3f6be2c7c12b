// A private redis-server on a free loopback port, which a fault test may stop and start without disturbing anyone.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Shuts the server down (SHUTDOWN NOSAVE): every connection drops, new ones are refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** Null when redis-server is not installed (a fault test then skips, visibly, unless CI=true). */
export function redisServerBinary(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`redis-server: ${what} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs fn with a private server (no persistence, loopback only) and always shuts it down afterwards. */
export async function withPrivateRedis(fn: (redis: PrivateRedis) => Promise<void>): Promise<void> {
  const binary = redisServerBinary();
  if (binary === null) throw new Error('redis-server is not installed');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-redis-'));
  const start = async (): Promise<void> => {
    execFileSync(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'yes', '--dir', dir, '--pidfile', join(dir, 'redis.pid')]);
    await waitFor(() => answers(url), 'did not start');
  };
  const stop = async (): Promise<void> => {
    const client = new Redis(url, { lazyConnect: true, connectTimeout: 500, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the server closes the connection as it goes
    } catch {
      // already down
    } finally {
      client.disconnect();
    }
    await waitFor(async () => !(await answers(url)), 'did not stop');
  };
  await start();
  try {
    await fn({ url, port, stop, start });
  } finally {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
