// Configuration from the environment, validated once. Demo mode (dev login,
// demo keys, seeded personas) is off unless DEMO_MODE is set; `npm start` sets it.
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  DEMO_MODE: flag,
  SESSION_SECRET: z.string().min(32, { error: 'SESSION_SECRET 至少 32 个字符' }).optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
  DATA_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, { error: 'DATA_KEY 须为 32 字节密钥的 base64' })
    .optional(),
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  WECHAT_API_BASE_URL: z.url().optional(),
  PUBLIC_BASE_URL: z.url().optional(),
  CRON_SECRET: z.string().min(16, { error: 'CRON_SECRET 至少 16 个字符' }).optional(),
  WECHAT_TEMPLATE_NEED_STATUS: z.string().min(1).max(128).optional(),
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).optional(),
});

export interface AppConfig {
  demoMode: boolean;
  sessionSecret: string;
  sessionTtlSeconds: number;
  /** 32-byte AES-256-GCM key for contact names and phone numbers at rest. */
  dataKey: Buffer;
  wechat: { appId: string; appSecret: string; baseUrl?: string } | null;
  publicBaseUrl: string | null;
  /** Bearer secret of the scheduled tick (Vercel sends it as `Authorization: Bearer …`); null: the tick is off. */
  cronSecret: string | null;
  /** Subscribe-message template ids by purpose; null: that message is not sent. */
  wechatTemplates: { needStatus: string | null };
  /** Which mini-program version a message card opens. */
  wechatMiniprogramState: 'developer' | 'trial' | 'formal';
}

// Well-known keys, used only in demo mode, so `npm start` needs no setup.
const DEMO_SESSION_SECRET = 'demo-session-secret-not-for-production-use!';
const DEMO_DATA_KEY = Buffer.alloc(32, 'demo-data-key').toString('base64');

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const e = EnvSchema.parse(env);
  if (!e.DEMO_MODE && (!e.SESSION_SECRET || !e.DATA_KEY)) {
    throw new Error('SESSION_SECRET and DATA_KEY must be set outside demo mode (see README, Configuration)');
  }
  return {
    demoMode: e.DEMO_MODE,
    sessionSecret: e.SESSION_SECRET ?? DEMO_SESSION_SECRET,
    sessionTtlSeconds: e.SESSION_TTL_HOURS * 3600,
    dataKey: Buffer.from(e.DATA_KEY ?? DEMO_DATA_KEY, 'base64'),
    wechat:
      e.WECHAT_APP_ID && e.WECHAT_APP_SECRET
        ? { appId: e.WECHAT_APP_ID, appSecret: e.WECHAT_APP_SECRET, baseUrl: e.WECHAT_API_BASE_URL }
        : null,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? null,
    cronSecret: e.CRON_SECRET ?? null,
    wechatTemplates: { needStatus: e.WECHAT_TEMPLATE_NEED_STATUS ?? null },
    wechatMiniprogramState: e.WECHAT_MINIPROGRAM_STATE ?? 'formal',
  };
}
