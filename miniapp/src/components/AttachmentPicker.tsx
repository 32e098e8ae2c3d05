import { useRef } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Loading } from '@nutui/nutui-react-taro'
import { Close, Link, Photograph } from '@nutui/icons-react-taro'
import {
  formatBytes,
  isImageMime,
  MAX_ATTACHMENTS,
  MAX_UPLOAD_BYTES,
  UPLOAD_TYPES,
  uploadMime,
  uploadProblem,
  type Attachment,
} from '@qi/shared'
import { messageOf, newIdempotencyKey, showMessage, uploadAttachment } from '../api'
import './AttachmentPicker.scss'
import { usePrivacyConsent } from './PrivacyPopup'

/** One attachment on its way: picked, uploading, uploaded, or failed (retry keeps its key). */
export interface AttachmentDraft {
  /** The upload's Idempotency-Key, also the list key. */
  key: string
  name: string
  size: number
  mime: string
  /** The picked file's temp path (a blob: URL on H5), for preview and retry. */
  localPath: string
  status: 'uploading' | 'done' | 'error'
  error?: string
  uploaded?: Attachment
}

interface Picked {
  path: string
  name: string
  size: number
  type?: string
}

const ACCEPT = Object.entries(UPLOAD_TYPES)
  .flatMap(([mime, exts]) => [mime, ...exts.map((e) => `.${e}`)])
  .join(',')

/** Drafts restored from storage: uploads cut short by leaving the page are marked for retry. */
export function restoreAttachments(list: AttachmentDraft[] | undefined): AttachmentDraft[] {
  return (list ?? []).map((a) => (a.status === 'uploading' ? { ...a, status: 'error', error: '上传被中断，请点“重试”' } : a))
}

/** Why the list cannot be sent yet (an upload running or failed), or null. */
export function attachmentsProblem(list: AttachmentDraft[]): string | null {
  if (list.some((a) => a.status === 'uploading')) return '附件还在上传，请稍候再提交'
  if (list.some((a) => a.status === 'error')) return '有附件上传失败，请重试或删除后再提交'
  return null
}

/** The uploaded attachments, as the need's `attachments` field wants them. */
export const uploadedAttachments = (list: AttachmentDraft[]): Attachment[] =>
  list.flatMap((a) => (a.status === 'done' && a.uploaded ? [a.uploaded] : []))

/**
 * 附件: photos (camera or album) and files (PDF, Word, Excel…), each checked
 * with the shared rule, uploaded at once with its own Idempotency-Key, and
 * retried with the same key. `onChange` receives an updater, so uploads that
 * finish in any order never overwrite each other.
 */
export function AttachmentPicker(props: {
  value: AttachmentDraft[]
  onChange: (update: (prev: AttachmentDraft[]) => AttachmentDraft[]) => void
  error?: string
}) {
  const { value, onChange } = props
  const inputRef = useRef<HTMLInputElement | null>(null)
  const left = MAX_ATTACHMENTS - value.length

  const patch = (key: string, change: Partial<AttachmentDraft>) =>
    onChange((prev) => prev.map((a) => (a.key === key ? { ...a, ...change } : a)))

  const upload = async (a: AttachmentDraft) => {
    patch(a.key, { status: 'uploading', error: undefined })
    try {
      const u = await uploadAttachment(a.localPath, a.name, a.key, { toast: false })
      patch(a.key, { status: 'done', uploaded: { name: u.name, url: u.url, size: u.size, mime: u.mime } })
    } catch (e) {
      patch(a.key, { status: 'error', error: messageOf(e) })
    }
  }

  const add = (picked: Picked[]) => {
    const room = picked.slice(0, Math.max(0, left))
    if (picked.length > room.length) showMessage(`附件最多 ${MAX_ATTACHMENTS} 个`)
    const fresh: AttachmentDraft[] = []
    for (const f of room) {
      const problem = uploadProblem({ name: f.name, size: f.size, mime: f.type })
      if (problem) {
        showMessage(`${f.name}：${problem}`)
        continue
      }
      fresh.push({
        key: newIdempotencyKey(),
        name: f.name,
        size: f.size,
        mime: uploadMime(f.name, f.type)!,
        localPath: f.path,
        status: 'uploading',
      })
    }
    if (!fresh.length) return
    onChange((prev) => [...prev, ...fresh])
    for (const a of fresh) void upload(a)
  }

  // weapp: the camera, the album and the chat files wait for consent (WeChat's privacy flow).
  const privacy = usePrivacyConsent()

  // weapp only (H5 picks through the browser's file input below): the H5 build leaves these out,
  // and the Taro APIs they call with them (a constant condition: webpack drops the other branch).
  const weappPickers =
    process.env.TARO_ENV === 'h5'
      ? null
      : {
          photos: async () => {
            try {
              // chooseMedia (chooseImage is deprecated): photos only, from the album or the camera, compressed.
              const res = await Taro.chooseMedia({
                count: Math.min(left, 9),
                mediaType: ['image'],
                sizeType: ['compressed'],
                sourceType: ['album', 'camera'],
              })
              add(
                res.tempFiles.map((f, i) => {
                  const ext = (f.tempFilePath.split('.').pop() ?? 'jpg').toLowerCase()
                  return { path: f.tempFilePath, name: `照片-${Date.now().toString(36)}-${i + 1}.${ext}`, size: f.size }
                }),
              )
            } catch {
              // The user closed the picker.
            }
          },
          files: async () => {
            try {
              const res = await Taro.chooseMessageFile({ count: Math.min(left, 9), type: 'file' })
              add(res.tempFiles.map((f) => ({ path: f.path, name: f.name, size: f.size })))
            } catch {
              // The user closed the picker.
            }
          },
        }

  /** H5: the browser's own file input (photos and files alike). */
  const onInput = (files: FileList | null) => {
    const list = Array.from(files ?? [])
    add(list.map((f) => ({ path: URL.createObjectURL(f), name: f.name, size: f.size, type: f.type })))
    if (inputRef.current) inputRef.current.value = ''
  }

  const remove = (key: string) => onChange((prev) => prev.filter((a) => a.key !== key))

  return (
    <View className="attachments">
      {privacy.popup}
      {value.length > 0 ? (
        <View className="attachments__list">
          {value.map((a) => (
            <View key={a.key} className={`attachments__item attachments__item--${a.status}`} data-attachment={a.name}>
              {isImageMime(a.mime) ? (
                <Image className="attachments__thumb" src={a.localPath} mode="aspectFill" />
              ) : (
                <View className="attachments__thumb attachments__thumb--file">
                  <Link size={20} />
                </View>
              )}
              <View className="attachments__info">
                <Text className="attachments__name">{a.name}</Text>
                <Text className="attachments__meta">
                  {formatBytes(a.size)}
                  {a.status === 'uploading' ? ' · 上传中…' : a.status === 'done' ? ' · 已上传' : ''}
                </Text>
                {a.status === 'error' ? <Text className="attachments__error">{a.error ?? '上传失败'}</Text> : null}
              </View>
              {a.status === 'uploading' ? <Loading type="spinner" /> : null}
              {a.status === 'error' ? (
                <Button size="small" fill="outline" type="primary" onClick={() => void upload(a)}>
                  重试
                </Button>
              ) : null}
              <View className="attachments__remove" onClick={() => remove(a.key)} aria-label={`删除${a.name}`}>
                <Close size={14} />
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {left > 0 ? (
        process.env.TARO_ENV === 'h5' ? (
          <View className="attachments__actions">
            <Button size="small" fill="outline" icon={<Link size={14} />} onClick={() => inputRef.current?.click()}>
              添加照片或文件
            </Button>
            <input
              ref={inputRef}
              className="attachments__input"
              type="file"
              multiple
              accept={ACCEPT}
              aria-label="选择附件"
              onChange={(e) => onInput(e.currentTarget.files)}
            />
          </View>
        ) : (
          <View className="attachments__actions">
            <Button size="small" fill="outline" icon={<Photograph size={14} />} onClick={() => void weappPickers?.photos()}>
              拍照或相册
            </Button>
            <Button size="small" fill="outline" icon={<Link size={14} />} onClick={() => void weappPickers?.files()}>
              从聊天选文件
            </Button>
          </View>
        )
      ) : null}
      <Text className="attachments__hint">
        最多 {MAX_ATTACHMENTS} 个，单个不超过 {MAX_UPLOAD_BYTES / 1024 / 1024} MB；支持图片、PDF、Word、Excel
      </Text>
    </View>
  )
}
