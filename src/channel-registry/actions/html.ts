/**
 * Markup that is already safe to put in a page: made only by the `html` tag below, never from a raw string, so a
 * query value cannot become markup by mistake.
 */
export class SafeHtml {
  private constructor(readonly value: string) {}

  /** For the `html` tag only; everything else gets its `SafeHtml` from it. */
  static trusted(value: string): SafeHtml {
    return new SafeHtml(value);
  }

  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an element body or a quoted attribute value (both quote kinds, so either quoting is safe). */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A template tag that escapes every interpolated value unless it is `SafeHtml` (the result of another `html`);
 * arrays are joined, and `null`, `undefined` and `false` render nothing, for conditional fragments. Attribute values
 * in templates are always double-quoted, so an escaped value can never leave its attribute.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return SafeHtml.trusted(out);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}
