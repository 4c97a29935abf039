import { CreateSchema1763700000000 } from './1763700000000-CreateSchema';
import { CreateWebchatEvents1795252992788 } from './1795252992788-CreateWebchatEvents';
import { AddThreadCaseSyncIndex1795253215260 } from './1795253215260-AddThreadCaseSyncIndex';
import { AddIntegrationSecretLifecycle1796531666362 } from './1796531666362-AddIntegrationSecretLifecycle';
import { AddDeliveryHeldQueue1796531873089 } from './1796531873089-AddDeliveryHeldQueue';
import { AddIntegrationMtls1796534223384 } from './1796534223384-AddIntegrationMtls';
import { SpeedUpThreadsUpdatedAt1796534441137 } from './1796534441137-SpeedUpThreadsUpdatedAt';
import { CreateSpentTokens1796534749616 } from './1796534749616-CreateSpentTokens';

/** Every migration, in order. Listed as classes so the same list works from TypeScript (jest) and from dist/. */
export const MIGRATIONS = [
  CreateSchema1763700000000,
  CreateWebchatEvents1795252992788,
  AddThreadCaseSyncIndex1795253215260,
  AddIntegrationSecretLifecycle1796531666362,
  AddDeliveryHeldQueue1796531873089,
  AddIntegrationMtls1796534223384,
  SpeedUpThreadsUpdatedAt1796534441137,
  CreateSpentTokens1796534749616,
];
