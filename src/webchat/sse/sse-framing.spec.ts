import { formatSseComment, formatSseEvent, formatSseRetry, parseLastEventId } from './sse-framing';

describe('SSE framing', () => {
  it('writes id, event and data lines and ends the event with a blank line', () => {
    expect(formatSseEvent({ id: '42', event: 'message', data: '{"text":"hi"}' })).toBe('id: 42\nevent: message\ndata: {"text":"hi"}\n\n');
  });

  it('splits multi-line data into one data line per line, whatever the line ending', () => {
    expect(formatSseEvent({ data: 'a\nb\r\nc\rd' })).toBe('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('refuses an id or event name that would break the framing', () => {
    expect(() => formatSseEvent({ id: '1\n2', data: 'x' })).toThrow();
    expect(() => formatSseEvent({ event: 'a\rb', data: 'x' })).toThrow();
  });

  it('writes comments and retry on their own lines', () => {
    expect(formatSseComment('ping\nnow')).toBe(': ping now\n\n');
    expect(formatSseRetry(3000.7)).toBe('retry: 3000\n\n');
  });

  it('accepts only bigserial-like Last-Event-IDs', () => {
    expect(parseLastEventId('17')).toBe('17');
    expect(parseLastEventId(['0009'])).toBe('9');
    expect(parseLastEventId('0')).toBe('0');
    expect(parseLastEventId(' 5 ')).toBe('5');
    expect(parseLastEventId('abc')).toBeNull();
    expect(parseLastEventId('-1')).toBeNull();
    expect(parseLastEventId('12345678901234567890')).toBeNull();
    expect(parseLastEventId(undefined)).toBeNull();
  });
});
