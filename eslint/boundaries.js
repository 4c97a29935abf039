// CommonJS, so that both eslint.config.mjs and the jest spec next to it (eslint/boundaries.spec.ts) load it.
const { resolve } = require('node:path');
const boundaries = require('eslint-plugin-boundaries');

// The import boundaries of docs/architecture.md §2, as eslint-plugin-boundaries settings and policies.
// Every linted file belongs to one element (the first descriptor below that matches). An import from one element into
// another is checked against the policies, and the LAST policy that matches decides; so each group first forbids
// everything with a message that says what is allowed, then allows exactly that. Imports inside one element (a
// module's own files, one adapter's folder, one emulator's folder) are never checked.

/** The modules of src/, bottom layer first, as docs/architecture.md §2 lists them (the spec checks that they agree). */
const LAYERS = [
  ['core'],
  ['dfo-client', 'outbox'],
  ['platform-adapters'],
  ['channel-registry', 'auth'],
  ['threads'],
  ['messages'],
  ['webchat'],
  ['sandbox'],
];

const MODULES = LAYERS.flat();
const layerOf = (module) => LAYERS.findIndex((layer) => layer.includes(module));
const SEE = 'See docs/architecture.md §2.';

const boundarySettings = {
  // Our imports are relative paths to .ts files: Node's resolution with TypeScript's extensions finds them.
  'import/resolver': { node: { extensions: ['.ts', '.js', '.mjs', '.json'] } },
  'boundaries/root-path': resolve(__dirname, '..'),
  'boundaries/elements': [
    // One concrete adapter per folder. The port's own files (src/platform-adapters/*.ts) are `platform-adapters`.
    { type: 'adapter', pattern: 'src/platform-adapters/*', capture: ['name'] },
    ...MODULES.map((module) => ({ type: module, pattern: `src/${module}` })),
    // What is left in src/ after the modules: main.ts, app.module.ts, app.factory.ts, the app's wiring.
    { type: 'app', pattern: 'src' },
    // Each emulator is an element of its own: it stands alone, with its own copy of the wire types.
    { type: 'emulator', pattern: 'emulators/*', capture: ['name'] },
    { type: 'widget', pattern: 'widget' },
    { type: 'test-support', pattern: 'test/support' },
    { type: 'test', pattern: 'test' },
    { type: 'bench', pattern: 'bench' },
    { type: 'migrations', pattern: 'migrations' },
  ],
};

const PRODUCTION = ['app', 'adapter', ...MODULES, 'emulator', 'widget', 'bench', 'migrations'];
const ANY = [...PRODUCTION, 'test', 'test-support'];
const element = (...types) => ({ element: { type: types } });
const may = (types, allowed, message) => [
  { from: element(...types), disallow: { to: element(...ANY) }, message },
  { from: element(...types), allow: { to: element(...allowed) } },
];
/** How the message names the importing or imported element: its folder, e.g. `src/platform-adapters/webhook`. */
const name = (side) => `{{${side}.elementPath}}`;

const policies = [
  // 1. Layers: a module imports its own layer and those below. A concrete adapter sits in the port's layer for the
  //    modules above it. The database module (core) also lists the migrations.
  ...MODULES.flatMap((module) => {
    const below = MODULES.filter((other) => layerOf(other) <= layerOf(module));
    const adapters = layerOf(module) >= layerOf('platform-adapters') ? ['adapter'] : [];
    const migrations = module === 'core' ? ['migrations'] : [];
    const emulators = module === 'sandbox' ? ['emulator'] : [];
    return may(
      [module],
      [...below, ...adapters, ...migrations, ...emulators],
      `${name('from')} may not import ${name('to')}: a module imports only from its own layer or below ` +
        `(src/${module} may import ${below.join(', ')}${module === 'sandbox' ? ', emulators/' : ''}). ${SEE}`,
    );
  }),

  // 2. Only sandbox mode's glue (src/sandbox) reaches the emulators, and only the app's root files mount the glue.
  {
    from: element('adapter', ...MODULES.filter((module) => module !== 'sandbox')),
    disallow: { to: element('emulator', 'sandbox') },
    message:
      `${name('from')} may not import ${name('to')}: only src/sandbox (sandbox-mode glue) imports emulators/, and ` +
      `only the app's root files (src/main.ts, app.module.ts, app.factory.ts) import src/sandbox. ${SEE}`,
  },

  // 3. An emulator imports neither src/ nor another emulator: it stands alone, so it can catch our client's mistakes.
  ...may(
    ['emulator'],
    [],
    `${name('from')} may not import ${name('to')}: an emulator never imports src/ or another emulator; it keeps its ` +
      `own copy of the wire types, so that it can catch our client's mistakes. ${SEE}`,
  ),

  // 4. Adapters are pure translators: core and the port's own files, never another adapter.
  ...may(
    ['adapter'],
    ['core', 'platform-adapters'],
    `${name('from')} may not import ${name('to')}: an adapter imports only src/core and the port's own files ` +
      `(src/platform-adapters/*.ts), never another adapter. ${SEE}`,
  ),
  // The port's registry and module list the concrete adapters.
  { from: element('platform-adapters'), allow: { to: element('adapter') } },

  // The app's root files wire everything in src/.
  ...may(
    ['app'],
    ['app', 'adapter', ...MODULES],
    `src/*.ts may not import ${name('to')}: the app's root files import only src/ (the emulators through src/sandbox). ${SEE}`,
  ),

  // 5. The widget compiles on its own: from src/ it shares only the web chat's wire types, as type-only imports.
  {
    from: element('widget'),
    disallow: { to: element(...ANY) },
    message:
      `${name('from')} may not import ${name('to')}: the widget imports nothing from src/ except the web chat's shared ` +
      `wire types under src/webchat, with \`import type\`. ${SEE}`,
  },
  { from: element('widget'), allow: { to: element('webchat'), dependency: { kind: 'type' } } },

  // 6. Tests and benchmarks drive everything; production code never imports test/ (the build would ship it).
  { from: element('test'), allow: { to: element(...ANY) } },
  { from: element('test-support'), allow: { to: element(...PRODUCTION.filter((type) => type !== 'widget' && type !== 'bench')) } },
  ...may(['bench'], ['app', 'adapter', ...MODULES, 'emulator'], `${name('from')} may not import ${name('to')}.`),
  ...may(['migrations'], [], `${name('from')} may not import ${name('to')}: a migration stands alone (it must never change).`),
  {
    from: element(...PRODUCTION),
    disallow: { to: element('test', 'test-support') },
    message:
      `${name('from')} may not import ${name('to')}: production code never imports test/ ` +
      `(unit specs, *.spec.ts, may import test/support).`,
  },
];

const boundaryRule = [
  'error',
  { default: 'disallow', message: `${name('from')} may not import ${name('to')}. ${SEE}`, policies },
];

/** The flat-config blocks that check the boundaries; eslint.config.mjs puts them after the general rules. */
const boundaryConfigs = [
  {
    files: ['src/**/*.ts', 'emulators/**/*.ts', 'widget/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'migrations/**/*.ts'],
    plugins: { boundaries },
    settings: boundarySettings,
    rules: { 'boundaries/dependencies': boundaryRule },
  },
  {
    // Unit specs obey their module's boundaries like the code next to them, and may also use test/support.
    files: ['**/*.spec.ts'],
    plugins: { boundaries },
    settings: boundarySettings,
    rules: {
      'boundaries/dependencies': ['error', { ...boundaryRule[1], policies: [...policies, { allow: { to: element('test-support') } }] }],
    },
  },
];

module.exports = { LAYERS, boundaryConfigs };
