// The deployment files work (issue #21): the systemd unit verifies and is sandboxed, compose's settings are valid, and
// the Dockerfile's steps, run here in a clean directory because no container engine runs on these machines, build an
// installed package whose start command serves until the image's HEALTHCHECK passes. Slow: run by `npm run test:package`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYAML } from 'yaml';
import { loadConfig } from '../../src/config.ts';
import { parseDockerfile, parseEnv, parseExecForm, type DockerStage } from '../helpers/dockerfile.ts';

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

/** `Key=value` lines of one unit file section. */
function unitSettings(text: string): Array<[string, string]> {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#') && !l.startsWith('[') && l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]);
}

test('systemd unit: systemd-analyze verify is clean, the sandbox exposure is low and its settings are valid', { skip: !hasSystemdAnalyze && !process.env.CI ? 'systemd-analyze is not installed' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-unit-'));
  try {
    const unit = join(dir, 'lightbox.service');
    copyFileSync('deploy/lightbox.service', unit);
    const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stderr);
    assert.equal(verify.stderr.trim(), '', 'systemd-analyze verify prints no warning');
    const security = spawnSync('systemd-analyze', ['security', '--offline=yes', unit], { encoding: 'utf8' });
    const exposure = /Overall exposure level for \S+: ([\d.]+)/.exec(security.stdout);
    assert.ok(exposure?.[1], security.stdout + security.stderr);
    assert.ok(Number(exposure[1]) <= 2.5, `exposure ${exposure[1]} (0 = fully sandboxed, 10 = not at all)`);

    const settings = unitSettings(readFileSync(unit, 'utf8'));
    const get = (key: string): string[] => settings.filter(([k]) => k === key).map(([, v]) => v);
    for (const key of ['DynamicUser', 'NoNewPrivileges']) assert.deepEqual(get(key), ['yes'], key);
    assert.deepEqual(get('ProtectSystem'), ['strict']);
    const env = Object.fromEntries(get('Environment').map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    assert.equal(env.LIGHTBOX_DATA, `/var/lib/${get('StateDirectory')[0]}`, 'the data directory is the unit state directory');
    const config = loadConfig(env, { cwd: dir });
    assert.equal(config.server.host, '127.0.0.1', 'listens on loopback, behind a reverse proxy');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('compose.yaml: the lightbox service settings are valid Lightbox configuration, and what it depends on has health checks', () => {
  const compose = parseYAML(readFileSync('deploy/compose.yaml', 'utf8')) as {
    services: Record<string, { environment?: Record<string, string>; build?: { context: string; dockerfile: string }; depends_on?: Record<string, { condition: string }>; healthcheck?: unknown }>;
  };
  const lightbox = compose.services.lightbox;
  assert.ok(lightbox?.build, 'the lightbox service is built from the Dockerfile');
  assert.equal(readFileSync(join('deploy', lightbox.build.context, lightbox.build.dockerfile), 'utf8').length > 0, true);
  const dir = mkdtempSync(join(tmpdir(), 'lightbox-compose-'));
  try {
    const config = loadConfig(lightbox.environment ?? {}, { cwd: dir });
    assert.equal(config.store.kind, 'postgres');
    assert.match(config.redis.url ?? '', /^redis:\/\/redis:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [name, dep] of Object.entries(lightbox.depends_on ?? {})) {
    assert.equal(dep.condition, 'service_healthy', name);
    assert.ok(compose.services[name]?.healthcheck, `${name} has a healthcheck`);
  }
  assert.deepEqual(Object.keys(lightbox.depends_on ?? {}).sort(), ['postgres', 'redis']);
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The files a clean clone would send as build context (tracked or new, not git-ignored), minus .dockerignore's entries. */
function copyBuildContext(to: string): number {
  const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { encoding: 'utf8' }).split('\0').filter(Boolean)
    .filter((f) => !ignored.some((p) => f === p || f.startsWith(`${p}/`) || (p.startsWith('*') && f.endsWith(p.slice(1)))));
  let copied = 0;
  for (const file of files) {
    try {
      mkdirSync(join(to, dirname(file)), { recursive: true });
      copyFileSync(file, join(to, file));
      copied += 1;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // deleted in the work tree, not yet in git
    }
  }
  return copied;
}

function instructions(stage: DockerStage | undefined, keyword: string): string[] {
  return (stage?.instructions ?? []).filter((i) => i.keyword === keyword).map((i) => i.args);
}

test("Dockerfile: the build stage's steps install the package in a clean directory; the final stage's command serves until its HEALTHCHECK passes, and SIGTERM stops it", { timeout: 900_000 }, async (t) => {
  const stages = parseDockerfile(readFileSync('deploy/Dockerfile', 'utf8'));
  assert.equal(stages.length, 2, 'a build stage and a runtime stage');
  const [build, runtime] = stages;
  assert.ok(build?.name, 'the build stage is named');
  const user = instructions(runtime, 'USER');
  assert.equal(user.length, 1);
  assert.doesNotMatch(user[0] ?? '', /^(root|0)(:|$)/, 'the image runs as a non-root user');
  assert.ok(!instructions(runtime, 'RUN').some((r) => /npm (ci|install)/.test(r)), 'the runtime stage installs nothing: it copies the build stage result');

  // One file-system root stands in for both stages' images: /src, /opt and /data map under it.
  const fsRoot = mkdtempSync(join(tmpdir(), 'lightbox-image-'));
  t.after(() => rmSync(fsRoot, { recursive: true, force: true }));
  const mapPath = (s: string): string => s.replace(/(^|[\s"'=])\/(src|opt|data)(?=\/|$|[\s"'])/g, `$1${fsRoot}/$2`);

  let workdir = fsRoot;
  for (const { keyword, args } of build?.instructions ?? []) {
    if (keyword === 'WORKDIR') {
      workdir = mapPath(args);
      mkdirSync(workdir, { recursive: true });
    } else if (keyword === 'COPY') {
      assert.equal(args, '. .', 'the build stage copies the context');
      t.diagnostic(`build context: ${copyBuildContext(workdir)} files`);
    } else if (keyword === 'RUN') {
      if (/^apt-get /.test(args)) {
        t.diagnostic(`skipped (this machine has its build tools): RUN ${args.slice(0, 60)}…`);
        continue;
      }
      const started = Date.now();
      execFileSync('sh', ['-c', mapPath(args)], { cwd: workdir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, TMPDIR: fsRoot } });
      t.diagnostic(`RUN ${args}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } else {
      assert.fail(`the build stage has an instruction this test does not run: ${keyword}`);
    }
  }

  let env: Record<string, string> = {};
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  let healthcheck: string[] = [];
  for (const { keyword, args } of runtime?.instructions ?? []) {
    if (keyword === 'ENV') env = { ...env, ...parseEnv(args) };
    else if (keyword === 'WORKDIR') workdir = mapPath(args);
    else if (keyword === 'COPY') {
      const from = /^--from=(\S+)\s+(\S+)\s+(\S+)$/.exec(args);
      if (from) {
        assert.equal(from[1], build?.name);
        assert.equal(from[2], from[3], 'copied to the same path, which here is the same directory');
        continue;
      }
      const [source, target] = args.split(/\s+/);
      copyFileSync(join(fsRoot, 'src', source ?? ''), mapPath(target ?? ''));
    } else if (keyword === 'RUN') {
      if (/^apt-get update \\?\s*&& apt-get install -y --no-install-recommends fonts-[a-z-]+/.test(args)) {
        // The fonts text watermarks need; this machine has its own.
        assert.ok(!/npm|node/.test(args), 'the font install installs nothing else');
        continue;
      }
      const mkdir = /^mkdir -p (\S+)/.exec(args);
      assert.ok(mkdir?.[1], `only the fonts and the data directory are made in the runtime stage: ${args}`);
      mkdirSync(mapPath(mkdir[1]), { recursive: true }); // its chown to the image user needs the image
    } else if (keyword === 'ENTRYPOINT') entrypoint = parseExecForm(args).map(mapPath);
    else if (keyword === 'CMD') cmd = parseExecForm(args);
    else if (keyword === 'HEALTHCHECK') {
      const form = /\bCMD\s+(\[.*\])$/.exec(args);
      assert.ok(form?.[1], 'HEALTHCHECK in exec form');
      healthcheck = parseExecForm(form[1]).map(mapPath);
    } else if (!['USER', 'VOLUME', 'EXPOSE', 'STOPSIGNAL'].includes(keyword)) assert.fail(`unexpected runtime instruction ${keyword}`);
  }
  assert.equal(entrypoint[0], 'node');
  assert.ok(healthcheck.length > 0, 'the image has a HEALTHCHECK');

  const port = await freePort();
  const runEnv = { ...process.env, ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, mapPath(v)])), LIGHTBOX_PORT: String(port), LIGHTBOX_HOST: '127.0.0.1', LIGHTBOX_LOG_LEVEL: 'warn' };
  const probe = (): number | null => spawnSync(process.execPath, healthcheck.slice(1), { env: runEnv, timeout: 10_000 }).status;
  assert.equal(probe(), 1, 'the health check fails while nothing listens');

  const server = spawn(process.execPath, [...entrypoint.slice(1), ...cmd], { cwd: workdir, env: runEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  try {
    const started = Date.now();
    let healthy = false;
    while (!healthy && Date.now() - started < 30_000) {
      healthy = probe() === 0;
      if (!healthy) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(healthy, `the HEALTHCHECK passed within 30 s: ${stderr}`);
    t.diagnostic(`healthy after ${Date.now() - started} ms`);
    const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
    assert.deepEqual(ready, { status: 'ready', storage: 'ok' });
  } finally {
    server.kill('SIGTERM');
  }
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
  assert.equal(code, 0, `SIGTERM stops the server cleanly: ${stderr}`);
});
