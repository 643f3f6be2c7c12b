// `lightbox serve`: run the server (npm start passes its options here).
import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, configFrom } from '../common.ts';
import { UsageError, type CommandIO } from '../io.ts';
import { startServer } from '../../main.ts';

export const SERVE_HELP = `Usage: lightbox serve [--host HOST] [--port PORT] [--data DIR] [--demo] [--config FILE]

Runs Lightbox on its embedded SQLite store (default http://127.0.0.1:8080, data in ./data).
  --demo   seed a demo studio and print its login (its password is reset on every --demo start)`;

export async function serveCommand(args: string[], io: CommandIO): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, host: { type: 'string' }, port: { type: 'string' }, demo: { type: 'boolean' } }, strict: true });
  if (values.help) {
    io.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got "${values.port}"`);
  }
  const server: Record<string, unknown> = {};
  if (values.host !== undefined) server.host = values.host;
  if (port !== undefined) server.port = port;
  const config = configFrom(values, io.env, { server });
  const running = await startServer(config, { demo: values.demo === true, print: (line) => io.stdout.write(`${line}\n`) });
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void running.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}
