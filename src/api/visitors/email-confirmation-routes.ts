// Gallery API: confirming the visitor's email with a mailed one-time code (issue #20). Thin: parse, call, encode.
import Type, { type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { auditSink } from '../../http/audit.ts';
import { visitorOf } from '../../http/plugins/policy.ts';
import { EMAIL_CODE, confirmEmailCode, confirmationState, sendEmailCode, type EmailConfirmationState } from './email-confirmation.ts';

const PATH = '/api/v1/gallery/email-confirmation';
const ERRORS = { '4xx': ErrorSchema, '5xx': ErrorSchema } as const;
const VISITOR = { policy: { access: 'visitor' } } as const;
const TAGS = ['gallery'];

export const EmailConfirmationSchema = Type.Object({
  required: Type.Boolean({ description: 'The collection asks visitors to confirm their email before favoriting or downloading' }),
  confirmed: Type.Boolean({ description: 'This visitor session may favorite and download (always true when not required)' }),
  email: Type.String({ description: 'Where the code goes: the address this session signed in with' }),
  code_expires_at: Type.Union([Type.String(), Type.Null()], { description: 'When the code sent last stops working; null without a usable code' }),
  attempts_left: Type.Union([Type.Integer(), Type.Null()], { description: `Entries left on that code (of ${EMAIL_CODE.maxAttempts}); null without a usable code` }),
  resend_in_seconds: Type.Integer({ description: 'Seconds until another code may be asked for' }),
});
const EmailConfirmationResponse = Type.Object({ data: EmailConfirmationSchema });
export const EmailCodeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 32, description: `The ${EMAIL_CODE.digits} digits from the message (spaces are ignored)` }) });

export function toEmailConfirmation(s: EmailConfirmationState): Static<typeof EmailConfirmationSchema> {
  return {
    required: s.required, confirmed: s.confirmed, email: s.email, code_expires_at: s.codeExpiresAt === null ? null : new Date(s.codeExpiresAt).toISOString(),
    attempts_left: s.attemptsLeft, resend_in_seconds: s.resendInSeconds,
  };
}

export function registerEmailConfirmationRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(PATH, {
    config: VISITOR,
    schema: { tags: TAGS, summary: 'Whether this visitor session has to confirm its email, and the state of its code', response: { 200: EmailConfirmationResponse, ...ERRORS } },
  }, async (request) => ({ data: toEmailConfirmation(await confirmationState(deps, visitorOf(request))) }));

  app.post(PATH, {
    config: VISITOR,
    schema: {
      tags: TAGS,
      summary: `Mail a ${EMAIL_CODE.digits}-digit code to the visitor's email (202); it works for ${EMAIL_CODE.ttlMs / 60_000} minutes and ${EMAIL_CODE.maxAttempts} tries, in this session`,
      description: `A new code replaces the previous one. At most one a minute and ${EMAIL_CODE.perVisitorPerHour} an hour per visitor (429 rate_limited with Retry-After). 200 without a message when the session is confirmed already; 409 when the collection does not ask for confirmation.`,
      response: { 200: EmailConfirmationResponse, 202: EmailConfirmationResponse, ...ERRORS },
    },
  }, async (request, reply) => {
    const visitor = visitorOf(request);
    const state = await sendEmailCode(deps, visitor, request.ip, auditSink(deps, request));
    return reply.code(state.confirmed ? 200 : 202).send({ data: toEmailConfirmation(state) });
  });

  app.post(`${PATH}/confirm`, {
    bodyLimit: deps.config.server.authBodyLimit,
    config: VISITOR,
    schema: {
      tags: TAGS,
      summary: 'Enter the mailed code: this visitor session may then favorite and download',
      description: '403 email_code_invalid (with details.attempts_left) for a wrong code; 403 email_code_exhausted after the last try; 400 email_code_expired when there is no live code. Ask for a new code in either case.',
      body: EmailCodeBody, response: { 200: EmailConfirmationResponse, ...ERRORS },
    },
  }, async (request) => ({ data: toEmailConfirmation(await confirmEmailCode(deps, visitorOf(request), request.body.code, auditSink(deps, request))) }));
}
