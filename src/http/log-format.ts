// How log lines look: JSON lines for machines (files, journald, collectors), pino-pretty's lines for a person at a
// terminal. The choice is a pure function of the configuration and of whether stdout is a terminal.
import type { Writable } from 'node:stream';
import type { Config } from '../config.ts';

export type LogOutput = 'json' | 'pretty';

/** `auto` is pretty only when stdout is a terminal: redirected to a file or a pipe, the lines stay JSON. */
export function chooseLogOutput(format: Config['log']['format'], stdoutIsTTY: boolean): LogOutput {
  if (format === 'auto') return stdoutIsTTY ? 'pretty' : 'json';
  return format;
}

/**
 * pino-pretty as a stream in this process (no worker thread: one fewer moving part), writing to stdout synchronously
 * so its lines come out in order with what the server prints itself and none is lost at exit; a person reading a
 * terminal does not need JSON's throughput. Colours follow the terminal's support. Imported only for a terminal, so a
 * server logging JSON never loads it.
 */
export async function prettyLogStream(): Promise<Writable> {
  const { PinoPretty } = await import('pino-pretty');
  return PinoPretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true });
}
