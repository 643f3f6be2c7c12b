// redactUrl: credential query parameters and the invitation token in /invite/{token} never reach a log line (R51).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactUrl } from './redact.ts';

const TOKEN = 'q1Vb8mZ3xN0pR5sT7uW9yA2cE4gI6kM8oQ0sU2wY4a0';

test('the token of an invitation link is cut from the path; the rest of the URL stays', () => { // issue #20
  assert.equal(redactUrl(`/invite/${TOKEN}`), '/invite/[REDACTED]');
  assert.equal(redactUrl(`/INVITE/${TOKEN}/`), '/INVITE/[REDACTED]/');
  assert.equal(redactUrl(`/invite/${TOKEN}?from=mail&auth_token=abc`), '/invite/[REDACTED]?from=mail&auth_token=[REDACTED]');
  assert.equal(redactUrl('/invite/'), '/invite/', 'nothing to hide');
  assert.equal(redactUrl(`/api/v1/invitations/${TOKEN}`), `/api/v1/invitations/${TOKEN}`, 'other paths are kept as they are');
});

test('query credentials are still censored, and a URL without any is returned unchanged', () => {
  assert.equal(redactUrl('/api/auth/me?auth_token=secret&x=1'), '/api/auth/me?auth_token=[REDACTED]&x=1');
  assert.equal(redactUrl('/api/v1/clients?page=2&&q=a'), '/api/v1/clients?page=2&&q=a');
  assert.equal(redactUrl('/healthz'), '/healthz');
});
