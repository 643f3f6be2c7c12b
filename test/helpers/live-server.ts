// A real listening server for SDK and CLI tests: buildTestApp() on 127.0.0.1 with a random port.
import type { Config, DeepPartial } from '../../src/config.ts';
import { buildTestApp, type TestApp } from './app.ts';

export interface LiveServer extends TestApp {
  url: string;
}

export async function startLiveServer(overrides: DeepPartial<Config> = {}): Promise<LiveServer> {
  const t = await buildTestApp(overrides);
  const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
  return Object.assign(t, { url: address });
}
