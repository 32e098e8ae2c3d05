// Configuration from the environment, validated once. Demo mode (dev login,
// demo keys, seeded personas) is off unless DEMO_MODE is set; `npm start` sets
// it only on the embedded database without production secrets (startDemoMode).
import { z } from 'zod';

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const perMinute = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const EnvSchema = z.object({
  DEMO_MODE: flag,
  SESSION_SECRET: z.string().min(32, { error: 'SESSION_SECRET 至少 32 个字符' }).optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
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
  RATE_LIMIT_SIGNIN_PER_MINUTE: perMinute(30),
  RATE_LIMIT_CREATE_PER_MINUTE: perMinute(30),
  RATE_LIMIT_CREATE_PER_ADDRESS_PER_MINUTE: perMinute(120),
  TRUST_PROXY_HEADER: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/, { error: 'TRUST_PROXY_HEADER 应为一个请求头名称，如 x-real-ip' })
    .transform((v) => v.toLowerCase())
    .optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** Set to 1 by Vercel in its functions. */
  VERCEL: z.string().optional(),
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
  /** Requests a client may make per minute (see rateLimit.ts), per address and per signed-in user. */
  rateLimits: { signinPerAddress: number; createPerUser: number; createPerAddress: number };
  /**
   * Where the client's address comes from: null, the socket; else the request
   * header a trusted proxy sets (`x-forwarded-for`: the entry `hops` from the right).
   */
  trustProxy: { header: string; hops: number } | null;
}

// Well-known keys, used only in demo mode, so `npm start` needs no setup.
const DEMO_SESSION_SECRET = 'demo-session-secret-not-for-production-use!';
const DEMO_DATA_KEY = Buffer.alloc(32, 'demo-data-key').toString('base64');

const PRODUCTION_SECRETS = ['SESSION_SECRET', 'DATA_KEY'] as const;

/**
 * Whether `npm start` runs in demo mode: as DEMO_MODE says when it is set;
 * otherwise only on the embedded database with no production secret set (a
 * laptop trying the product), never next to a real database or real keys.
 */
export function startDemoMode(env: Record<string, string | undefined>, driver: string): boolean {
  const asked = env.DEMO_MODE?.trim();
  if (asked) return flag.parse(asked);
  return driver === 'pglite' && PRODUCTION_SECRETS.every((k) => !env[k]?.trim());
}

/** What the server prints at start while demo mode is on: it must not go unnoticed. */
export const DEMO_MODE_WARNING = [
  '',
  '  ********************************************************************************',
  '  *  DEMO MODE IS ON: anyone can sign in as any persona, manager included        *',
  '  *  (POST /api/auth/dev), and the session and data keys are public demo keys.   *',
  '  *  For real use set DEMO_MODE=0, SESSION_SECRET and DATA_KEY (README).          *',
  '  ********************************************************************************',
  '',
].join('\n');

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const e = EnvSchema.parse(env);
  if (!e.DEMO_MODE && (!e.SESSION_SECRET || !e.DATA_KEY)) {
    throw new Error(
      'SESSION_SECRET and DATA_KEY must be set outside demo mode (DEMO_MODE=1 runs the demo instead; see README, Configuration)',
    );
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
    rateLimits: {
      signinPerAddress: e.RATE_LIMIT_SIGNIN_PER_MINUTE,
      createPerUser: e.RATE_LIMIT_CREATE_PER_MINUTE,
      createPerAddress: e.RATE_LIMIT_CREATE_PER_ADDRESS_PER_MINUTE,
    },
    // On Vercel the socket is Vercel's proxy; it sets x-vercel-forwarded-for itself.
    trustProxy: e.TRUST_PROXY_HEADER
      ? { header: e.TRUST_PROXY_HEADER, hops: e.TRUST_PROXY_HOPS }
      : e.VERCEL === '1'
        ? { header: 'x-vercel-forwarded-for', hops: 1 }
        : null,
  };
}
