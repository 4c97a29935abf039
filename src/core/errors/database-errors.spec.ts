import { QueryFailedError } from 'typeorm';
import { fromDatabase, isDataError } from './database-errors';

const failed = (code: string) => new QueryFailedError('INSERT INTO messages ...', ['secret text'], Object.assign(new Error('boom'), { code }));

describe('fromDatabase', () => {
  it('turns data exceptions and size limits into a 400 that names no value', () => {
    for (const code of ['22021', '22P02', '22P05', '22003', '54000', '54001']) {
      const error = fromDatabase(failed(code));
      expect(error).toMatchObject({ code: 'REQUEST.INVALID_DATA', status: 400 });
      expect(JSON.stringify(error!.responseBody('c-1'))).not.toContain('secret text');
    }
  });

  it('leaves other failures to the filter (a unique violation, a lost connection, any non-database error)', () => {
    expect(fromDatabase(failed('23505'))).toBeUndefined();
    expect(fromDatabase(failed('08006'))).toBeUndefined();
    expect(fromDatabase(Object.assign(new Error('x'), { code: '22021' }))).toBeUndefined();
    expect(isDataError(undefined)).toBe(false);
  });
});
