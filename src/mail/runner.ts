// The running mail worker: one message at a time, as long as some are due, then a sleep that a newly queued message
// cuts short. Stopping lets the message in hand finish (sent and marked, or marked failed) and claims no other.
import { deliverDueMailPass, type MailWorkerOptions } from './worker.ts';

export interface MailRunnerLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MailRunner {
  /** A message was queued: look at the outbox now rather than at the end of the sleep. */
  wake(): void;
  /** Resolves once the message in hand (if any) is finished; nothing is claimed afterwards. */
  stop(): Promise<void>;
}

export function startMailWorker(o: MailWorkerOptions & { pollMs: number; log: MailRunnerLog }): MailRunner {
  let stopping = false;
  let woken = false;
  let interrupt: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;

  const sleep = (): Promise<void> => new Promise<void>((resolve) => {
    interrupt = resolve;
    timer = setTimeout(resolve, o.pollMs);
    timer.unref();
  });

  const loop = async (): Promise<void> => {
    while (!stopping) {
      woken = false;
      let claimed = 0;
      try {
        // One at a time: a stop waits for at most one message, and none sits claimed while another is sent.
        claimed = (await deliverDueMailPass(o, 1)).claimed;
      } catch (err) {
        o.log.warn({ err }, 'mail worker pass failed; trying again later');
      }
      if (claimed > 0 || woken || stopping) continue;
      await sleep();
      if (timer !== null) clearTimeout(timer);
      interrupt = null;
    }
  };
  const running = loop();

  return {
    wake(): void {
      woken = true;
      interrupt?.();
    },
    async stop(): Promise<void> {
      stopping = true;
      interrupt?.();
      await running;
    },
  };
}
