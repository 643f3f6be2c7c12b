// Running the Debian attack tools (hydra, sqlmap, nmap) against a server on 127.0.0.1, bounded in time (issue #22).
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Whether the tool is installed. Under CI=true a missing tool is a failure (scripts/test-attack.sh installs them). */
export function toolSkip(name: string): string | false {
  if (spawnSync('sh', ['-c', `command -v ${name}`]).status === 0) return false;
  if (process.env.CI) throw new Error(`${name} is not installed (scripts/test-attack.sh installs it as root)`);
  return `${name} is not installed (apt-get install ${name})`;
}

/** Runs a tool to completion (killed after timeoutMs) and returns everything it printed. */
export async function runTool(command: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => { output += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { output += c.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** A deliberately weak HTTP server on 127.0.0.1: the positive control that shows a tool's check can fail. */
export async function startControlServer(handler: Parameters<typeof createServer>[1]): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
