// Options every command shares (--data, --config) and turning them into a validated Config.
import { loadProcessConfig, type Config, type DeepPartial } from '../config.ts';

export const COMMON_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function configFrom(values: { data?: string | undefined; config?: string | undefined }, extra: DeepPartial<Config> = {}): Config {
  const overrides: DeepPartial<Config> = { ...extra };
  if (values.data !== undefined) overrides.dataDir = values.data;
  return loadProcessConfig({ overrides, ...(values.config !== undefined ? { file: values.config } : {}) });
}
