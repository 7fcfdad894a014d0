// The CLI's fake-fal.ai test hook cannot be pointed anywhere but this machine.
import { describe, expect, it } from 'vitest';
import { fakeFalServer } from '../../cli/browser.mjs';

describe('fakeFalServer (RESTYLE_FAKE_FAL_URL)', () => {
  it('is off when unset', () => {
    expect(fakeFalServer(undefined)).toBeNull();
    expect(fakeFalServer('')).toBeNull();
  });

  it('takes a fake server on this machine', () => {
    expect(fakeFalServer('http://127.0.0.1:43123')).toBe('http://127.0.0.1:43123');
    expect(fakeFalServer('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(fakeFalServer('http://[::1]:9000')).toBe('http://[::1]:9000');
  });

  it('refuses anything that could carry the key off the machine', () => {
    for (const v of [
      'https://collector.example',
      'http://10.0.0.5:8080',
      'http://127.0.0.1.evil.example:80',
      'https://127.0.0.1:443',
      'http://user:pw@127.0.0.1:1',
      'http://127.0.0.1:1/path',
      'not a url',
    ]) {
      expect(() => fakeFalServer(v), v).toThrow(/test hook/);
    }
  });
});
