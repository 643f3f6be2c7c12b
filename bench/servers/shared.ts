// What every bench server shares: the resource they all serve and the ready line the harness waits for.
import { writeSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/** The small JSON resource every case GETs. */
export const RESOURCE = Object.freeze({ id: 'res_bench', name: 'Spring wedding', photos: 42, updated_at: '2025-01-01T00:00:00.000Z' });

/** Prints the one JSON line the harness waits for, and exits cleanly on SIGTERM. */
export function announce(app: FastifyInstance, extra: Record<string, unknown>, onClose: () => Promise<void> = async () => undefined): void {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // The harness reads the ready line on its own descriptor, so stdout is left to the server's request logs.
  const fd = Number(process.env.BENCH_READY_FD ?? 1);
  writeSync(fd, `${JSON.stringify({ port, ...extra })}\n`);
  process.once('SIGTERM', () => {
    void app.close().then(onClose).finally(() => process.exit(0));
  });
}
