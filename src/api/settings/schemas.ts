// Wire format of studio settings: the schema and the one encoder.
import Type from 'typebox';
import { DOWNLOAD_SIZES } from '../../store/schema.ts';
import type { DownloadSize, StudioSettings } from '../../store/types.ts';

export const SettingsSchema = Type.Object({
  timezone: Type.String(),
  currency: Type.String(),
  default_downloadable: Type.Enum([...DOWNLOAD_SIZES]),
});

export const SettingsPatchBody = Type.Object({
  timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  currency: Type.Optional(Type.String({ minLength: 3, maxLength: 3 })),
  default_downloadable: Type.Optional(Type.Enum([...DOWNLOAD_SIZES])),
});

export interface PublicSettings {
  timezone: string;
  currency: string;
  default_downloadable: DownloadSize;
}

export function toPublicSettings(s: StudioSettings): PublicSettings {
  return { timezone: s.timezone, currency: s.currency, default_downloadable: s.defaultDownloadable };
}
