// GET /api/v1/data/bootstrap: everything a studio front end needs at start-up, in one request.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema, StudioSchema } from '../../http/schemas.ts';
import { principalOf } from '../../http/plugins/policy.ts';
import { toPublicStudio } from '../../http/encoders.ts';
import { grantedPermissions } from '../../auth/permissions.ts';
import { SettingsSchema, toPublicSettings } from '../settings/schemas.ts';
import { getStudioSettings } from '../settings/service.ts';
import { toAccount, toProfile } from './encoders.ts';

const BootstrapResponse = Type.Object({
  data: Type.Object({
    account: Type.Object({ id: Type.String(), username: Type.String(), email: Type.String(), created_at: Type.String() }),
    profile: Type.Object({ first_name: Type.String(), last_name: Type.String(), display_name: Type.String() }),
    studio: Type.Union([StudioSchema, Type.Null()]),
    settings: Type.Union([SettingsSchema, Type.Null()]),
    /** Every studio the user belongs to, for a studio switcher; only `studio` is active. */
    studios: Type.Array(StudioSchema),
    /** What this credential may do in the active studio, so the front end can hide what would be refused. */
    permissions: Type.Array(Type.String()),
  }),
});

export function registerBootstrapRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/v1/data/bootstrap', {
    config: { policy: { access: 'authenticated', permission: 'account:read' } },
    schema: {
      tags: ['account'],
      summary: 'The account, profile, active studio with its settings, and the caller\'s permissions',
      response: { 200: BootstrapResponse, '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request) => {
    const p = principalOf(request);
    const memberships = await deps.store.studios.listUserStudios(p.user.id);
    const active = p.studioId === null ? undefined : memberships.find((m) => m.studio.id === p.studioId);
    const settings = active ? await getStudioSettings(deps, active.studio.id) : null;
    return {
      data: {
        account: toAccount(p.user),
        profile: toProfile(p.user),
        studio: active ? toPublicStudio(active) : null,
        settings: settings ? toPublicSettings(settings) : null,
        studios: memberships.map(toPublicStudio),
        permissions: grantedPermissions(active ? p.role : null, { hasStudio: active !== undefined, scopes: p.scopes }),
      },
    };
  });
}
