// The weapp build's API base (miniapp/config/api-base.ts): a production
// mini-program build calls an https:// domain or does not build.
import { describe, expect, it } from 'vitest';
import { DEV_API_BASE_URL, resolveApiBaseUrl } from '../../miniapp/config/api-base';

const weapp = (TARO_APP_API_BASE_URL?: string, NODE_ENV = 'production') => ({ TARO_ENV: 'weapp', NODE_ENV, TARO_APP_API_BASE_URL });

describe('the API base a weapp build bakes in', () => {
  it('takes an https:// domain in a production build', () => {
    expect(resolveApiBaseUrl(weapp('https://qi.example.cn/'))).toBe('https://qi.example.cn');
  });

  it('refuses a production build without TARO_APP_API_BASE_URL, saying what to set', () => {
    expect(() => resolveApiBaseUrl(weapp())).toThrow(/TARO_APP_API_BASE_URL is not set.*https:\/\//);
    expect(() => resolveApiBaseUrl(weapp('  '))).toThrow(/not set/);
  });

  it('refuses http:// in a production build', () => {
    expect(() => resolveApiBaseUrl(weapp('http://qi.example.cn'))).toThrow(/must be https:\/\//);
  });

  it('refuses this machine in a production build, even over https', () => {
    for (const url of ['https://localhost:3000', 'https://127.0.0.1', 'https://[::1]:3000']) {
      expect(() => resolveApiBaseUrl(weapp(url)), url).toThrow(/points at this machine/);
    }
  });

  it('refuses what is not a URL', () => {
    expect(() => resolveApiBaseUrl(weapp('qi.example.cn'))).toThrow(/not a URL/);
  });

  it('lets a development build call the local server, by default or as given', () => {
    expect(resolveApiBaseUrl(weapp(undefined, 'development'))).toBe(DEV_API_BASE_URL);
    expect(resolveApiBaseUrl(weapp('http://192.168.1.5:3000', 'development'))).toBe('http://192.168.1.5:3000');
  });

  it('leaves the H5 build alone: it talks to its own origin', () => {
    expect(resolveApiBaseUrl({ TARO_ENV: 'h5', NODE_ENV: 'production' })).toBe(DEV_API_BASE_URL);
  });
});
