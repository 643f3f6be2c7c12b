// issue #22: SECURITY-BAR R7 for the studio login: the response time does not tell an unknown account from a wrong
// password (unknown identifiers verify against a dummy hash). Timing-based: 40 + 40 interleaved attempts, medians.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, createUser, type TestUser } from '../helpers/app.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

test('R7 40 unknown-user and 40 wrong-password logins, interleaved in pairs: the timings differ by at most max(10 ms, 15 %)', async () => {
  const t = await buildTestApp({ loginThrottle: { ipMaxFailures: 10_000 } });
  try {
    const users: TestUser[] = [];
    for (let i = 0; i < 40; i++) users.push(await createUser(t));
    const attempt = async (email: string): Promise<number> => {
      const started = performance.now();
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: 'a wrong password of some length' } });
      const ms = performance.now() - started;
      assert.equal(res.statusCode, 401, res.body);
      return ms;
    };
    await attempt('warmup-unknown@example.test');
    const unknown: number[] = [];
    const known: number[] = [];
    for (let i = 0; i < 40; i++) {
      if (i % 2 === 0) {
        unknown.push(await attempt(`nobody-${i}@example.test`));
        known.push(await attempt(users[i]!.email));
      } else {
        known.push(await attempt(users[i]!.email));
        unknown.push(await attempt(`nobody-${i}@example.test`));
      }
    }
    const mu = median(unknown);
    const mk = median(known);
    const bound = Math.max(10, 0.15 * mk);
    // Attempts run in adjacent pairs, so the median of the paired differences cancels drift in the machine's load
    // (other tests on the same cores) that would shift one list's median more than the other's.
    const paired = median(known.map((k, i) => k - unknown[i]!));
    assert.ok(Math.abs(paired) <= bound, `median paired difference ${paired.toFixed(1)} ms (medians: unknown ${mu.toFixed(1)} ms, known ${mk.toFixed(1)} ms; bound ${bound.toFixed(1)} ms)`);
    console.log(`R7 medians: unknown ${mu.toFixed(1)} ms, wrong password ${mk.toFixed(1)} ms, paired difference ${paired.toFixed(1)} ms`);
  } finally {
    await t.close();
  }
});
