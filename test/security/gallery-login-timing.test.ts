// issue #22, defect 4: every gallery-login failure costs the same work (one argon2 verification) and answers the same
// status and body, so neither time nor answer tells whether a collection exists or has a password. No timed asserts:
// the work is counted on the app's real hasher.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withTestApp, type TestApp } from '../helpers/app.ts';
import { createCollection, studioSession } from '../helpers/gallery.ts';
import { maskRequestId } from '../helpers/http.ts';

const PASSWORD = 'open sesame';

/** Counts argon2 verifications on the app's own hasher (the dummy verification goes through verify too). */
function countVerifications(t: TestApp): { readonly count: number; reset(): void } {
  const hasher = t.deps.hasher;
  const real = hasher.verify.bind(hasher);
  let count = 0;
  hasher.verify = (phc: string, password: string): Promise<boolean> => {
    count++;
    return real(phc, password);
  };
  return { get count() { return count; }, reset() { count = 0; } };
}

test('R7 gallery login: unknown, open, protected and listed collections fail with one verification and one answer', () => withTestApp({}, async (t) => {
  const s = await studioSession(t);
  const open = await createCollection(t, s, { name: 'Open but listed', client_emails: ['anna@example.com'] });
  const locked = await createCollection(t, s, { name: 'Protected', password: PASSWORD });
  const both = await createCollection(t, s, { name: 'Protected and listed', password: PASSWORD, client_emails: ['anna@example.com'] });
  const verifications = countVerifications(t);
  const failures: Array<[string, Record<string, string>]> = [
    ['unknown slug', { collection: 'no-such-collection-abc', password: PASSWORD }],
    ['unknown id', { collection: 'co_AAAAAAAAAAAAAAAAAAAAAA', password: PASSWORD }],
    ['not a slug or id', { collection: 'Not A Slug!', password: PASSWORD }],
    ['unknown, no password', { collection: 'no-such-collection-xyz' }],
    ['open collection, not on the list', { collection: open.slug }],
    ['open collection, not on the list, with a password', { collection: open.slug, password: 'anything' }],
    ['protected, wrong password', { collection: locked.slug, password: 'wrong' }],
    ['protected, no password', { collection: locked.slug }],
    ['protected, empty password', { collection: locked.slug, password: '' }],
    ['protected and listed, right password, not listed', { collection: both.slug, password: PASSWORD }],
  ];
  const answers: Array<{ name: string; status: number; body: string; verifications: number }> = [];
  let n = 0;
  for (const [name, body] of failures) {
    verifications.reset();
    // A fresh email each time: no attempt is throttled, and the email is never what differs in the answer.
    const res = await t.app.inject({ method: 'POST', url: '/galleries/login', payload: { email: `visitor${++n}@example.com`, ...body } });
    answers.push({ name, status: res.statusCode, body: maskRequestId(res.body), verifications: verifications.count });
  }
  for (const a of answers) {
    assert.equal(a.status, 401, `${a.name}: ${a.body}`);
    assert.equal(a.body, answers[0]?.body, `${a.name}: the same body as an unknown collection`);
    assert.equal(a.verifications, 1, `${a.name}: one argon2 verification`);
  }
  assert.equal(JSON.parse(answers[0]?.body ?? '{}').code, 'invalid_credentials');

  // Success costs the same one verification (an open collection verifies against the dummy).
  for (const body of [{ email: 'anna@example.com', collection: open.slug }, { email: 'anna@example.com', collection: locked.slug, password: PASSWORD }]) {
    verifications.reset();
    const res = await t.app.inject({ method: 'POST', url: '/galleries/login', payload: body });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(verifications.count, 1, JSON.stringify(body));
  }
}));
