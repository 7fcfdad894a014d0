/** Gemini for browser tests: the real SDK in the page talks to the fake through a Playwright route. */
import type { BrowserContext } from '@playwright/test';
import { answerFromFake } from './routeFake';
import { createFakeGemini, type FakeGemini, type FakeGeminiBehaviour } from '../fakes/gemini.mjs';

export const GEMINI_HOST = 'https://generativelanguage.googleapis.com';

export async function routeGemini(context: BrowserContext, behaviour: FakeGeminiBehaviour = {}): Promise<FakeGemini> {
  const fake = createFakeGemini(behaviour);
  await context.route(`${GEMINI_HOST}/**`, async (route) => {
    const request = route.request();
    if (request.method() === 'OPTIONS') {
      // The browser's CORS preflight for the SDK's x-goog-api-key header, answered as Google does.
      await route.fulfill({
        status: 204,
        headers: {
          'access-control-allow-origin': request.headers().origin ?? '*',
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': request.headers()['access-control-request-headers'] ?? '*',
          'access-control-max-age': '3600',
        },
      });
      return;
    }
    // The fake speaks for Google; the page's origin is allowed as Google allows it.
    await answerFromFake(route, (r) => fake.handle(r), { 'access-control-allow-origin': request.headers().origin ?? '*' });
  });
  return fake;
}
