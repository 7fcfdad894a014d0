import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './cli/browser.mjs';

// Real headless Chromium (Debian's), the built app, real media. Two workers on the two cores: a
// test keeps them about three quarters busy (browser start-up, model loading and fake-service waits
// leave gaps), and two files side by side took the suite from 31 to about 21 minutes here.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 240_000,
  expect: { timeout: 15_000 },
  workers: 2,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        ...CHROMIUM_ARGS,
        // A synthetic camera, so the selfie camera path runs for real without hardware or a prompt.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
    acceptDownloads: true,
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
