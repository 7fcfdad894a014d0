/** fal.ai for browser tests: the real @fal-ai/client in the page reaches the fake through routes. */
import type { BrowserContext, Route } from '@playwright/test';
import { answerFromFake } from './routeFake';
import { createFakeFal, isFakeFalHost, type FakeFal, type FakeFalBehaviour } from '../fakes/fal.mjs';

export interface RoutedFal {
  fake: FakeFal;
  /** Stops answering with this fake (to swap in another behaviour). */
  unroute(): Promise<void>;
}

export async function routeFal(context: BrowserContext, behaviour: FakeFalBehaviour = {}): Promise<RoutedFal> {
  const fake = createFakeFal(behaviour);
  const matches = (url: URL) => url.protocol === 'https:' && isFakeFalHost(url.hostname);
  const handler = (route: Route) => answerFromFake(route, (r) => fake.handle(r));
  await context.route(matches, handler);
  return { fake, unroute: () => context.unroute(matches, handler) };
}
