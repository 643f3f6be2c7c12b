// Options every command shares (--data, --config) and turning them into a validated Config.
import { loadConfig, type Config, type DeepPartial } from '../config.ts';

export const COMMON_OPTIONS = {
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `env` is the command's environment (CommandIO.env: process.env in production, a plain object in tests). */
export function configFrom(values: { data?: string | undefined; config?: string | undefined }, env: Record<string, string | undefined>, extra: DeepPartial<Config> = {}): Config {
  const overrides: DeepPartial<Config> = { ...extra };
  if (values.data !== undefined) overrides.dataDir = values.data;
  return loadConfig(env, { overrides, ...(values.config !== undefined ? { file: values.config } : {}) });
}
