import { ThreadsError } from '../threads.errors';
import { decodeCursor, encodeCursor } from './cursor';

describe('page cursors', () => {
  const shape = { u: 'timestamp', i: 'uuid' } as const;
  const key = { u: '2026-01-02T03:04:05.123456Z', i: '0b6f2a52-3c1e-4a0e-9e43-6d2b0c1f9a11' };

  it('round-trips the sort key', () => {
    expect(decodeCursor(encodeCursor(key), shape)).toEqual(key);
  });

  it.each([
    ['garbage', 'not base64 json'],
    ['a wrong timestamp', encodeCursor({ ...key, u: '2026-01-02' })],
    ['an impossible date', encodeCursor({ ...key, u: '2026-13-45T03:04:05.123456Z' })],
    ['a non-uuid id', encodeCursor({ ...key, i: "1' OR 1=1" })],
    ['a missing field', encodeCursor({ u: key.u })],
  ])('refuses %s with a 400 naming the cursor', (_, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor, shape);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ThreadsError);
    expect((error as ThreadsError).code).toBe('CURSOR.INVALID');
    expect((error as ThreadsError).status).toBe(400);
    expect((error as ThreadsError).details.field).toBe('cursor');
  });
});
