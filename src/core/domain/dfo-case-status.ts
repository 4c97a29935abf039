/**
 * The statuses of a DFO case (docs/dfo-contract.md), one list for every layer: the DFO client sends and reads them, channel
 * settings name the ones that mean "the agent ended it" (`agentClosedStatuses`), and the lifecycle sets one.
 */
export const DFO_CASE_STATUSES = ['new', 'open', 'pending', 'escalated', 'resolved', 'closed', 'trashed'] as const;
export type DfoCaseStatus = (typeof DFO_CASE_STATUSES)[number];
