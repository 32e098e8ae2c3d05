import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { Button, Checkbox, Input, Radio, TextArea } from '@nutui/nutui-react-taro'
import {
  ADMIN_ROLES,
  CATEGORIES,
  CreateExpertSchema,
  EXPERT_TITLE_LEVEL_LABELS,
  EXPERT_TITLE_LEVELS,
  UpdateExpertSchema,
  type CategoryCode,
  type ExpertTitleLevel,
  type ManagedExpert,
  type ProviderStatus,
} from '@qi/shared'
import { createExpert, fetchManagedExpert, updateExpert } from '../../../api/directory'
import { AttachmentPicker, uploadedAttachments, type AttachmentDraft } from '../../../components/AttachmentPicker'
import { Field } from '../../../components/Field'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'
import { editExpertPage } from '../../../links'
import { CategoriesField, ContactSection, SaveBar, StatusField, directoryReadOnly } from '../../components/DirectoryFields'
import { useDirectoryEditor } from '../../components/useDirectoryEditor'
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

const SPEC = {
  empty: EMPTY,
  newTitle: '新增专家',
  fetch: (id: string) => fetchManagedExpert(id, { toast: false }),
  draftOf,
  createSchema: CreateExpertSchema,
  updateSchema: UpdateExpertSchema,
  create: createExpert,
  update: updateExpert,
  createdMessage: '专家已登记',
  editPage: editExpertPage,
}

/** 编辑专家: title (副高级以上, with the evidence), fields, organisation, contact, 诚信记录, status. */
export default function EditExpertPage() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : null
  const me = useMe()
  const editor = useDirectoryEditor(id, SPEC)
  const { current, draft, setDraft, set, loadError, load, save, err, under } = editor

  const setEntry = (i: number, patch: Partial<Draft['integrity'][number]>) =>
    setDraft((d) => ({ ...d, integrity: d.integrity.map((e, j) => (j === i ? { ...e, ...patch } : e)) }))

  const submit = () => {
    const { evidence, contactName, contactPhone, titleLevel, ...rest } = draft
    const keepContact = !!current && !contactName.trim() && !contactPhone.trim()
    return save({
      ...rest,
      titleLevel: titleLevel || undefined,
      titleEvidence: uploadedAttachments(evidence)[0] ?? null,
      ...(keepContact ? {} : { contact: { name: contactName, phone: contactPhone } }),
    })
  }

  // Only managers keep the directory: anyone else reaching this form by its URL gets no editable fields.
  const readOnly = readOnlyGate(me, ADMIN_ROLES, directoryReadOnly('experts'))
  if (readOnly) return readOnly
  if (id && loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  if (id && !current) return <LoadingView />

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
        <Field name="titleEvidence" label="职称证明材料" required error={under('titleEvidence')}>
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
        <StatusField value={draft.status} error={err('status')} onChange={(v) => set('status', v)} />
        <Field name="intro" label="简介" error={err('intro')}>
          <TextArea
            placeholder="研究方向与服务经历（公开显示）"
            value={draft.intro}
            maxLength={1000}
            onChange={(v: string) => set('intro', v)}
          />
        </Field>
      </View>

      <ContactSection editor={editor} title="联系方式" nameLabel="联系人" />

      <View className="inst-edit__card">
        <Text className="inst-edit__title">专业领域</Text>
        <CategoriesField
          name="fields"
          value={draft.fields}
          error={under('fields')}
          onChange={(fields, keep) => setDraft((d) => ({ ...d, fields, items: d.items.filter(keep) }))}
        />
        <Field name="items" label={`服务项目（已选 ${draft.items.length} 项）`} error={under('items')}>
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

      <SaveBar editor={editor} kind="expert" registerLabel="登记专家" onSave={() => void submit()} />
    </View>
  )
}
