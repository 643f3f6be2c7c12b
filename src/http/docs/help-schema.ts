// The wire format of GET /api/help: TypeBox schemas and the static types derived from them.
import Type, { type Static } from 'typebox';

export const CurlStepSchema = Type.Object({
  description: Type.String(),
  command: Type.String({ description: 'One shell command; later steps may use variables set by earlier ones' }),
});

export const ExampleSchema = Type.Object({
  title: Type.String(),
  placeholders: Type.Array(Type.String(), { description: 'Replace these (e.g. <email>) before running the steps' }),
  steps: Type.Array(CurlStepSchema),
});

export const CredentialPlacementSchema = Type.Object({
  in: Type.Union([Type.Literal('header'), Type.Literal('cookie'), Type.Literal('query')]),
  name: Type.String(),
  format: Type.Optional(Type.String()),
  when: Type.Optional(Type.String()),
});

export const AuthSchemeSchema = Type.Object({
  id: Type.String({ description: 'Also the value of auth.scheme in GET /api/auth/me' }),
  name: Type.String(),
  description: Type.String(),
  obtain: Type.String({ description: 'How to get the credential' }),
  send: Type.Array(CredentialPlacementSchema),
  csrf: Type.Boolean({ description: 'Whether unsafe methods (POST, PUT, PATCH, DELETE) also need a CSRF header' }),
  end: Type.String({ description: 'How to end or revoke the credential' }),
  openapi_security: Type.Array(Type.String(), { description: 'The matching securitySchemes in /api/schema' }),
  notes: Type.Array(Type.String()),
  example: ExampleSchema,
});

export const ErrorStatusSchema = Type.Object({
  status: Type.Integer(),
  meaning: Type.String(),
  codes: Type.Array(Type.String()),
  headers: Type.Array(Type.String()),
});

export const HelpSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  base_url: Type.String(),
  documentation: Type.Object({
    help: Type.String(),
    openapi: Type.String(),
    swagger_ui: Type.String(),
    redoc: Type.String(),
    jwks: Type.String(),
    readme: Type.String(),
  }),
  authentication: Type.Object({
    summary: Type.String(),
    precedence: Type.Array(Type.String()),
    schemes: Type.Array(AuthSchemeSchema),
    not_enabled: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), setting: Type.String() })),
    application_key: Type.Optional(Type.Object({
      header: Type.String(),
      description: Type.String(),
      obtain: Type.String(),
      exempt: Type.Array(Type.String()),
      example: ExampleSchema,
    })),
    csrf: Type.Object({
      headers: Type.Array(Type.String()),
      cookie: Type.String(),
      form_field: Type.String(),
      token_endpoint: Type.String(),
      description: Type.String(),
    }),
  }),
  errors: Type.Object({
    format: Type.String(),
    example: Type.Object({ error: Type.String(), message: Type.String(), code: Type.String() }),
    statuses: Type.Array(ErrorStatusSchema),
  }),
  rate_limits: Type.Object({
    description: Type.String(),
    login: Type.Object({
      free_failures: Type.Integer(),
      base_delay_seconds: Type.Integer(),
      max_delay_seconds: Type.Integer(),
      hard_lock_after: Type.Integer(),
      ip_max_failures: Type.Integer(),
      ip_window_seconds: Type.Integer(),
    }),
    retry: Type.String(),
  }),
  unauthorized_vs_forbidden: Type.Object({ '401': Type.String(), '403': Type.String() }),
});

export type CurlStep = Static<typeof CurlStepSchema>;
export type Example = Static<typeof ExampleSchema>;
export type AuthScheme = Static<typeof AuthSchemeSchema>;
export type ErrorStatus = Static<typeof ErrorStatusSchema>;
export type HelpDocument = Static<typeof HelpSchema>;
