// Terminal helpers for commands: reading a password without echo or from stdin, and usage errors.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface CommandIO {
  stdin: Readable & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export async function readAllStdin(stdin: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Prompts on the terminal with echo off. */
export async function promptHidden(io: CommandIO, question: string): Promise<string> {
  if (!io.stdin.isTTY) throw new UsageError('no terminal to prompt for a password: use --password-stdin');
  io.stdout.write(question);
  const rl = createInterface({ input: io.stdin, terminal: true });
  const output = rl as unknown as { _writeToOutput?: (s: string) => void };
  output._writeToOutput = () => undefined; // swallow the echo of typed characters
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    io.stdout.write('\n');
  }
}

export async function readPassword(io: CommandIO, fromStdin: boolean): Promise<string> {
  if (fromStdin) return readAllStdin(io.stdin);
  const first = await promptHidden(io, 'Password: ');
  const second = await promptHidden(io, 'Repeat password: ');
  if (first !== second) throw new UsageError('passwords do not match');
  return first;
}
