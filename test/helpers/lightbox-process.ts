// A real Lightbox process (`lightbox serve`) on a free port with a temporary data directory, for browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_NODE_ARGS, REPO_ROOT } from './paths.ts';


export interface LightboxProcess {
  url: string;
  /** Every line the server printed so far (startup banner, logs). */
  output: string[];
  /** `/setup?token=…` when the server started without an account. */
  setupUrl: string | null;
  demo: { email: string; password: string; galleryUrl: string; galleryPassword: string } | null;
  /** The data directory (removed by stop() unless the caller passed its own). */
  dataDir: string;
  /** The server's process id (the node process itself: tsx runs in it through --import). */
  pid: number;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown code runs. Resolves once the process is gone. */
  kill(): Promise<void>;
}

function field(lines: string[], pattern: RegExp): string | null {
  for (const line of lines) {
    const m = pattern.exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

/**
 * SIGKILL and wait for the exit, when the process still runs: a crash for the tests that want one, and the cleanup
 * after a failed start (a process left running would keep the test file, and npm test, from ever finishing).
 */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

/** Starts `lightbox serve --port 0` and resolves once it has printed its address (and, with demo, the demo logins). */
export async function startLightboxProcess(options: { demo?: boolean; env?: Record<string, string>; dataDir?: string } = {}): Promise<LightboxProcess> {
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lightbox-browser-'));
  // The same code as the test: compiled with it by `npm test`, or TypeScript through tsx when a file is run alone.
  const args = [...CLI_NODE_ARGS, 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...(options.demo ? ['--demo'] : [])];
  // LIGHTBOX_TEST_* steer the tests (which servers, how to restart them); the server would refuse them as settings.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LIGHTBOX_TEST_')));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...inherited, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const ready = new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`Lightbox did not start within 90 s:\n${output.join('\n')}`)), 90_000);
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      output.push(...lines);
      const started = output.some((l) => l.startsWith('Lightbox is listening on '));
      // A data dir that already has an account prints no setup link: the listening line is then the whole banner.
      const complete = options.demo ? output.some((l) => l.includes('collection password:')) : !ownData || output.some((l) => l.includes('/setup?token='));
      if (started && complete) {
        clearTimeout(timer);
        resolveReady();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Lightbox exited with ${code}:\n${output.join('\n')}`));
    });
  });
  try {
    await ready;
  } catch (err) {
    await killChild(child);
    if (ownData) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const url = field(output, /^Lightbox is listening on (\S+)/) as string;
  const demo = options.demo
    ? {
      email: field(output, /^\s+email: (\S+)/) as string,
      password: field(output, /^\s+password: (\S+)/) as string,
      galleryUrl: field(output, /^Sample collection .*: (\S+)$/) as string,
      galleryPassword: field(output, /^\s+collection password: (\S+)/) as string,
    }
    : null;
  return {
    url, output, demo, dataDir, pid: child.pid as number,
    setupUrl: field(output, /(http\S+\/setup\?token=\S+)/),
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownData) rmSync(dataDir, { recursive: true, force: true });
    },
    kill: () => killChild(child),
  };
}
