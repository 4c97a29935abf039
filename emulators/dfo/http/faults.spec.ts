import { CallLog, redactSecrets } from './call-log';
import { FaultInjector } from './faults';

const now = new Date('2026-01-01T00:00:00.000Z');

describe('FaultInjector', () => {
  it('answers the next N matching calls, oldest fault first, then lets calls through', () => {
    const faults = new FaultInjector();
    const first = faults.add({ path: '/messages', method: 'post', status: 503, count: 2 }, now);
    faults.add({ path: '/messages', status: 500, count: 1 }, now);
    expect(faults.take('GET', '/dfo/3.0/channels/c1/messages')?.status).toBe(500);
    expect(faults.take('POST', '/dfo/3.0/channels/c1/messages')?.id).toBe(first.id);
    expect(faults.take('POST', '/dfo/3.0/channels/c1/messages')?.id).toBe(first.id);
    expect(faults.take('POST', '/dfo/3.0/channels/c1/messages')).toBeNull();
    expect(faults.list().map((f) => [f.remaining, f.hits])).toEqual([[0, 2], [0, 1]]);
  });

  it('matches globs: * within a segment, ** across segments', () => {
    const faults = new FaultInjector();
    faults.add({ path: '/dfo/3.0/channels/*/messages', status: 429, count: 10 }, now);
    faults.add({ path: '/dfo/3.0/**/status', latencyMs: 5, count: 10 }, now);
    expect(faults.take('POST', '/dfo/3.0/channels/c1/messages')?.status).toBe(429);
    expect(faults.take('POST', '/dfo/3.0/channels/c1/messages/m1/status')?.latencyMs).toBe(5);
    expect(faults.take('POST', '/dfo/3.0/channels/c1/x/messages')).toBeNull();
  });
});

describe('CallLog', () => {
  it('never keeps secrets or tokens', () => {
    expect(redactSecrets({ grant_type: 'client_credentials', client_id: 'id', client_secret: 'abc', nested: [{ access_token: 'xyz' }] })).toEqual({
      grant_type: 'client_credentials', client_id: 'id', client_secret: '[redacted 3 chars]', nested: [{ access_token: '[redacted 3 chars]' }],
    });
  });

  it('filters by direction, method, path and id', () => {
    const log = new CallLog();
    const base = { at: now.toISOString(), query: '', authorization: 'none', requestBody: null, status: 200, responseBody: null, durationMs: 1, faultId: null, error: null, context: null, correlationId: null };
    log.record({ ...base, direction: 'in', method: 'POST', path: '/dfo/3.0/channels/c1/messages' });
    log.record({ ...base, direction: 'out', method: 'POST', path: 'http://mw/integration/box/2.0/channel/c1/outbound' });
    log.record({ ...base, direction: 'in', method: 'GET', path: '/dfo/3.0/contacts/1' });
    expect(log.list({ direction: 'in' }).map((c) => c.id)).toEqual([1, 3]);
    expect(log.list({ method: 'post', path: 'outbound' }).map((c) => c.id)).toEqual([2]);
    expect(log.list({ afterId: 1, limit: 1 }).map((c) => c.id)).toEqual([3]);
  });
});
