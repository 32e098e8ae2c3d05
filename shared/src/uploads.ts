// Attachments (DB46 Annex B 附件): photos and files the enterprise uploads
// before submitting a need. One check, used by the page before uploading and
// by the server before storing: the same limits, the same Chinese messages.
import { z } from 'zod';
import { MAX_UPLOAD_BYTES } from './contract';
import { UPLOAD_PATHS } from './paths';
import { IdSchema, isStorableText, TimestampSchema } from './schemas';

/** Attachments per need (NeedFormSchema allows 9). */
export const MAX_ATTACHMENTS = 9;

/** Accepted types, by MIME type, with the extensions that name them. */
export const UPLOAD_TYPES: Readonly<Record<string, readonly string[]>> = {
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/webp': ['webp'],
  'image/gif': ['gif'],
  'image/heic': ['heic'],
  'application/pdf': ['pdf'],
  'application/msword': ['doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'text/plain': ['txt'],
};

const BY_EXTENSION = new Map(Object.entries(UPLOAD_TYPES).flatMap(([mime, exts]) => exts.map((e) => [e, mime] as const)));

/** The MIME type for a file: its own when accepted, else by its extension (phones often send none). */
export function uploadMime(name: string, given?: string | null): string | null {
  const type = (given ?? '').toLowerCase().split(';')[0]!.trim();
  if (type && UPLOAD_TYPES[type]) return type;
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return BY_EXTENSION.get(ext) ?? null;
}

export const isImageMime = (mime: string): boolean => mime.startsWith('image/');

/** Why a file cannot be uploaded, in Chinese; null when it can. */
export function uploadProblem(file: { name: string; size: number; mime?: string | null }): string | null {
  if (!file.name.trim()) return '附件缺少文件名';
  if (file.name.length > 120) return '附件文件名不能超过 120 个字';
  if (!isStorableText(file.name)) return '附件文件名不能包含换行或控制字符';
  if (!uploadMime(file.name, file.mime)) return '仅支持图片（JPG、PNG、WEBP、GIF、HEIC）、PDF、Word、Excel 和文本文件';
  if (file.size <= 0) return '附件是空文件';
  if (file.size > MAX_UPLOAD_BYTES) return `单个附件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`;
  return null;
}

/** What POST /api/uploads answers: the attachment to put in a need's `attachments`. */
export const UploadSchema = z
  .object({ id: IdSchema, name: z.string(), url: z.string(), size: z.int(), mime: z.string() })
  .meta({ id: 'Upload' });
export type Upload = z.infer<typeof UploadSchema>;

/** How long a download link (GET /api/uploads/{id}/link) works: long enough to open the file, short enough to be no standing address. */
export const FILE_LINK_TTL_SECONDS = 5 * 60;

/** What GET /api/uploads/{id}/link answers: the link, for the caller only, until `expiresAt`. */
export const FileLinkSchema = z
  .object({
    url: z.string().meta({ description: '下载地址（相对本服务），路径以文件名结尾，无需 Authorization 请求头' }),
    expiresAt: TimestampSchema.meta({ description: '链接失效的时间' }),
  })
  .meta({ id: 'FileLink' });
export type FileLink = z.infer<typeof FileLinkSchema>;

/**
 * The file's name as the last segment of its download link: its own, but
 * never a path separator or a dot segment (a browser would resolve those).
 */
export function fileLinkName(name: string): string {
  const safe = name.replace(/[/\\]/g, '_');
  return /^\.*$/.test(safe) ? '附件' : safe;
}

const UPLOAD_URL = new RegExp(`^${UPLOAD_PATHS.upload.replace('{id}', '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})')}$`);

/** The upload an attachment's address names (`/api/uploads/{id}`); null for any other address. */
export function uploadIdOf(url: string): string | null {
  return UPLOAD_URL.exec(url)?.[1] ?? null;
}

/** Formats a byte count for people: 980 B, 12.3 KB, 4.5 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
