import type { Linter } from 'eslint';

/** The modules of src/, bottom layer first (docs/architecture.md §2). */
export declare const LAYERS: string[][];
/** The flat-config blocks that check the import boundaries. */
export declare const boundaryConfigs: Linter.Config[];
