import { corsHeaders, decideOrigin } from './webchat-cors';

describe('web chat CORS', () => {
  const own = ['http://bridge.test', 'http://127.0.0.1:3000'];

  it('allows the channel allowlist and our own origins, whatever the case or default port', () => {
    expect(decideOrigin('https://Shop.example:443', ['https://shop.example'], own)).toEqual({ kind: 'allowed', origin: 'https://Shop.example:443' });
    expect(decideOrigin('http://127.0.0.1:3000', [], own)).toMatchObject({ kind: 'allowed' });
  });

  it('calls everything else foreign, including "null" and look-alikes', () => {
    expect(decideOrigin('https://evil.example', ['https://shop.example'], own).kind).toBe('foreign');
    expect(decideOrigin('https://shop.example.evil.example', ['https://shop.example'], own).kind).toBe('foreign');
    expect(decideOrigin('http://shop.example', ['https://shop.example'], own).kind).toBe('foreign');
    expect(decideOrigin('null', ['https://shop.example'], own).kind).toBe('foreign');
  });

  it('has nothing to say without an Origin header', () => {
    expect(decideOrigin(undefined, [], own)).toEqual({ kind: 'none' });
  });

  it('answers preflights with the methods and headers the widget uses', () => {
    expect(corsHeaders('https://shop.example', true)).toEqual({
      'access-control-allow-origin': 'https://shop.example',
      'access-control-expose-headers': 'Retry-After, X-Correlation-Id',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'Authorization, Content-Type, Last-Event-ID',
      'access-control-max-age': '600',
    });
    expect(corsHeaders('https://shop.example', false)).not.toHaveProperty('access-control-allow-methods');
  });
});
