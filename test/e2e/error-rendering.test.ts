// issue #16: one error renderer for every failure, before routing too: JSON for API clients, a page for browsers,
// the security headers on both (404, 414, 431, malformed URL, body too large).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes over a socket (so Node's own parser sees them) and reads the whole answer. */
function raw(url: string, request: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function assertSecurityHeaders(headers: Record<string, string | string[] | undefined>, what: string): void {
  assert.equal(headers['x-content-type-options'], 'nosniff', what);
  assert.equal(headers['referrer-policy'], 'same-origin', what);
  assert.equal(headers['x-frame-options'], 'DENY', what);
  assert.equal(headers['cache-control'], 'no-store', what);
  assert.match(String(headers['content-security-policy']), /frame-ancestors 'none'/, what);
}

function assertJsonError(a: { status: number; headers: Record<string, string | string[] | undefined>; body: string }, status: number, code: string): void {
  assert.equal(a.status, status, a.body);
  assert.match(String(a.headers['content-type']), /^application\/json/);
  const body = JSON.parse(a.body) as Record<string, unknown>;
  assert.equal(body.code, code);
  assert.equal(typeof body.error, 'string');
  assert.equal(typeof body.message, 'string');
  assertSecurityHeaders(a.headers, `${status} JSON`);
}

function assertPage(a: { status: number; headers: Record<string, string | string[] | undefined>; body: string }, status: number, options: { home?: boolean } = {}): void {
  assert.equal(a.status, status);
  assert.match(String(a.headers['content-type']), /^text\/html/);
  assert.match(a.body, /^<!doctype html>/);
  if (options.home !== false) assert.match(a.body, /href="\/"/, 'a way back home');
  assert.doesNotMatch(a.body, /"code"|at .*\.ts:\d+/, 'no JSON body and no stack trace');
  assertSecurityHeaders(a.headers, `${status} page`);
  assert.match(String(a.headers['content-security-policy']), /default-src 'none'; style-src 'self'/);
}

describe('errors before and after routing', () => {
  let s: LiveServer;
  before(async () => {
    s = await startLiveServer();
  });
  after(async () => s.close());

  const get = async (path: string, accept?: string): Promise<RawAnswer> => {
    const res = await fetch(`${s.url}${path}`, { headers: accept ? { accept } : {} });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };

  test('404: JSON for API clients, a page with a link home for browsers; API paths stay JSON', async () => {
    assertJsonError(await get('/no/such/page'), 404, 'route_not_found');
    assertJsonError(await get('/no/such/page', 'application/json'), 404, 'route_not_found');
    assertPage(await get('/no/such/page', BROWSER), 404);
    assertJsonError(await get('/api/v1/no-such-thing', BROWSER), 404, 'route_not_found');
  });

  test('a malformed URL is a 400 in the error format, not Fastify\'s own body', async () => {
    assertJsonError(await raw(s.url, 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'), 400, 'invalid_url');
    assertPage(await raw(s.url, `GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nAccept: ${BROWSER}\r\nConnection: close\r\n\r\n`), 400);
  });

  test('414 for a URL over the limit and for a path parameter over its length', async () => {
    const long = `/${'a'.repeat(9000)}`;
    assertJsonError(await get(long), 414, 'uri_too_long');
    assertPage(await get(long, BROWSER), 414);
    assertJsonError(await get(`/api/v1/clients/${'c'.repeat(300)}`), 414, 'uri_too_long');
  });

  test('431 from Node\'s parser: the error format and security headers on the raw socket', async () => {
    const big = 'x'.repeat(20_000);
    const json = await raw(s.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
    assertJsonError(json, 431, 'headers_too_large');
    assert.equal(json.headers.connection, 'close');
    assertPage(await raw(s.url, `GET /login HTTP/1.1\r\nHost: x\r\nAccept: ${BROWSER}\r\nX-Big: ${big}\r\n\r\n`), 431);
    const garbage = await raw(s.url, 'NOT A REQUEST\r\n\r\n');
    assertJsonError(garbage, 400, 'bad_request');
  });

  test('413: a form post over the limit gets the login page again; a JSON client the JSON body', async () => {
    const body = `email=a%40b.test&password=${'p'.repeat(20_000)}`;
    const post = async (accept: string): Promise<RawAnswer> => {
      const res = await fetch(`${s.url}/login`, { method: 'POST', headers: { accept, 'content-type': 'application/x-www-form-urlencoded' }, body });
      return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
    };
    assertJsonError(await post('application/json'), 413, 'payload_too_large');
    const page = await post(BROWSER);
    assertPage(page, 413, { home: false });
    assert.match(page.body, /too large/);
    assert.match(page.body, /action="\/login"/, 'the login form again');
  });
});
