import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, chromiumPath } from './cli/browser.mjs';
import { pixelKernels } from './scripts/kernels.mjs';

// Two projects: pure logic in Node (test/unit), and the WebCodecs and WebGL units in real headless
// Chromium (test/browser: Debian's, through Playwright), where the APIs they use exist.
export default defineConfig({
  test: {
    projects: [
      // Both get the wasm pixel kernels, compiled from source as the app's build does.
      { plugins: [pixelKernels()], test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        // Bundled up front: found mid-run, Vite would reload the page under a running test.
        optimizeDeps: { include: ['mediabunny'] },
        plugins: [pixelKernels()],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
