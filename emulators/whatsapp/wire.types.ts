/**
 * WhatsApp Cloud API wire types, written for the emulator from Meta's public reference (Cloud API "Messages",
 * "Media" and "Webhooks" pages). Its own copy: nothing here is shared with the product's adapter, so a misreading on
 * one side shows up as a test failure instead of agreeing with itself.
 */

/** The `error` object of every Graph API failure. */
export interface GraphError {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  error_data?: { messaging_product: 'whatsapp'; details: string };
  fbtrace_id: string;
}

/** `POST /{version}/{phone-number-id}/messages` → 200. */
export interface SendMessageResponse {
  messaging_product: 'whatsapp';
  contacts: Array<{ input: string; wa_id: string }>;
  messages: Array<{ id: string; message_status?: 'accepted' }>;
}

/** `GET /{version}/{media-id}` → 200. */
export interface MediaUrlResponse {
  messaging_product: 'whatsapp';
  url: string;
  mime_type: string;
  sha256: string;
  file_size: number;
  id: string;
}

/** Media in a notification: Meta sends an id to fetch, never the bytes. */
export interface InboundMedia {
  id: string;
  mime_type: string;
  sha256: string;
  caption?: string;
  filename?: string;
}

export interface InboundMessage {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  context?: { from: string; id: string };
  text?: { body: string };
  interactive?:
    | { type: 'button_reply'; button_reply: { id: string; title: string } }
    | { type: 'list_reply'; list_reply: { id: string; title: string; description?: string } };
  button?: { payload: string; text: string };
  image?: InboundMedia;
  document?: InboundMedia;
  audio?: InboundMedia;
  video?: InboundMedia;
  sticker?: InboundMedia;
  reaction?: { message_id: string; emoji: string };
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  [other: string]: unknown;
}

export interface StatusError {
  code: number;
  title: string;
  message: string;
  error_data: { details: string };
}

export interface MessageStatus {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: string;
  recipient_id: string;
  errors?: StatusError[];
}

/** A webhook notification, POSTed to the app's callback URL and signed with `X-Hub-Signature-256`. */
export interface Notification {
  object: 'whatsapp_business_account';
  entry: Array<{
    id: string;
    changes: Array<{
      field: 'messages';
      value: {
        messaging_product: 'whatsapp';
        metadata: { display_phone_number: string; phone_number_id: string };
        contacts?: Array<{ profile: { name: string }; wa_id: string }>;
        messages?: InboundMessage[];
        statuses?: MessageStatus[];
      };
    }>;
  }>;
}
