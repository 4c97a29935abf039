import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWidget, projectRoot } from './widget-bundle';

describe('widget bundle', () => {
  it('wraps the scripts in one function scope with a single "use strict"', () => {
    const out = bundleWidget(['"use strict";\nconst a = 1;\n', '"use strict";\nfunction f() { return a; }\n']);
    expect(out.match(/"use strict"/g)).toHaveLength(1);
    expect(out).toContain('(function () {\n"use strict";\nconst a = 1;\nfunction f() { return a; }\n})();');
  });

  it('finds the project root from this folder', () => {
    expect(existsSync(join(projectRoot(__dirname), 'package.json'))).toBe(true);
  });
});
