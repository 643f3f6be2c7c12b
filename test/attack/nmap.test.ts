// issue #22, attack tools: nmap's HTTP scripts against a real server on 127.0.0.1 (cookie flags on the pages that set
// cookies, methods, security headers, TRACE). A server that sets a cookie without its flags and allows TRACE is the
// control that shows the scripts report what they are looking for. nmap's scripts only send GET and HEAD, and Lightbox
// sets its cookies on login POSTs, so their flags are checked on those responses by test/e2e/login-and-cookies.test.ts
// and test/e2e/visitors.test.ts; here the check guards against a GET page that ever starts setting one carelessly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startLightboxProcess } from '../helpers/lightbox-process.ts';
import { runTool, startControlServer, toolSkip } from './tools.ts';

/** The scripts are forced (`+`) because nmap does not recognise Lightbox's port as HTTP without version probing. */
async function nmap(port: number, path: string): Promise<string> {
  const scripts = '+http-cookie-flags,+http-methods,+http-security-headers,+http-trace';
  const args = `http-cookie-flags.path=${path},http-methods.url-path=${path},http-security-headers.path=${path},http-trace.path=${path}`;
  return (await runTool('nmap', ['-Pn', '-n', '-p', String(port), '--script', scripts, '--script-args', args, '127.0.0.1'], 120_000)).output;
}

test('nmap HTTP scripts: no cookie without HttpOnly, no TRACE, only the methods a route has, the security headers present; the control is flagged', { skip: toolSkip('nmap'), timeout: 240_000 }, async (t) => {
  const p = await startLightboxProcess({ demo: true, env: { LIGHTBOX_LOG_LEVEL: 'warn' } });
  const control = await startControlServer((req, res) => {
    res.setHeader('set-cookie', 'sessionid=abc; Path=/');
    res.setHeader('allow', 'GET, POST, PUT, DELETE, TRACE');
    res.end(req.method === 'TRACE' ? `TRACE ${req.url} HTTP/1.1\r\n` : 'ok');
  });
  t.after(async () => {
    await p.stop();
    await control.close();
  });
  const port = Number(new URL(p.url).port);
  for (const path of ['/login', '/galleries/login', '/account/security', '/api/auth/me', '/api/v1/clients']) {
    const output = await nmap(port, path);
    t.diagnostic(`${path}: ${output.split('\n').filter((l) => l.startsWith('|')).length} script lines`);
    assert.match(output, /open/, `${path}: the port was scanned`);
    assert.doesNotMatch(output, /httponly flag not set/i, `${path}: every cookie is HttpOnly`);
    assert.doesNotMatch(output, /TRACE is enabled/i, `${path}: TRACE is not enabled`);
    assert.doesNotMatch(output, /Potentially risky methods: .*(PUT|DELETE|TRACE|CONNECT)/, `${path}: no risky method offered where the route has none`);
    if (!path.startsWith('/api/')) {
      assert.match(output, /X-Frame-Options: DENY/, `${path}: framing is refused`);
      assert.match(output, /X-Content-Type-Options: nosniff/, path);
      assert.match(output, /Content-Security-Policy: default-src 'none'/, path);
    }
  }
  const flagged = await nmap(control.port, '/');
  assert.match(flagged, /httponly flag not set/i, 'the control: a cookie without HttpOnly is reported');
  assert.match(flagged, /TRACE is enabled/i, 'the control: TRACE is reported');
});
