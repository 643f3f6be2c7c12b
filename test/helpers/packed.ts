// The packed server as a user gets it: `npm pack`, installed into a fresh project without dev dependencies (issue #21).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync, lstatSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PackedInstall {
  dir: string;
  /** The installed `lightbox` bin (node_modules/.bin/lightbox). */
  bin: string;
  remove(): void;
}

/** Packs this checkout (prepare builds dist/) and installs the tarball into a temp project with --omit=dev. */
export function packAndInstall(): PackedInstall {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-pack-'));
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const tarball = out.trim().split('\n').at(-1) ?? '';
  // better-sqlite3 must build its native module; sharp ships prebuilt binaries in optional packages.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'lightbox-consumer', private: true, allowScripts: { 'better-sqlite3': true, sharp: false } }));
  execFileSync('npm', ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball)], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  return { dir, bin: join(dir, 'node_modules', '.bin', 'lightbox'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Bytes under a directory (apparent sizes, links not followed). */
export function directoryBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += directoryBytes(path);
    else total += (entry.isSymbolicLink() ? lstatSync(path) : statSync(path)).size;
  }
  return total;
}

/** Wall time of one run of the command, in milliseconds, and what it printed. */
export function timeRun(bin: string, args: string[]): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const stdout = execFileSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, stdout };
}

/** Starts `lightbox serve` on an empty data dir and resolves with the milliseconds until /readyz answered 200. */
export async function timeToReady(bin: string, dataDir: string, timeoutMs = 15_000): Promise<{ ms: number; status: unknown }> {
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LIGHTBOX_LOG_LEVEL: 'warn' } });
  try {
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listen line within ${timeoutMs} ms: ${output}`)), timeoutMs);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const match = /listening on (http:\/\/[^\s]+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/readyz`).catch(() => undefined);
      if (res?.status === 200) return { ms: Number(process.hrtime.bigint() - start) / 1e6, status: await res.json() };
      if (Number(process.hrtime.bigint() - start) / 1e6 > timeoutMs) throw new Error('/readyz never answered 200');
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    child.kill('SIGTERM');
  }
}
