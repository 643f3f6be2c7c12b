// Slow clients are cut off at configured timeouts and the connection cap refuses extra connections (issue #22, defect 9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

interface Opened {
  socket: Socket;
  /** Resolves with the milliseconds from connect to close, and whatever the server sent. */
  closed: Promise<{ afterMs: number; received: string }>;
}

function open(url: string): Promise<Opened> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let received = '';
    const socket = connect({ host: hostname, port: Number(port) });
    const closed = new Promise<{ afterMs: number; received: string }>((done) => {
      socket.on('data', (chunk) => { received += chunk.toString('latin1'); });
      socket.on('error', () => { /* a reset is a close too */ });
      socket.on('close', () => done({ afterMs: Date.now() - started, received }));
    });
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', reject);
  });
}

/** Writes `text` one byte every `everyMs` until the socket closes or the text runs out. */
function trickle(socket: Socket, text: string, everyMs: number): NodeJS.Timeout {
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || i >= text.length) {
      clearInterval(timer);
      return;
    }
    socket.write(text[i++] as string);
  }, everyMs);
  return timer;
}

async function withServer(overrides: Parameters<typeof startLiveServer>[0], fn: (s: LiveServer) => Promise<void>): Promise<void> {
  const s = await startLiveServer(overrides);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

const SLOW = { server: { headersTimeout: 1, requestTimeout: 2, keepAliveTimeout: 1 } };
const LONG_HEADER = `X-Slow: ${'a'.repeat(200)}\r\n`;

test('issue #22: a client sending a header byte at a time is closed at server.headersTimeout', () => withServer(SLOW, async (s) => {
  const c = await open(s.url);
  c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  const timer = trickle(c.socket, LONG_HEADER, 100);
  const result = await Promise.race([c.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
  clearInterval(timer);
  c.socket.destroy();
  assert.ok(result, 'the slow sender was still connected after 5 s (Node default: 60 s, checked every 30 s)');
  assert.ok(result.afterMs >= 900, `closed after ${result.afterMs} ms, not before the timeout`);
  assert.match(result.received, /^HTTP\/1\.1 408 /, 'Node answers 408 Request Timeout before closing');
}));

test('issue #22: a client trickling its body is closed at server.requestTimeout', () => withServer(SLOW, async (s) => {
  const c = await open(s.url);
  c.socket.write('POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{');
  const timer = trickle(c.socket, `"email":"${'x'.repeat(380)}`, 100);
  const result = await Promise.race([c.closed, new Promise<null>((r) => setTimeout(() => r(null), 6000))]);
  clearInterval(timer);
  c.socket.destroy();
  assert.ok(result, 'the slow body was still being accepted after 6 s');
  assert.ok(result.afterMs >= 1900, `closed after ${result.afterMs} ms, not before requestTimeout`);
}));

test('issue #22: an idle keep-alive connection is closed at server.keepAliveTimeout', () => withServer(SLOW, async (s) => {
  const c = await open(s.url);
  c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  const result = await Promise.race([c.closed, new Promise<null>((r) => setTimeout(() => r(null), 4000))]);
  c.socket.destroy();
  assert.ok(result, 'the idle connection was still open after 4 s');
  assert.match(result.received, /^HTTP\/1\.1 200 /);
  assert.match(result.received, /Keep-Alive: timeout=1/i);
}));

test('issue #22: beyond server.maxConnections new connections are closed at once, others keep working', () => withServer({ server: { maxConnections: 3 } }, async (s) => {
  const held = await Promise.all([open(s.url), open(s.url), open(s.url)]);
  for (const h of held) h.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // never finished
  // Let the server accept all three before the extra one arrives.
  await new Promise((r) => setTimeout(r, 200));
  const extra = await open(s.url);
  extra.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  const refused = await Promise.race([extra.closed, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
  extra.socket.destroy();
  assert.ok(refused, 'the connection over the cap was served or held open');
  assert.equal(refused.received, '', 'nothing is answered over the cap');
  // Freeing one slot lets a normal request through.
  held[0]?.socket.destroy();
  await held[0]?.closed;
  await new Promise((r) => setTimeout(r, 100));
  const res = await fetch(`${s.url}/healthz`, { headers: { connection: 'close' } });
  assert.equal(res.status, 200);
  for (const h of held) h.socket.destroy();
}));
