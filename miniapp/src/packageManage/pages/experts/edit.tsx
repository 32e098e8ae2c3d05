import { useCallback, useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox, Input, Radio, TextArea } from '@nutui/nutui-react-taro'
import {
  CATEGORIES,
  CreateExpertSchema,
  EXPERT_TITLE_LEVEL_LABELS,
  EXPERT_TITLE_LEVELS,
  PROVIDER_STATUS_LABELS,
  PROVIDER_STATUSES,
  toErrorIssues,
  UpdateExpertSchema,
  type CategoryCode,
  type ExpertTitleLevel,
  type ManagedExpert,
  type ProviderStatus,
} from '@qi/shared'
import { ApiError, messageOf, showMessage } from '../../../api'
import { createExpert, fetchManagedExpert, updateExpert } from '../../../api/directory'
import { AttachmentPicker, uploadedAttachments, type AttachmentDraft } from '../../../components/AttachmentPicker'
import { Field } from '../../../components/Field'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { directoryHistoryPage as historyPage, editExpertPage } from '../../../links'
import '../institutions/edit.scss'

interface Draft {
  name: string
  title: string
  titleLevel: ExpertTitleLevel | ''
  evidence: AttachmentDraft[]
  fields: CategoryCode[]
  items: string[]
  organisation: string
  region: string
  status: ProviderStatus
  integrity: { date: string; source: string; content: string }[]
  intro: string
  contactName: string
  contactPhone: string
}

const EMPTY: Draft = {
  name: '',
  title: '',
  titleLevel: '',
  evidence: [],
  fields: [],
  items: [],
  organisation: '',
  region: '',
  status: 'active',
  integrity: [],
  intro: '',
  contactName: '',
  contactPhone: '',
}

const draftOf = (x: ManagedExpert): Draft => ({
  name: x.name,
  title: x.title,
  titleLevel: x.titleLevel,
  evidence: x.titleEvidence
    ? [
        {
          key: x.titleEvidence.url,
          name: x.titleEvidence.name,
          size: x.titleEvidence.size,
          mime: x.titleEvidence.mime,
          localPath: '',
          status: 'done',
          uploaded: x.titleEvidence,
        },
      ]
    : [],
  fields: x.fields,
  items: x.items,
  organisation: x.organisation,
  region: x.region,
  status: x.status,
  integrity: x.integrity,
  intro: x.intro,
  contactName: '',
  contactPhone: '',
})

/** 编辑专家: title (副高级以上, with the evidence), fields, organisation, contact, 诚信记录, status. */
export default function EditExpertPage() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : null
  const [current, setCurrent] = useState<ManagedExpert | null>(null)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [loadError, setLoadError] = useState('')
  const [saving, setSaving] = useState(false)

  const load = useCallback(async () => {
    if (!id) return
    try {
      const x = await fetchManagedExpert(id, { toast: false })
      setCurrent(x)
      setDraft(draftOf(x))
      void Taro.setNavigationBarTitle({ title: x.name })
    } catch (e) {
      setLoadError(messageOf(e))
    }
  }, [id])
  useEffect(() => {
    if (id) void load()
    else void Taro.setNavigationBarTitle({ title: '新增专家' })
  }, [id, load])

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }))
  const setEntry = (i: number, patch: Partial<Draft['integrity'][number]>) =>
    setDraft((d) => ({ ...d, integrity: d.integrity.map((e, j) => (j === i ? { ...e, ...patch } : e)) }))

  const save = async () => {
    const { evidence, contactName, contactPhone, titleLevel, ...rest } = draft
    const keepContact = !!current && !contactName.trim() && !contactPhone.trim()
    const body = {
      ...rest,
      titleLevel: titleLevel || undefined,
      titleEvidence: uploadedAttachments(evidence)[0] ?? null,
      ...(keepContact ? {} : { contact: { name: contactName, phone: contactPhone } }),
    }
    const parsed = current ? UpdateExpertSchema.safeParse({ ...body, version: current.version }) : CreateExpertSchema.safeParse(body)
    if (!parsed.success) {
      const issues = toErrorIssues(parsed.error.issues)
      setErrors(Object.fromEntries([...issues].reverse().map((i) => [i.path, i.message])))
      showMessage(issues[0]?.message ?? '请按提示修改')
      return
    }
    setErrors({})
    setSaving(true)
    try {
      if (current && 'version' in parsed.data) {
        const saved = await updateExpert(current.id, parsed.data)
        setCurrent(saved)
        setDraft(draftOf(saved))
        showMessage('已保存')
      } else if (!current && 'contact' in parsed.data && parsed.data.contact) {
        const saved = await createExpert({ ...parsed.data, contact: parsed.data.contact })
        showMessage('专家已登记')
        await Taro.redirectTo({ url: editExpertPage(saved.id) })
      }
    } catch (e) {
      if (e instanceof ApiError) {
        setErrors(Object.fromEntries(e.issues.map((i) => [Array.isArray(i.path) ? i.path.join('.') : i.path, i.message])))
        if (e.status === 409 && current) void load()
      }
    } finally {
      setSaving(false)
    }
  }

  if (id && loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  if (id && !current) return <LoadingView />
  const err = (path: string) => errors[path]
  const prefixed = (prefix: string) => Object.entries(errors).find(([k]) => k === prefix || k.startsWith(`${prefix}.`))?.[1]

  return (
    <View className="inst-edit" data-version={current?.version ?? 0}>
      <View className="inst-edit__card">
        <Text className="inst-edit__title">专家信息</Text>
        <Field name="name" label="姓名" required error={err('name')}>
          <Input placeholder="专家姓名" value={draft.name} onChange={(v: string) => set('name', v)} />
        </Field>
        <Field name="title" label="职称" required error={err('title')}>
          <Input placeholder="如：正高级工程师、研究员" value={draft.title} onChange={(v: string) => set('title', v)} />
        </Field>
        <Field name="titleLevel" label="职称级别" required hint="专家库只收副高级及以上职称" error={err('titleLevel')}>
          <Radio.Group
            direction="horizontal"
            value={draft.titleLevel}
            onChange={(v) => set('titleLevel', v as ExpertTitleLevel)}
            options={EXPERT_TITLE_LEVELS.map((l) => ({ label: EXPERT_TITLE_LEVEL_LABELS[l], value: l }))}
          />
        </Field>
        <Field name="titleEvidence" label="职称证明材料" required error={prefixed('titleEvidence')}>
          <AttachmentPicker
            value={draft.evidence}
            onChange={(update) => setDraft((d) => ({ ...d, evidence: update(d.evidence).slice(-1) }))}
          />
        </Field>
        <Field name="organisation" label="工作单位" required error={err('organisation')}>
          <Input placeholder="如：海南省标准化研究院" value={draft.organisation} onChange={(v: string) => set('organisation', v)} />
        </Field>
        <Field name="region" label="所在地区" required error={err('region')}>
          <Input placeholder="如：海口市" value={draft.region} onChange={(v: string) => set('region', v)} />
        </Field>
        <Field name="status" label="状态" error={err('status')}>
          <Radio.Group
            direction="horizontal"
            value={draft.status}
            onChange={(v) => set('status', v as ProviderStatus)}
            options={PROVIDER_STATUSES.map((s) => ({ label: PROVIDER_STATUS_LABELS[s], value: s }))}
          />
        </Field>
        <Field name="intro" label="简介" error={err('intro')}>
          <TextArea
            placeholder="研究方向与服务经历（公开显示）"
            value={draft.intro}
            maxLength={1000}
            onChange={(v: string) => set('intro', v)}
          />
        </Field>
      </View>

      <View className="inst-edit__card">
        <Text className="inst-edit__title">联系方式</Text>
        {current ? (
          <Text className="inst-edit__hint">
            当前：{current.contact.name} {current.contact.phone}（已脱敏）。如需更换，请填写新的姓名和电话；留空则不变。
          </Text>
        ) : null}
        <Field name="contact" label="联系人" required={!current} error={prefixed('contact')}>
          <Input placeholder="2–20 个字" value={draft.contactName} onChange={(v: string) => set('contactName', v)} />
        </Field>
        <Field label="联系电话" required={!current} error={err('contact.phone')}>
          <Input placeholder="手机号或带区号的固定电话" value={draft.contactPhone} onChange={(v: string) => set('contactPhone', v)} />
        </Field>
      </View>

      <View className="inst-edit__card">
        <Text className="inst-edit__title">专业领域</Text>
        <Field name="fields" label="服务类别" required error={prefixed('fields')}>
          <Checkbox.Group
            direction="horizontal"
            value={draft.fields}
            onChange={(v: string[]) => {
              const cats = v as CategoryCode[]
              const keep = CATEGORIES.filter((c) => cats.includes(c.code)).flatMap((c) => c.items.map((i) => i.code))
              setDraft((d) => ({ ...d, fields: cats, items: d.items.filter((x) => keep.includes(x)) }))
            }}
          >
            {CATEGORIES.map((c) => (
              <Checkbox key={c.code} value={c.code} label={c.shortName} />
            ))}
          </Checkbox.Group>
        </Field>
        <Field name="items" label={`服务项目（已选 ${draft.items.length} 项）`} error={prefixed('items')}>
          <Checkbox.Group value={draft.items} onChange={(v: string[]) => set('items', v)}>
            {CATEGORIES.filter((c) => draft.fields.includes(c.code))
              .flatMap((c) => c.items)
              .map((it) => (
                <Checkbox key={it.code} value={it.code} label={it.name} />
              ))}
          </Checkbox.Group>
        </Field>
      </View>

      <View className="inst-edit__card" data-field="integrity">
        <Text className="inst-edit__title">诚信记录（{draft.integrity.length} 条）</Text>
        {draft.integrity.map((e, i) => (
          <View key={i} className="inst-edit__qualification">
            <Field label="日期" required error={err(`integrity.${i}.date`)}>
              <Input placeholder="YYYY-MM-DD" value={e.date} onChange={(v: string) => setEntry(i, { date: v })} />
            </Field>
            <Field label="来源" required error={err(`integrity.${i}.source`)}>
              <Input placeholder="如：年度考核、投诉处理" value={e.source} onChange={(v: string) => setEntry(i, { source: v })} />
            </Field>
            <Field label="内容" required error={err(`integrity.${i}.content`)}>
              <TextArea value={e.content} maxLength={500} onChange={(v: string) => setEntry(i, { content: v })} />
            </Field>
            <Button
              size="small"
              fill="none"
              type="danger"
              onClick={() =>
                set(
                  'integrity',
                  draft.integrity.filter((_, j) => j !== i),
                )
              }
            >
              删除这条记录
            </Button>
          </View>
        ))}
        <Button size="small" fill="outline" onClick={() => set('integrity', [...draft.integrity, { date: '', source: '', content: '' }])}>
          添加诚信记录
        </Button>
      </View>

      <View className="inst-edit__save">
        <Button type="primary" block loading={saving} onClick={() => void save()}>
          {current ? '保存修改' : '登记专家'}
        </Button>
        {current ? (
          <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: historyPage('expert', current.id) })}>
            修改历史
          </Button>
        ) : null}
      </View>
    </View>
  )
}
