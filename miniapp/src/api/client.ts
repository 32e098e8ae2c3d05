import Taro from '@tarojs/taro'

/** Shown when the request never got an answer (offline, DNS, timeout, TLS…). */
export const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试'

const TOKEN_KEY = 'qi.token'
const AUTH_CHANGED = 'qi:auth-changed'

/**
 * Where the API lives. H5 is served by our own Node server, so it talks to
 * its own origin (`/api/...`); weapp needs an absolute URL, fixed at build
 * time from TARO_APP_API_BASE_URL (config/index.ts).
 */
export function apiBaseUrl(): string {
  if (process.env.TARO_ENV === 'h5') return ''
  return API_BASE_URL.replace(/\/+$/, '')
}

export interface ApiIssue {
  path: string | (string | number)[]
  message: string
}

/** An error the API answered (`{ error: { code, message, issues? } }`), or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly issues: ApiIssue[]

  constructor(status: number, code: string, message: string, issues: ApiIssue[] = []) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.issues = issues
  }
}

// --- the session token ------------------------------------------------------

export function getToken(): string | null {
  const token: unknown = Taro.getStorageSync(TOKEN_KEY)
  return typeof token === 'string' && token !== '' ? token : null
}

export function setToken(token: string | null): void {
  if (token) Taro.setStorageSync(TOKEN_KEY, token)
  else Taro.removeStorageSync(TOKEN_KEY)
  Taro.eventCenter.trigger(AUTH_CHANGED, token !== null)
}

/** Calls `listener` whenever the user signs in or out; returns the unsubscribe. */
export function onAuthChanged(listener: (signedIn: boolean) => void): () => void {
  Taro.eventCenter.on(AUTH_CHANGED, listener)
  return () => {
    Taro.eventCenter.off(AUTH_CHANGED, listener)
  }
}

// --- requests ---------------------------------------------------------------

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  method?: Method
  /** Sent as JSON. */
  body?: unknown
  query?: Record<string, string | number | boolean | null | undefined>
  headers?: Record<string, string>
  /** Show the error's message in a toast (default true). Pages with an error view turn it off. */
  toast?: boolean
}

/** Shows a short message to the user. */
export function showMessage(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
}

function buildQuery(query: RequestOptions['query']): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function errorFrom(status: number, data: unknown): ApiError {
  let body: unknown = data
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body)
    } catch {
      body = undefined
    }
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined
  const message =
    error && typeof error.message === 'string' && error.message
      ? error.message
      : status >= 500
        ? `服务暂时不可用（${status}），请稍后重试`
        : `请求失败（${status}）`
  const code = error && typeof error.code === 'string' ? error.code : `http_${status}`
  const issues = error && Array.isArray(error.issues) ? (error.issues as ApiIssue[]) : []
  return new ApiError(status, code, message, issues)
}

/**
 * One call to the API: JSON in and out, the bearer token when signed in.
 * Resolves with the parsed body of a 2xx; rejects with an ApiError carrying
 * the server's Chinese message (or NETWORK_ERROR_MESSAGE), shown in a toast
 * unless `toast: false`.
 */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, query, headers = {}, toast = true } = options
  const token = getToken()
  const header: Record<string, string> = {
    Accept: 'application/json',
    ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...headers,
  }

  let response: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>
  try {
    response = await Taro.request<TaroGeneral.IAnyObject | string>({
      url: `${apiBaseUrl()}${path}${buildQuery(query)}`,
      method,
      header,
      // An object with Content-Type JSON: Taro serialises it on every platform.
      data: body as TaroGeneral.IAnyObject | undefined,
      dataType: 'json',
      timeout: 15000,
    })
  } catch {
    const error = new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE)
    if (toast) showMessage(error.message)
    throw error
  }

  const { statusCode, data } = response
  if (statusCode >= 200 && statusCode < 300) {
    return data as T
  }

  const error = errorFrom(statusCode, data)
  // A token the server no longer accepts: forget it, so the UI asks to sign in.
  if (statusCode === 401 && token) setToken(null)
  if (toast) showMessage(error.message)
  throw error
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PUT', body: body ?? {} }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, { ...options, method: 'DELETE' }),
}

/**
 * A fresh Idempotency-Key: one per submission, kept and sent again on every
 * retry of that submission, so the server never makes two of it.
 */
export function newIdempotencyKey(): string {
  const random = () => Math.random().toString(36).slice(2, 10).padEnd(8, '0')
  return `mp-${Date.now().toString(36)}-${random()}${random()}`
}

/**
 * Uploads one local file (a temp path from the picker) as multipart, with the
 * token and an Idempotency-Key. Errors as for `request`.
 */
export async function uploadFile<T>(
  path: string,
  file: { filePath: string; field: string; formData?: Record<string, string> },
  options: { headers?: Record<string, string>; toast?: boolean } = {},
): Promise<T> {
  const { headers = {}, toast = true } = options
  const token = getToken()
  let response: Taro.uploadFile.SuccessCallbackResult
  try {
    response = await Taro.uploadFile({
      url: `${apiBaseUrl()}${path}`,
      filePath: file.filePath,
      name: file.field,
      formData: file.formData,
      header: { Accept: 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
      timeout: 60000,
    })
  } catch {
    const error = new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE)
    if (toast) showMessage(error.message)
    throw error
  }
  let data: unknown = response.data
  if (typeof data === 'string') {
    try {
      data = JSON.parse(data)
    } catch {
      /* keep the text */
    }
  }
  if (response.statusCode >= 200 && response.statusCode < 300) return data as T
  const error = errorFrom(response.statusCode, data)
  if (response.statusCode === 401 && token) setToken(null)
  if (toast) showMessage(error.message)
  throw error
}

/**
 * Downloads a file the API serves (a QR code, an export; an attachment through
 * its download link) to a local path: a temp path, or on weapp `saveAs` in the
 * app's user folder, so that the document reader shows (and forwards) the file
 * under its own name. `session: false` sends no token (a download link is its
 * own credential).
 */
export async function downloadFile(path: string, opts: { saveAs?: string; session?: boolean } = {}): Promise<string> {
  const token = opts.session === false ? null : getToken()
  const filePath = opts.saveAs && process.env.TARO_ENV !== 'h5' ? `${Taro.env.USER_DATA_PATH}/${opts.saveAs}` : undefined
  let result: Taro.downloadFile.FileSuccessCallbackResult
  try {
    result = await Taro.downloadFile({
      url: `${apiBaseUrl()}${path}`,
      header: token ? { Authorization: `Bearer ${token}` } : {},
      ...(filePath ? { filePath } : {}),
    })
  } catch {
    throw new ApiError(0, 'network_error', NETWORK_ERROR_MESSAGE)
  }
  if (result.statusCode < 200 || result.statusCode >= 300) {
    // The server says why in its JSON error envelope, which is what was downloaded.
    const reason = errorFrom(result.statusCode, await downloadedJson(filePath ?? result.tempFilePath))
    if (reason.code !== `http_${result.statusCode}`) throw reason
    throw new ApiError(
      result.statusCode,
      `http_${result.statusCode}`,
      result.statusCode === 404 ? '附件不存在或您无权查看' : `下载失败（${result.statusCode}）`,
    )
  }
  return filePath ?? result.tempFilePath
}

/** A downloaded file read as JSON (a failed download holds the error envelope); null when it cannot be read. */
async function downloadedJson(tempFilePath: string): Promise<unknown> {
  try {
    if (process.env.TARO_ENV === 'h5') return await (await fetch(tempFilePath)).json()
    return JSON.parse(String(Taro.getFileSystemManager().readFileSync(tempFilePath, 'utf8')))
  } catch {
    return null
  }
}

/** The message to show for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return NETWORK_ERROR_MESSAGE
}
