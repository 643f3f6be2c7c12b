// The set-up most browser suites share: a real `lightbox serve --demo` and Debian's Chromium, started before a
// describe block's first test and closed after its last, with the folder the screenshots go to.
import { after, before } from 'node:test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { startLightboxProcess, type LightboxProcess } from './lightbox-process.ts';
import { REPO_ROOT } from './paths.ts';

/** Where the browser suites save their screenshots (look at them after a run). */
export const SHOTS = resolve(REPO_ROOT, 'test-results/browser');

export interface DemoInChromium {
  /** The running demo server (its url, the demo account and gallery). */
  readonly lightbox: LightboxProcess;
  readonly browser: Browser;
}

/**
 * Call inside a describe block: registers its before and after hooks. Read `lightbox` and `browser` from the tests,
 * once the hooks have run; read earlier, they throw rather than hand out undefined.
 */
export function demoInChromium(): DemoInChromium {
  let lightbox: LightboxProcess | undefined;
  let browser: Browser | undefined;
  before(async () => {
    lightbox = await startLightboxProcess({ demo: true });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await lightbox?.stop();
  });
  return {
    get lightbox(): LightboxProcess {
      if (!lightbox) throw new Error('demoInChromium: the server is read before the suite started it');
      return lightbox;
    },
    get browser(): Browser {
      if (!browser) throw new Error('demoInChromium: the browser is read before the suite launched it');
      return browser;
    },
  };
}
