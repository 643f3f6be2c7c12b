// `npm run test:examples`: starts `lightbox serve --demo --port 0`, runs each example whose interpreter is here, checks its output.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Example {
  language: string;
  file: string;
  command: string[];
  /** Why it cannot run here, or null when it can. */
  missing(): string | null;
}

const has = (cmd: string, args: string[] = ['--version']): boolean => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

const EXAMPLES: Example[] = [
  { language: 'curl (bash)', file: 'examples/curl.sh', command: ['bash'], missing: () => (has('bash') && has('curl') ? null : 'bash or curl not installed') },
  {
    language: 'Python (requests)', file: 'examples/python-requests.py', command: ['python3'],
    missing: () => (!has('python3') ? 'python3 not installed' : has('python3', ['-c', 'import requests']) ? null : 'the Python package `requests` is not importable (pip install requests)'),
  },
  { language: 'JavaScript (fetch)', file: 'examples/javascript-fetch.mjs', command: [process.execPath], missing: () => null },
  { language: 'PHP (curl)', file: 'examples/php-curl.php', command: ['php'], missing: () => (!has('php', ['-v']) ? 'php not installed (Debian: php-cli)' : has('php', ['-r', 'exit(function_exists("curl_init") ? 0 : 1);']) ? null : 'the PHP curl extension is missing (Debian: php-curl)') },
  { language: 'Ruby (Net::HTTP)', file: 'examples/ruby-net-http.rb', command: ['ruby'], missing: () => (has('ruby') ? null : 'ruby not installed (Debian: ruby)') },
];

/** Every example prints these lines, in this order. */
const EXPECTED: RegExp[] = [
  /^cookie: logged in as \S+@\S+$/m, /^cookie: listed \d+ clients$/m, /^created client cl_[A-Za-z0-9]{22}$/m, /^cookie: logged out$/m,
  /^token: listed \d+ clients$/m, /^token: logged out$/m,
  /^jwt: listed \d+ clients$/m, /^jwt: refreshed, new refresh token$/m, /^jwt: logged out$/m,
];

interface Server {
  url: string;
  email: string;
  password: string;
  stop(): void;
}

async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--demo', '--port', '0', '--data', dataDir], {
    cwd: ROOT, env: { ...process.env, LIGHTBOX_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /listening on (\S+)/.exec(out)?.[1];
      const email = /email: (\S+)/.exec(out)?.[1];
      const password = /password: (\S+)/.exec(out)?.[1];
      if (url && email && password) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url, email, password, stop: () => child.kill('SIGTERM') });
      }
    });
  });
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lightbox-examples-'));
  const server = await startServer(dataDir);
  const failed: string[] = [];
  const skipped: string[] = [];
  try {
    for (const example of EXAMPLES) {
      const reason = example.missing();
      if (reason !== null) {
        skipped.push(`${example.language}: ${reason}`);
        continue;
      }
      const [cmd = '', ...args] = example.command;
      const run = spawnSync(cmd, [...args, join(ROOT, example.file)], {
        env: { ...process.env, LIGHTBOX_URL: server.url, LIGHTBOX_EMAIL: server.email, LIGHTBOX_PASSWORD: server.password },
        encoding: 'utf8', timeout: 60_000,
      });
      const missing = EXPECTED.filter((re) => !re.test(run.stdout));
      if (run.status === 0 && missing.length === 0) {
        process.stdout.write(`ok    ${example.language} (${example.file})\n`);
      } else {
        failed.push(example.language);
        process.stdout.write(`FAIL  ${example.language} (${example.file}): exit ${run.status}; missing ${missing.map(String).join(', ') || 'nothing'}\n${run.stdout}${run.stderr}\n`);
      }
    }
  } finally {
    server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  for (const s of skipped) process.stdout.write(`skip  ${s}\n`);
  process.stdout.write(`${EXAMPLES.length - failed.length - skipped.length} passed, ${failed.length} failed, ${skipped.length} skipped\n`);
  return failed.length === 0 ? 0 : 1;
}

process.exitCode = await main();
