/**
 * Words of the conversation model that every layer speaks: the platform adapters (to tell the platform why a
 * conversation ended), the threads that own the state, and the web chat product.
 */
export type ClosedReason = 'agent' | 'idle_timeout' | 'customer' | 'admin';
