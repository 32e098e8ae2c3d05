// WeChat server API clients (no SDK). Build one access-token provider per
// app and share it: WeChat limits token requests, and a new token replaces the old one.
import { createAccessTokenProvider, type AccessTokenProviderOptions, type WechatConfig, type WechatContext } from './client';
import { code2Session, type WechatSession } from './code2session';
import { sendSubscribeMessage, type SubscribeMessage } from './subscribeMessage';
import { getUnlimitedQrCode, type UnlimitedQrCodeOptions } from './wxacode';

export * from './client';
export * from './code2session';
export * from './subscribeMessage';
export * from './wxacode';

export interface WechatClient {
  readonly context: WechatContext;
  code2Session(code: string): Promise<WechatSession>;
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>;
  getUnlimitedQrCode(options: UnlimitedQrCodeOptions): Promise<Uint8Array>;
}

/** The three calls bound to one config and one shared access-token cache. */
export function createWechatClient(cfg: WechatConfig, options: AccessTokenProviderOptions = {}): WechatClient {
  const context: WechatContext = { ...cfg, tokens: createAccessTokenProvider(cfg, options) };
  return {
    context,
    code2Session: (code) => code2Session(cfg, code),
    sendSubscribeMessage: (message) => sendSubscribeMessage(context, message),
    getUnlimitedQrCode: (opts) => getUnlimitedQrCode(context, opts),
  };
}
