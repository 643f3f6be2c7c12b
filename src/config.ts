// loadConfig: one schema, defaults < lightbox.config.json < LIGHTBOX_* env < explicit overrides, validated once and frozen.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Type, { type Static, type TSchema } from 'typebox';
import Value from 'typebox/value';

const Seconds = (def: number, min = 1): ReturnType<typeof Type.Integer> => Type.Integer({ minimum: min, default: def });
const Strict = { additionalProperties: false } as const;
const CookieName = Type.String({ pattern: '^[A-Za-z0-9_\\-]{1,64}$' });

export const CONFIG_SCHEMA = Type.Object({
  dataDir: Type.String({ minLength: 1, default: './data' }),
  store: Type.Object({
    /** sqlite: the embedded file under dataDir. postgres: the server at `url` (issue #19). */
    kind: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')], { default: 'sqlite' }),
    /** A PostgreSQL connection URL (postgres://user:password@host:port/database); only with kind "postgres". */
    url: Type.Optional(Type.String({ pattern: '^postgres(ql)?://[^\\s]+$' })),
  }, Strict),
  redis: Type.Object({
    /**
     * A Redis URL (redis://[:password@]host:port[/db], rediss:// for TLS). Set it when several instances share one
     * PostgreSQL store: login counters are then shared and revocations reach every instance's auth cache (issue #19).
     */
    url: Type.Optional(Type.String({ pattern: '^rediss?://[^\\s]+$' })),
    /** Prefix of every key and channel name Lightbox uses, so several deployments (or tests) can share one Redis. */
    prefix: Type.String({ pattern: '^[A-Za-z0-9:_.-]{1,64}$', default: 'lightbox:' }),
  }, Strict),
  server: Type.Object({
    host: Type.String({ minLength: 1, default: '127.0.0.1' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
    /** Absolute base URL used in links the server prints or sends (never derived from Host). */
    publicUrl: Type.Optional(Type.String({ pattern: '^https?://[^/\\s]+(/.*)?$' })),
    /** Peers (IPs or CIDRs) whose X-Forwarded-For / X-Forwarded-Proto are believed. */
    trustProxy: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    bodyLimit: Type.Integer({ minimum: 1024, default: 1048576 }),
    authBodyLimit: Type.Integer({ minimum: 1024, default: 16384 }),
    /** Seconds a client has to send the request line and every header (Node's headersTimeout; issue #22). */
    headersTimeout: Seconds(20),
    /** Seconds a client has to send a whole request, body included (uploads too); 0 is not allowed. */
    requestTimeout: Seconds(60),
    /** Seconds an idle keep-alive connection stays open between requests. */
    keepAliveTimeout: Seconds(5),
    /** Open connections at most; further ones are closed by Node as soon as they are accepted. */
    maxConnections: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
  }, Strict),
  mail: Type.Object({
    /**
     * SMTP server: smtp://user:pass@host:587 (STARTTLS required) or smtps://user:pass@host:465 (implicit TLS). Unset,
     * messages are written to the log and to dataDir/outbox/ instead of being sent (LIGHTBOX_MAIL_URL).
     */
    url: Type.Optional(Type.String({ pattern: '^smtps?://[^\\s]+$' })),
    /** The From address of every message. */
    from: Type.String({ minLength: 3, maxLength: 320, default: 'Lightbox <lightbox@localhost>' }),
    /** Attempts per message before it is marked failed (with exponential backoff between them). */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
    /** Seconds between two looks at the outbox when nothing woke the worker (a message queued here wakes it at once). */
    pollInterval: Seconds(5),
    /** Days before a collection closes that each client on its access list is reminded (once); 0 sends no reminders. */
    expiryReminderDays: Type.Integer({ minimum: 0, maximum: 365, default: 3 }),
  }, Strict),
  passwordReset: Type.Object({
    /** Seconds a mailed reset link works (30 minutes). */
    tokenTtl: Seconds(1800, 60),
    /** Reset requests per email address per window, whether or not an account has it; more get 429. */
    perAccount: Type.Integer({ minimum: 1, maximum: 1000, default: 3 }),
    /** Reset requests per client address per window; more get 429. */
    perAddress: Type.Integer({ minimum: 1, maximum: 10000, default: 10 }),
    /** The throttle window, in seconds. */
    window: Seconds(900),
  }, Strict),
  invitations: Type.Object({
    /** Seconds an invitation link works (7 days). */
    ttl: Seconds(604800, 300),
    /** Attempts to accept an invitation per client address per window, successful or not; more get 429. */
    acceptPerAddress: Type.Integer({ minimum: 1, maximum: 10000, default: 20 }),
    /** The accept throttle window, in seconds. */
    acceptWindow: Seconds(900),
  }, Strict),
  audit: Type.Object({
    /** Days the audit log keeps an event; the hourly housekeeping removes older ones. */
    retentionDays: Type.Integer({ minimum: 1, maximum: 36500, default: 365 }),
  }, Strict),
  log: Type.Object({
    level: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')], { default: 'info' }),
    /** json: one JSON object a line. pretty: pino-pretty's human-readable lines. auto: pretty when stdout is a terminal. */
    format: Type.Union([Type.Literal('auto'), Type.Literal('json'), Type.Literal('pretty')], { default: 'auto' }),
  }, Strict),
  session: Type.Object({
    /** Idle timeout in seconds (the seeds' 14 days). */
    idleTimeout: Seconds(1209600),
    /** Absolute lifetime in seconds. */
    absoluteTimeout: Seconds(2592000),
    /** Longest interval between two last-seen writes for one session. */
    touchInterval: Seconds(60),
  }, Strict),
  cookies: Type.Object({
    session: Type.String({ ...CookieName, default: 'sessionid' }),
    csrf: Type.String({ ...CookieName, default: 'csrftoken' }),
    jwt: Type.String({ ...CookieName, default: 'jwt' }),
    /** The gallery-visitor session and its CSRF cookie: separate from the studio's so neither can stand in for the other. */
    visitorSession: Type.String({ ...CookieName, default: 'gallery_session' }),
    visitorCsrf: Type.String({ ...CookieName, default: 'gallery_csrftoken' }),
    /** auto: Secure when the request came over HTTPS (directly or via a trusted proxy). */
    secure: Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('never')], { default: 'auto' }),
  }, Strict),
  csrf: Type.Object({
    /** Extra origins (scheme://host[:port]) allowed to send cookie-authenticated unsafe requests. */
    trustedOrigins: Type.Array(Type.String({ pattern: '^https?://[^/\\s]+$' }), { default: [] }),
  }, Strict),
  cors: Type.Object({
    /**
     * Origins (scheme://host[:port], exactly as a browser sends them) whose pages may call the API with credentials.
     * Empty: no CORS headers at all. `*` is refused: with credentials it would have to reflect any origin.
     */
    origins: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
    /** Seconds a browser may cache a preflight answer. */
    maxAge: Type.Integer({ minimum: 0, maximum: 86400, default: 600 }),
  }, Strict),
  metrics: Type.Object({
    /** Serve GET /metrics in the Prometheus text format; off, the route does not exist. */
    enabled: Type.Boolean({ default: false }),
    /** When set, /metrics answers only `Authorization: Bearer <token>` (at least 32 visible ASCII characters). */
    token: Type.Optional(Type.String({ pattern: '^[\\x21-\\x7e]{32,512}$' })),
    /** Also export prom-client's process metrics (CPU, memory, event-loop delay, GC). */
    processMetrics: Type.Boolean({ default: true }),
  }, Strict),
  auth: Type.Object({
    /** Accept the token-mode token as the auth_token query parameter (PhotoShelter compatibility). */
    tokenQueryParam: Type.Boolean({ default: true }),
    /** Every /api/ request must carry a registered application key in X-Api-Key. */
    requireAppKey: Type.Boolean({ default: false }),
    /**
     * Requests one application key may make per window, counted on the routes that require the key (shared by every
     * instance when redis.url is set); past it 429 with Retry-After. 0 turns the quota off.
     */
    appKeyQuota: Type.Object({
      max: Type.Integer({ minimum: 0, default: 6000 }),
      window: Seconds(60),
    }, Strict),
    /** Seconds after login within which credential-affecting changes need no password confirmation. */
    reauthWindow: Seconds(900),
    basic: Type.Object({
      enabled: Type.Boolean({ default: false }),
      /** Accept Basic over plain HTTP (local testing only). */
      allowInsecure: Type.Boolean({ default: false }),
      /** Seconds a verified credential pair stays cached. */
      cacheTtl: Seconds(300),
    }, Strict),
    jwt: Type.Object({
      accessTtl: Seconds(300, 30),
      refreshTtl: Seconds(86400, 60),
      /** Days a signing key signs before a new one replaces it. */
      keyRotationDays: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
      issuer: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      audience: Type.String({ minLength: 1, maxLength: 200, default: 'lightbox-api' }),
      leeway: Type.Integer({ minimum: 0, maximum: 30, default: 5 }),
    }, Strict),
  }, Strict),
  storage: Type.Object({
    /** Where photo files live: "local" (dataDir/photos; several instances share it as one volume) or "s3". */
    kind: Type.Union([Type.Literal('local'), Type.Literal('s3')], { default: 'local' }),
    s3: Type.Object({
      /** The service's URL for S3-compatible storage (MinIO, Ceph, R2, …); unset for AWS S3 itself. */
      endpoint: Type.Optional(Type.String({ pattern: '^https?://[^\\s]+$' })),
      bucket: Type.Optional(Type.String({ minLength: 3, maxLength: 63, pattern: '^[a-z0-9][a-z0-9.-]+[a-z0-9]$' })),
      region: Type.String({ minLength: 1, default: 'us-east-1' }),
      /** Bucket in the path (http://host/bucket/key), which most S3-compatible services need, not in the host name. */
      forcePathStyle: Type.Boolean({ default: false }),
      /** Unset: the AWS SDK's own chain (environment, shared files, instance role). */
      accessKeyId: Type.Optional(Type.String({ minLength: 1 })),
      secretAccessKey: Type.Optional(Type.String({ minLength: 1 })),
      /** Prepended to every object key, so one bucket can hold several installations ("studio-a/"). */
      prefix: Type.String({ pattern: '^([A-Za-z0-9_.-]+/)*$', default: '' }),
    }, Strict),
  }, Strict),
  photos: Type.Object({
    /** Largest accepted upload per file, in bytes (100 MiB). */
    maxUploadBytes: Type.Integer({ minimum: 1, default: 104857600 }),
    /** Largest decoded image, in pixels: guards against decompression bombs. */
    maxPixels: Type.Integer({ minimum: 1, default: 100_000_000 }),
    /** Files accepted in one upload request. */
    maxFilesPerUpload: Type.Integer({ minimum: 1, maximum: 1000, default: 50 }),
    /** Images decoded at once; each holds a libuv pool thread that argon2 also needs (issue #22). */
    processingConcurrency: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
    /** Images waiting to be decoded; one more upload is refused with 503 and Retry-After. */
    processingQueue: Type.Integer({ minimum: 0, maximum: 10000, default: 16 }),
    /** libvips threads per image (sharp.concurrency). Unset: half the CPU cores this process may use, at least 1. */
    processingThreads: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
  }, Strict),
  password: Type.Object({
    minLength: Type.Integer({ minimum: 8, maximum: 64, default: 15 }),
    maxLength: Type.Integer({ minimum: 64, maximum: 1024, default: 256 }),
    memoryCost: Type.Integer({ minimum: 19456, default: 19456 }),
    timeCost: Type.Integer({ minimum: 2, default: 2 }),
    parallelism: Type.Integer({ minimum: 1, maximum: 16, default: 1 }),
    /**
     * Concurrent argon2 operations; more wait in a bounded queue, beyond it 503. Unset: one per CPU core this process
     * may use, at most 4 (see `hashConcurrency`).
     */
    maxConcurrent: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    maxQueue: Type.Integer({ minimum: 0, maximum: 10000, default: 100 }),
  }, Strict),
  rateLimit: Type.Object({
    /**
     * Requests one client address may make per window, across every route except /healthz and /readyz; 0 turns the
     * limit off (the default: set it for an Internet-facing deployment). Shared by every instance when redis.url is set.
     */
    max: Type.Integer({ minimum: 0, default: 0 }),
    /** The window, in seconds. */
    window: Seconds(60),
  }, Strict),
  loginThrottle: Type.Object({
    /** Consecutive failures per identifier before delays start. */
    freeFailures: Type.Integer({ minimum: 1, default: 5 }),
    baseDelay: Seconds(1),
    maxDelay: Seconds(900),
    /** Consecutive failures after which the account needs an administrator (NIST: at most 100). */
    hardLockAfter: Type.Integer({ minimum: 2, maximum: 100, default: 100 }),
    /** Failed logins per client IP within ipWindow before that IP gets 429. */
    ipMaxFailures: Type.Integer({ minimum: 1, default: 50 }),
    ipWindow: Seconds(600),
    /**
     * Wrong gallery passwords (and, separately, download PINs) per collection within ipWindow, whatever email typed
     * them, before that collection's logins (or PINs) get 429 until the window ends. Visitors already in stay in.
     */
    collectionMaxFailures: Type.Integer({ minimum: 1, default: 50 }),
  }, Strict),
}, Strict);

export type Config = Static<typeof CONFIG_SCHEMA>;

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  /** Path of a config file; defaults to ./lightbox.config.json when it exists. */
  file?: string;
  /** Values from the command line or a test; applied last. */
  overrides?: DeepPartial<Config>;
  cwd?: string;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

const ENV_ALIASES: Record<string, string> = { LIGHTBOX_DATA: 'dataDir', LIGHTBOX_PORT: 'server.port', LIGHTBOX_HOST: 'server.host', LIGHTBOX_LOG_LEVEL: 'log.level' };

function envName(path: string): string {
  return 'LIGHTBOX_' + path.split('.').map((s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

function leafPaths(schema: TSchema, prefix = ''): Array<{ path: string; schema: TSchema }> {
  const s = schema as { type?: string; properties?: Record<string, TSchema> };
  if (s.type === 'object' && s.properties) {
    return Object.entries(s.properties).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [{ path: prefix, schema }];
}

function coerceEnv(raw: string, schema: TSchema): unknown {
  const s = schema as { type?: string };
  if (s.type === 'integer' || s.type === 'number') return raw.trim() === '' ? raw : Number(raw);
  if (s.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (s.type === 'array') return raw.split(',').map((x) => x.trim()).filter(Boolean);
  return raw;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur)
      ? deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

/** Creates the nested objects a partial config leaves out, so their properties receive defaults. */
function withObjects(schema: TSchema, value: unknown): unknown {
  const s = schema as { type?: string; properties?: Record<string, TSchema> };
  if (s.type !== 'object' || !s.properties || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const obj = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(s.properties)) {
    if ((child as { type?: string }).type === 'object' && obj[key] === undefined) obj[key] = {};
    obj[key] = withObjects(child, obj[key]);
  }
  return obj;
}

/**
 * One problem per bad key, walking the schema ourselves: Value.Errors stops after a few errors (TypeBox's
 * maxErrors) and reports a union once per member, so a config with many mistakes would be reported piecemeal.
 */
function schemaProblems(schema: TSchema, value: unknown, path: string, envSource: Map<string, string>): string[] {
  const s = schema as { type?: string; properties?: Record<string, TSchema>; required?: string[]; anyOf?: Array<{ const?: unknown }> };
  if (s.type === 'object' && s.properties) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${path || 'config'}: must be an object`];
    const obj = value as Record<string, unknown>;
    const out: string[] = [];
    for (const key of Object.keys(obj)) if (!Object.hasOwn(s.properties, key)) out.push(`${path ? `${path}.` : ''}${key}: unknown setting`);
    for (const [key, child] of Object.entries(s.properties)) {
      const childPath = path ? `${path}.${key}` : key;
      if (obj[key] === undefined) {
        if (s.required?.includes(key)) out.push(`${childPath}: is required`);
        continue;
      }
      out.push(...schemaProblems(child, obj[key], childPath, envSource));
    }
    return out;
  }
  if (Value.Check(schema, value)) return [];
  const literals = s.anyOf?.every((m) => 'const' in m) ? s.anyOf.map((m) => JSON.stringify(m.const)) : null;
  const message = literals ? `must be one of ${literals.join(', ')}` : ([...Value.Errors(schema, value)][0]?.message ?? 'is invalid');
  const source = envSource.get(path);
  return [`${path}${source ? ` (${source})` : ''}: ${message}`];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Every cors.origins entry must be one origin exactly as a browser writes it in the Origin header (lower-case scheme
 * and host, no default port, no path): that is what the allowlist is compared with, byte for byte.
 */
export function corsOriginProblems(origins: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of origins) {
    if (value === '*' || value.includes('*')) {
      out.push(`cors.origins: "${value}" is refused: credentials are allowed, so every origin must be named (a wildcard would mean reflecting any origin)`);
      continue;
    }
    let origin: string | null = null;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') origin = url.origin;
    } catch {
      origin = null;
    }
    if (origin === null) out.push(`cors.origins: "${value}" is not an http(s) origin (scheme://host[:port], e.g. https://app.example.com)`);
    else if (origin !== value) out.push(`cors.origins: "${value}" must be written exactly as the origin "${origin}" (no path, no trailing slash, no default port, lower case)`);
  }
  return out;
}

/** Reads the environment only through the `env` argument; reports every bad key at once. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadConfigOptions = {}): Config {
  const problems: string[] = [];
  const cwd = options.cwd ?? process.cwd();
  let fromFile: Record<string, unknown> = {};
  const filePath = options.file ?? env.LIGHTBOX_CONFIG ?? resolve(cwd, 'lightbox.config.json');
  if (options.file !== undefined || env.LIGHTBOX_CONFIG !== undefined || existsSync(filePath)) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fromFile = parsed as Record<string, unknown>;
      else problems.push(`${filePath}: must hold a JSON object`);
    } catch (err) {
      problems.push(`${filePath}: ${(err as Error).message}`);
    }
  }

  const leaves = leafPaths(CONFIG_SCHEMA);
  const byEnv = new Map<string, { path: string; schema: TSchema }>();
  for (const leaf of leaves) byEnv.set(envName(leaf.path), leaf);
  for (const [alias, path] of Object.entries(ENV_ALIASES)) {
    const leaf = leaves.find((l) => l.path === path);
    if (leaf) byEnv.set(alias, leaf);
  }
  const fromEnv: Record<string, unknown> = {};
  const envSource = new Map<string, string>();
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('LIGHTBOX_') || raw === undefined || name === 'LIGHTBOX_CONFIG') continue;
    const leaf = byEnv.get(name);
    if (!leaf) {
      problems.push(`${name}: unknown setting`);
      continue;
    }
    setPath(fromEnv, leaf.path, coerceEnv(raw, leaf.schema));
    envSource.set(leaf.path, name);
  }

  const merged = deepMerge(deepMerge(fromFile, fromEnv), (options.overrides ?? {}) as Record<string, unknown>);
  const withDefaults = Value.Default(CONFIG_SCHEMA, withObjects(CONFIG_SCHEMA, Value.Clone(merged))) as unknown;
  problems.push(...schemaProblems(CONFIG_SCHEMA, withDefaults, '', envSource));
  if (problems.length > 0) throw new ConfigError(problems);

  const config = withDefaults as Config;
  if (config.session.absoluteTimeout < config.session.idleTimeout) {
    throw new ConfigError(['session.absoluteTimeout: must be at least session.idleTimeout']);
  }
  if (config.server.headersTimeout > config.server.requestTimeout) {
    throw new ConfigError(['server.headersTimeout: must be at most server.requestTimeout']);
  }
  if (config.store.kind === 'postgres' && config.store.url === undefined) {
    throw new ConfigError(['store.url: is required when store.kind is "postgres"']);
  }
  // A URL next to kind "sqlite" is a deployment that believes it uses PostgreSQL while it writes a local file.
  if (config.store.kind === 'sqlite' && config.store.url !== undefined) {
    throw new ConfigError(['store.url: is only used when store.kind is "postgres"']);
  }
  if (config.storage.kind === 's3' && config.storage.s3.bucket === undefined) problems.push('storage.s3.bucket: is required when storage.kind is "s3"');
  if ((config.storage.s3.accessKeyId === undefined) !== (config.storage.s3.secretAccessKey === undefined)) {
    problems.push('storage.s3.accessKeyId and storage.s3.secretAccessKey: set both or neither');
  }
  problems.push(...corsOriginProblems(config.cors.origins));
  if (config.metrics.token !== undefined && !config.metrics.enabled) problems.push('metrics.token: is only used when metrics.enabled is true');
  if (problems.length > 0) throw new ConfigError(problems);
  for (const name of [config.cookies.session, config.cookies.csrf, config.cookies.visitorSession, config.cookies.visitorCsrf]) {
    if (name.startsWith('__Host-') && config.cookies.secure === 'never') {
      throw new ConfigError([`cookies: a __Host- cookie (${name}) needs cookies.secure "auto" or "always"`]);
    }
  }
  return deepFreeze(config);
}

/** The process's own configuration: the one place that reads process.env. */
export function loadProcessConfig(options: LoadConfigOptions = {}): Config {
  return loadConfig(process.env, options);
}
