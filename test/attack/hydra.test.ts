// issue #22, attack tools: hydra guesses passwords over HTTP Basic against a real server on 127.0.0.1. The login
// throttle turns the run into 429s, so even the right password, tried after 40 wrong ones, is not found; a fresh server
// where the right password comes first is the control that shows hydra would report a hit.
// (hydra's http-post-form module gives up on any target whose failed login answers 401, taking it for HTTP auth, and
// Lightbox's login form and JSON login answer 401 by design; the form and JSON login throttle is the same code path,
// tested in test/security/login-throttle.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLightboxProcess } from '../helpers/lightbox-process.ts';
import { runTool, toolSkip } from './tools.ts';

const BASIC = { LIGHTBOX_LOG_LEVEL: 'info', LIGHTBOX_AUTH_BASIC_ENABLED: 'true', LIGHTBOX_AUTH_BASIC_ALLOW_INSECURE: 'true' };

test('hydra over HTTP Basic: 40 wrong passwords and then the right one end in 429s and find nothing; with the right one first it is found', { skip: toolSkip('hydra'), timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-hydra-'));
  // One server at a time: a second one starting (seeding its demo photos) beside the attack slowed the target enough
  // that a guess arrived after the first one-second delay had run out, and that guess was the right password.
  const target = await startLightboxProcess({ demo: true, env: BASIC });
  let control: Awaited<ReturnType<typeof startLightboxProcess>> | undefined;
  t.after(async () => {
    await Promise.all([target.stop(), control?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });
  const hydra = async (url: string, email: string, words: string[]): Promise<string> => {
    const list = join(dir, `words-${new URL(url).port}.txt`);
    writeFileSync(list, `${words.join('\n')}\n`);
    const run = await runTool('hydra', ['-l', email, '-P', list, '-s', new URL(url).port, '-t', '4', '-I', '127.0.0.1', 'http-get', '/api/auth/me'], 180_000);
    return run.output;
  };
  const demo = target.demo!;
  const wrong = Array.from({ length: 40 }, (_, i) => `wrong-guess-${i}`);
  const attack = await hydra(target.url, demo.email, [...wrong, demo.password]);
  t.diagnostic(attack.split('\n').filter((l) => /valid password|\[ERROR\]/.test(l)).join(' | '));
  assert.match(attack, /0 valid password(s)? found/, 'hydra found nothing');
  assert.doesNotMatch(attack, /login: .* password: /, 'no credential reported');

  // What the server answered, from its request log: the guesses beyond the free ones were refused with 429 before any
  // password was checked (the backoff doubles from 1 s, so a few guesses get through as it expires, and fail).
  const statuses = target.output.map((l) => /"statusCode":(\d{3})/.exec(l)?.[1]).filter((s): s is string => s !== undefined);
  const count = (status: string): number => statuses.filter((s) => s === status).length;
  t.diagnostic(`answers: ${count('401')} × 401, ${count('429')} × 429, ${count('200')} × 200`);
  assert.equal(count('200'), 0, 'no guess succeeded');
  assert.ok(count('429') >= 25, `most guesses were throttled (${count('429')} of 41)`);
  assert.equal(count('401') + count('429'), 41, 'every guess was answered');

  await target.stop();
  control = await startLightboxProcess({ demo: true, env: BASIC });
  const found = await hydra(control.url, control.demo!.email, [control.demo!.password, ...wrong.slice(0, 3)]);
  assert.match(found, /1 valid password found/, 'the control: hydra reports a hit when the password can be found');
});
