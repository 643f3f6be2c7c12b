// The studio's CRM contacts. Every query carries the studio id, so no method can reach another studio's rows.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { ClientsTable, Database } from '../schema.ts';
import type { ClientFields, ClientFilter, ClientRecord, ClientStore, KeysetCursor } from '../types.ts';
import { generateId } from '../../lib/ids.ts';
import { mapUnique } from './errors.ts';

const DUPLICATE_EMAIL = 'A client with that email already exists';

/** NFKC + lower-case, the one folding used for both the stored key and the search text. */
function fold(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}

function searchKey(fields: ClientFields): string {
  return fold(`${fields.firstName} ${fields.lastName}\n${fields.email}`);
}

/** `%needle%` with LIKE's own wildcards (and the escape character) made literal; used with ESCAPE '\'. */
export function likeContains(needle: string): string {
  return `%${fold(needle).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function columns(fields: ClientFields): Pick<ClientsTable, 'email' | 'email_key' | 'first_name' | 'last_name' | 'phone' | 'type' | 'status_name' | 'notes' | 'search_key'> {
  return {
    email: fields.email,
    email_key: fold(fields.email).trim(),
    first_name: fields.firstName,
    last_name: fields.lastName,
    phone: fields.phone,
    type: fields.type,
    status_name: fields.statusName,
    notes: fields.notes,
    search_key: searchKey(fields),
  };
}

function toClient(row: Selectable<ClientsTable>): ClientRecord {
  return {
    id: row.id,
    studioId: row.studio_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    type: row.type,
    statusName: row.status_name,
    notes: row.notes,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The studio's clients matching `filter`; an empty type list is answered before any query (see listClients). */
function filtered(db: Kysely<Database>, studioId: string, filter: ClientFilter): SelectQueryBuilder<Database, 'clients', object> {
  let query = db.selectFrom('clients').where('studio_id', '=', studioId);
  if (filter.types !== null) query = query.where('type', 'in', [...filter.types]);
  if (filter.search !== null) query = query.where(sql<boolean>`${sql.ref('search_key')} like ${likeContains(filter.search)} escape '\\'`);
  return query;
}

/**
 * One keyset page, newest first. The row comparison `(created_at, id) < (t, id)` is what lets both SQLite and
 * PostgreSQL seek into the (studio_id, created_at, id) index instead of reading from its start; exported so a test
 * can EXPLAIN the very query the store runs.
 */
export function clientsAfterQuery(db: Kysely<Database>, studioId: string, filter: ClientFilter, after: KeysetCursor | null, limit: number): SelectQueryBuilder<Database, 'clients', Selectable<ClientsTable>> {
  let query = filtered(db, studioId, filter);
  if (after !== null) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.createdAt, after.id)));
  return query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
}

export function createClientStore(db: Kysely<Database>): ClientStore {
  async function findClient(studioId: string, id: string): Promise<ClientRecord | null> {
    const row = await db.selectFrom('clients').selectAll().where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
    return row ? toClient(row) : null;
  }

  return {
    async createClient(studioId: string, fields: ClientFields, now: number): Promise<ClientRecord> {
      const row = { id: generateId('cl'), studio_id: studioId, ...columns(fields), created_at: now, updated_at: now };
      await mapUnique(db.insertInto('clients').values(row).execute(), DUPLICATE_EMAIL);
      return toClient(row);
    },
    findClient,
    async updateClient(studioId: string, id: string, fields: ClientFields, now: number): Promise<ClientRecord | null> {
      const result = await mapUnique(
        db.updateTable('clients').set({ ...columns(fields), updated_at: now }).where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst(),
        DUPLICATE_EMAIL,
      );
      return Number(result.numUpdatedRows) > 0 ? findClient(studioId, id) : null;
    },
    async deleteClient(studioId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('clients').where('studio_id', '=', studioId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async listClients(studioId: string, filter: ClientFilter, page: { limit: number; offset: number }): Promise<{ items: ClientRecord[]; total: number }> {
      // An empty type list matches nothing; said here because `in ()` is a syntax error on PostgreSQL (SQLite allows it).
      if (filter.types !== null && filter.types.length === 0) return { items: [], total: 0 };
      const query = filtered(db, studioId, filter);
      const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).offset(page.offset).execute();
      const count = await query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      return { items: rows.map(toClient), total: Number(count.n) };
    },
    async listClientsAfter(studioId, filter, after, limit): Promise<ClientRecord[]> {
      if (filter.types !== null && filter.types.length === 0) return [];
      return (await clientsAfterQuery(db, studioId, filter, after, limit).execute()).map(toClient);
    },
  };
}
