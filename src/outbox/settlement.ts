import { DeliveryEntity } from './delivery.entity';

/**
 * What became of a claimed delivery, to be written back by `DeliveryQueue.settle` together with others:
 * - `done` / `skipped`: finished (skipped: the handler decided it no longer mattered);
 * - `retry`: pending again at `nextAttemptAt`, with the reason;
 * - `dead`: given up, with the reason;
 * - `released`: handed back unfinished at shutdown, due at once, the interrupted attempt not counted.
 */
export type Settlement =
  | { delivery: DeliveryEntity; outcome: 'done' | 'skipped' }
  | { delivery: DeliveryEntity; outcome: 'retry'; nextAttemptAt: Date; reason: string }
  | { delivery: DeliveryEntity; outcome: 'dead'; reason: string }
  | { delivery: DeliveryEntity; outcome: 'released' };

/** A claimed batch; `more` says a lane had more to offer than this claim could take. */
export interface ClaimedBatch {
  deliveries: DeliveryEntity[];
  more: boolean;
}
