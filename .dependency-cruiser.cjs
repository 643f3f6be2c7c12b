// The layer rules of issue #17, checked by `npm run lint:deps` (part of `npm test`): the arrows point one way.
// main → app → {api, web} → http → auth → store interfaces; lib under all; the SDK (client/) stands alone.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'sdk-browser-build-has-no-node',
      severity: 'error',
      comment: 'The SDK runs in browsers (src/client/browser.ts): only the Node entry and its file access may import Node built-ins.',
      from: { path: '^src/client/', pathNot: '^src/client/(index|node-files)\\.ts$|\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes every module in it load, change and test as one; type-only imports count too, as they couple the same way.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'lib-imports-nothing-of-ours',
      severity: 'error',
      comment: 'src/lib/ is what every layer may use, so it can lean on none of them.',
      from: { path: '^src/lib/' },
      to: { path: '^src/', pathNot: '^src/lib/' },
    },
    {
      name: 'store-stays-below-auth-and-http',
      severity: 'error',
      comment: 'The stores (database and photo files) are the bottom of the server: they know their data, not who authenticates or serves it.',
      from: { path: '^src/(store|storage)/' },
      to: { path: '^src/(auth/|http/|api/|web/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'auth-stays-below-http',
      severity: 'error',
      comment: 'The auth engine is framework-free and reaches stores only through their interfaces (store/types.ts, store/gallery-types.ts).',
      from: { path: '^src/auth/' },
      to: { path: '^src/(http/|api/|web/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'auth-uses-store-interfaces-only',
      severity: 'error',
      comment: 'A store implementation is wired in main.ts; auth takes it as a dependency typed by the interface.',
      from: { path: '^src/auth/' },
      to: { path: '^src/store/', pathNot: '^src/store/(types|gallery-types)\\.ts$' },
    },
    {
      name: 'http-is-a-kernel',
      severity: 'error',
      comment: 'api/ and web/ build on the http kernel; src/app.ts assembles them, so the kernel never imports them back.',
      from: { path: '^src/http/' },
      to: { path: '^src/(api/|web/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'api-does-not-render-pages',
      severity: 'error',
      comment: 'Pages live in web/ and call the api services; the api does not reach up into the pages.',
      from: {
        path: '^src/api/',
      },
      to: { path: '^src/(web/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'web-stays-below-app',
      severity: 'error',
      comment: 'Pages are one of the modules src/app.ts assembles; they do not import the assembly.',
      from: { path: '^src/web/' },
      to: { path: '^src/(app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'sdk-stands-alone',
      severity: 'error',
      comment: 'The SDK (src/client/) becomes its own package: it may not import the server it talks to.',
      from: { path: '^src/client/' },
      to: { path: '^src/', pathNot: '^src/client/' },
    },
    {
      name: 'backup-is-a-cli-tool',
      severity: 'error',
      comment: 'Backup and restore work on a data directory from outside the server: the CLI runs them; the server never does, and they need none of its request layers.',
      from: { path: '^src/', pathNot: '^src/(cli|backup)/' },
      to: { path: '^src/backup/' },
    },
    {
      name: 'backup-stays-outside-the-server',
      severity: 'error',
      comment: 'Backup reads the database file and the photo files directly; the auth engine, the http kernel and the pages are no part of it.',
      from: { path: '^src/backup/' },
      to: { path: '^src/(auth/|http/|web/|cli/|app\\.ts$|main\\.ts$)' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'One of our own imports that the cruiser cannot resolve would silently escape every rule above. (Package subpaths such as `fastify/types/logger.js`, a .d.ts that TypeScript maps, are not layers.)',
      from: { path: '^src/' },
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are part of the graph: `import type` still couples two layers.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
