/** fal.ai for browser tests: the real @fal-ai/client in the page reaches the fake through routes. */
import type { BrowserContext, Route } from '@playwright/test';
import { createFakeFal, isFakeFalHost, type FakeFal, type FakeFalBehaviour } from '../fakes/fal.mjs';

export interface RoutedFal {
  fake: FakeFal;
  /** Stops answering with this fake (to swap in another behaviour). */
  unroute(): Promise<void>;
}

export async function routeFal(context: BrowserContext, behaviour: FakeFalBehaviour = {}): Promise<RoutedFal> {
  const fake = createFakeFal(behaviour);
  const matches = (url: URL) => url.protocol === 'https:' && isFakeFalHost(url.hostname);
  const handler = async (route: Route) => {
      const request = route.request();
      const res = fake.handle({
        method: request.method(),
        url: request.url(),
        headers: request.headers(),
        body: request.postDataBuffer() ?? undefined,
      });
      if (res.delayMs > 0) await new Promise((r) => setTimeout(r, res.delayMs));
      if (res.drop) {
        await route.abort('connectionreset');
        return;
      }
      await route.fulfill({ status: res.status, headers: res.headers, body: typeof res.body === 'string' ? res.body : Buffer.from(res.body) });
  };
  await context.route(matches, handler);
  return { fake, unroute: () => context.unroute(matches, handler) };
}
