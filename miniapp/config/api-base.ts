/**
 * The API base the weapp build bakes in (TARO_APP_API_BASE_URL). WeChat only
 * lets a released mini-program call https:// request domains registered in its
 * console, so a production weapp build refuses anything else; a development
 * build (`npm run dev:weapp`, NODE_ENV=development) may call a local server.
 * H5 talks to its own origin and ignores the setting.
 */
export const DEV_API_BASE_URL = 'http://localhost:3000'

export interface ApiBaseEnv {
  TARO_ENV?: string
  NODE_ENV?: string
  TARO_APP_API_BASE_URL?: string
}

function isLocalhost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '')
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\./.test(h)
}

/** The URL to build with; throws (failing the build) when a production weapp build has no usable one. */
export function resolveApiBaseUrl(env: ApiBaseEnv): string {
  const raw = env.TARO_APP_API_BASE_URL?.trim() ?? ''
  const production = env.NODE_ENV !== 'development'
  if (env.TARO_ENV !== 'weapp' || !production) return raw || DEV_API_BASE_URL
  const fail = (why: string): never => {
    throw new Error(
      `[weapp] ${why}. A production mini-program build needs TARO_APP_API_BASE_URL=https://<the API's domain> ` +
        '(a request domain registered in the mini-program console, with ICP filing); ' +
        'for a local server use the development build: npm run dev:weapp --workspace miniapp',
    )
  }
  if (!raw) return fail('TARO_APP_API_BASE_URL is not set')
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return fail(`TARO_APP_API_BASE_URL is not a URL: "${raw}"`)
  }
  if (url.protocol !== 'https:') return fail(`TARO_APP_API_BASE_URL must be https://, got "${raw}"`)
  if (isLocalhost(url.hostname)) return fail(`TARO_APP_API_BASE_URL points at this machine ("${raw}")`)
  return raw.replace(/\/+$/, '')
}
