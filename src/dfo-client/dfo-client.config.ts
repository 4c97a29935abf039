import { AppConfig } from '../core/config/app-config';

/** The `dfo` namespace of the configuration, injected on its own so the client's classes can be built in unit tests. */
export type DfoClientConfig = AppConfig['dfo'];
export const DFO_CONFIG = Symbol('DFO_CONFIG');
