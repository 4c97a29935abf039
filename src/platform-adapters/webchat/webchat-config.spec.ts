import { normalizeOrigin, readWebchatConfig, validateWebchatConfig } from './webchat-config';

describe('web chat config', () => {
  it('accepts origins, a title, a welcome text and a colour', () => {
    expect(validateWebchatConfig({ allowedOrigins: ['https://shop.example', 'http://localhost:8080'], title: 'Hi', welcomeText: 'Hello', themeColor: '#12aBef' })).toEqual([]);
    expect(validateWebchatConfig({})).toEqual([]);
  });

  it('names every bad field', () => {
    const problems = validateWebchatConfig({ allowedOrigins: ['https://shop.example/path', 'ftp://x', 42], themeColor: 'red', title: 'x'.repeat(81), secret: 'no' });
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(expect.arrayContaining([
      { field: 'adapterConfig.secret', message: 'is not a web chat setting' },
      { field: 'adapterConfig.allowedOrigins[0]', message: expect.stringContaining('origin') },
      { field: 'adapterConfig.allowedOrigins[1]', message: expect.stringContaining('origin') },
      { field: 'adapterConfig.allowedOrigins[2]', message: expect.stringContaining('origin') },
      { field: 'adapterConfig.title', message: expect.any(String) },
      { field: 'adapterConfig.themeColor', message: expect.any(String) },
    ]));
    expect(validateWebchatConfig({ allowedOrigins: 'https://shop.example' })).toEqual([{ field: 'adapterConfig.allowedOrigins', message: expect.any(String) }]);
  });

  it('normalises origins the way browsers send them', () => {
    expect(normalizeOrigin('HTTPS://Shop.Example:443')).toBe('https://shop.example');
    expect(normalizeOrigin('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(normalizeOrigin('https://user:pw@shop.example')).toBeNull();
    expect(normalizeOrigin('https://shop.example/?q')).toBeNull();
    expect(normalizeOrigin('null')).toBeNull();
  });

  it('reads a stored config defensively', () => {
    expect(readWebchatConfig({ allowedOrigins: ['https://A.example', 'junk', 3], themeColor: 'blue', title: 'T' })).toEqual({
      allowedOrigins: ['https://a.example'],
      title: 'T',
      welcomeText: undefined,
      themeColor: undefined,
    });
  });
});
