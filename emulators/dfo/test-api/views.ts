import { EmulatorStore } from '../store/emulator.store';
import { EmuCase, EmuIntegration, EmuMessage } from '../store/emulator.types';

/** What the test API and the agent console show: the emulator's records plus what a human wants next to them. */

export type MessageView = EmuMessage & { text: string };

export type CaseView = EmuCase & {
  channelName: string;
  channelIntegrationId: string | null;
  thread: { idOnExternalPlatform: string; threadName: string; canAddMoreMessages: boolean; customerTyping: { on: boolean; at: string } | null };
  endUserName: string | null;
  lastMessage: { direction: EmuMessage['direction']; text: string; at: string } | null;
  messageCount: number;
};

/** A one-line rendering of any content type, for lists and the console. */
export function summarize(m: Pick<EmuMessage, 'messageContent' | 'attachments'>): string {
  const { type, payload } = m.messageContent;
  const text = type === 'TEXT' && typeof payload.text === 'string' ? payload.text : `[${type}]`;
  const files = m.attachments.map((a) => `📎 ${a.friendlyName}`).join(' ');
  return [text, files].filter(Boolean).join(' ');
}

export function messageView(m: EmuMessage): MessageView {
  return { ...m, text: summarize(m) };
}

export function caseView(store: EmulatorStore, c: EmuCase): CaseView {
  const channel = store.channel(c.channelId);
  const thread = store.thread(c.threadId)!;
  const messages = store.messagesOfCase(c.id);
  const last = messages.at(-1);
  return {
    ...c,
    channelName: channel?.name ?? c.channelId,
    channelIntegrationId: channel?.channelIntegrationId ?? null,
    thread: { idOnExternalPlatform: thread.idOnExternalPlatform, threadName: thread.threadName, canAddMoreMessages: thread.canAddMoreMessages, customerTyping: thread.customerTyping },
    endUserName: c.endUser?.name ?? null,
    lastMessage: last ? { direction: last.direction, text: summarize(last), at: last.createdAt } : null,
    messageCount: messages.length,
  };
}

/** Integrations are listed without their client secret. */
/** Secrets stay in: the client secret, the private key and its password show only as being there. */
export function integrationView(i: EmuIntegration): Omit<EmuIntegration, 'clientSecret' | 'clientCertificate'> & {
  hasClientSecret: boolean;
  clientCertificate: { certificatePem: string; caCertificatePem: string; hasPrivateKey: boolean; hasPrivateKeyPassword: boolean } | null;
} {
  const { clientSecret, clientCertificate: mtls, ...rest } = i;
  const clientCertificate = mtls
    ? { certificatePem: mtls.certificatePem, caCertificatePem: mtls.caCertificatePem, hasPrivateKey: mtls.privateKeyPem !== '', hasPrivateKeyPassword: mtls.privateKeyPassword !== null }
    : null;
  return { ...rest, hasClientSecret: clientSecret !== '', clientCertificate };
}
