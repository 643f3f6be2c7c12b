// Keyset (cursor) pagination for the lists that grow large: the query fields, the opaque cursor, and one page's
// meta and links. A cursor is base64url of "<key>.<id>" of the page's last row, as the audit log has always used; the
// key is the number the list is ordered by: a time for most lists, the position for a gallery's photos.
import Type from 'typebox';
import { AppError } from '../errors.ts';
import type { IdPrefix } from '../lib/ids.ts';
import type { KeysetCursor } from '../store/types.ts';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, PageMetaSchema, type PageLinks } from './pagination.ts';

/** Query fields of a list that also pages by cursor; `page`/`per_page` keep their meaning when neither is given. */
export const CursorQueryFields = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque: the `meta.next_cursor` of the previous page. Starts (or continues) a cursor walk; not combined with `page`/`per_page`.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, description: `Items per cursor page (default ${DEFAULT_PER_PAGE}). Given without \`cursor\`, returns the first cursor page.` })),
};

export const CursorMetaSchema = Type.Object({
  limit: Type.Integer(),
  /** Null on the last page. */
  next_cursor: Type.Union([Type.String(), Type.Null()]),
});

/** A list's `meta`: page numbers and a total, or (when the request named `cursor` or `limit`) the cursor to go on with. */
export const ListMetaSchema = Type.Union([PageMetaSchema, CursorMetaSchema]);

export interface CursorMeta {
  limit: number;
  next_cursor: string | null;
}

const CURSOR_FORM = /^(\d{1,16})\.([a-z]{2,3})_([0-9A-Za-z]{22})$/;

function invalidCursor(reason = 'invalid cursor'): AppError {
  return new AppError('validation_failed', 'The cursor is not one this server issued', { details: { cursor: reason } });
}

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(`${c.createdAt}.${c.id}`).toString('base64url');
}

/**
 * Reads a cursor this server issued for a list of `prefix` ids. Anything else is a 422, never a 500: not base64url,
 * not the canonical encoding (Node's decoder skips stray characters, so the text is re-encoded and compared), not
 * "<time>.<id>", or an id of another list.
 */
export function decodeCursor(raw: string, prefix: IdPrefix): KeysetCursor {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalidCursor();
  const m = CURSOR_FORM.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m || m[2] !== prefix) throw invalidCursor();
  const cursor = { createdAt: Number(m[1]), id: `${m[2]}_${m[3]!}` };
  if (!Number.isSafeInteger(cursor.createdAt) || encodeCursor(cursor) !== raw) throw invalidCursor();
  return cursor;
}

export type ListRequest =
  | { mode: 'page'; page: number; perPage: number }
  | { mode: 'cursor'; after: KeysetCursor | null; limit: number };

interface ListQuery {
  page: number;
  per_page: number;
  cursor?: string | undefined;
  limit?: number | undefined;
}

/**
 * Page numbers unless the request names `cursor` or `limit`. The page fields have schema defaults, so whether the
 * client sent them is read from the URL itself: sending both kinds is ambiguous and refused.
 */
export function listRequest(url: string, query: ListQuery, prefix: IdPrefix): ListRequest {
  if (query.cursor === undefined && query.limit === undefined) return { mode: 'page', page: query.page, perPage: query.per_page };
  const at = url.indexOf('?');
  const sent = new URLSearchParams(at === -1 ? '' : url.slice(at + 1));
  if (sent.has('page') || sent.has('per_page')) {
    throw new AppError('validation_failed', undefined, { details: { cursor: 'cursor and limit cannot be combined with page or per_page' } });
  }
  const after = query.cursor === undefined || query.cursor === '' ? null : decodeCursor(query.cursor, prefix);
  return { mode: 'cursor', after, limit: query.limit ?? DEFAULT_PER_PAGE };
}

/**
 * One cursor page from `rows`, which the store was asked for `limit + 1` of: the extra row only says that another
 * page exists, so `next_cursor` is null exactly on the last page (never an empty page after a full one).
 */
export function cursorPage<R extends KeysetCursor, P>(
  rows: readonly R[], limit: number, path: string, filters: Record<string, string | undefined>, encode: (row: R) => P,
): { data: P[]; meta: CursorMeta; links: PageLinks };
/** The same for a list ordered by another number than the time (a gallery's photos, by position): `keyOf` gives it. */
export function cursorPage<R, P>(
  rows: readonly R[], limit: number, path: string, filters: Record<string, string | undefined>, encode: (row: R) => P, keyOf: (row: R) => KeysetCursor,
): { data: P[]; meta: CursorMeta; links: PageLinks };
export function cursorPage<R, P>(
  rows: readonly R[], limit: number, path: string, filters: Record<string, string | undefined>, encode: (row: R) => P,
  keyOf: (row: R) => KeysetCursor = (row) => { const { createdAt, id } = row as KeysetCursor; return { createdAt, id }; },
): { data: P[]; meta: CursorMeta; links: PageLinks } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const next = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  let link: string | null = null;
  if (next !== null) {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) if (value !== undefined && value !== '') params.set(name, value);
    params.set('limit', String(limit));
    params.set('cursor', next);
    link = `${path}?${params.toString().replace(/%2C/gi, ',')}`;
  }
  return { data: shown.map(encode), meta: { limit, next_cursor: next }, links: { next: link, prev: null } };
}
