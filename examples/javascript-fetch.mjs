// Lightbox from JavaScript (Node 18+) with fetch: cookie login + CSRF, token mode, JWT obtain and refresh. No dependencies.
const URL_BASE = (process.env.LIGHTBOX_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const EMAIL = process.env.LIGHTBOX_EMAIL;
const PASSWORD = process.env.LIGHTBOX_PASSWORD;
if (!EMAIL || !PASSWORD) throw new Error('set LIGHTBOX_EMAIL and LIGHTBOX_PASSWORD');

async function call(path, { method = 'GET', body, headers = {}, expect = 200 } = {}) {
  const res = await fetch(`${URL_BASE}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return { res, data: res.status === 204 ? null : await res.json() };
}

// 1. Cookie session: keep the cookies the server sets (it renews the session cookie on every response).
const jar = new Map();
const keep = (res) => {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const [name, value] = pair.split('=');
    if (value) jar.set(name, value);
    else jar.delete(name);
  }
};
const cookie = () => [...jar].map(([n, v]) => `${n}=${v}`).join('; ');

const login = await call('/api/auth/login', { method: 'POST', body: { email: EMAIL, password: PASSWORD }, expect: 201 });
keep(login.res);
const csrf = login.data.csrf_token;
console.log(`cookie: logged in as ${login.data.user.email}`);
const list = await call('/api/v1/clients?per_page=100', { headers: { cookie: cookie() } });
keep(list.res);
console.log(`cookie: listed ${list.data.data.length} clients`);
const created = await call('/api/v1/clients', {
  method: 'POST', expect: 201, headers: { cookie: cookie(), 'x-csrftoken': csrf },
  body: { email: `js-${Date.now()}-${process.pid}@example.test`, first_name: 'JavaScript' },
});
keep(created.res);
console.log(`created client ${created.data.data.id}`);
await call('/api/auth/logout', { method: 'POST', headers: { cookie: cookie(), 'x-csrftoken': csrf } });
console.log('cookie: logged out');

// 2. Token mode: a constant token in X-Auth-Token, no cookie, no CSRF.
const { data: tokenLogin } = await call('/api/auth/login', { method: 'POST', body: { email: EMAIL, password: PASSWORD, mode: 'token' } });
const tokenHeaders = { 'x-auth-token': tokenLogin.token };
console.log(`token: listed ${(await call('/api/v1/clients?per_page=100', { headers: tokenHeaders })).data.data.length} clients`);
await call('/api/auth/logout', { method: 'POST', headers: tokenHeaders });
console.log('token: logged out');

// 3. JWT: obtain a pair, call with Bearer, refresh (the refresh token rotates: keep the new one).
const { data: pair } = await call('/api/auth/token/obtain/', { method: 'POST', body: { email: EMAIL, password: PASSWORD } });
console.log(`jwt: listed ${(await call('/api/v1/clients?per_page=100', { headers: { authorization: `Bearer ${pair.access}` } })).data.data.length} clients`);
const { data: next } = await call('/api/auth/token/refresh/', { method: 'POST', body: { refresh: pair.refresh } });
if (next.refresh !== pair.refresh) console.log('jwt: refreshed, new refresh token');
await call('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${next.access}` } });
console.log('jwt: logged out');
