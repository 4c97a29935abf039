import { affectedRows, returnedRows } from './sql-result';

describe('query results', () => {
  it('reads the rows of an UPDATE/DELETE ... RETURNING ([rows, count]) and of a SELECT (rows) alike', () => {
    expect(returnedRows<{ id: string }>([[{ id: 'a' }, { id: 'b' }], 2])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(returnedRows<{ id: string }>([{ id: 'a' }, { id: 'b' }])).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(returnedRows([[], 0])).toEqual([]);
  });

  it('counts the rows an UPDATE/DELETE changed, not the length of the pair', () => {
    expect(affectedRows([[{ id: 'a' }, { id: 'b' }, { id: 'c' }], 3])).toBe(3);
    expect(affectedRows([[], 5])).toBe(5);
    expect(affectedRows([[], 0])).toBe(0);
    expect(affectedRows([{ id: 'a' }, { id: 'b' }])).toBe(0);
  });
});
