// The audit trail of a request: every authentication and administration event goes to the log and to the audit log
// table (GET /api/v1/audit-events), with who, which studio, the client address and user agent. Never a secret, and
// never an identifier someone typed (it may be a password typed into the wrong field).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from './deps.ts';

/** Fields that describe the event's who and where; everything else is the event's data. */
const ROUTING_FIELDS = new Set(['userId', 'studioId', 'ip']);
/** Never stored: what a person typed as a login name, and anything that could be a credential. */
const NEVER_STORED = new Set(['identifier', 'password', 'token', 'secret', 'key', 'email']);
const USER_AGENT_MAX = 512;

declare module 'fastify' {
  interface FastifyRequest {
    /** Audit writes started by this request; the response waits for them (nothing acknowledged goes unrecorded). */
    auditWrites: Promise<void>[] | null;
  }
}

export type AuditFields = Record<string, unknown>;

function dataOf(fields: AuditFields): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!ROUTING_FIELDS.has(k) && !NEVER_STORED.has(k) && v !== undefined) data[k] = v;
  }
  return data;
}

/** The studio (or studios) the event belongs to: named, the caller's active one, or every studio of the actor. */
async function studiosOf(deps: AppDeps, request: FastifyRequest, fields: AuditFields, actorId: string | null): Promise<Array<string | null>> {
  if (typeof fields.studioId === 'string') return [fields.studioId];
  const p = request.principal;
  if (p?.kind === 'user' && p.studioId !== null && p.user.id === actorId) return [p.studioId];
  if (p?.kind === 'visitor') return [p.collection.studioId];
  if (actorId !== null) {
    // A login happens before any studio is chosen: it concerns every studio the person works in.
    const memberships = await deps.store.studios.listUserStudios(actorId);
    if (memberships.length > 0) return memberships.map((m) => m.studio.id);
  }
  return [null];
}

async function record(deps: AppDeps, request: FastifyRequest, kind: string, fields: AuditFields): Promise<void> {
  const p = request.principal;
  const actorId = typeof fields.userId === 'string' ? fields.userId : p?.kind === 'user' ? p.user.id : null;
  const agent = request.headers['user-agent'];
  const base = {
    actorId, kind, clientIp: request.ip || null, data: dataOf(fields), now: deps.clock.now(),
    userAgent: typeof agent === 'string' && agent !== '' ? agent.slice(0, USER_AGENT_MAX) : null,
  };
  for (const studioId of await studiosOf(deps, request, fields, actorId)) await deps.store.audit.recordAuditEvent({ ...base, studioId });
}

/**
 * Records an event: logged at once (warn for `level: 'warn'` events such as refresh-token reuse) and written to the
 * audit log before the response goes out. Synchronous for its callers; the response waits for the write.
 */
export function audit(deps: AppDeps, request: FastifyRequest, kind: string, fields: AuditFields = {}, level: 'info' | 'warn' = 'info'): void {
  request.log[level]({ event: kind, ...fields }, 'security event');
  deps.metrics?.securityEvent(kind, fields);
  const write = record(deps, request, kind, fields).catch((err: unknown) => {
    request.log.error({ err, event: kind }, 'could not write the audit event');
  });
  (request.auditWrites ??= []).push(write);
}

/** An audit callback for code below http/ (the login and session functions take `(event, fields) => void`). */
export function auditSink(deps: AppDeps, request: FastifyRequest, level: 'info' | 'warn' = 'info'): (event: string, fields: AuditFields) => void {
  return (event, fields) => audit(deps, request, event, fields, level);
}

/**
 * Holds each response until the request's audit writes have landed. A callback hook (not async): a request that
 * recorded nothing pays one property check.
 */
export function registerAuditHook(app: FastifyInstance): void {
  app.decorateRequest('auditWrites', null);
  app.addHook('onSend', (request, _reply, payload, done) => {
    const writes = request.auditWrites;
    if (writes === null) {
      done(null, payload);
      return;
    }
    request.auditWrites = null;
    void Promise.all(writes).then(() => done(null, payload));
  });
}
