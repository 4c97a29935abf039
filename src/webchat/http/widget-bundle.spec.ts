import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { bundleWidget, projectRoot, WIDGET_FILES } from './widget-bundle';

/** Compiles widget/ with its own tsconfig, in memory: what `npm run build` writes to dist/widget. */
function compileWidget(): Map<string, string> {
  const root = projectRoot(__dirname);
  const configPath = join(root, 'widget', 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, join(root, 'widget'));
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  expect(diagnostics).toEqual([]);
  const out = new Map<string, string>();
  program.emit(undefined, (file, text) => out.set(file.slice(join(root, 'dist', 'widget').length + 1), text));
  return out;
}

describe('widget bundle', () => {
  it('wraps the scripts in one function scope with a single "use strict"', () => {
    const out = bundleWidget(['"use strict";\nconst a = 1;\n', '"use strict";\nfunction f() { return a; }\n']);
    expect(out.match(/"use strict"/g)).toHaveLength(1);
    expect(out).toContain('(function () {\n"use strict";\nconst a = 1;\nfunction f() { return a; }\n})();');
  });

  it('refuses a script that became a module (an import or export statement would break the function scope)', () => {
    expect(() => bundleWidget(['const a = 1;\n', 'const b = 2;\nexport {};\n'], ['a.js', 'b.js'])).toThrow(/must not import or export .*: b\.js$/);
    expect(() => bundleWidget(['import { x } from "./x";\n'])).toThrow(/script 1/);
    expect(() => bundleWidget(['const m = import("./lazy.js");\n'])).not.toThrow();
  });

  it('compiles the real widget to plain scripts, against the server wire types, into one bundle that parses', () => {
    const out = compileWidget();
    expect([...out.keys()].filter((f) => f.startsWith('widget/')).sort()).toEqual(WIDGET_FILES.map((f) => `widget/${f}`).sort());
    // The wire file is types only: it compiles to an empty module, which is never bundled or served.
    expect(out.get('src/webchat/webchat.wire.js')?.trim()).toBe('export {};');
    const bundle = bundleWidget(WIDGET_FILES.map((f) => out.get(`widget/${f}`)!), WIDGET_FILES);
    // Compiling without running: a syntax error (a stray `export`) would throw here.
    expect(() => new Function(bundle)).not.toThrow();
  });

  it('finds the project root from this folder', () => {
    expect(existsSync(join(projectRoot(__dirname), 'package.json'))).toBe(true);
  });
});
