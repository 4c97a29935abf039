import { ThreadRow } from './threads-query.repository';
import { toTimers } from './support.mappers';

const now = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const thread = (overrides: Partial<ThreadRow>): ThreadRow => ({ status: 'open', idle_deadline_at: null, close_deadline_at: null, ...overrides }) as ThreadRow;

describe('live timers', () => {
  it('counts down to the idle warning while the thread is open', () => {
    expect(toTimers(thread({ idle_deadline_at: at(42.25) }), now)).toEqual({
      idleDeadlineAt: at(42.25),
      secondsUntilIdleWarning: 42.3,
      closeDeadlineAt: null,
      secondsUntilClose: null,
    });
  });

  it('counts down to the close during the warning, and shows 0 when overdue', () => {
    const timers = toTimers(thread({ status: 'idle_warning', idle_deadline_at: at(-20), close_deadline_at: at(-1) }), now);
    expect(timers).toEqual({ idleDeadlineAt: null, secondsUntilIdleWarning: null, closeDeadlineAt: at(-1), secondsUntilClose: 0 });
  });

  it('has no timers once closed or when no clock runs', () => {
    expect(toTimers(thread({ status: 'closed', idle_deadline_at: at(5), close_deadline_at: at(5) }), now)).toEqual({
      idleDeadlineAt: null,
      secondsUntilIdleWarning: null,
      closeDeadlineAt: null,
      secondsUntilClose: null,
    });
    expect(toTimers(thread({}), now).secondsUntilIdleWarning).toBeNull();
  });
});
