/** Playwright fixtures: the built app served on loopback, and no request ever leaves the machine. */
import { test as base, expect } from '@playwright/test';
import { join } from 'node:path';
import { serveStatic, type StaticServer } from '../../cli/staticServer.mjs';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const test = base.extend<{ appUrl: string }, { server: StaticServer }>({
  server: [
    async ({}, use) => {
      const server = await serveStatic(join(import.meta.dirname, '..', '..', 'dist'));
      await use(server);
      await server.close();
    },
    { scope: 'worker' },
  ],
  context: async ({ context }, use) => {
    await context.route(
      (url) => !LOCAL_HOSTS.has(url.hostname) && url.protocol !== 'blob:' && url.protocol !== 'data:',
      (route) => route.abort('blockedbyclient'),
    );
    await use(context);
  },
  appUrl: async ({ server }, use) => {
    await use(server.url);
  },
});

export { expect };
