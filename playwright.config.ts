import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './cli/browser.mjs';

// Real headless Chromium (Debian's), the built app, real media. Two workers on the two cores: a
// test keeps them about three quarters busy (browser start-up, model loading and fake-service waits
// leave gaps); two tests side by side took the suite from about 31 to 25 minutes here.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 240_000,
  // Two tests share the two cores: a wait that takes 5 s alone can take 15 s beside a video being made.
  expect: { timeout: 30_000 },
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
