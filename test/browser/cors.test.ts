// issue #21: a browser app on another origin uses the API through CORS in real Chromium. Two servers on 127.0.0.1 on
// different ports (different origins, one site): a page from the app server calls the Lightbox API with its session
// cookie and CSRF token; a page from an origin the API does not list is stopped by the browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { browserSkip, launchChromium } from '../helpers/chromium.ts';
import { startLiveServer, type LiveServer } from '../helpers/live-server.ts';
import { createUser, type TestUser } from '../helpers/app.ts';

const SKIP = browserSkip('the cross-origin (CORS) browser test');

/**
 * The browser app: its own script, as such an app would ship it (plain JavaScript in the page, not code injected by
 * the test). It logs in with the session cookie, reads, then logs out with the CSRF token from the login answer.
 */
const APP_SCRIPT = `
window.runApp = async function (api, user) {
  const out = [];
  async function call(step, path, init) {
    try {
      const res = await fetch(api + path, Object.assign({ credentials: 'include' }, init || {}));
      const body = await res.json();
      out.push({ step, status: res.status, body, requestId: res.headers.get('x-request-id'), challenge: res.headers.get('www-authenticate') });
      return body;
    } catch (err) {
      out.push({ step, error: String(err) });
      return null;
    }
  }
  const json = { 'content-type': 'application/json' };
  const login = await call('login', '/api/auth/login', { method: 'POST', headers: json, body: JSON.stringify(user) });
  const csrf = login && typeof login.csrf_token === 'string' ? login.csrf_token : '';
  await call('me', '/api/auth/me');
  await call('logout without token', '/api/auth/logout', { method: 'POST' });
  await call('logout', '/api/auth/logout', { method: 'POST', headers: { 'x-csrftoken': csrf } });
  await call('me after logout', '/api/auth/me');
  document.getElementById('out').textContent = out.map((s) => s.step + ': ' + (s.error || s.status)).join('\\n');
  return out;
};
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Studio app</title></head><body><h1>Studio app</h1><pre id="out">…</pre><script>${APP_SCRIPT}</script></body></html>`;

/** A plain static server standing for a browser app hosted apart from Lightbox. */
async function startAppServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

interface Step {
  step: string;
  status?: number;
  body?: unknown;
  requestId?: string | null;
  challenge?: string | null;
  error?: string;
}

async function runApp(page: Page, api: string, user: { email: string; password: string }): Promise<Step[]> {
  return page.evaluate(([base, credentials]) => (globalThis as unknown as { runApp(a: string, u: unknown): Promise<Step[]> }).runApp(base, credentials), [api, user] as const);
}

describe('a browser app on another origin, in Chromium', { skip: SKIP }, () => {
  let listed: { origin: string; close(): Promise<void> };
  let unlisted: { origin: string; close(): Promise<void> };
  let api: LiveServer;
  let browser: Browser;
  let user: TestUser;
  before(async () => {
    listed = await startAppServer();
    unlisted = await startAppServer();
    api = await startLiveServer({ cors: { origins: [listed.origin] } });
    user = await createUser(api, { studio: 'Cross Origin Studio' });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    await listed?.close();
    await unlisted?.close();
  });

  test('from a listed origin the page logs in, reads its data, and needs the CSRF token to log out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${listed.origin}/`);
    const steps = await runApp(page, api.url, user);
    await page.screenshot({ path: 'test-results/cors-allowed.png' });
    await context.close();
    const byStep = new Map(steps.map((s) => [s.step, s]));
    assert.equal(byStep.get('login')?.status, 201, JSON.stringify(steps));
    assert.match(String(byStep.get('login')?.requestId), /\S/, 'X-Request-Id is readable (exposed)');
    const me = byStep.get('me');
    assert.equal(me?.status, 200, JSON.stringify(steps));
    assert.equal((me?.body as { user: { email: string } }).user.email, user.email, 'the page sees the data: the session cookie went along');
    assert.equal((byStep.get('logout without token')?.body as { code: string }).code, 'csrf_failed', 'a listed origin still needs the CSRF token');
    assert.equal(byStep.get('logout')?.status, 200, JSON.stringify(steps));
    const gone = byStep.get('me after logout');
    assert.equal(gone?.status, 401);
    assert.match(String(gone?.challenge), /^Bearer/, 'WWW-Authenticate is readable (exposed)');
  });

  test('from an origin the API does not list, the browser blocks every call', async () => {
    const sessionsBefore = (await api.store.sessions.listUserSessions(user.id)).length;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${unlisted.origin}/`);
    const steps = await runApp(page, api.url, user);
    await page.screenshot({ path: 'test-results/cors-blocked.png' });
    const cookies = await context.cookies();
    await context.close();
    assert.equal(steps.length, 5);
    for (const s of steps) assert.match(String(s.error), /TypeError: Failed to fetch/, `${s.step} is blocked: ${JSON.stringify(s)}`);
    // The login's preflight was refused, so its POST never left the browser: no cookie, no new session.
    assert.deepEqual(cookies, []);
    assert.equal((await api.store.sessions.listUserSessions(user.id)).length, sessionsBefore);
  });
});
