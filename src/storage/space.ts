// Whether photo storage has room: a full disk is its own condition (507), reported once and in /readyz.

/** ENOSPC (the filesystem is full) and EDQUOT (the user's quota is): the client can do nothing but wait. */
export function isNoSpace(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  // sharp and libvips report a failed write as text only.
  return err instanceof Error && /no space left on device|disk quota exceeded/i.test(err.message);
}

export type StorageState = 'ok' | 'full';

/**
 * The last write outcome seen: full after a write failed for lack of space, ok again after a write succeeded. The
 * transitions are returned so the caller logs each one once, not once per refused upload.
 */
export class SpaceMonitor {
  private current: StorageState = 'ok';

  get state(): StorageState {
    return this.current;
  }

  /** True when this changes the state to full. */
  markFull(): boolean {
    const changed = this.current !== 'full';
    this.current = 'full';
    return changed;
  }

  /** True when this changes the state back to ok. */
  markWritable(): boolean {
    const changed = this.current !== 'ok';
    this.current = 'ok';
    return changed;
  }
}
