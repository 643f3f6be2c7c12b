// The 200 logging-in clients of login-storm.test.ts, in a worker thread of their own: the test's prober then times
// the server's answer to its cheap GET, not a turn of an event loop shared with 200 busy clients.
import { parentPort, workerData } from 'node:worker_threads';
import { Agent, request as httpRequest } from 'node:http';

const { url, email, password, clients, stormMs } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: clients + 10 });

function login(body) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/auth/login`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const statuses = {};
const missingRetryAfter = [];
const errors = [];
const deadline = Date.now() + stormMs;
parentPort.postMessage({ started: true });
// Ten clients log in to the demo account with its password (an account takes at most freeFailures attempts at once,
// so most of theirs are 429); the rest try a new unknown address each time, which no per-account counter stops: each
// costs a hash against the dummy, and the hasher's queue is what answers 503.
async function client(n) {
  let attempt = 0;
  while (Date.now() < deadline) {
    try {
      const res = n < 10
        ? await login({ email, password, mode: 'token' })
        : await login({ email: `storm-${n}-${attempt++}@example.test`, password: 'not anybody\'s password', mode: 'token' });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if ((res.status === 429 || res.status === 503) && typeof res.retryAfter !== 'string') missingRetryAfter.push(res.status);
      if (res.status === 503 || res.status === 429) await new Promise((r) => setTimeout(r, 50));
    } catch (err) {
      errors.push(String(err));
      return;
    }
  }
}

await Promise.all(Array.from({ length: clients }, (_, n) => client(n)));
agent.destroy();
parentPort.postMessage({ statuses, missingRetryAfter, errors });
