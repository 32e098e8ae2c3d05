// Attachments (DB46 Annex B 附件): photos and files the enterprise uploads
// before submitting a need. One check, used by the page before uploading and
// by the server before storing: the same limits, the same Chinese messages.
import { z } from 'zod';
import { MAX_UPLOAD_BYTES } from './contract';
import { IdSchema, isStorableText } from './schemas';

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

/** Formats a byte count for people: 980 B, 12.3 KB, 4.5 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
