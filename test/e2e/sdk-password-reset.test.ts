// issue #20: the SDK's requestPasswordReset / completePasswordReset against a real listening server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { completePasswordReset, createClient, LightboxError, requestPasswordReset } from '../../src/client/index.ts';
import { createUser } from '../helpers/app.ts';
import { startLiveServer } from '../helpers/live-server.ts';
import { outbox, resetLinkIn } from '../helpers/mail.ts';

test('the SDK asks for a link, completes it, and a reused link is a reset_link_invalid LightboxError', async () => {
  const s = await startLiveServer({ server: { publicUrl: 'https://photos.example.test' } });
  try {
    const u = await createUser(s);
    const asked = await requestPasswordReset({ baseUrl: s.url, email: u.email });
    assert.deepEqual(asked, await requestPasswordReset({ baseUrl: s.url, email: 'nobody@example.test' }), 'the same answer for an unknown address');
    const [mail] = (await outbox(s)).filter((m) => m.to === u.email);
    const { token } = resetLinkIn(mail?.text ?? '');
    const done = await completePasswordReset({ baseUrl: s.url, token, password: 'typed into a script at noon' });
    assert.deepEqual(done, { password_reset: true, personal_access_tokens_revoked: 0 });
    const client = createClient({ baseUrl: s.url, auth: { type: 'session', email: u.email, password: 'typed into a script at noon' } });
    assert.equal((await client.me()).user.id, u.id);
    await assert.rejects(completePasswordReset({ baseUrl: s.url, token, password: 'typed into a script at noon' }), (err: unknown) => {
      assert.ok(err instanceof LightboxError);
      assert.deepEqual([err.status, err.code], [400, 'reset_link_invalid']);
      return true;
    });
  } finally {
    await s.close();
  }
});
