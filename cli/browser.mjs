// Headless Chromium for the CLI and the tests: Debian's browser, quiet on a closed network, and
// never allowed to reach anything but this machine.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** Aborts every request that is not to loopback, for pages and their workers alike. */
export async function blockNonLocal(context) {
  await context.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.protocol !== 'blob:' && url.protocol !== 'data:',
    (route) => route.abort('blockedbyclient'),
  );
}
