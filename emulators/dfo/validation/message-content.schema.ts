import { CREATABLE_CONTENT_TYPES } from './dfo.enums';
import { anyObject, arrayOf, boolean, Check, isPlainObject, object, oneOf, optional, problem, required, string } from './schema';

/** An absolute http(s) URL: DFO fetches attachments and media itself [INF], so a relative or odd URL is useless. */
export function httpUrl(): Check {
  return (value, path, out) => {
    if (typeof value !== 'string') return problem(out, path, 'This value should be of type string.', 'INVALID_TYPE');
    let ok: boolean;
    try {
      ok = ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problem(out, path, 'This value is not a valid URL.', 'INVALID_URL');
  };
}

const content = () => object({ content: required(string()) }, { allowExtra: true });
const action = object(
  {
    type: required(string()),
    text: required(string()),
    postback: optional(string({ allowBlank: true })),
    icon: optional(object({ fileName: optional(string()), mimeType: optional(string()), url: required(httpUrl()) }, { allowExtra: true })),
    description: optional(string({ allowBlank: true })),
  },
  { allowExtra: true },
);
const pluginElement: Check = object(
  { id: required(string()), type: required(string()), text: optional(string({ allowBlank: true })), elements: optional(arrayOf((v, p, o) => pluginElement(v, p, o))) },
  { allowExtra: true },
);

/**
 * Payload shapes per content type (docs/dfo-contract.md d.6). TEXT is pinned exactly; for the rich types only the
 * documented fields are checked and others are let through, since the generated specs lost their deeper shapes.
 */
const PAYLOADS: Record<(typeof CREATABLE_CONTENT_TYPES)[number], Check> = {
  TEXT: object({ text: required(string({ allowBlank: true })) }),
  PLUGIN: object({ postback: optional(string({ allowBlank: true })), elements: required(arrayOf(pluginElement, { min: 1 })) }, { allowExtra: true }),
  QUICK_REPLIES: object({ text: required(content()), actions: required(arrayOf(action, { min: 1 })) }, { allowExtra: true }),
  LIST_PICKER: object({ title: required(content()), text: required(content()), actions: required(arrayOf(action, { min: 1 })) }, { allowExtra: true }),
  RICH_LINK: object(
    {
      media: required(object({ fileName: required(string()), mimeType: required(string()), url: required(httpUrl()) }, { allowExtra: true })),
      title: required(content()),
      url: required(httpUrl()),
    },
    { allowExtra: true },
  ),
  ADAPTIVE_CARD: object({ type: required(oneOf(['AdaptiveCard'])), version: required(string()) }, { allowExtra: true }),
};

const envelope = object({
  type: required(oneOf(CREATABLE_CONTENT_TYPES)),
  payload: required(anyObject()),
  fallbackText: optional(string({ allowBlank: true }), { nullable: true }),
  postback: optional(string({ allowBlank: true }), { nullable: true }),
  isAutoTranslated: optional(boolean()),
  parameters: optional((v, p, o) => {
    if (!isPlainObject(v) && !Array.isArray(v)) problem(o, p, 'This value should be of type object or array.', 'INVALID_TYPE');
  }),
});

/** `messageContent` of b.2 / b.4: the envelope, then the payload of its type. */
export function messageContent(): Check {
  const check: Check = (value, path, out) => {
    const before = out.length;
    envelope(value, path, out);
    if (out.length > before || !isPlainObject(value)) return;
    PAYLOADS[value.type as keyof typeof PAYLOADS](value.payload, `${path}.payload`, out);
  };
  // A missing messageContent reports its required fields by name, like any required object.
  return Object.assign(check, { fields: (envelope as Check & { fields?: unknown }).fields });
}
