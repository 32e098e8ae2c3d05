// A user's consent to the 隐私保护指引 and 用户协议 in force (the versions of
// privacyDocs.ts): what the API records and answers.
import { z } from 'zod';
import { CONSENT_CHANNELS, PRIVACY_DOCUMENT_KINDS, PRIVACY_DOCUMENTS } from './privacyDocs';
import { TimestampSchema } from './schemas';

const VersionText = z
  .string({ error: '请提供文件版本' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}(\.\d{1,3})?$/, { error: '文件版本格式有误' });

export const ConsentInputSchema = z
  .strictObject({
    privacyVersion: VersionText,
    termsVersion: VersionText,
    channel: z.enum(CONSENT_CHANNELS, { error: '同意渠道须为 weapp 或 h5' }),
  })
  .meta({ id: 'ConsentInput' });
export type ConsentInput = z.infer<typeof ConsentInputSchema>;

const DocumentSchema = z.object({ version: z.string(), title: z.string() });

export const ConsentStatusSchema = z
  .object({
    /** The documents in force. */
    documents: z.object(
      Object.fromEntries(PRIVACY_DOCUMENT_KINDS.map((k) => [k, DocumentSchema])) as Record<
        keyof typeof PRIVACY_DOCUMENTS,
        typeof DocumentSchema
      >,
    ),
    /** The caller's last consent in force (null: never given, or withdrawn). */
    agreed: z
      .object({
        privacyVersion: z.string(),
        termsVersion: z.string(),
        channel: z.enum(CONSENT_CHANNELS),
        at: TimestampSchema,
      })
      .nullable(),
    /** True while the caller has not agreed to the versions in force: the app asks before going on. */
    needed: z.boolean(),
  })
  .meta({ id: 'ConsentStatus' });
export type ConsentStatus = z.infer<typeof ConsentStatusSchema>;
