// Studio API: /api/v1/studio/settings, read by every member, changed by owners and admins.
import Type from 'typebox';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../http/deps.ts';
import { ErrorSchema } from '../../http/schemas.ts';
import { activeStudioOf } from '../../http/studio-scope.ts';
import { SettingsPatchBody, SettingsSchema, toPublicSettings } from './schemas.ts';
import { getStudioSettings, updateStudioSettings, type SettingsInput } from './service.ts';

const PATH = '/api/v1/studio/settings';
const Response = Type.Object({ data: SettingsSchema });

export function registerSettingsRoutes(parent: FastifyInstance, deps: AppDeps): void {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();

  app.get(PATH, {
    config: { policy: { access: 'authenticated', permission: 'studio:read' } },
    schema: { tags: ['studio'], summary: "The active studio's settings", response: { 200: Response, '4xx': ErrorSchema, '5xx': ErrorSchema } },
  }, async (request) => {
    return { data: toPublicSettings(await getStudioSettings(deps, activeStudioOf(request))) };
  });

  app.patch(PATH, {
    config: { policy: { access: 'authenticated', permission: 'studio:manage' } },
    schema: {
      tags: ['studio'],
      summary: "Change some of the active studio's settings",
      body: SettingsPatchBody,
      response: { 200: Response, '4xx': ErrorSchema, '5xx': ErrorSchema },
    },
  }, async (request) => {
    const body = request.body;
    const input: SettingsInput = {};
    if (body.timezone !== undefined) input.timezone = body.timezone;
    if (body.currency !== undefined) input.currency = body.currency;
    if (body.default_downloadable !== undefined) input.defaultDownloadable = body.default_downloadable;
    return { data: toPublicSettings(await updateStudioSettings(deps, activeStudioOf(request), input)) };
  });
}
