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

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];
/** fal.ai's hosts, and only those, go to the fake (rest.fal.ai, queue.fal.run, *.fal.media). */
const isFalHost = (host) => ['fal.ai', 'fal.run', 'fal.media'].some((d) => host === d || host.endsWith(`.${d}`));

/**
 * The test seam's fake fal.ai server from RESTYLE_FAKE_FAL_URL, or null when unset. Only a server
 * on this machine (http://127.0.0.1:PORT, localhost, [::1]) is taken: anything else is refused
 * with an error, so a stray variable can never send the key, or a clip, to another machine.
 */
export function fakeFalServer(value) {
  if (!value) return null;
  let u;
  try {
    u = new URL(value);
  } catch {
    u = null;
  }
  if (!u || u.protocol !== 'http:' || !LOOPBACK.includes(u.hostname) || u.pathname !== '/' || u.search || u.username || u.password) {
    throw new Error('RESTYLE_FAKE_FAL_URL is a test hook and must be a fake server on this machine (http://127.0.0.1:PORT). Unset it to use fal.ai.');
  }
  return u.origin;
}

/**
 * Test seam for `--matting fal`: sends fal.ai's requests to a local fake fal.ai server instead (it
 * gets the original URL in x-fake-fal-url) and refuses every other request that would leave the
 * machine, so the CLI's fal path can be tested without a network. Set by tests through
 * RESTYLE_FAKE_FAL_URL (see fakeFalServer); never used otherwise.
 */
export async function forwardToFakeFal(context, fakeBase) {
  await context.route(
    (url) => !LOOPBACK.includes(url.hostname) && url.protocol !== 'blob:' && url.protocol !== 'data:',
    async (route) => {
      if (!isFalHost(new URL(route.request().url()).hostname)) return route.abort('blockedbyclient');
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
