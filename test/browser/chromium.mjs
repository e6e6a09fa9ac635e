// Finds and launches the system's Chromium (Debian's `chromium` package; .ci/run installs it)
// through playwright-core, which downloads no browser of its own. CHROMIUM_PATH overrides.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export const MISSING = 'Chromium was not found (looked for $CHROMIUM_PATH, then ' + NAMES.join(', ') + ' on PATH). ' +
  'The browser tests need it: on Debian/Ubuntu run `apt-get update && apt-get install -y --no-install-recommends chromium` ' +
  '(as .ci/run does), or set CHROMIUM_PATH to a Chromium/Chrome executable.';

export function findChromium() {
  if (process.env.CHROMIUM_PATH) return executable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  for (const name of NAMES) {
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      const path = join(dir, name);
      if (executable(path)) return path;
    }
  }
  return null;
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Headless, no background traffic (this machine reaches no network but the registries). */
export function launch(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--js-flags=--expose-gc',
    ],
  });
}
