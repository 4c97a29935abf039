/**
 * Checks a thread's DFO case status before an inbound message is forwarded, when the cached one is stale, and closes
 * the thread (reason `agent`) when the agent has ended the case. Bound in `ThreadsModule` to `CaseStatusService`.
 */
export abstract class CaseStatusChecker {
  abstract refreshIfStale(brandId: string, threadId: string): Promise<void>;
}
