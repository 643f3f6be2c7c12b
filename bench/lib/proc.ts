// Child processes for the bench: pinned to a core with taskset when it exists, and their CPU time and RSS from /proc.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const HAS_TASKSET = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

export function pinningAvailable(): boolean {
  return HAS_TASKSET;
}

/** The command line that runs `args` on `core` (or unpinned when taskset is missing). */
function pinned(core: number, args: readonly string[]): [string, string[]] {
  if (HAS_TASKSET) return ['taskset', ['-c', String(core), ...args]];
  return [args[0] as string, args.slice(1)];
}

export interface Running {
  child: ChildProcess;
  pid: number;
  /** The first JSON line the process printed (servers announce their port and credentials this way). */
  hello: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * Starts a server script (TypeScript through tsx) on `core`; resolves once it prints its first JSON line on fd 3.
 * The server's stdout, where request logs go at `info`, is /dev/null: the bench measures what logging costs the
 * server, not a reader of the lines (which would run unpinned and compete for the cores).
 */
export async function startNode(core: number, script: string, args: readonly string[], options: { nodeFlags?: readonly string[] } = {}): Promise<Running> {
  const [cmd, argv] = pinned(core, [process.execPath, ...(options.nodeFlags ?? []), '--import', 'tsx', script, ...args]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'inherit', 'pipe'], env: { ...process.env, NODE_ENV: 'production', BENCH_READY_FD: '3' } });
  const lines = createInterface({ input: child.stdio[3] as NodeJS.ReadableStream });
  const hello = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child, pid: child.pid as number, hello,
    async stop(): Promise<void> {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Starts a server as `startNode` does, hands it to `use`, and stops it however `use` ends. */
export async function withNode<T>(core: number, script: string, args: readonly string[], use: (server: Running) => Promise<T>, options: { nodeFlags?: readonly string[] } = {}): Promise<T> {
  const server = await startNode(core, script, args, options);
  try {
    return await use(server);
  } finally {
    await server.stop();
  }
}

/** Runs a node script on `core` to completion and parses the JSON it prints last. */
export async function runNode<T>(core: number, script: string, args: readonly string[]): Promise<T> {
  const [cmd, argv] = pinned(core, [process.execPath, '--import', 'tsx', script, ...args]);
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString('utf8'); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} failed with exit code ${code}`);
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as T;
}

/** User + system CPU time of the process (all its threads), in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces; fields after it are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1_000_000) / CLK_TCK;
}

/** Resident set size of the process, in bytes. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}
