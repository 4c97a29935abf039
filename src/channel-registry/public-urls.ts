import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';

/** The values an admin pastes into CXone's "Bring Your Own Channel" form (docs/dfo-contract.md a.0). */
export interface CxoneFormValues {
  integrationBoxUrl: string;
  authorizationUrl: string;
  addActionUrl: string;
  reconnectActionUrl: string;
  removeActionUrl: string;
}

/** The three action pages CXone opens in the admin's browser (docs/architecture.md §6.2). */
export type ChannelAction = 'add' | 'reconnect' | 'remove';

/** Our public URLs, built from `PUBLIC_BASE_URL`. Channel paths carry the DFO channel id (docs/architecture.md §6.1). */
@Injectable()
export class PublicUrls {
  private readonly base: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = config.app.publicBaseUrl.replace(/\/+$/, '');
  }

  /**
   * The action URLs end in the integration's id, so a page knows which of our integrations CXone opened it for even
   * when one DFO brand has several. It is a path segment rather than `?integration=`: CXone appends its own query
   * (a.5), and how it would join it to a URL that already has one is not known.
   */
  cxoneForm(integrationId: string): CxoneFormValues {
    return {
      integrationBoxUrl: `${this.base}/integration/box`,
      authorizationUrl: `${this.base}/integration/box/1.0/token`,
      addActionUrl: this.actionUrl('add', integrationId),
      reconnectActionUrl: this.actionUrl('reconnect', integrationId),
      removeActionUrl: this.actionUrl('remove', integrationId),
    };
  }

  /** Without an integration id: the plain `/integration/actions/{action}`, where the action forms post to. */
  actionUrl(action: ChannelAction, integrationId?: string): string {
    const url = `${this.base}/integration/actions/${action}`;
    return integrationId === undefined ? url : `${url}/${encodeURIComponent(integrationId)}`;
  }

  webhookUrl(dfoChannelId: string): string {
    return `${this.base}/webhooks/${encodeURIComponent(dfoChannelId)}`;
  }

  widgetSnippet(dfoChannelId: string): string {
    return `<script src="${escapeAttribute(`${this.base}/webchat/widget.js`)}" data-channel="${escapeAttribute(dfoChannelId)}" async></script>`;
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
