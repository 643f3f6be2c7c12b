// issue #22: SECURITY-BAR R44, size and protocol limits seen on a real socket: oversized headers 431, oversized bodies
// 413, request-smuggling shapes and control characters in headers 400. (Slow clients: test/reliability/slow-clients.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createUser, login } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';

function raw(port: number, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (c: string) => { data += c; });
    socket.on('end', () => resolve(data));
    socket.on('close', () => resolve(data));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(data) : reject(err)));
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(bytes);
  });
}
const status = (response: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

test('R44 431 for a 20 KB Cookie, 413 for bodies over the login (16 KiB) and general (1 MiB) limits, 400 for TE+CL, two Content-Lengths, NUL and bare CR in a header', async () => {
  const t = await startLiveServer();
  try {
    const port = Number(new URL(t.url).port);
    const u = await createUser(t, { studio: 'Limits Studio' });
    const s = await login(t, u);
    const head = (lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;

    const bigCookie = await raw(port, head(['GET /api/auth/me HTTP/1.1', 'Host: 127.0.0.1', `Cookie: ${s.cookie}; pad=${'a'.repeat(20_000)}`, 'Connection: close']));
    assert.equal(status(bigCookie), 431, bigCookie.slice(0, 80));

    const loginBody = JSON.stringify({ email: u.email, password: 'x', pad: 'p'.repeat(32 * 1024) });
    const bigLogin = await raw(port, head(['POST /api/auth/login HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${loginBody.length}`, 'Connection: close']) + loginBody);
    assert.equal(status(bigLogin), 413, bigLogin.slice(0, 80));

    const big = JSON.stringify({ email: 'big@example.test', notes: 'n'.repeat(2 * 1024 * 1024) });
    const res = await fetch(`${t.url}/api/v1/clients`, { method: 'POST', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' }, body: big });
    assert.equal(res.status, 413);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    await res.arrayBuffer();

    const body = '{"email":"a@b.c","password":"x"}';
    for (const [label, request] of [
      ['Transfer-Encoding: chunked + Content-Length', head(['POST /api/auth/login HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${body.length}`, 'Transfer-Encoding: chunked', 'Connection: close']) + `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`],
      ['two different Content-Length', head(['POST /api/auth/login HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', `Content-Length: ${body.length}`, `Content-Length: ${body.length + 1}`, 'Connection: close']) + body],
      ['NUL in a header value', head(['GET /api/auth/me HTTP/1.1', 'Host: 127.0.0.1', 'X-Test: a\u0000b', 'Connection: close'])],
      ['bare CR in a header value', head(['GET /api/auth/me HTTP/1.1', 'Host: 127.0.0.1', 'X-Test: a\rb', 'Connection: close'])],
    ] as const) {
      const answer = await raw(port, request);
      assert.equal(status(answer), 400, `${label}: ${answer.slice(0, 80)}`);
    }
    assert.equal((await fetch(`${t.url}/api/auth/me`, { headers: { cookie: s.cookie } })).status, 200, 'the server still serves');
  } finally {
    await t.close();
  }
});
