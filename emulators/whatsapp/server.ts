import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphFailure, graphErrors } from './graph-errors';
import { WhatsappEmulatorState } from './emulator-state';
import { send } from './http-json';
import { validateSend } from './send-validation';
import { handleTestApi } from './test-api';
import { MediaUrlResponse } from './wire.types';

export interface WhatsappEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the test API has no authentication. */
  host?: string;
}

export interface WhatsappEmulator {
  /** The root, e.g. `http://127.0.0.1:4020`. */
  url: string;
  /** A channel's `graphApiBaseUrl`: `<url>/v21.0`. */
  graphApiBaseUrl: string;
  /** The test API: `<url>/_emulator`. */
  testApiUrl: string;
  state: WhatsappEmulatorState;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 20 * 1024 * 1024;
const GRAPH_PATH = /^\/(v\d+\.\d+)\/([^/]+)(\/messages)?$/;

/**
 * The WhatsApp Cloud API emulator: the Graph API's message and media endpoints for the phone numbers registered
 * through the test API, and signed webhook deliveries to each number's app. Plain `node:http`, no framework.
 */
export async function startWhatsappEmulator(options: WhatsappEmulatorOptions = {}): Promise<WhatsappEmulator> {
  let root = '';
  const state = new WhatsappEmulatorState(() => root);
  const server: Server = createServer((req, res) => {
    handle(state, req, res).catch((err: unknown) => send(res, 500, { error: { message: err instanceof Error ? err.message : 'emulator failure', type: 'OAuthException', code: 1 } }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  root = `http://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    url: root,
    graphApiBaseUrl: `${root}/v21.0`,
    testApiUrl: `${root}/_emulator`,
    state,
    close: async () => {
      await state.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

async function handle(state: WhatsappEmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const body = await readBody(req);
  if (url.pathname.startsWith('/_emulator/')) return handleTestApi(state, req.method ?? 'GET', url, body, res);
  try {
    if (req.method === 'GET' && url.pathname.startsWith('/_media/')) return download(state, url.pathname.slice('/_media/'.length), req, res);
    const match = GRAPH_PATH.exec(url.pathname);
    if (match && match[3] && req.method === 'POST') return sendMessage(state, match[2]!, req, body, res);
    if (match && !match[3] && req.method === 'GET') return mediaUrl(state, match[2]!, req, res);
    send(res, 400, graphErrors.unknownObject(url.pathname).body());
  } catch (err) {
    if (!(err instanceof GraphFailure)) throw err;
    send(res, err.status, err.body());
  }
}

function sendMessage(state: WhatsappEmulatorState, phoneNumberId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const phone = state.authorize(phoneNumberId, req.headers.authorization);
  const fault = state.takeFault('messages');
  if (fault) throw fault;
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) throw graphErrors.notJson();
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw graphErrors.notJson();
  }
  const request = validateSend(parsed);
  if (request.kind === 'read') {
    state.reads.push({ phoneNumberId, messageId: request.messageId, typing: request.typing, at: new Date(state.now()).toISOString() });
    return send(res, 200, { success: true });
  }
  send(res, 200, state.send(phone, request));
}

/** `GET /{version}/{media-id}`: the short-lived URL to download the bytes from, with the same token. */
function mediaUrl(state: WhatsappEmulatorState, mediaId: string, req: IncomingMessage, res: ServerResponse): void {
  const media = state.findMedia(mediaId);
  if (!media) throw graphErrors.unknownObject(mediaId);
  state.authorize(media.phoneNumberId, req.headers.authorization);
  const fault = state.takeFault('media');
  if (fault) throw fault;
  const answer: MediaUrlResponse = { messaging_product: 'whatsapp', url: state.mediaUrl(mediaId), mime_type: media.mimeType, sha256: media.sha256, file_size: media.bytes.length, id: mediaId };
  send(res, 200, answer);
}

function download(state: WhatsappEmulatorState, mediaId: string, req: IncomingMessage, res: ServerResponse): void {
  const media = state.findMedia(mediaId);
  if (!media) return send(res, 404, { error: { message: 'Media not found', type: 'OAuthException', code: 100 } });
  state.authorize(media.phoneNumberId, req.headers.authorization);
  const fault = state.takeFault('download');
  if (fault) throw fault;
  res.writeHead(200, { 'content-type': media.mimeType, 'content-length': media.bytes.length });
  res.end(media.bytes);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
