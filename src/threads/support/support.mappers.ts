import { DeliveryAttemptResponse, MessageResponse } from './dto/message.response';
import { DeliveryResponse } from './dto/delivery.response';
import { ThreadEventResponse } from './dto/event.response';
import { EndUserResponse, RecipientResponse, ThreadSummaryResponse, ThreadTimersResponse } from './dto/thread.response';
import { DeliveryRow } from './deliveries-query.repository';
import { ThreadRow } from './threads-query.repository';
import { DeliveryAttemptRow, EndUserRow, EventRow, MessageRow, RecipientRow } from './thread-timeline.repository';

/** Response mappers: each lists the fields the support API exposes, so a new column is not exposed by accident. */
export function toThreadSummary(row: ThreadRow): ThreadSummaryResponse {
  return {
    id: row.id,
    brandId: row.brand_id,
    channelId: row.channel_id,
    externalThreadId: row.id_on_external_platform,
    dfoThreadRef: row.dfo_thread_ref,
    endUserId: row.end_user_id,
    status: row.status,
    closedReason: row.closed_reason,
    dfoContactId: row.dfo_contact_id,
    dfoCaseStatus: row.dfo_case_status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    lastCustomerActivityAt: row.last_customer_activity_at,
    lastAgentActivityAt: row.last_agent_activity_at,
  };
}

/** Live timers: only the clock that can fire in the thread's state counts (the idle clock while open, the countdown during the warning). */
export function toTimers(row: ThreadRow, now: Date): ThreadTimersResponse {
  const secondsUntil = (at: Date | null) => (at === null ? null : Math.max(0, Math.round((new Date(at).getTime() - now.getTime()) / 100) / 10));
  const idleDeadlineAt = row.status === 'open' ? row.idle_deadline_at : null;
  const closeDeadlineAt = row.status === 'idle_warning' ? row.close_deadline_at : null;
  return { idleDeadlineAt, secondsUntilIdleWarning: secondsUntil(idleDeadlineAt), closeDeadlineAt, secondsUntilClose: secondsUntil(closeDeadlineAt) };
}

export function toEndUser(row: EndUserRow): EndUserResponse {
  return {
    id: row.id,
    idOnExternalPlatform: row.id_on_external_platform,
    firstName: row.first_name,
    lastName: row.last_name,
    nickname: row.nickname,
    imageUrl: row.image_url,
  };
}

export function toRecipient(row: RecipientRow): RecipientResponse {
  return { idOnExternalPlatform: row.id_on_external_platform, name: row.name, isPrimary: row.is_primary, isPrivate: row.is_private };
}

export function toDeliveryAttempt(row: DeliveryAttemptRow): DeliveryAttemptResponse {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    completedAt: row.completed_at,
    createdAt: row.created_at,
  };
}

export function toMessage(row: MessageRow, deliveries: DeliveryAttemptRow[]): MessageResponse {
  return {
    id: row.id,
    direction: row.direction,
    idOnExternalPlatform: row.id_on_external_platform,
    platformMessageId: row.platform_message_id,
    authorKind: row.author_kind,
    agent: row.agent ? { ...row.agent } : null,
    content: { ...row.content },
    attachments: row.attachments.map((a) => ({ url: a.url, name: a.name })),
    status: row.status,
    statusReason: row.status_reason,
    platformCreatedAt: row.platform_created_at,
    createdAt: row.created_at,
    deliveries: deliveries.map(toDeliveryAttempt),
  };
}

export function toEvent(row: EventRow): ThreadEventResponse {
  return { id: row.id, type: row.type, data: row.data, createdAt: row.created_at };
}

export function toDelivery(row: DeliveryRow): DeliveryResponse {
  return {
    ...toDeliveryAttempt(row),
    brandId: row.brand_id,
    channelId: row.channel_id,
    threadId: row.thread_id,
    messageId: row.message_id,
    updatedAt: row.updated_at,
  };
}
