// A bounded queue for image decoding: image work gets a fixed share of the machine, so logins keep theirs (issue #22).
import { AppError } from '../../errors.ts';

export interface ImageQueueOptions {
  /** Images decoded at once. Each holds one libuv pool thread (shared with argon2) for its whole decode. */
  concurrency: number;
  /** Images waiting beyond those; one more is refused with 503 and Retry-After. */
  maxWaiting: number;
  /** What a refused caller is told to wait, in seconds. */
  retryAfter: number;
}

/**
 * sharp runs every pipeline on libuv's thread pool, the same four threads argon2 hashes on; left alone, twenty slow
 * decodes occupy the pool and every login waits behind them. Only `concurrency` decodes run at once here; the rest
 * wait in a queue of bounded length so memory and waiting time stay bounded too.
 *
 * Background work (re-rendering for a new watermark, the backfill of new sizes) runs through the same slots, behind
 * every waiting upload: it never takes a slot while an upload waits, and never counts against the upload queue's
 * length. Its callers keep at most one task in line each, so that line stays bounded too.
 */
export class ImageQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly background: Array<() => void> = [];

  constructor(private readonly options: ImageQueueOptions) {}

  /** Decodes running and waiting right now (for tests and metrics). */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length + this.background.length };
  }

  async run<T>(task: () => Promise<T>, options: { priority?: 'upload' | 'background' } = {}): Promise<T> {
    const background = options.priority === 'background';
    if (this.running >= this.options.concurrency || (background && this.waiting.length > 0)) {
      if (!background && this.waiting.length >= this.options.maxWaiting) {
        throw new AppError('overloaded', 'Image processing is at capacity; retry the upload shortly', {
          retryAfter: this.options.retryAfter, details: { queue: 'images' },
        });
      }
      await new Promise<void>((resolve) => (background ? this.background : this.waiting).push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift() ?? this.background.shift();
      if (next) next();
      else this.running--;
    }
  }
}
