// Lightbox's logger: one pino root, per-request children that cost nothing until used, request logs only when enabled.
import type { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { FastifyChildLoggerFactory } from 'fastify/types/logger.js';
import { redactUrl } from './redact.ts';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** The parts of a pino logger this needs: its numeric level, the level table and `child`. */
interface ParentLogger extends FastifyBaseLogger {
  levelVal: number;
  levels: { values: Record<string, number> };
}

/**
 * Fastify gives every request a child logger carrying its request id; with pino that child is built (bindings
 * serialised, redaction set up) on every request, even when nothing is logged at the configured level. This one
 * builds the real child on first use, and a call below the parent's level returns at once. Same output, same
 * bindings; the parent's level is read on every call, so changing it at run time still takes effect.
 */
class LazyRequestLogger {
  private real: FastifyBaseLogger | undefined;
  constructor(private readonly parent: ParentLogger, private readonly bindings: Record<string, unknown>) {}

  private get logger(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings);
    return this.real;
  }

  private enabled(level: Level): boolean {
    return (this.parent.levels.values[level] ?? 0) >= this.parent.levelVal;
  }

  get level(): string {
    return this.real ? this.real.level : this.parent.level;
  }

  set level(value: string) {
    this.logger.level = value;
  }

  fatal(...args: unknown[]): void {
    this.log('fatal', args);
  }

  error(...args: unknown[]): void {
    this.log('error', args);
  }

  warn(...args: unknown[]): void {
    this.log('warn', args);
  }

  info(...args: unknown[]): void {
    this.log('info', args);
  }

  debug(...args: unknown[]): void {
    this.log('debug', args);
  }

  trace(...args: unknown[]): void {
    this.log('trace', args);
  }

  silent(): void {
    // Nothing: the level that logs nothing.
  }

  private log(level: Level, args: unknown[]): void {
    if (!this.real && !this.enabled(level)) return;
    (this.logger[level] as (...a: unknown[]) => void)(...args);
  }

  child(bindings: Record<string, unknown>, options?: Record<string, unknown>): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

function lazyChild(logger: FastifyBaseLogger, bindings: Record<string, unknown>, options: { level?: string }): FastifyBaseLogger {
  // A per-route log level needs a real child at once (it changes what is enabled); Lightbox routes set none.
  if (options.level !== undefined || typeof (logger as Partial<ParentLogger>).levelVal !== 'number') return logger.child(bindings, options);
  return new LazyRequestLogger(logger as ParentLogger, bindings) as unknown as FastifyBaseLogger;
}

/**
 * Property names whose values never reach a log line, whatever logs them (R51): at the top level of a logged object
 * and one level down (`{ body: { password } }`, `{ headers: request.headers }`). Request and response lines carry no
 * headers at all: their serializers below keep named fields only, and the URL's credentials are cut out.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password', 'token', 'csrf_token', 'refresh', 'access',
  'cookie', 'set-cookie', 'authorization', 'x-auth-token', 'x-api-key', 'x-csrf-token', 'x-csrftoken', 'x-csrf',
]);
const CENSOR = '[REDACTED]';

function ownsSecret(value: object): boolean {
  for (const key of SECRET_KEYS) if (Object.hasOwn(value, key)) return true;
  return false;
}

/** A copy of `value` with its secret properties censored; same prototype, so an Error still logs as an Error. */
function censored(value: object): object {
  const descriptors = Object.getOwnPropertyDescriptors(value) as Record<string, PropertyDescriptor>;
  for (const key of SECRET_KEYS) {
    if (Object.hasOwn(descriptors, key)) descriptors[key] = { value: CENSOR, enumerable: true, writable: true, configurable: true };
  }
  return Object.create(Object.getPrototypeOf(value) as object | null, descriptors) as object;
}

/**
 * Redaction as a pino `formatters.log`, once per line. pino's own `redact` with wildcard paths (`*.password`) cloned
 * and walked every top-level value of every line, numbers included: about half of a request line's cost (issue #17,
 * bench/findings.md). This looks at each value once and copies only an object that holds a secret.
 */
export function redactSecrets(object: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    let replacement: unknown = value;
    if (SECRET_KEYS.has(key)) replacement = CENSOR;
    else if (typeof value === 'object' && value !== null && ownsSecret(value)) replacement = censored(value);
    if (replacement !== value) {
      out ??= { ...object };
      out[key] = replacement;
    }
  }
  return out ?? object;
}

/**
 * The root logger: JSON lines with the serializers Fastify's own would have, redacted. Without a `stream`, pino's
 * default destination (stdout through sonic-boom, flushed on exit), as Fastify's default logger writes: a Node
 * stream on stdout cost a synchronous write and the stream machinery per line.
 */
export function createLogger(options: { level: string; stream?: Writable | undefined }): Logger {
  const settings = {
    level: options.level,
    formatters: { log: redactSecrets },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }) => ({
        method: req.method,
        url: redactUrl(req.url),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      err: pino.stdSerializers.err,
    },
  };
  return options.stream ? pino(settings, options.stream) : pino(settings);
}

type LoggingOptions =
  | { logger: false; childLoggerFactory: FastifyChildLoggerFactory }
  | { loggerInstance: FastifyBaseLogger; childLoggerFactory: FastifyChildLoggerFactory };

/**
 * How a Fastify app logs through `root`. Request children always come from `root`, built lazily.
 * - When the level shows `info`, Fastify gets `root` as its logger and writes its usual request lines (incoming,
 *   completed with the response time, errors); writing those lines costs far more than its bookkeeping.
 * - Otherwise Fastify runs without a logger of its own: with one, it attaches two response listeners and reads the
 *   clock twice on every request to log a completion line the level then drops (about a microsecond of a ~15 µs
 *   request, issue #6). `install` then makes `root` the app's `log`, so what Fastify logs at server level (errors of
 *   onClose hooks, the listening address) and what routes log still arrive.
 * The mode is chosen by the level the app starts with; a level changed later still governs every line written.
 */
export function loggingFor(root: Logger): { options: LoggingOptions; install(app: FastifyInstance): void } {
  const childLoggerFactory: FastifyChildLoggerFactory = (_parent, bindings, options) => lazyChild(root as unknown as FastifyBaseLogger, bindings, options);
  if (root.isLevelEnabled('info')) return { options: { loggerInstance: root as unknown as FastifyBaseLogger, childLoggerFactory }, install: () => undefined };
  return {
    options: { logger: false, childLoggerFactory },
    install(app): void {
      // Without a logger option Fastify keeps a no-op logger in this plain property; plugins inherit it from here.
      (app as { log: FastifyBaseLogger }).log = root as unknown as FastifyBaseLogger;
    },
  };
}
