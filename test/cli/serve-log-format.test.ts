// issue #21: `lightbox serve` writes its logs as JSON lines when log.format is json (as by default when stdout is
// not a terminal), and as pino-pretty's human-readable lines when log.format is pretty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLightboxProcess, type LightboxProcess } from '../helpers/lightbox-process.ts';

/** The lines the server printed after its start-up banner, once one mentions `marker` (polled, bounded in time). */
async function linesUntil(server: LightboxProcess, marker: string): Promise<string[]> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (server.output.some((l) => l.includes(marker))) return server.output.flatMap((chunk) => chunk.split('\n')).filter((l) => l !== '');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`no log line mentions ${marker}:\n${server.output.join('\n')}`);
}

const BANNER = /^(Lightbox is listening on |No account exists yet|mail is not configured; messages are written to )/;

async function requestLogged(server: LightboxProcess): Promise<{ requestId: string; lines: string[] }> {
  const res = await fetch(`${server.url}/healthz`);
  assert.equal(res.status, 200);
  const requestId = res.headers.get('x-request-id') as string;
  return { requestId, lines: (await linesUntil(server, requestId)).filter((l) => !BANNER.test(l)) };
}

// log.format=auto is chooseLogOutput's to decide (src/http/log-format.test.ts); each process here costs seconds.
test('serve with log.format=json writes one JSON object per log line', async () => {
  const server = await startLightboxProcess({ env: { LIGHTBOX_LOG_FORMAT: 'json' } });
  try {
    const { requestId, lines } = await requestLogged(server);
    assert.ok(lines.length >= 2, lines.join('\n'));
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = records.filter((r) => r.reqId === requestId);
    assert.ok(mine.some((r) => r.msg === 'incoming request' && r.level === 30), JSON.stringify(mine));
    assert.ok(records.every((r) => typeof r.time === 'number' && typeof r.level === 'number'));
  } finally {
    await server.stop();
  }
});

test('serve with log.format=pretty writes pino-pretty lines even into a pipe', async () => {
  const server = await startLightboxProcess({ env: { LIGHTBOX_LOG_FORMAT: 'pretty' } });
  try {
    const { requestId, lines } = await requestLogged(server);
    const incoming = lines.findIndex((l) => /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO.*: incoming request/.test(l));
    assert.ok(incoming >= 0, lines.join('\n'));
    assert.ok(lines.some((l) => l.includes(`reqId: "${requestId}"`)), lines.join('\n'));
    assert.throws(() => JSON.parse(lines[incoming] as string));
  } finally {
    await server.stop();
  }
});
