import { FieldProblem } from '../../core/errors/domain-error';
import { AddChannelValues } from './add-channel-form';
import { ConfigFormField } from './config-form';
import { html, SafeHtml } from './html';

/**
 * The action pages' markup: plain server-rendered HTML, one function per page, every value escaped by `html`.
 * No script: the forms work as they are, and labels, hints and errors are tied to their fields for screen readers.
 */

export interface AddPageView {
  submitUrl: string;
  formToken: string;
  brandName: string;
  /** The CXone user the one-time token was issued to, when known. */
  userName: string | null;
  integrations: Array<{ id: string; name: string }>;
  /** Every adapter in the catalogue, with the form fields its config schema generates. */
  adapters: AdapterFormView[];
  /** What to show in the fields again after a refused submission; secrets are never echoed. */
  values: AddChannelValues;
  problems: FieldProblem[];
  backUrl: string;
}

export interface AdapterFormView {
  name: string;
  label: string;
  fields: ConfigFormField[];
}

export interface ConfirmPageView {
  action: 'reconnect' | 'remove';
  submitUrl: string;
  formToken: string;
  brandName: string;
  userName: string | null;
  channel: { name: string; dfoChannelId: string; adapter: string; status: string };
  /** Reconnect only: the channel's adapter settings, to change while reconnecting (secrets left empty are kept). */
  config: { adapter: AdapterFormView; values: Record<string, string>; problems: FieldProblem[] } | null;
  backUrl: string;
}

export interface ErrorPageView {
  status: number;
  title: string;
  message: string;
  problems: FieldProblem[];
  errorId: string | null;
  /** False only for an unexpected failure, after which we cannot promise that. */
  nothingChanged: boolean;
  /** Only a back URL that came with a verified token or form; never one from an unverified request. */
  backUrl: string | null;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2430}
main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px #0002}
label,legend{display:block;font-weight:600;margin-top:1rem}fieldset{border:1px solid #ccd;margin-top:1rem;padding:0 1rem 1rem}
input[type=text],input[type=url],input[type=password],select,textarea{width:100%;box-sizing:border-box;padding:.5rem;font:inherit}
.choice label{display:inline;font-weight:400;margin:0 0 0 .3rem}.hint{color:#555;font-size:.9rem;margin:.2rem 0}
.error{color:#a00;font-weight:600;margin:.2rem 0}.summary{border:2px solid #a00;padding:.5rem 1rem;margin:1rem 0}
.actions{margin-top:1.5rem;display:flex;gap:1rem;align-items:center}button{font:inherit;padding:.5rem 1.2rem}
.danger{background:#a00;color:#fff;border:0}dt{font-weight:600}dd{margin:0 0 .5rem}`;

function layout(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} · byoc-bridge</title><style>${SafeHtml.trusted(STYLE)}</style></head>
<body><main>${body}</main></body></html>`;
}

function who(brandName: string, userName: string | null): SafeHtml {
  return html`<p>Brand <strong>${brandName}</strong>${userName ? html`, signed in to CXone as <strong>${userName}</strong>` : null}.</p>`;
}

function summary(problems: FieldProblem[]): SafeHtml | null {
  if (problems.length === 0) return null;
  return html`<div class="summary" role="alert"><p><strong>Please correct the following:</strong></p><ul>${problems.map(
    (p) => html`<li><a href="#${p.field}">${p.field}</a>: ${p.message}</li>`,
  )}</ul></div>`;
}

/** A labelled input for one text-like form field, with its hint and its error, tied together by `aria-describedby`. */
function field(values: Record<string, string>, problems: FieldProblem[], name: string, label: string, hint: string, type: 'text' | 'password' | 'number', required: boolean): SafeHtml {
  const error = problems.find((p) => p.field === name);
  const describedBy = [`${name}-hint`, error ? `${name}-error` : ''].filter(Boolean).join(' ');
  // A secret is never sent back in a page: after a refused submission the admin types it again.
  const value = type === 'password' ? '' : (values[name] ?? '');
  return html`<label for="${name}">${label}</label><p class="hint" id="${name}-hint">${hint}</p>
${error ? html`<p class="error" id="${name}-error">${error.message}</p>` : null}
<input type="${type}" id="${name}" name="${name}" value="${value}" autocomplete="${type === 'password' ? 'new-password' : 'off'}" aria-describedby="${describedBy}"${required ? html` required` : null}${error ? html` aria-invalid="true"` : null}>`;
}

/** One schema-generated config field. Secrets are password inputs; with `keepsSecrets`, empty means "keep it". */
function configField(f: ConfigFormField, values: Record<string, string>, problems: FieldProblem[], keepsSecrets: boolean): SafeHtml {
  const secret = f.kind === 'secret' || f.kind === 'secretList';
  const hint = secret && keepsSecrets ? `${f.hint} Leave empty to keep the current one.`.trim() : f.hint;
  if (f.kind === 'lines' || f.kind === 'checkbox' || f.kind === 'choice') {
    const error = problems.find((p) => p.field === f.name);
    const errorHtml = error ? html`<p class="error" id="${f.name}-error" role="alert">${error.message}</p>` : null;
    const value = values[f.name] ?? '';
    const control =
      f.kind === 'lines'
        ? html`<textarea id="${f.name}" name="${f.name}" rows="3" aria-describedby="${f.name}-hint">${value}</textarea>`
        : f.kind === 'checkbox'
          ? html`<input type="checkbox" id="${f.name}" name="${f.name}" value="true" aria-describedby="${f.name}-hint"${value === 'true' ? html` checked` : null}>`
          : html`<select id="${f.name}" name="${f.name}" aria-describedby="${f.name}-hint"><option value=""></option>${f.choices.map(
              (c) => html`<option value="${c}"${c === value ? html` selected` : null}>${c}</option>`,
            )}</select>`;
    return html`<label for="${f.name}">${f.label}</label><p class="hint" id="${f.name}-hint">${hint}</p>${errorHtml}${control}`;
  }
  const type = secret ? 'password' : f.kind === 'number' ? 'number' : 'text';
  return field(values, problems, f.name, f.label, hint, type, f.required && !(secret && keepsSecrets));
}

function adapterFieldset(adapter: AdapterFormView, values: Record<string, string>, problems: FieldProblem[], legend: string, keepsSecrets: boolean): SafeHtml {
  return html`<fieldset><legend>${legend}</legend>${adapter.fields.map((f) => configField(f, values, problems, keepsSecrets))}</fieldset>`;
}

function integrationChoice(view: AddPageView): SafeHtml {
  if (view.integrations.length === 1) return html`<p>Integration <strong>${view.integrations[0]!.name}</strong></p>`;
  const chosen = view.values.integrationId;
  return html`<label for="integrationId">Integration</label>
<select id="integrationId" name="integrationId" required>${view.integrations.map(
    (i) => html`<option value="${i.id}"${i.id === chosen ? html` selected` : null}>${i.name}</option>`,
  )}</select>`;
}

export function addPage(view: AddPageView): SafeHtml {
  const adapter = view.values.adapter || view.adapters[0]?.name;
  return layout('Add a channel', html`<h1>Add a channel</h1>${who(view.brandName, view.userName)}${summary(view.problems)}
<form method="post" action="${view.submitUrl}" novalidate>
<input type="hidden" name="formToken" value="${view.formToken}">
${integrationChoice(view)}
${field(view.values, view.problems, 'name', 'Channel name', 'How agents see this channel in CXone.', 'text', true)}
<fieldset><legend>Platform</legend>${view.adapters.map(
    (a) => html`<div class="choice"><input type="radio" id="adapter-${a.name}" name="adapter" value="${a.name}"${a.name === adapter ? html` checked` : null}><label for="adapter-${a.name}">${a.label}</label></div>`,
  )}</fieldset>
${view.adapters.map((a) => adapterFieldset(a, view.values, view.problems, `${a.label}: settings (for this platform only)`, false))}
<div class="actions"><button type="submit">Add channel</button><a href="${view.backUrl}">Cancel and go back to CXone</a></div>
</form>`);
}

export function confirmPage(view: ConfirmPageView): SafeHtml {
  const remove = view.action === 'remove';
  const title = remove ? 'Remove a channel' : 'Reconnect a channel';
  const { channel } = view;
  return layout(title, html`<h1>${title}</h1>${who(view.brandName, view.userName)}
<dl><dt>Channel</dt><dd>${channel.name}</dd><dt>DFO channel id</dt><dd><code>${channel.dfoChannelId}</code></dd>
<dt>Platform</dt><dd>${channel.adapter}</dd><dt>Status here</dt><dd>${channel.status}</dd></dl>
<p>${remove
    ? 'Removing deletes the channel in CXone and stops it here. Its conversations keep their history.'
    : 'Reconnecting registers the channel in CXone again and makes it active here.'}</p>
${view.config ? summary(view.config.problems) : null}
<form method="post" action="${view.submitUrl}" novalidate>
<input type="hidden" name="formToken" value="${view.formToken}">
${view.config ? adapterFieldset(view.config.adapter, view.config.values, view.config.problems, `${view.config.adapter.label}: settings`, true) : null}
<div class="actions"><button type="submit"${remove ? html` class="danger"` : null}>${remove ? 'Remove channel' : 'Reconnect channel'}</button>
<a href="${view.backUrl}">Cancel and go back to CXone</a></div>
</form>`);
}

export function errorPage(view: ErrorPageView): SafeHtml {
  return layout(view.title, html`<h1>${view.title}</h1><p role="alert">${view.message}</p>
${view.problems.length > 0 ? html`<ul>${view.problems.map((p) => html`<li><code>${p.field}</code>: ${p.message}</li>`)}</ul>` : null}
${view.errorId ? html`<p>Error id <code>${view.errorId}</code>: quote it when you report this.</p>` : null}
<p>${view.nothingChanged ? 'Nothing was changed. ' : null}${view.backUrl
    ? html`<a href="${view.backUrl}">Go back to CXone</a> and start again.`
    : 'Close this page and start again from CXone.'}</p>`);
}
