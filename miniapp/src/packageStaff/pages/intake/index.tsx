import { useMemo, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Input, Radio, SearchBar, TextArea } from '@nutui/nutui-react-taro'
import { CHANNEL_LABELS, CreateNeedSchema, STAFF_CHANNELS, type CategoryCode, type EnterpriseHit } from '@qi/shared'
import { createNeed, issueRatingLink, messageOf, newIdempotencyKey, showMessage } from '../../../api'
import { attachmentsProblem, uploadedAttachments, type AttachmentDraft } from '../../../components/AttachmentPicker'
import { Fact, Field, Section } from '../../../components/Field'
import { fieldErrors } from '../../../components/formErrors'
import { AttachmentsField, CategoriesField, DesiredReplyField, ItemsField, itemsWithin } from '../../../components/NeedFields'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { useMe } from '../../../hooks/useMe'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { rememberIssuedLink } from '../../../components/staff/RatingLinkCard'
import { useForm, type Issues } from '../../../hooks/useForm'
import { findEnterprises } from '../../api'
import { staffNeedPage } from '../../../links'
import './index.scss'

type StaffChannel = (typeof STAFF_CHANNELS)[number]
const FIELD_ORDER = [
  'enterprise',
  'creditCode',
  'channel',
  'title',
  'categories',
  'items',
  'description',
  'contactName',
  'contactPhone',
  'desiredReplyBy',
  'attachments',
]

interface IntakeValues {
  enterprise: { name: string; creditCode: string }
  channel: StaffChannel
  title: string
  categories: CategoryCode[]
  items: string[]
  description: string
  contactName: string
  contactPhone: string
  /** '' when the enterprise names no date. */
  desiredReplyBy: string
  attachments: AttachmentDraft[]
}

const EMPTY: IntakeValues = {
  enterprise: { name: '', creditCode: '' },
  channel: 'window',
  title: '',
  categories: [],
  items: [],
  description: '',
  contactName: '',
  contactPhone: '',
  desiredReplyBy: '',
  attachments: [],
}

/** The body of POST /api/needs for a walk-in: the need lands in the specialist's station (if any). */
function bodyOf(v: IntakeValues, station: { id: string } | null) {
  const attachments = uploadedAttachments(v.attachments)
  return {
    title: v.title.trim(),
    description: v.description.trim(),
    categories: v.categories,
    ...(v.items.length ? { items: v.items } : {}),
    contactName: v.contactName.trim(),
    contactPhone: v.contactPhone.trim(),
    ...(v.desiredReplyBy ? { desiredReplyBy: v.desiredReplyBy } : {}),
    ...(attachments.length ? { attachments } : {}),
    channel: v.channel,
    ...(station ? { stationId: station.id } : {}),
    enterprise: {
      name: v.enterprise.name.trim(),
      ...(v.enterprise.creditCode.trim() ? { creditCode: v.enterprise.creditCode.trim() } : {}),
    },
  }
}

/** Messages by field: the credit code's under its own field, not under 企业名称. */
function intakeErrors(issues: Issues) {
  return fieldErrors(
    issues.map((i) => {
      const path = typeof i.path === 'string' ? i.path.split('.') : i.path.map(String)
      return path[0] === 'enterprise' && path[1] === 'creditCode' ? { ...i, path: ['creditCode'] } : i
    }),
  )
}

/**
 * 窗口登记: a need for an enterprise that walked in or phoned. The enterprise
 * is found by name or 统一社会信用代码 (or registered by name); the need lands
 * in this specialist's station queue, accepted by the specialist at once
 * (受理并登记: one request, one transaction on the server).
 */
export default function IntakePage() {
  const me = useMe()
  const [query, setQuery] = useState('')
  const [hits, setHits] = useState<EnterpriseHit[] | null>(null)
  const [values, setValues] = useState<IntakeValues>(EMPTY)
  // One key per submission, reused on retry: a retried submission never records the need twice.
  const [key, setKey] = useState(newIdempotencyKey)
  const station = useMemo(() => (me.status === 'ready' ? (me.me.stations.find((s) => s.kind !== 'center') ?? null) : null), [me])

  const form = useForm({
    state: [values, setValues],
    schema: CreateNeedSchema,
    body: (v) => bodyOf(v, station),
    order: FIELD_ORDER,
    errorsOf: intakeErrors,
    scroll: true,
    // The messages stay until the next attempt.
    onEdit: 'keep',
    send: async (body) => {
      const pending = attachmentsProblem(values.attachments)
      if (pending) return showMessage(pending)
      const need = await createNeed(body, key, { toast: false })
      showMessage(need.state === 'accepted' ? `已受理并登记：${need.number}` : `已登记：${need.number}`)
      setKey(newIdempotencyKey())
      // 一次一评: the receipt (the need's page, next) carries the need's rating link and QR from now on.
      // Not issued (a network failure): the receipt offers 生成评价码.
      await issueRatingLink(need.id, { toast: false }).then(
        (link) => rememberIssuedLink(need.id, link),
        () => undefined,
      )
      void Taro.redirectTo({ url: staffNeedPage(need.id) })
    },
  })
  const { errors } = form
  const set =
    <K extends keyof IntakeValues>(k: K) =>
    (v: IntakeValues[K]) =>
      form.update((d) => ({ ...d, [k]: v }))
  const { enterprise, channel, title, categories, items, description, contactName, contactPhone, desiredReplyBy, attachments } = values
  const setEnterprise = (change: (e: IntakeValues['enterprise']) => IntakeValues['enterprise']) =>
    form.update((d) => ({ ...d, enterprise: change(d.enterprise) }))

  if (me.status === 'loading') return <LoadingView />
  if (me.status === 'error') return <ErrorView message={me.message} onRetry={me.reload} />
  // Only a specialist records a need on an enterprise's behalf (the server refuses anyone else).
  const readOnly = readOnlyGate(me, ['specialist'], { description: '窗口登记由服务专员办理；您的身份可以在工作台查看需求。' })
  if (readOnly) return readOnly

  const search = async (q: string) => {
    const text = q.trim()
    if (text.length < 2) return showMessage('请至少输入 2 个字')
    try {
      const found = await findEnterprises(text, { toast: false })
      setHits(found)
      // Not known yet: take the typed text as the new enterprise's name or code.
      if (!found.length)
        setEnterprise(() =>
          /^[0-9A-Za-z]{18}$/.test(text) ? { name: '', creditCode: text.toUpperCase() } : { name: text, creditCode: '' },
        )
    } catch (e) {
      showMessage(messageOf(e))
    }
  }

  return (
    <View className="intake">
      <Section title="企业">
        <SearchBar placeholder="企业名称或统一社会信用代码" value={query} onChange={setQuery} onSearch={(v) => void search(v)} />
        {hits?.length ? (
          <View className="intake__hits">
            {hits.map((h) => (
              <Text
                key={h.id}
                className={`intake__hit${enterprise.name === h.name ? ' intake__hit--on' : ''}`}
                data-enterprise={h.name}
                onClick={() => setEnterprise(() => ({ name: h.name, creditCode: h.creditCode ?? '' }))}
              >
                {h.name}
                {h.creditCode ? `（${h.creditCode}）` : ''}
              </Text>
            ))}
          </View>
        ) : hits ? (
          <Text className="intake__none">未找到该企业，将按下方信息登记为新企业。</Text>
        ) : null}
        <Field label="企业名称" required name="enterprise" error={errors.enterprise}>
          <Input
            placeholder="企业全称"
            value={enterprise.name}
            maxLength={100}
            onChange={(v) => setEnterprise((e) => ({ ...e, name: v }))}
          />
        </Field>
        <Field label="统一社会信用代码" name="creditCode" error={errors.creditCode} hint="有代码时按代码匹配已登记的企业">
          <Input
            placeholder="18 位代码（可选）"
            value={enterprise.creditCode}
            maxLength={18}
            onChange={(v) => setEnterprise((e) => ({ ...e, creditCode: v }))}
          />
        </Field>
      </Section>

      <Section title="受理">
        <Field label="受理渠道" required name="channel" error={errors.channel}>
          <Radio.Group
            className="intake__choices"
            value={channel}
            direction="horizontal"
            onChange={(v) => set('channel')(v as StaffChannel)}
          >
            {STAFF_CHANNELS.map((c) => (
              <Radio key={c} value={c} shape="button">
                {CHANNEL_LABELS[c]}
              </Radio>
            ))}
          </Radio.Group>
        </Field>
        <Fact label="受理站点">{station ? station.name : '服务中心'}</Fact>
      </Section>

      <Section title="需求内容">
        <Field label="需求标题" required name="title" error={errors.title}>
          <Input placeholder="一句话说明需要什么服务" value={title} maxLength={60} onChange={set('title')} />
        </Field>
        <CategoriesField
          value={categories}
          error={errors.categories}
          onChange={(v) => form.update((d) => ({ ...d, categories: v, items: itemsWithin(v, d.items) }))}
        />
        <ItemsField categories={categories} value={items} error={errors.items} onChange={set('items')} />
        <Field label="需求描述" required name="description" error={errors.description}>
          <TextArea placeholder="企业的问题和期望" value={description} maxLength={2000} autoSize onChange={set('description')} />
        </Field>
        <Field label="联系人" required name="contactName" error={errors.contactName}>
          <Input placeholder="联系人姓名" value={contactName} maxLength={30} onChange={set('contactName')} />
        </Field>
        <Field label="联系电话" required name="contactPhone" error={errors.contactPhone}>
          <Input placeholder="手机号或带区号的固定电话" type="tel" value={contactPhone} maxLength={20} onChange={set('contactPhone')} />
        </Field>
      </Section>

      <Section title="时限与附件">
        <DesiredReplyField value={desiredReplyBy} error={errors.desiredReplyBy} onChange={set('desiredReplyBy')} />
        <AttachmentsField
          value={attachments}
          error={errors.attachments}
          onChange={(change) => form.update((d) => ({ ...d, attachments: change(d.attachments) }))}
        />
      </Section>

      <View className="intake__bar">
        <Button block type="primary" loading={form.busy} disabled={form.busy} onClick={() => void form.submit()}>
          受理并登记
        </Button>
        <Text className="intake__bar-note">登记即由您受理并负责（首问负责），无需再点“受理”</Text>
      </View>
    </View>
  )
}
