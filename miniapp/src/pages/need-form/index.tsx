import { useEffect, useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox, DatePicker, Input, TextArea } from '@nutui/nutui-react-taro'
import { Success } from '@nutui/icons-react-taro'
import { CATEGORIES, CATEGORY_BY_CODE, CreateNeedSchema, type CategoryCode, type NeedDetail } from '@qi/shared'
import { ApiError, createNeed, messageOf, newIdempotencyKey, NETWORK_ERROR_MESSAGE, showMessage } from '../../api'
import { askForNeedStatusMessages, needStatusTemplateIds } from '../../api/subscriptions'
import { AttachmentPicker } from '../../components/AttachmentPicker'
import { DeadlineText } from '../../components/Deadline'
import { NeedQrCode } from '../../components/NeedQrCode'
import { Fact, Field, Section } from '../../components/Field'
import { fieldErrors, firstInvalid, type FieldErrors } from '../../components/formErrors'
import { SignInPrompt } from '../../components/SignInPrompt'
import { useMe } from '../../hooks/useMe'
import { useStoredState } from '../../hooks/useStoredState'
import { useSubmission } from '../../hooks/useSubmission'
import { useTimeLimits } from '../../hooks/useTimeLimits'
import { formatDateTime } from '../../labels'
import { homePage, needDetailPage, needsPage, profilePage } from '../links'
import { draftHasContent, draftToBody, emptyDraft, NEED_DRAFT_KEY, prefill, restoreDraft, withCategories, type NeedDraft } from './draft'
import './index.scss'

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

type Outcome = { kind: 'none' } | { kind: 'network' } | { kind: 'key_reused' } | { kind: 'refused'; message: string }

function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

export default function NeedFormPage() {
  const limits = useTimeLimits()
  const { params } = useRouter()
  const me = useMe()
  const [draft, setDraft, clearDraft] = useStoredState<NeedDraft>(NEED_DRAFT_KEY, emptyDraft, restoreDraft)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [validated, setValidated] = useState(false)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' })
  const [receipt, setReceipt] = useState<NeedDetail | null>(null)
  const [pickingDate, setPickingDate] = useState(false)
  const submission = useSubmission()

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

  const body = useMemo(() => draftToBody(draft), [draft])

  const validate = (): FieldErrors => {
    const r = CreateNeedSchema.safeParse(body)
    return r.success ? {} : fieldErrors(r.error.issues)
  }

  const update = (change: (d: NeedDraft) => NeedDraft) => {
    setDraft(change)
    setOutcome((o) => (o.kind === 'refused' ? { kind: 'none' } : o))
  }

  // After the first attempt, messages follow the typing.
  useEffect(() => {
    if (validated) setErrors(validate())
    // eslint-disable-next-line react-hooks/exhaustive-deps -- validate reads the draft that body is made from
  }, [body, validated])

  const submit = () =>
    submission.run(async () => {
      setValidated(true)
      const found = validate()
      setErrors(found)
      const first = firstInvalid(found, FIELD_ORDER)
      if (first) {
        showMessage(found[first] ?? '请按提示修改')
        void Taro.pageScrollTo({ selector: `[data-field="${first}"]`, duration: 200 }).catch(() => undefined)
        return
      }
      if (draft.attachments.some((a) => a.status === 'uploading')) return showMessage('附件还在上传，请稍候再提交')
      if (draft.attachments.some((a) => a.status === 'error')) return showMessage('有附件上传失败，请重试或删除后再提交')

      // The key is stored with the draft before the request leaves: a retry — even after
      // the app was closed — sends the same key, so the server never makes a second need.
      const key = draft.submitKey ?? newIdempotencyKey()
      if (!draft.submitKey) setDraft((d) => ({ ...d, submitKey: key }))
      setOutcome({ kind: 'none' })
      try {
        const need = await createNeed(body, key, { toast: false })
        clearDraft()
        setReceipt(need)
      } catch (e) {
        if (e instanceof ApiError && e.status === 0) setOutcome({ kind: 'network' })
        else if (e instanceof ApiError && e.code === 'idempotency_key_reused') setOutcome({ kind: 'key_reused' })
        else if (e instanceof ApiError && e.issues.length) {
          const server = fieldErrors(e.issues)
          setErrors(server)
          showMessage(server[firstInvalid(server, FIELD_ORDER) ?? '_form'] ?? e.message)
        } else setOutcome({ kind: 'refused', message: messageOf(e) })
      }
    })

  if (receipt) return <Receipt need={receipt} />
  if (me.status === 'signed_out') {
    return (
      <View className="need-form">
        <SignInPrompt what="并提交服务需求（已填写的内容会保留）" />
      </View>
    )
  }

  const itemsOffered = draft.categories.flatMap((c) => CATEGORY_BY_CODE[c].items.map((i) => ({ ...i, category: c })))
  const noEnterprise = me.status === 'ready' && !me.me.enterprise

  return (
    <View className="need-form">
      <View className="need-form__head">
        <Text className="need-form__title">需求登记</Text>
        <Text className="need-form__note">依据 DB46/T 583-2023 附录 B 需求登记表 · 填写内容自动保存</Text>
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

      <Section title="需求内容">
        <Field label="需求标题" required name="title" error={errors.title} hint="一句话说明需要什么服务">
          <Input
            placeholder="如：椰子汁出口东盟检测咨询"
            value={draft.title}
            maxLength={60}
            onChange={(v) => update((d) => ({ ...d, title: v }))}
          />
        </Field>
        <Field label="服务类别（可多选）" required name="categories" error={errors.categories}>
          <Checkbox.Group
            className="need-form__choices"
            direction="horizontal"
            value={draft.categories}
            onChange={(v) => update((d) => withCategories(d, v as CategoryCode[]))}
          >
            {CATEGORIES.map((c) => (
              <Checkbox key={c.code} shape="button" value={c.code} label={c.shortName} />
            ))}
          </Checkbox.Group>
        </Field>
        {itemsOffered.length > 0 ? (
          <Field label="服务项目（可选）" name="items" error={errors.items} hint="选择所需的具体服务，便于精准对接">
            <Checkbox.Group
              className="need-form__choices"
              direction="horizontal"
              value={draft.items}
              onChange={(v) => update((d) => ({ ...d, items: v }))}
            >
              {itemsOffered.map((i) => (
                <Checkbox key={i.code} shape="button" value={i.code} label={i.name} />
              ))}
            </Checkbox.Group>
          </Field>
        ) : null}
        <Field label="需求描述" required name="description" error={errors.description} hint="产品、问题、希望达到的目标，越具体越好">
          <TextArea
            placeholder="请描述您的需求"
            value={draft.description}
            maxLength={2000}
            showCount
            autoSize
            onChange={(v) => update((d) => ({ ...d, description: v }))}
          />
        </Field>
      </Section>

      <Section title="联系信息">
        <Field label="申请人（单位）" name="applicant" error={errors.applicant} hint="默认为您绑定的企业">
          <Input
            placeholder="申请单位名称"
            value={draft.applicant}
            maxLength={60}
            onChange={(v) => update((d) => ({ ...d, applicant: v }))}
          />
        </Field>
        <Field label="联系人" required name="contactName" error={errors.contactName}>
          <Input
            placeholder="联系人姓名"
            value={draft.contactName}
            maxLength={30}
            onChange={(v) => update((d) => ({ ...d, contactName: v }))}
          />
        </Field>
        <Field label="联系电话" required name="contactPhone" error={errors.contactPhone} hint="手机号或带区号的固定电话，仅服务人员可见">
          <Input
            placeholder="如：13800000000"
            type="tel"
            value={draft.contactPhone}
            maxLength={20}
            onChange={(v) => update((d) => ({ ...d, contactPhone: v }))}
          />
        </Field>
      </Section>

      <Section title="时限与附件">
        <Field
          label="期望答复日期"
          name="desiredReplyBy"
          error={errors.desiredReplyBy}
          hint={`不填则按 ${limits.replyDays} 个工作日内答复`}
        >
          <View className="need-form__date">
            <Text
              className={`need-form__date-value${draft.desiredReplyBy ? '' : ' need-form__date-value--empty'}`}
              onClick={() => setPickingDate(true)}
            >
              {draft.desiredReplyBy || '选择日期'}
            </Text>
            {draft.desiredReplyBy ? (
              <Text className="need-form__date-clear" onClick={() => update((d) => ({ ...d, desiredReplyBy: '' }))}>
                清除
              </Text>
            ) : null}
          </View>
          <DatePicker
            title="期望答复日期"
            type="date"
            visible={pickingDate}
            startDate={new Date()}
            endDate={new Date(Date.now() + 365 * 86_400_000)}
            defaultValue={draft.desiredReplyBy ? new Date(`${draft.desiredReplyBy}T00:00:00`) : new Date()}
            showChinese
            onClose={() => setPickingDate(false)}
            onConfirm={(_options, values) => {
              const [y, m, d] = values.map(Number)
              if (y && m && d) update((dr) => ({ ...dr, desiredReplyBy: isoDay(new Date(y, m - 1, d)) }))
            }}
          />
        </Field>
        <Field label="附件（照片或文件）" name="attachments" error={errors.attachments}>
          <AttachmentPicker
            value={draft.attachments}
            onChange={(change) => update((d) => ({ ...d, attachments: change(d.attachments) }))}
          />
        </Field>
      </Section>

      {outcome.kind === 'network' ? (
        <View className="need-form__alert need-form__alert--network" data-outcome="network">
          <Text className="need-form__alert-title">{NETWORK_ERROR_MESSAGE}</Text>
          <Text>提交结果未确认。您填写的内容已保存，请点“重新提交”，不会重复提交。</Text>
        </View>
      ) : null}
      {outcome.kind === 'key_reused' ? (
        <View className="need-form__alert" data-outcome="key_reused">
          <Text className="need-form__alert-title">上一次提交可能已经成功</Text>
          <Text>网络中断前的提交可能已送达，之后内容又有修改。请先到“我的需求”查看；确认没有后再作为新需求提交。</Text>
          <View className="need-form__alert-actions">
            <Button size="small" fill="outline" onClick={() => void Taro.switchTab({ url: needsPage })}>
              查看我的需求
            </Button>
            <Button
              size="small"
              type="primary"
              onClick={() => {
                setDraft((d) => ({ ...d, submitKey: undefined }))
                setOutcome({ kind: 'none' })
              }}
            >
              作为新需求提交
            </Button>
          </View>
        </View>
      ) : null}
      {outcome.kind === 'refused' ? (
        <View className="need-form__alert" data-outcome="refused">
          <Text className="need-form__alert-title">提交未成功</Text>
          <Text>{outcome.message}</Text>
        </View>
      ) : null}

      <View className="need-form__bar">
        <Button block type="primary" loading={submission.busy} disabled={submission.busy} onClick={() => void submit()}>
          {outcome.kind === 'network' ? '重新提交' : '提交需求'}
        </Button>
        {draftHasContent(draft) ? (
          <Text
            className="need-form__reset"
            onClick={async () => {
              const { confirm } = await Taro.showModal({ title: '清空草稿', content: '确定清空已填写的内容吗？' })
              if (confirm) {
                clearDraft()
                setErrors({})
                setValidated(false)
                setOutcome({ kind: 'none' })
              }
            }}
          >
            清空草稿
          </Text>
        ) : null}
      </View>
    </View>
  )
}

/** 回执: the unified number, the deadlines, and where to follow it. */
function Receipt({ need }: { need: NeedDetail }) {
  // On weapp: offer WeChat messages on each step (the prompt needs a tap).
  const [templateIds, setTemplateIds] = useState<string[]>([])
  const [subscribed, setSubscribed] = useState(false)
  useEffect(() => {
    void needStatusTemplateIds().then(setTemplateIds)
  }, [])
  const subscribe = async () => {
    const ok = await askForNeedStatusMessages(templateIds)
    setSubscribed(ok)
    showMessage(ok ? '已开启办理进度提醒' : '未开启提醒，可在“消息通知”中查看进度')
  }
  return (
    <View className="need-form need-form--receipt" data-receipt={need.number}>
      <View className="receipt">
        <View className="receipt__icon">
          <Success size={48} />
        </View>
        <Text className="receipt__title">需求已提交</Text>
        <Text className="receipt__label">统一编号</Text>
        <Text className="receipt__number">{need.number}</Text>
        <Text className="receipt__hint">请保存此编号，到服务窗口办理时出示即可（最多跑一次）</Text>
        <NeedQrCode needId={need.id} number={need.number} />
      </View>
      <Section title="回执">
        <Fact label="需求标题">{need.title}</Fact>
        <Fact label="服务类别">{need.categories.map((c) => CATEGORY_BY_CODE[c].shortName).join('、')}</Fact>
        <Fact label="提交时间">{formatDateTime(need.createdAt)}</Fact>
        <Fact label="受理时限">
          <DeadlineText due={need.deadlines.acceptBy} />
        </Fact>
        <Fact label="答复时限">
          <DeadlineText due={need.deadlines.replyBy} />
        </Fact>
      </Section>
      <View className="need-form__bar">
        {templateIds.length > 0 && !subscribed ? (
          <Button block fill="outline" onClick={() => void subscribe()}>
            微信提醒我办理进度
          </Button>
        ) : null}
        <Button block type="primary" onClick={() => void Taro.redirectTo({ url: needDetailPage(need.id) })}>
          查看办理进度
        </Button>
        <Button block fill="outline" onClick={() => void Taro.switchTab({ url: homePage })}>
          返回服务大厅
        </Button>
      </View>
    </View>
  )
}
