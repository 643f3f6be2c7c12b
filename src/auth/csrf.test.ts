// CSRF primitives: session-bound signed tokens, the three header conventions, and the origin / fetch-metadata verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isSameOriginRequest, issueCSRFToken, readCSRFHeader, verifyCSRFToken, type CsrfKeys, type OriginSignals } from './csrf.ts';

const KEY: CsrfKeys = [randomBytes(32)];
const SESSION = 'session-hash-a';

test('a token verifies for its own session only, under its own key', () => {
  const token = issueCSRFToken(KEY, SESSION);
  assert.match(token, /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
  assert.equal(verifyCSRFToken(KEY, SESSION, token), true);
  assert.equal(verifyCSRFToken(KEY, 'session-hash-b', token), false);
  assert.equal(verifyCSRFToken([randomBytes(32)], SESSION, token), false);
  assert.notEqual(issueCSRFToken(KEY, SESSION), token, 'fresh nonce every time');
});

test('after a rotation, tokens are signed with the new key and the previous key still verifies until it is dropped', () => {
  const [previous] = KEY;
  const rotated: CsrfKeys = [randomBytes(32), previous];
  const old = issueCSRFToken(KEY, SESSION);
  const fresh = issueCSRFToken(rotated, SESSION);
  assert.equal(verifyCSRFToken(rotated, SESSION, old), true, 'a page loaded before the rotation keeps working');
  assert.equal(verifyCSRFToken(rotated, SESSION, fresh), true);
  assert.equal(verifyCSRFToken(KEY, SESSION, fresh), false, 'signed with the new key, not the old one');
  assert.equal(verifyCSRFToken([rotated[0]], SESSION, old), false, 'once the old key is dropped, its tokens stop');
});

test('an anonymous (pre-login) token is not valid for any session', () => {
  const anon = issueCSRFToken(KEY, null);
  assert.equal(verifyCSRFToken(KEY, SESSION, anon), false);
  assert.equal(verifyCSRFToken(KEY, 'anonymous', anon), true, 'bound to the anonymous marker only');
});

test('malformed and tampered tokens are rejected without throwing', () => {
  const token = issueCSRFToken(KEY, SESSION);
  const [nonce, mac] = token.split('.') as [string, string];
  const swapped = issueCSRFToken(KEY, SESSION).split('.')[0] ?? '';
  for (const bad of ['', '.', token.slice(0, -1), `${token}A`, `${nonce}.${mac.toLowerCase()}`, `${swapped}.${mac}`, `${nonce}${mac}`, token.replace('.', ':'), `${token} `, '\u0000'.repeat(66)]) {
    assert.equal(verifyCSRFToken(KEY, SESSION, bad), false, JSON.stringify(bad));
  }
});

test('readCSRFHeader: any of the three names; equal duplicates agree; different values or a repeated header fail', () => {
  for (const name of ['x-csrf-token', 'x-csrftoken', 'x-csrf']) assert.equal(readCSRFHeader({ [name]: 'tok' }), 'tok');
  assert.equal(readCSRFHeader({}), undefined);
  assert.equal(readCSRFHeader({ 'x-csrf-token': 'a', 'x-csrftoken': 'a', 'x-csrf': 'a' }), 'a');
  assert.equal(readCSRFHeader({ 'x-csrf-token': 'a', 'x-csrftoken': 'b' }), undefined);
  assert.equal(readCSRFHeader({ 'x-csrftoken': 'a', 'x-csrf': 'b' }), undefined);
  const joined = readCSRFHeader({ 'x-csrf-token': ['a', 'b'] });
  assert.notEqual(joined, 'a');
  assert.notEqual(joined, 'b');
});

const ALLOWED = new Set(['https://studio.example', 'https://partner.example']);
const signals = (s: Partial<OriginSignals>): OriginSignals => ({ origin: undefined, referer: undefined, secFetchSite: undefined, ...s });

test('isSameOriginRequest: accepted signals', () => {
  for (const s of [
    {},
    { origin: 'https://studio.example' },
    { origin: 'https://studio.example:443' },
    { origin: 'https://partner.example', secFetchSite: 'cross-site' },
    { referer: 'https://studio.example/page?q=1' },
    { secFetchSite: 'same-origin' },
    { secFetchSite: 'none' },
    // issue #16: our own page under a no-referrer policy; Sec-Fetch-Site is written by the browser, never by a page.
    { origin: 'null', secFetchSite: 'same-origin' },
  ]) assert.equal(isSameOriginRequest(signals(s), ALLOWED), true, JSON.stringify(s));
});

test('isSameOriginRequest: refused signals', () => {
  for (const s of [
    { origin: 'null' },
    // issue #16: a sandboxed frame or data: page on another site, a sibling subdomain, or an unknown value.
    { origin: 'null', secFetchSite: 'cross-site' },
    { origin: 'null', secFetchSite: 'same-site' },
    { origin: 'null', secFetchSite: 'none' },
    { origin: 'null', secFetchSite: 'Same-Origin' },
    { origin: 'null', referer: 'https://studio.example/', secFetchSite: 'cross-site' },
    { origin: 'https://evil.example' },
    { origin: 'https://studio.example.evil.example' },
    { origin: 'https://evilstudio.example' },
    { origin: 'http://studio.example' },
    { origin: 'https://studio.example:8443' },
    { origin: 'https://studio.example@evil.example' },
    { origin: 'studio.example' },
    { origin: 'javascript:alert(1)' },
    { origin: 'https:studio.example' },
    { origin: '' },
    { referer: 'https://evil.example/' },
    { referer: 'not a url' },
    { referer: 'https://studio.example.evil.example/' },
    { secFetchSite: 'cross-site' },
    { referer: 'https://studio.example/', secFetchSite: 'cross-site' },
    { origin: 'https://evil.example', referer: 'https://studio.example/' },
  ]) assert.equal(isSameOriginRequest(signals(s), ALLOWED), false, JSON.stringify(s));
});
