import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ApiPrincipal } from '../../auth/current-principal.decorator';
import { FieldProblem } from '../../core/errors/domain-error';
import { DfoUser } from '../../dfo-client/dfo.types';
import { AdapterRegistry } from '../../platform-adapters/adapter-registry';
import { AdapterName } from '../../platform-adapters/platform-adapter';
import { ChannelRepository } from '../channel.repository';
import { ChannelRegistryError } from '../channel-registry.errors';
import { ChannelsService } from '../channels.service';
import { DfoChannelAccess } from '../dfo-channels';
import { IntegrationRepository } from '../integration.repository';
import { PublicUrls } from '../public-urls';
import { ActionForm, ActionFormTokens } from './action-form-token';
import { ActionOutcome, page, redirect, withBackUrl } from './action-outcome';
import { addPage, confirmPage } from './action-pages.html';
import { ActionRequest, parseAction } from './action-request';
import { ActionTargets } from './action-targets';
import { AdapterDescriptor } from '../../platform-adapters/adapter-descriptor';
import { ValidationFailedError } from '../../core/errors/core.errors';
import { AddChannelValues, parseAddChannelForm } from './add-channel-form';
import { AdapterFormView } from './action-pages.html';
import { configFormFields, configFromForm, formValues, problemOnForm } from './config-form';

/**
 * The Add / Reconnect / Remove pages CXone opens in the admin's browser (docs/architecture.md §6.2, docs/dfo-contract.md
 * a.5, a.6). Showing a page verifies (and so uses up) the one-time token and changes nothing; submitting the form
 * acts through `ChannelsService`, in DFO with CXone's access token for that admin, then sends the browser back.
 */
@Injectable()
export class ActionPagesService {
  private readonly logger = new Logger(ActionPagesService.name);

  constructor(
    private readonly targets: ActionTargets,
    private readonly tokens: ActionFormTokens,
    private readonly channels: ChannelsService,
    private readonly channelRows: ChannelRepository,
    private readonly integrations: IntegrationRepository,
    private readonly adapters: AdapterRegistry,
    private readonly urls: PublicUrls,
  ) {}

  async show(request: ActionRequest): Promise<ActionOutcome> {
    const scope = await this.targets.scope(request);
    const verified = await this.targets.verify(scope, request);
    return withBackUrl(request.backUrl, async () => {
      const form = {
        action: request.action,
        userId: request.userId,
        dfoBrandId: request.dfoBrandId,
        brandIds: scope.brands.map((b) => b.id),
        backUrl: request.backUrl,
        brandName: verified.brand.friendlyName || scope.brands[0]!.name,
        userName: displayName(verified.user),
        apiBaseUrl: scope.apiBaseUrl,
        accessToken: verified.accessToken,
      };
      if (request.action === 'add') {
        const integrations = await this.targets.integrationsForAdd(scope);
        const addForm: ActionForm = { ...form, integrationIds: integrations.map((i) => i.id), channelId: null, newDfoChannelId: randomUUID() };
        return page(200, addPage(this.addView(addForm, this.tokens.issue(addForm), integrations, {}, [])));
      }
      const channel = await this.targets.channel(scope, request.dfoChannelId!);
      const confirmForm: ActionForm = { ...form, integrationIds: [channel.integrationId], channelId: channel.id, newDfoChannelId: null };
      const adapter = this.adapters.get(channel.adapter).descriptor;
      // Reconnecting is also the moment to fix the settings (a rotated token, a new URL): its form shows them.
      const config = request.action === 'reconnect' ? { adapter: formView(adapter), values: formValues(configFormFields(adapter), channel.adapterConfig), problems: [] } : null;
      return page(200, confirmPage(this.confirmView(confirmForm, this.tokens.issue(confirmForm), channel, config)));
    });
  }

  async submit(actionName: string, body: Record<string, unknown>): Promise<ActionOutcome> {
    const action = parseAction(actionName);
    const form = this.tokens.verify(body.formToken, action);
    return withBackUrl(form.backUrl, async () => {
      // The admin acts within the brands whose DFO vouched for them, and in DFO with CXone's token for them.
      const principal: ApiPrincipal = { keyId: null, role: 'admin', brandIds: form.brandIds };
      const access: DfoChannelAccess = { credentials: { kind: 'access_token', apiBaseUrl: form.apiBaseUrl, accessToken: form.accessToken } };
      if (action === 'add') return this.add(form, body.formToken as string, body, principal, access);
      if (action === 'reconnect') {
        const refused = await this.reconnect(form, body, principal, access);
        if (refused) return refused;
      } else {
        await this.channels.remove(principal, form.channelId!, access);
      }
      this.audit(form, form.channelId!);
      return redirect(form.backUrl);
    });
  }

  private async add(form: ActionForm, formToken: string, body: Record<string, unknown>, principal: ApiPrincipal, access: DfoChannelAccess): Promise<ActionOutcome> {
    const choices = { integrationIds: form.integrationIds, adapters: this.adapters.descriptors() };
    const parsed = parseAddChannelForm(body, choices, (adapter, config) => this.adapters.get(adapter).validateConfig(config));
    if (!parsed.ok) {
      // Shown again with the same (still valid) form token; nothing was sent anywhere.
      const integrations = (await this.integrations.list(form.brandIds)).filter((i) => form.integrationIds.includes(i.id));
      return page(400, addPage(this.addView(form, formToken, integrations, parsed.values, parsed.problems)));
    }
    const newChannelId = form.newDfoChannelId!;
    // The same form again (a double click, the back button): its channel is already here, so this is done.
    if (await this.channelRows.findLiveByDfoChannelId(newChannelId)) return redirect(form.backUrl);
    const { integrationId, name, adapter, adapterConfig } = parsed.value;
    try {
      const created = await this.channels.create(principal, integrationId, { name, adapter: adapter as AdapterName, adapterConfig }, { ...access, newChannelId });
      this.audit(form, created.id);
    } catch (err) {
      // A twin submission stored this very channel between our check and our insert: done as well.
      if (!(err instanceof ChannelRegistryError && err.code === 'CHANNEL.DFO_CHANNEL_ID_TAKEN')) throw err;
    }
    return redirect(form.backUrl);
  }

  /**
   * Reconnects with the settings from the form (secrets left empty keep their value). Settings the adapter refuses
   * show the page again with each problem on its field, and nothing changes, in DFO or here.
   */
  private async reconnect(form: ActionForm, body: Record<string, unknown>, principal: ApiPrincipal, access: DfoChannelAccess): Promise<ActionOutcome | null> {
    const channel = await this.channelRows.findById(form.brandIds, form.channelId!);
    const adapter = channel ? this.adapters.get(channel.adapter).descriptor : null;
    if (!channel || !adapter) {
      await this.channels.reconnect(principal, form.channelId!, access);
      return null;
    }
    const fields = configFormFields(adapter);
    // A form without the settings (posted by hand, or from before the page had them) reconnects as it is.
    const adapterConfig = fields.some((f) => f.name in body) ? configFromForm(fields, body) : undefined;
    try {
      await this.channels.reconnect(principal, channel.id, access, adapterConfig);
      return null;
    } catch (err) {
      if (!(err instanceof ValidationFailedError)) throw err;
      const problems = ((err.details.errors as FieldProblem[] | undefined) ?? []).map((p) => problemOnForm(fields, p));
      const config = { adapter: formView(adapter), values: formValues(fields, adapterConfig ?? {}), problems };
      return page(400, confirmPage(this.confirmView(form, body.formToken as string, channel, config)));
    }
  }

  private confirmView(
    form: ActionForm,
    formToken: string,
    channel: { name: string; dfoChannelId: string; adapter: string; status: string },
    config: { adapter: AdapterFormView; values: Record<string, string>; problems: FieldProblem[] } | null,
  ) {
    return {
      action: form.action as 'reconnect' | 'remove',
      submitUrl: this.urls.actionUrl(form.action),
      formToken,
      brandName: form.brandName,
      userName: form.userName,
      channel: { name: channel.name, dfoChannelId: channel.dfoChannelId, adapter: this.adapters.get(channel.adapter).descriptor.title, status: channel.status },
      config,
      backUrl: form.backUrl,
    };
  }

  /** Who changed what from CXone: these changes come with no API key, so the log is their only trace. */
  private audit(form: ActionForm, channelId: string): void {
    this.logger.log({ action: form.action, channelId, brandIds: form.brandIds, dfoBrandId: form.dfoBrandId, cxoneUserId: form.userId }, 'Channel changed from a CXone action page');
  }

  private addView(form: ActionForm, formToken: string, integrations: Array<{ id: string; name: string }>, values: AddChannelValues, problems: FieldProblem[]) {
    return {
      submitUrl: this.urls.actionUrl('add'),
      formToken,
      brandName: form.brandName,
      userName: form.userName,
      integrations: integrations.map((i) => ({ id: i.id, name: i.name })),
      adapters: this.adapters.descriptors().map(formView),
      values,
      problems,
      backUrl: form.backUrl,
    };
  }
}

function formView(descriptor: AdapterDescriptor): AdapterFormView {
  return { name: descriptor.name, label: descriptor.configSchema.title ?? descriptor.title, fields: configFormFields(descriptor) };
}

function displayName(user: DfoUser): string | null {
  const name = [user.firstName, user.surname].filter((part): part is string => typeof part === 'string' && part !== '').join(' ');
  return name === '' ? null : name;
}
