import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { CreateNeedSchema, type NeedDetail } from '@qi/shared'
import { ApiError, createNeed, messageOf, newIdempotencyKey, showMessage } from '../../api'
import { attachmentsProblem } from '../../components/AttachmentPicker'
import { firstInvalid } from '../../components/formErrors'
import { SignInPrompt } from '../../components/SignInPrompt'
import { useForm } from '../../hooks/useForm'
import { useMe } from '../../hooks/useMe'
import { useStoredState } from '../../hooks/useStoredState'
import { profilePage } from '../../links'
import { draftHasContent, draftToBody, emptyDraft, NEED_DRAFT_KEY, prefill, restoreDraft, type NeedDraft } from './draft'
import { OutcomeAlert, type Outcome } from './OutcomeAlert'
import { Receipt } from './Receipt'
import { ContactSection, ContentSection, TimingSection } from './Sections'
import './index.scss'
import { usePrivacyConsent } from '../../components/PrivacyPopup'

/** The form's fields in page order (for "the first field to fix"). */
const FIELD_ORDER = [
  'title',
  'categories',
  'items',
  'description',
  'applicant',
  'contactName',
  'contactPhone',
  'desiredReplyBy',
  'attachments',
  'stationId',
]

/**
 * 需求登记: the draft (kept in storage while typed), checked with the shared
 * schema, sent once under one Idempotency-Key however often it is retried,
 * and answered with the receipt.
 */
export default function NeedFormPage() {
  const { params } = useRouter()
  const me = useMe()
  const [draft, setDraft, clearDraft] = useStoredState<NeedDraft>(NEED_DRAFT_KEY, emptyDraft, restoreDraft)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' })
  const [receipt, setReceipt] = useState<NeedDetail | null>(null)

  // "申请此服务" and a station's "在此提交需求" pre-fill the draft (without losing what was typed).
  useEffect(() => {
    setDraft((d) => prefill(d, { category: params.category, item: params.item, stationId: params.stationId }))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opening of the page
  }, [])

  // Who applies and who to contact: the account's enterprise and name, unless typed already.
  useEffect(() => {
    if (me.status !== 'ready') return
    setDraft((d) => ({
      ...d,
      applicant: d.applicant || me.me.enterprise?.name || '',
      contactName: d.contactName || (me.me.user.name !== '微信用户' ? me.me.user.name : ''),
    }))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the account arrives: later renders must not overwrite typing
  }, [me.status])

  const consent = usePrivacyConsent()
  const form = useForm({
    state: [draft, setDraft],
    schema: CreateNeedSchema,
    body: draftToBody,
    order: FIELD_ORDER,
    scroll: true,
    onEdit: 'follow',
    send: async (body) => {
      const pending = attachmentsProblem(draft.attachments)
      if (pending) return showMessage(pending)
      // The first submission asks for consent to the 隐私保护指引 and 用户协议 (recorded server-side).
      if (!(await consent.ensure())) return
      // The key is stored with the draft before the request leaves: a retry — even after
      // the app was closed — sends the same key, so the server never makes a second need.
      const key = draft.submitKey ?? newIdempotencyKey()
      if (!draft.submitKey) setDraft((d) => ({ ...d, submitKey: key }))
      setOutcome({ kind: 'none' })
      const need = await createNeed(body, key, { toast: false })
      clearDraft()
      setReceipt(need)
    },
    onFailure: (e, server) => {
      if (e instanceof ApiError && e.status === 0) setOutcome({ kind: 'network' })
      else if (e instanceof ApiError && e.code === 'idempotency_key_reused') setOutcome({ kind: 'key_reused' })
      else if (server) showMessage(server[firstInvalid(server, FIELD_ORDER) ?? '_form'] ?? messageOf(e))
      else setOutcome({ kind: 'refused', message: messageOf(e) })
    },
  })

  // Typing after a refusal: the refusal no longer describes what is on the page.
  const update = (change: (d: NeedDraft) => NeedDraft) => {
    form.update(change)
    setOutcome((o) => (o.kind === 'refused' ? { kind: 'none' } : o))
  }

  const clearAll = async () => {
    const { confirm } = await Taro.showModal({ title: '清空草稿', content: '确定清空已填写的内容吗？' })
    if (confirm) {
      clearDraft()
      form.reset()
      setOutcome({ kind: 'none' })
    }
  }

  if (receipt) return <Receipt need={receipt} />
  if (me.status === 'signed_out') {
    return (
      <View className="need-form">
        <SignInPrompt what="并提交服务需求（已填写的内容会保留）" />
      </View>
    )
  }

  const noEnterprise = me.status === 'ready' && !me.me.enterprise
  const sections = { draft, errors: form.errors, update }

  return (
    <View className="need-form">
      {consent.popup}
      <View className="need-form__head">
        <Text className="need-form__title">需求登记</Text>
        <Text className="need-form__note">填写内容自动保存，可随时回来继续</Text>
        {draft.stationId ? <Text className="need-form__station">经服务站点扫码提交，需求将由该站点受理</Text> : null}
      </View>

      {noEnterprise ? (
        <View className="need-form__banner">
          <Text>提交需求前，请先在“我的”中填写企业信息（统一社会信用代码）。</Text>
          <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: profilePage })}>
            去填写
          </Button>
        </View>
      ) : null}

      <ContentSection {...sections} />
      <ContactSection {...sections} />
      <TimingSection {...sections} />

      <OutcomeAlert
        outcome={outcome}
        onNewSubmission={() => {
          setDraft((d) => ({ ...d, submitKey: undefined }))
          setOutcome({ kind: 'none' })
        }}
      />

      <View className="need-form__bar">
        <Button block type="primary" loading={form.busy} disabled={form.busy} onClick={() => void form.submit()}>
          {outcome.kind === 'network' ? '重新提交' : '提交需求'}
        </Button>
        {draftHasContent(draft) ? (
          <Text className="need-form__reset" onClick={() => void clearAll()}>
            清空草稿
          </Text>
        ) : null}
      </View>
    </View>
  )
}
