import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WebchatError } from '../../platform-adapters/webchat/webchat.errors';

/** The compiled widget scripts (`tsc -p widget`), in dependency order, in `WIDGET_DIR` under the project root. */
export const WIDGET_FILES = ['widget-dom.js', 'widget-api.js', 'widget-view.js', 'widget-stream.js', 'widget-chat.js', 'widget.js'];
/** widget/tsconfig.json compiles from the project root (for the shared wire types), so the scripts land in dist/widget/widget. */
export const WIDGET_DIR = ['dist', 'widget', 'widget'];

/** A line that starts an import or export statement: module code, which is a syntax error inside the bundle's function. */
const MODULE_STATEMENT = /^\s*(import|export)\b(?!\s*\()/m;

/** The project root: the nearest folder with a package.json, from src/ (tests) or dist/src/ (production) alike. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/**
 * Joins the widget scripts into the one file the script tag loads, inside a function scope so that nothing leaks
 * into the host page's globals, with a single "use strict" for the whole. A script with an import or export left in it
 * (an `import type` turns a script into a module) is refused here, at start-up, rather than in the visitor's browser.
 */
export function bundleWidget(sources: string[], names: string[] = sources.map((_, i) => `script ${i + 1}`)): string {
  const modules = sources.flatMap((s, i) => (MODULE_STATEMENT.test(s) ? [names[i]] : []));
  if (modules.length > 0) throw new Error(`Widget scripts must not import or export (use import('…') types): ${modules.join(', ')}`);
  const body = sources.map((s) => s.replace(/^"use strict";\s*$/m, '').trim()).join('\n');
  return `/* byoc-bridge web chat widget */\n(function () {\n"use strict";\n${body}\n})();\n`;
}

export interface WidgetScript {
  body: string;
  etag: string;
}

/** Reads the widget once at start-up; serving it is then a memory read. */
@Injectable()
export class WidgetBundle implements OnModuleInit {
  private readonly logger = new Logger(WidgetBundle.name);
  private script: WidgetScript | null = null;

  onModuleInit(): void {
    const dir = join(projectRoot(), ...WIDGET_DIR);
    const missing = WIDGET_FILES.filter((f) => !existsSync(join(dir, f)));
    if (missing.length > 0) {
      this.logger.warn(`The web chat widget is not built (${missing.join(', ')} missing in ${dir}); run "npm run build"`);
      return;
    }
    let body: string;
    try {
      body = bundleWidget(
        WIDGET_FILES.map((f) => readFileSync(join(dir, f), 'utf8')),
        WIDGET_FILES,
      );
    } catch (err) {
      this.logger.error({ err }, 'The web chat widget build is broken; the widget is not served');
      return;
    }
    this.script = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }

  get(): WidgetScript {
    if (!this.script) throw new WebchatError('WEBCHAT.WIDGET_UNAVAILABLE', 'The web chat widget is not built on this server');
    return this.script;
  }
}
