import { findInputProblem, INPUT_LIMITS, isIdName } from './input-limits';

describe('findInputProblem', () => {
  it('passes ordinary input, including well-formed emoji (surrogate pairs)', () => {
    expect(findInputProblem({ events: [{ text: 'Hello 🦁', author: { firstName: 'Simba' } }], n: 1, ok: true, none: null }, '')).toBeNull();
  });

  it('names the field holding a NUL character or a lone surrogate, as a JSON path', () => {
    expect(findInputProblem({ events: [{ author: { firstName: 'Si\u0000mba' } }] }, '')).toEqual({
      field: 'events[0].author.firstName',
      message: expect.stringContaining('NUL'),
    });
    expect(findInputProblem({ text: 'a\ud800b' }, '')).toEqual({ field: 'text', message: expect.stringContaining('surrogate') });
    expect(findInputProblem({ text: '\udc00' }, '')).toEqual({ field: 'text', message: expect.stringContaining('surrogate') });
    expect(findInputProblem('x\u0000', 'body')).toEqual({ field: 'body', message: expect.stringContaining('NUL') });
  });

  it('refuses such characters in field names too, without echoing them', () => {
    const problem = findInputProblem({ author: { ['first\u0000Name']: 'x' } }, '');
    expect(problem).toEqual({ field: 'author["first?Name"]', message: expect.stringContaining('field name') });
  });

  it('holds id fields and path parameters to the id length, other strings to the text length', () => {
    const longId = 'x'.repeat(INPUT_LIMITS.maxIdLength + 1);
    expect(findInputProblem({ thread: { idOnExternalPlatform: longId } }, '')).toEqual({ field: 'thread.idOnExternalPlatform', message: 'must be at most 255 characters' });
    expect(findInputProblem({ client_id: longId }, '')?.field).toBe('client_id');
    expect(findInputProblem({ brandIds: ['a', longId] }, '')?.field).toBe('brandIds[1]');
    expect(findInputProblem({ channelId: longId }, '', INPUT_LIMITS, true)?.field).toBe('channelId');
    expect(findInputProblem({ text: longId }, '')).toBeNull();
    expect(findInputProblem({ text: 'x'.repeat(INPUT_LIMITS.maxStringLength + 1) }, '')).toEqual({ field: 'text', message: 'must be at most 100000 characters' });
  });

  it('stops at the depth limit, however deep the document goes', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    const problem = findInputProblem({ messageContent: deep }, '');
    expect(problem?.message).toBe('must not nest deeper than 32 levels');
    expect(problem?.field.startsWith('messageContent.a.a')).toBe(true);
  });

  it('refuses huge arrays and objects, and numbers JSON turned into Infinity', () => {
    expect(findInputProblem({ list: new Array(1001).fill(1) }, '')).toEqual({ field: 'list', message: 'must hold at most 1000 items' });
    expect(findInputProblem(Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 1])), '')?.message).toBe('must have at most 1000 fields');
    expect(findInputProblem(JSON.parse('{"n": 1e400}'), '')).toEqual({ field: 'n', message: 'must be a finite number' });
  });

  it('quotes odd field names in the path, cut short', () => {
    expect(findInputProblem({ 'odd key': { x: '\u0000' } }, '')?.field).toBe('["odd key"].x');
    expect(findInputProblem({ ['k'.repeat(100)]: '\u0000' }, '')?.field).toBe(`["${'k'.repeat(64)}…"]`);
  });

  it('knows id names', () => {
    for (const name of ['id', 'threadId', 'brandIds', 'client_id', 'idOnExternalPlatform', 'clientMessageId']) expect(isIdName(name)).toBe(true);
    for (const name of ['text', 'valid', 'idle', 'identity', 'firstName']) expect(isIdName(name)).toBe(false);
  });
});
