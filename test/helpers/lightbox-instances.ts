// Several real Lightbox processes (`lightbox serve`) sharing one data folder and whatever store/Redis the env names.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { killChild } from './lightbox-process.ts';

const ROOT = resolve(import.meta.dirname, '../..');

export interface LightboxInstance {
  url: string;
  output: string[];
  /** With demo: the demo login the instance printed. */
  demo: { email: string; password: string } | null;
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `lightbox serve --port 0 --data <dataDir>` with `env` on top of this process's environment and resolves once
 * it prints its address (and, with demo, its demo login). Unlike startLightboxProcess, the data folder is the
 * caller's: instances given the same one share their photo files.
 */
export async function startInstance(dataDir: string, env: Record<string, string>, options: { demo?: boolean } = {}): Promise<LightboxInstance> {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...(options.demo ? ['--demo'] : [])];
  // LIGHTBOX_TEST_* steer the tests (which servers, how to restart them); the server would refuse them as settings.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('LIGHTBOX_TEST_')));
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const ready = new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`Lightbox did not start within 90 s:\n${output.join('\n')}`)), 90_000);
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      output.push(...lines);
      const started = output.some((l) => l.startsWith('Lightbox is listening on '));
      if (started && (!options.demo || output.some((l) => /^\s+password: /.test(l)))) {
        clearTimeout(timer);
        resolveReady();
      }
    });
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
    throw err;
  }
  const field = (pattern: RegExp): string => {
    for (const line of output) {
      const m = pattern.exec(line);
      if (m?.[1]) return m[1];
    }
    throw new Error(`not in the output: ${pattern}`);
  };
  return {
    url: field(/^Lightbox is listening on (\S+)/),
    output,
    demo: options.demo ? { email: field(/^\s+email: (\S+)/), password: field(/^\s+password: (\S+)/) } : null,
    async stop(): Promise<void> {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
