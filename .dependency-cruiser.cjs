/**
 * The house plan's layer rules, checked by `npm run lint:layers` (in `npm test`). See
 * docs/architecture.md for the threads and folders these rules keep apart.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PAGE = '^src/(app|ui|restyle|history|profile|settings|backgrounds|media|services|pwa)/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Two modules that need each other are one module, or a third one is missing.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core is pure logic and the domain types: it imports nothing outside core (no browser I/O, no packages).',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/' },
    },
    {
      name: 'protocol-is-types',
      severity: 'error',
      comment: 'src/protocol is what the page and the workers say to each other: it builds on core only.',
      from: { path: '^src/protocol/' },
      to: { pathNot: '^src/(core|protocol)/' },
    },
    {
      name: 'shipped-builds-on-core',
      severity: 'error',
      comment: 'src/shipped names and fetches the runtime files (wasm, models) for the page and the workers alike: it builds on core only.',
      from: { path: '^src/shipped/' },
      to: { path: '^src/', pathNot: '^src/(core|shipped)/' },
    },
    {
      name: 'workers-import-no-page-code',
      severity: 'error',
      comment: 'A worker folder is its whole world: no React, no page code, no storage.',
      from: { path: '^(src/workers|workers)/' },
      to: { path: [PAGE, '^node_modules/(react|react-dom|idb|@google/genai|@fal-ai/client|workbox-[a-z]+)/'] },
    },
    {
      name: 'one-worker-folder-each',
      severity: 'error',
      comment: "A worker's folder is its own: workers share code only through src/workers/shared, core and protocol.",
      from: { path: '^src/workers/([^/]+)/', pathNot: '^src/workers/shared/' },
      to: { path: '^src/workers/', pathNot: ['^src/workers/$1/', '^src/workers/shared/'] },
    },
    {
      name: 'entry-points-only',
      severity: 'error',
      comment: 'workers/*.worker.ts start one worker: they import its API only.',
      from: { path: '^workers/[^/]+[.]worker[.]ts$' },
      to: { path: '^src/', pathNot: '^src/workers/' },
    },
    {
      name: 'page-talks-to-workers-through-protocol',
      severity: 'error',
      comment: "The page never runs a worker's code: it starts the worker (media/workers.ts) and talks through src/protocol.",
      from: { path: PAGE },
      to: { path: '^src/workers/' },
    },
    {
      name: 'storage-has-no-ui',
      severity: 'error',
      comment: 'Services (storage, Gemini, fal.ai) know nothing of the screens that use them.',
      from: { path: '^src/services/' },
      to: { path: ['^src/(app|ui|restyle|history|profile|settings)/', '^node_modules/react'] },
    },
    {
      name: 'harness-is-not-the-app',
      severity: 'error',
      comment: 'harness/ holds the pages the CLI and the eval drive; the app never imports them (they are built apart, not shipped).',
      from: { path: '^(src|workers)/' },
      to: { path: '^harness/' },
    },
    {
      name: 'shell-is-a-root',
      severity: 'error',
      comment: 'src/app is the shell: features import shared pieces from src/ui, never the shell.',
      from: { path: '^src/', pathNot: '^src/(app/|main[.]tsx$)' },
      to: { path: '^src/app/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // AssemblyScript (its own language, compiled by scripts/kernels.mjs): it imports nothing.
    exclude: { path: '^src/kernels/pixels[.]ts$' },
    // Type-only imports count: a cycle through types is still a cycle.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
