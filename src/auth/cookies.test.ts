// The Cookie header reader and Set-Cookie serializer: strict, total (never throws on input), repeated names detected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { AMBIGUOUS, cookieValue, serializeCookie } from './cookies.ts';

// The specification cookieValue is held to: every pair parsed into name → values, the straightforward way (this is
// the parser the server used before it read single cookies; it is kept here, written independently of cookieValue).
const NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/; // RFC 6265 cookie-octet

function parseCookieHeader(header: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!header) return out;
  const parts = header.split(';');
  for (let i = 0; i < parts.length && i < 256; i++) {
    const part = parts[i] as string;
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!NAME.test(name) || !VALUE.test(value)) continue;
    const list = out.get(name);
    if (list) list.push(value);
    else out.set(name, [value]);
  }
  return out;
}

function singleCookie(cookies: Map<string, string[]>, name: string): string | undefined | typeof AMBIGUOUS {
  const values = cookies.get(name);
  if (!values || values.length === 0) return undefined;
  const first = values[0] as string;
  for (const v of values) if (v !== first) return AMBIGUOUS;
  return first;
}

test('parses pairs, trims whitespace, unquotes values and keeps every value of a repeated name', () => {
  const map = parseCookieHeader(' sessionid=abc ; csrftoken="q.v"; sessionid=def;theme=dark');
  assert.deepEqual(map.get('sessionid'), ['abc', 'def']);
  assert.deepEqual(map.get('csrftoken'), ['q.v']);
  assert.deepEqual(map.get('theme'), ['dark']);
  assert.deepEqual(parseCookieHeader('a=b=c').get('a'), ['b=c']);
});

test('empty or missing headers give an empty map', () => {
  assert.equal(parseCookieHeader(undefined).size, 0);
  assert.equal(parseCookieHeader('').size, 0);
  assert.equal(parseCookieHeader(';;; ;').size, 0);
});

test('malformed pairs are skipped, never thrown', () => {
  const map = parseCookieHeader('a=%; b="x; =v; noequals; bad name=1; c=ok; d=sp ace; e=semi\\; f=\u00e9; g=x"y; h=');
  assert.deepEqual(map.get('a'), ['%']);
  assert.equal(map.has('b'), false, 'an unterminated quote is not a cookie-octet');
  assert.equal(map.has('bad name'), false);
  assert.deepEqual(map.get('c'), ['ok']);
  assert.equal(map.has('d'), false);
  assert.equal(map.has('f'), false);
  assert.equal(map.has('g'), false);
  assert.deepEqual(map.get('h'), ['']);
  assert.equal(map.has(''), false);
});

test('at most 256 pairs are read', () => {
  const header = Array.from({ length: 1000 }, (_, i) => `c${i}=v`).join('; ');
  const map = parseCookieHeader(header);
  assert.equal(map.size, 256);
  assert.equal(map.has('c999'), false);
});

test('random bytes never make the parser throw', () => {
  for (let i = 0; i < 500; i++) {
    const header = randomBytes(1 + (i % 200)).toString('latin1');
    assert.doesNotThrow(() => parseCookieHeader(header));
  }
  assert.doesNotThrow(() => parseCookieHeader('__proto__=1; constructor=2; toString=3'));
  assert.deepEqual(parseCookieHeader('__proto__=1').get('__proto__'), ['1']);
});

test('singleCookie: absent, one value, the same value twice, two different values (ambiguous)', () => {
  assert.equal(singleCookie(parseCookieHeader('x=1'), 'sessionid'), undefined);
  assert.equal(singleCookie(parseCookieHeader('sessionid=a'), 'sessionid'), 'a');
  assert.equal(singleCookie(parseCookieHeader('sessionid=a; sessionid=a'), 'sessionid'), 'a');
  assert.equal(singleCookie(parseCookieHeader('sessionid=a; sessionid=b'), 'sessionid'), AMBIGUOUS);
});

test('cookieValue reads one cookie straight from the header: absent, one value, repeats, ambiguous, malformed', () => {
  assert.equal(cookieValue(undefined, 'sessionid'), undefined);
  assert.equal(cookieValue('', 'sessionid'), undefined);
  assert.equal(cookieValue('x=1; xsessionid=2; sessionidx=3', 'sessionid'), undefined, 'the name must be the whole name');
  assert.equal(cookieValue(' sessionid = abc ;theme=dark', 'sessionid'), 'abc');
  assert.equal(cookieValue('sessionid="abc"; sessionid=abc', 'sessionid'), 'abc', 'a quoted and a bare copy are one value');
  assert.equal(cookieValue('sessionid=a; theme=sessionid; sessionid=b', 'sessionid'), AMBIGUOUS);
  assert.equal(cookieValue('theme=sessionid', 'sessionid'), undefined, 'the name inside a value is not a pair');
  assert.equal(cookieValue('sessionid=sp ace; sessionid=ok', 'sessionid'), 'ok', 'a malformed copy is skipped as the parser skips it');
  assert.equal(cookieValue('sessionid=', 'sessionid'), '');
});

// The map-based reading is the specification: cookieValue must give the same answer for every header.
test('cookieValue answers as parseCookieHeader + singleCookie do, on generated headers', () => {
  const pieces = ['sessionid=a', 'sessionid=b', ' sessionid = a ', 'sessionid="a"', 'sessionid=', 'sessionid', 'xsessionid=a', 'sessionidx=a',
    'v=sessionid', 'sessionid=a b', '=sessionid', 'c=1', '', ' ', 'sessionid=a=b', 'sessionid=%', 'b="x', 'sessionid;=a'];
  let checked = 0;
  for (let i = 0; i < 4000; i++) {
    const n = 1 + (i % 6);
    const parts = Array.from({ length: n }, (_, k) => pieces[(i * 7 + k * 13 + (i >> 3) * k) % pieces.length] as string);
    const header = parts.join(i % 2 ? ';' : '; ');
    assert.equal(cookieValue(header, 'sessionid'), singleCookie(parseCookieHeader(header), 'sessionid'), `header ${JSON.stringify(header)}`);
    checked++;
  }
  for (let i = 0; i < 300; i++) {
    const header = randomBytes(1 + (i % 120)).toString('latin1') + (i % 3 ? '; sessionid=z' : '');
    assert.equal(cookieValue(header, 'sessionid'), singleCookie(parseCookieHeader(header), 'sessionid'));
    checked++;
  }
  assert.equal(checked, 4300);
});

test('cookieValue reads the same 256 pairs as the parser, and headers that mention the name everywhere', () => {
  const filler = Array.from({ length: 255 }, (_, i) => `c${i}=v`).join('; ');
  assert.equal(cookieValue(`${filler}; sessionid=in`, 'sessionid'), 'in', 'the 256th pair counts');
  assert.equal(cookieValue(`${filler}; c=1; sessionid=out`, 'sessionid'), undefined, 'the 257th does not');
  assert.equal(cookieValue(`${filler}; sessionid=in; sessionid=out`, 'sessionid'), 'in');
  const hostile = Array.from({ length: 4000 }, () => 'a=sessionid').join(';');
  assert.equal(cookieValue(hostile, 'sessionid'), undefined);
  assert.equal(cookieValue(`${'sessionidsessionid'.repeat(1000)}=1`, 'sessionid'), undefined);
});

test('serializeCookie writes the attributes; Max-Age 0 also expires; HttpOnly and Secure only when asked', () => {
  assert.equal(serializeCookie('sessionid', 'tok', { maxAge: 1209600, httpOnly: true, secure: false, sameSite: 'Lax' }),
    'sessionid=tok; Max-Age=1209600; Path=/; SameSite=Lax; HttpOnly');
  assert.equal(serializeCookie('csrftoken', 'c', { maxAge: 10.9, httpOnly: false, secure: true, sameSite: 'Strict', path: '/app' }),
    'csrftoken=c; Max-Age=10; Path=/app; SameSite=Strict; Secure');
  assert.equal(serializeCookie('sessionid', '', { maxAge: -5, httpOnly: true, secure: true, sameSite: 'Lax' }),
    'sessionid=; Max-Age=0; Path=/; SameSite=Lax; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure');
});

test('serializeCookie refuses names and values that would inject attributes', () => {
  const attrs = { maxAge: 1, httpOnly: true, secure: false, sameSite: 'Lax' } as const;
  assert.throws(() => serializeCookie('a;b', 'v', attrs));
  assert.throws(() => serializeCookie('a', 'v; Domain=evil.example', attrs));
  assert.throws(() => serializeCookie('a', 'v\r\nSet-Cookie: x=y', attrs));
  assert.throws(() => serializeCookie('', 'v', attrs));
});
