// Clients service: validation, normalization and studio-scoped CRUD over ClientStore. Knows nothing of HTTP.
import { AppError } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { emailProblem, nameProblem } from '../../auth/identifiers.ts';
import { isIdOf } from '../../lib/ids.ts';
import { CLIENT_TYPES } from '../../store/schema.ts';
import type { ClientFields, ClientFilter, ClientRecord, ClientType, KeysetCursor, Store } from '../../store/types.ts';

export interface ClientDeps {
  store: Store;
  clock: Clock;
}

/** Caller-supplied fields, camelCase; undefined means "not given". */
export interface ClientInput {
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  type?: ClientType;
  statusName?: string | null;
  notes?: string | null;
}

const DEFAULTS: Omit<ClientFields, 'email'> = { firstName: '', lastName: '', phone: null, type: 'client', statusName: null, notes: null };

const PHONE = /^\+?[0-9][0-9 ().\-/]{1,30}(\s*(x|ext\.?)\s*[0-9]{1,6})?$/i;
const NOTES_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/u;

function optionalText(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Merges input over base, then checks every field at once; throws validation_failed with per-field details. */
function resolveFields(base: Omit<ClientFields, 'email'> & { email: string | undefined }, input: ClientInput): ClientFields {
  const details: Record<string, string> = {};
  const rawEmail = input.email ?? base.email;
  const email = (rawEmail ?? '').normalize('NFKC').trim();
  if (rawEmail === undefined) details.email = 'is required';
  else {
    const problem = emailProblem(email);
    if (problem) details.email = problem;
  }
  const firstName = (input.firstName ?? base.firstName).trim();
  const lastName = (input.lastName ?? base.lastName).trim();
  const first = nameProblem(firstName, 'First name');
  if (first) details.first_name = first;
  const last = nameProblem(lastName, 'Last name');
  if (last) details.last_name = last;
  const phone = optionalText(input.phone === undefined ? base.phone : input.phone);
  if (phone !== null && !PHONE.test(phone)) details.phone = 'Phone must be digits with optional +, spaces, dashes, dots, brackets and an extension';
  const statusName = optionalText(input.statusName === undefined ? base.statusName : input.statusName);
  const status = statusName === null ? null : nameProblem(statusName, 'Status name', 100);
  if (status) details.status_name = status;
  const notes = optionalText(input.notes === undefined ? base.notes : input.notes);
  if (notes !== null && NOTES_FORBIDDEN.test(notes)) details.notes = 'Notes contain control characters';
  const type = input.type ?? base.type;
  if (!(CLIENT_TYPES as readonly string[]).includes(type)) details.type = `must be one of ${CLIENT_TYPES.join(', ')}`;
  if (Object.keys(details).length > 0) throw new AppError('validation_failed', undefined, { details });
  return { email, firstName, lastName, phone, type, statusName, notes };
}

function sameFields(a: ClientFields, b: ClientFields): boolean {
  return a.email === b.email && a.firstName === b.firstName && a.lastName === b.lastName && a.phone === b.phone
    && a.type === b.type && a.statusName === b.statusName && a.notes === b.notes;
}

/** An id that cannot be a client id is a client error (400), answered before any lookup. */
export function assertClientId(id: string): void {
  if (!isIdOf('cl', id)) throw new AppError('invalid_id_format', 'Client id must look like cl_ followed by 22 letters or digits');
}

function notFound(): AppError {
  return new AppError('not_found', 'Client not found');
}

/** Parses `types=client,lead`; an empty value means no filter. */
export function parseTypes(raw: string | undefined): readonly ClientType[] | null {
  if (raw === undefined) return null;
  const parts = [...new Set(raw.split(',').map((p) => p.trim()).filter((p) => p !== ''))];
  if (parts.length === 0) return null;
  const unknown = parts.filter((p) => !(CLIENT_TYPES as readonly string[]).includes(p));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', undefined, { details: { types: `unknown type ${unknown.map((u) => JSON.stringify(u)).join(', ')}; allowed: ${CLIENT_TYPES.join(', ')}` } });
  }
  return parts as ClientType[];
}

export function clientFilter(query: { types?: string; q?: string }): ClientFilter {
  const search = query.q?.trim() ?? '';
  return { types: parseTypes(query.types), search: search === '' ? null : search };
}

export async function listClients(deps: ClientDeps, studioId: string, filter: ClientFilter, page: { limit: number; offset: number }): Promise<{ items: ClientRecord[]; total: number }> {
  return deps.store.clients.listClients(studioId, filter, page);
}

/** A keyset page, newest first, strictly after `after`; `limit` rows at most. */
export async function listClientsAfter(deps: ClientDeps, studioId: string, filter: ClientFilter, after: KeysetCursor | null, limit: number): Promise<ClientRecord[]> {
  return deps.store.clients.listClientsAfter(studioId, filter, after, limit);
}

export async function createClient(deps: ClientDeps, studioId: string, input: ClientInput): Promise<ClientRecord> {
  const fields = resolveFields({ ...DEFAULTS, email: undefined }, input);
  return deps.store.clients.createClient(studioId, fields, deps.clock.now());
}

export async function getClient(deps: ClientDeps, studioId: string, id: string): Promise<ClientRecord> {
  assertClientId(id);
  const client = await deps.store.clients.findClient(studioId, id);
  if (!client) throw notFound();
  return client;
}

/** PUT: every field is replaced; omitted optional fields return to their defaults. */
export async function replaceClient(deps: ClientDeps, studioId: string, id: string, input: ClientInput): Promise<ClientRecord> {
  assertClientId(id);
  const fields = resolveFields({ ...DEFAULTS, email: undefined }, input);
  const updated = await deps.store.clients.updateClient(studioId, id, fields, deps.clock.now());
  if (!updated) throw notFound();
  return updated;
}

/** PATCH: only the given fields change; read and write happen in one transaction so concurrent patches don't lose fields. */
export async function updateClient(deps: ClientDeps, studioId: string, id: string, input: ClientInput): Promise<ClientRecord> {
  assertClientId(id);
  return deps.store.transaction(async (tx) => {
    const current = await tx.clients.findClient(studioId, id);
    if (!current) throw notFound();
    const fields = resolveFields(current, input);
    if (sameFields(current, fields)) return current;
    const updated = await tx.clients.updateClient(studioId, id, fields, deps.clock.now());
    if (!updated) throw notFound();
    return updated;
  });
}

export async function deleteClient(deps: ClientDeps, studioId: string, id: string): Promise<void> {
  assertClientId(id);
  if (!(await deps.store.clients.deleteClient(studioId, id))) throw notFound();
}
