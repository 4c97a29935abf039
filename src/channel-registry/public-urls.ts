import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { APP_CONFIG } from '../core/config/config.module';

/** The values an admin pastes into CXone's "Bring Your Own Channel" form (dfo-contract.md a.0). */
export interface CxoneFormValues {
  integrationBoxUrl: string;
  authorizationUrl: string;
  addActionUrl: string;
  reconnectActionUrl: string;
  removeActionUrl: string;
}

/** Our public URLs, built from `PUBLIC_BASE_URL`. Channel paths carry the DFO channel id (architecture.md §6.1). */
@Injectable()
export class PublicUrls {
  private readonly base: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.base = config.app.publicBaseUrl.replace(/\/+$/, '');
  }

  cxoneForm(): CxoneFormValues {
    return {
      integrationBoxUrl: `${this.base}/integration/box`,
      authorizationUrl: `${this.base}/integration/box/1.0/token`,
      addActionUrl: `${this.base}/integration/actions/add`,
      reconnectActionUrl: `${this.base}/integration/actions/reconnect`,
      removeActionUrl: `${this.base}/integration/actions/remove`,
    };
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
