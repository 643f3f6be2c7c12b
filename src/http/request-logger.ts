// Per-request loggers that cost nothing until something is logged at an enabled level (issue #6).
import type { FastifyBaseLogger } from 'fastify';
import type { FastifyChildLoggerFactory } from 'fastify/types/logger.js';

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

export const lazyChildLogger: FastifyChildLoggerFactory = (logger, bindings, options) => {
  // A per-route log level needs a real child at once (it changes what is enabled); Lightbox routes set none.
  if (options.level !== undefined || typeof (logger as Partial<ParentLogger>).levelVal !== 'number') return logger.child(bindings, options);
  return new LazyRequestLogger(logger as ParentLogger, bindings) as unknown as FastifyBaseLogger;
};
