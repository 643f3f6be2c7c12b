// The position a keyset (cursor) page starts from, shared by every list that pages by time and id.

/**
 * Where the previous page of a keyset list ended: its last row's time and id. The next page starts strictly after
 * that row in the list's order (time, then id), so rows with equal times are neither skipped nor repeated.
 */
export interface KeysetCursor {
  createdAt: number;
  id: string;
}
