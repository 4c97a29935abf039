import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EmulatorClock } from '../clock';
import { SANDBOX_AGENT } from '../agent/sandbox-agent';
import { EmulatorTokens } from '../auth/emulator-tokens';
import { DfoApiError } from '../http/dfo-api.error';
import { EmulatorStore } from '../store/emulator.store';
import { EmuCustomFieldDefinition } from '../store/emulator.types';
import { toDfoBrand } from './dfo.mappers';
import { customFieldDefinition, oneTimeTokenVerification, temporaryAttachment } from '../validation/dfo.schemas';
import { validate } from '../validation/schema';
import type { DfoCustomerCustomFieldDefinition, DfoOneTimeTokenVerificationRequest, DfoTemporaryAttachmentRequest } from '../wire.types';

/** Temporary attachments live an hour [INF: DFO's lifetime is not public]. */
const ATTACHMENT_TTL_MS = 60 * 60 * 1000;
const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export interface TemporaryAttachmentFile {
  content: Buffer;
  mimeType: string;
  expiresAt: number;
}

function check(schema: Parameters<typeof validate>[0], body: unknown): void {
  const problems = validate(schema, body);
  if (problems.length) throw DfoApiError.validation(problems);
}

/** a.5 one-time-token verification, b.7 custom field definitions, b.8 temporary attachments. */
@Injectable()
export class MiscService {
  private readonly attachments = new Map<string, TemporaryAttachmentFile>();

  constructor(
    private readonly store: EmulatorStore,
    private readonly tokens: EmulatorTokens,
    private readonly clock: EmulatorClock,
  ) {}

  verifyOneTimeToken(body: unknown): { brand: unknown; user: unknown; accessToken: string } {
    check(oneTimeTokenVerification, body);
    const input = body as DfoOneTimeTokenVerificationRequest;
    const brand = this.store.brand(input.brandId);
    if (!brand || !this.tokens.redeemOneTimeToken(input.token, input.brandId, input.userId, input.purpose)) {
      throw DfoApiError.badRequest('token', 'The one-time token is invalid, expired or already used.', 'INVALID_ONE_TIME_TOKEN');
    }
    const { accessToken } = this.tokens.issue(brand.id, 'one_time_token');
    return { brand: toDfoBrand(brand), user: { ...SANDBOX_AGENT, id: input.userId }, accessToken };
  }

  customerFieldDefinitions(brandId: number): EmuCustomFieldDefinition[] {
    return this.store.customerFieldDefinitions(brandId);
  }

  upsertCustomerFieldDefinition(brandId: number, body: unknown): void {
    check(customFieldDefinition, body);
    const input = body as DfoCustomerCustomFieldDefinition;
    this.store.putCustomerFieldDefinition(brandId, { ...input, isRequired: input.isRequired ?? false, isEditable: input.isEditable ?? true, values: input.values ?? [] });
  }

  contactFieldDefinitions(brandId: number): Array<Record<string, unknown>> {
    return this.store.contactFieldDefinitions(brandId).map((d) => ({
      ident: d.ident, label: d.label, type: d.type, required: d.isRequired, isEditable: d.isEditable, values: d.values,
    }));
  }

  uploadTemporaryAttachment(body: unknown, publicBase: string): { id: string; url: string; expireAt: string } {
    check(temporaryAttachment, body);
    const input = body as DfoTemporaryAttachmentRequest;
    const content = Buffer.from(input.content, 'base64');
    if (content.length === 0 || content.length > MAX_ATTACHMENT_BYTES) {
      throw DfoApiError.badRequest('content', `The file must be between 1 byte and ${MAX_ATTACHMENT_BYTES} bytes.`, 'INVALID_SIZE');
    }
    this.prune();
    const id = randomUUID();
    const expiresAt = this.clock.now().getTime() + ATTACHMENT_TTL_MS;
    this.attachments.set(id, { content, mimeType: input.mimeType, expiresAt });
    return { id, url: `${publicBase}/_emulator/attachments/${id}`, expireAt: new Date(expiresAt).toISOString() };
  }

  attachment(id: string): TemporaryAttachmentFile | undefined {
    const file = this.attachments.get(id);
    return file && file.expiresAt > this.clock.now().getTime() ? file : undefined;
  }

  private prune(): void {
    const now = this.clock.now().getTime();
    for (const [id, file] of this.attachments) if (file.expiresAt <= now) this.attachments.delete(id);
  }
}
