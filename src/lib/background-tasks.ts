// Work a request starts that its answer must not wait for (or reveal by its duration): run now, tracked, so a test
// or a shutdown can wait until every such task has finished.

export interface BackgroundTasks {
  /** Starts `task`; a failure goes to the error callback given at construction, never to the caller. */
  run(task: () => Promise<void>): void;
  /** Resolves once every task started so far (and any they started) has settled. */
  idle(): Promise<void>;
}

export class TrackedTasks implements BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly onError: (err: unknown) => void) {}

  run(task: () => Promise<void>): void {
    const running: Promise<void> = Promise.resolve().then(task).catch(this.onError).finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
