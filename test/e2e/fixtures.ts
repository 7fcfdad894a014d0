/** Playwright fixtures: the built app served on loopback, and no request ever leaves the machine. */
import { test as base, expect } from '@playwright/test';
import { join } from 'node:path';
import { serveStatic, type StaticServer } from '../../cli/staticServer.mjs';
import { blockNonLocal } from '../../cli/browser.mjs';

export const test = base.extend<{ appUrl: string }, { server: StaticServer }>({
  server: [
    // Playwright reads a fixture's dependencies from this pattern; a worker fixture with none has an empty one.
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await serveStatic(join(import.meta.dirname, '..', '..', 'dist'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    await blockNonLocal(context);
    await use(context);
  },
  appUrl: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect };
