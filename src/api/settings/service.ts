// Studio settings: the defaults every studio starts with, validation, and reading/updating one studio's values.
import { AppError } from '../../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { DOWNLOAD_SIZES } from '../../store/schema.ts';
import type { DownloadSize, Store, StudioSettings } from '../../store/types.ts';

export interface SettingsDeps {
  store: Store;
  clock: Clock;
}

/** What a studio uses until an owner or admin changes it. */
export const DEFAULT_STUDIO_SETTINGS: Readonly<StudioSettings> = Object.freeze({ timezone: 'UTC', currency: 'USD', defaultDownloadable: 'web-size' });

export function timezoneProblem(timezone: string): string | null {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return null;
  } catch {
    return 'Time zone must be an IANA name such as Europe/Paris or UTC';
  }
}

export function currencyProblem(currency: string): string | null {
  if (!/^[A-Z]{3}$/.test(currency)) return 'Currency must be an ISO 4217 code such as USD or EUR';
  return Intl.supportedValuesOf('currency').includes(currency) ? null : 'Currency is not a known ISO 4217 code';
}

export async function getStudioSettings(deps: Pick<SettingsDeps, 'store'>, studioId: string): Promise<StudioSettings> {
  return (await deps.store.studioSettings.findStudioSettings(studioId)) ?? { ...DEFAULT_STUDIO_SETTINGS };
}

export interface SettingsInput {
  timezone?: string;
  currency?: string;
  defaultDownloadable?: DownloadSize;
}

/** Applies the given fields over the current settings after checking every one of them. */
export async function updateStudioSettings(deps: SettingsDeps, studioId: string, input: SettingsInput): Promise<StudioSettings> {
  return deps.store.transaction(async (tx) => {
    const current = await getStudioSettings({ store: tx }, studioId);
    const next: StudioSettings = {
      timezone: input.timezone?.trim() ?? current.timezone,
      currency: input.currency?.trim().toUpperCase() ?? current.currency,
      defaultDownloadable: input.defaultDownloadable ?? current.defaultDownloadable,
    };
    const details: Record<string, string> = {};
    const tz = timezoneProblem(next.timezone);
    if (tz) details.timezone = tz;
    const cur = currencyProblem(next.currency);
    if (cur) details.currency = cur;
    if (!(DOWNLOAD_SIZES as readonly string[]).includes(next.defaultDownloadable)) details.default_downloadable = `must be one of ${DOWNLOAD_SIZES.join(', ')}`;
    if (Object.keys(details).length > 0) throw new AppError('validation_failed', undefined, { details });
    await tx.studioSettings.putStudioSettings(studioId, next, deps.clock.now());
    return next;
  });
}
