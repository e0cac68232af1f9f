/** The headless Chromium of the browser specs: Debian's, driven by playwright-core, on a fresh profile each run. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian installs Chromium (CI: `apt-get install -y chromium`). */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags the specs run it with: headless, no sandbox (containers), nothing that calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Return whether Chromium is installed; say why not, so that the spec is reported pending with the reason. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  console.log(`      pending: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

/**
 * A browser on a fresh profile (no cookies, cache or extensions from elsewhere) and how to dispose of both;
 * `javaScriptEnabled: false` checks that pages work without scripts.
 */
export async function launchChromium(
  options: { javaScriptEnabled?: boolean } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kot-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...options,
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
