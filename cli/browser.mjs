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

/**
 * Test seam for `--matting fal`: sends every request that would leave the machine to a local fake
 * fal.ai server instead (it gets the original URL in x-fake-fal-url), so the CLI's fal path can be
 * tested without a network. Set by tests through RESTYLE_FAKE_FAL_URL; never used otherwise.
 */
export async function forwardToFakeFal(context, fakeBase) {
  await context.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) && url.protocol === 'https:',
    async (route) => {
      const request = route.request();
      const u = new URL(request.url());
      const headers = { ...request.headers(), 'x-fake-fal-url': u.href };
      const res = await fetch(`${fakeBase}${u.pathname}${u.search}`, {
        method: request.method(),
        headers,
        body: request.postDataBuffer() ?? undefined,
        redirect: 'manual',
      }).catch(() => null);
      if (!res) return route.abort('connectionreset');
      const body = Buffer.from(await res.arrayBuffer());
      const out = Object.fromEntries(res.headers.entries());
      delete out['content-encoding'];
      return route.fulfill({ status: res.status, headers: out, body });
    },
  );
}
