import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { parser } from 'typescript-eslint';
import { boundaryConfigs, LAYERS } from './boundaries';

// Lints small sources, placed (in memory) at the paths named, with the boundary rule of docs/architecture.md §2 exactly
// as eslint.config.mjs uses it, and checks what it says about each import. (Jest cannot load eslint.config.mjs itself,
// and the rest of that config wants type information, which files that exist on no disk cannot have.)
const ROOT = resolve(__dirname, '..');
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser } }, ...boundaryConfigs],
});

/** The boundary messages for a file at `filePath` that imports `target` (relative to that file). */
async function boundaryErrors(filePath: string, target: string, kind: 'value' | 'type' = 'value'): Promise<string[]> {
  // A target that does not resolve is not checked at all, so a fixture pointing at a moved file would pass silently.
  const onDisk = join(ROOT, dirname(filePath), target);
  expect([onDisk, `${onDisk}.ts`].some((candidate) => existsSync(candidate))).toBe(true);
  const code = kind === 'type' ? `import type { X } from '${target}';\nexport type Y = X;\n` : `import * as m from '${target}';\nexport const y = m;\n`;
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
  const unexpected = result.messages.filter((message) => message.ruleId !== 'boundaries/dependencies');
  expect(unexpected).toEqual([]);
  return result.messages.map((message) => message.message);
}

describe('import boundaries (docs/architecture.md §2)', () => {
  jest.setTimeout(30_000);

  it('knows the layers in the order docs/architecture.md §2 gives them', () => {
    const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
    const sentence = /Layers, from the bottom: ([^(]*)\(app wiring only\)/.exec(doc)?.[1] ?? '';
    const fromDoc = sentence.split('→').map((layer) => [...layer.matchAll(/`([a-z-]+)`/g)].map((match) => match[1]));
    expect(fromDoc).toEqual(LAYERS);
  });

  it('has every folder of src/ in a layer (an unlisted one would escape the layer rules)', () => {
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).sort()).toEqual(LAYERS.flat().sort());
  });

  describe('layers: a module imports only from its own layer or below', () => {
    it('refuses core importing threads, and says what core may import', async () => {
      expect(await boundaryErrors('src/core/fixture.ts', '../threads/threads.module')).toEqual([
        'src/core may not import src/threads: a module imports only from its own layer or below (src/core may import core). See docs/architecture.md §2.',
      ]);
    });

    it('refuses the outbox importing the adapter port above it, and messages importing webchat', async () => {
      expect(await boundaryErrors('src/outbox/fixture.ts', '../platform-adapters/platform-adapter')).toEqual([
        expect.stringContaining('src/outbox may not import src/platform-adapters: a module imports only from its own layer or below (src/outbox may import core, dfo-client, outbox)'),
      ]);
      expect(await boundaryErrors('src/messages/fixture.ts', '../webchat/webchat.module')).toEqual([
        expect.stringContaining('src/messages may not import src/webchat'),
      ]);
    });

    it('refuses a module below the adapters importing a concrete adapter', async () => {
      expect(await boundaryErrors('src/dfo-client/fixture.ts', '../platform-adapters/webhook/webhook.adapter')).toEqual([
        expect.stringContaining('src/dfo-client may not import src/platform-adapters/webhook'),
      ]);
    });

    it('allows imports from the same layer and below', async () => {
      expect(await boundaryErrors('src/outbox/fixture.ts', '../dfo-client/dfo.errors')).toEqual([]);
      expect(await boundaryErrors('src/auth/fixture.ts', '../channel-registry/channel-registry.module')).toEqual([]);
      expect(await boundaryErrors('src/channel-registry/fixture.ts', '../auth/auth.module')).toEqual([]);
      expect(await boundaryErrors('src/messages/fixture.ts', '../threads/threads.module')).toEqual([]);
      expect(await boundaryErrors('src/webchat/fixture.ts', '../platform-adapters/webchat/webchat.adapter')).toEqual([]);
      expect(await boundaryErrors('src/app.module.ts', './sandbox/sandbox.module')).toEqual([]);
    });
  });

  describe('emulators and sandbox glue', () => {
    it('refuses src/ outside src/sandbox importing an emulator or src/sandbox', async () => {
      expect(await boundaryErrors('src/messages/fixture.ts', '../../emulators/dfo/emulator.module')).toEqual([
        "src/messages may not import emulators/dfo: only src/sandbox (sandbox-mode glue) imports emulators/, and only the app's root files (src/main.ts, app.module.ts, app.factory.ts) import src/sandbox. See docs/architecture.md §2.",
      ]);
      expect(await boundaryErrors('src/webchat/fixture.ts', '../sandbox/sandbox.module')).toEqual([
        expect.stringContaining('src/webchat may not import src/sandbox: only src/sandbox'),
      ]);
    });

    it('allows src/sandbox to mount the emulator, and the app to mount src/sandbox (but not the emulator itself)', async () => {
      expect(await boundaryErrors('src/sandbox/fixture.ts', '../../emulators/dfo/emulator.module')).toEqual([]);
      expect(await boundaryErrors('src/main.ts', './sandbox/sandbox.module')).toEqual([]);
      expect(await boundaryErrors('src/app.module.ts', '../emulators/dfo/emulator.module')).toEqual([
        expect.stringContaining("src/*.ts may not import emulators/dfo: the app's root files import only src/"),
      ]);
    });

    it('refuses an emulator importing src/ or another emulator', async () => {
      expect(await boundaryErrors('emulators/dfo/fixture.ts', '../../src/core/clock/clock')).toEqual([
        "emulators/dfo may not import src/core: an emulator never imports src/ or another emulator; it keeps its own copy of the wire types, so that it can catch our client's mistakes. See docs/architecture.md §2.",
      ]);
      expect(await boundaryErrors('emulators/whatsapp/fixture.ts', '../dfo/emulator.module')).toEqual([
        expect.stringContaining('emulators/whatsapp may not import emulators/dfo'),
      ]);
      expect(await boundaryErrors('emulators/dfo/agent/fixture.ts', '../emulator.module')).toEqual([]);
    });
  });

  describe('adapters are pure translators', () => {
    it('refuses an adapter importing another adapter or a module other than core', async () => {
      expect(await boundaryErrors('src/platform-adapters/webhook/fixture.ts', '../webchat/webchat.adapter')).toEqual([
        "src/platform-adapters/webhook may not import src/platform-adapters/webchat: an adapter imports only src/core and the port's own files (src/platform-adapters/*.ts), never another adapter. See docs/architecture.md §2.",
      ]);
      expect(await boundaryErrors('src/platform-adapters/webhook/fixture.ts', '../../outbox/outbox.module')).toEqual([
        expect.stringContaining('src/platform-adapters/webhook may not import src/outbox: an adapter imports only src/core'),
      ]);
    });

    it("allows an adapter core and the port's own files", async () => {
      expect(await boundaryErrors('src/platform-adapters/webhook/fixture.ts', '../platform-adapter')).toEqual([]);
      expect(await boundaryErrors('src/platform-adapters/webhook/fixture.ts', '../../core/clock/clock')).toEqual([]);
    });
  });

  describe('the widget', () => {
    it("allows only type imports of the web chat's wire types", async () => {
      expect(await boundaryErrors('widget/fixture.ts', '../src/webchat/dto/webchat.dto', 'type')).toEqual([]);
      expect(await boundaryErrors('widget/fixture.ts', '../src/webchat/dto/webchat.dto')).toEqual([
        "widget may not import src/webchat: the widget imports nothing from src/ except the web chat's shared wire types under src/webchat, with `import type`. See docs/architecture.md §2.",
      ]);
      expect(await boundaryErrors('widget/fixture.ts', '../src/platform-adapters/platform-adapter', 'type')).toEqual([
        expect.stringContaining('widget may not import src/platform-adapters'),
      ]);
    });
  });

  describe('tests', () => {
    it('refuses production code importing test/, and allows unit specs test/support', async () => {
      expect(await boundaryErrors('src/threads/fixture.ts', '../../test/support/wait')).toEqual([
        'src/threads may not import test/support: production code never imports test/ (unit specs, *.spec.ts, may import test/support).',
      ]);
      expect(await boundaryErrors('src/threads/fixture.spec.ts', '../../test/support/wait')).toEqual([]);
      expect(await boundaryErrors('test/fixture.e2e-spec.ts', './support/wait')).toEqual([]);
    });

    it('keeps unit specs inside their layer', async () => {
      expect(await boundaryErrors('src/core/fixture.spec.ts', '../threads/threads.module')).toEqual([
        expect.stringContaining('src/core may not import src/threads'),
      ]);
    });
  });
});
