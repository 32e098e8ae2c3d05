import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button, Checkbox, Input, Radio, TextArea } from '@nutui/nutui-react-taro'
import {
  ADMIN_ROLES,
  CATEGORIES,
  CreateInstitutionSchema,
  QUALIFICATION_KIND_LABELS,
  QUALIFICATION_KINDS,
  UpdateInstitutionSchema,
  type CategoryCode,
  type ErrorIssue,
  type ManagedInstitution,
  type ManagedQualification,
  type ProviderStatus,
  type QualificationKind,
} from '@qi/shared'
import { showMessage } from '../../../api'
import { createInstitution, fetchManagedInstitution, updateInstitution } from '../../../api/directory'
import { AttachmentPicker, uploadedAttachments, type AttachmentDraft } from '../../../components/AttachmentPicker'
import { Field } from '../../../components/Field'
import { ErrorView, LoadingView } from '../../../components/StatusView'
import { readOnlyGate } from '../../../components/ReadOnlyView'
import { useMe } from '../../../hooks/useMe'
import { editInstitutionPage } from '../../../links'
import { CategoriesField, ContactSection, SaveBar, StatusField, directoryReadOnly } from '../../components/DirectoryFields'
import { useDirectoryEditor } from '../../components/useDirectoryEditor'
import './edit.scss'

interface QualificationDraft {
  kind: QualificationKind
  name: string
  number: string
  scope: string
  validFrom: string
  validTo: string
  items: string[]
  scan: AttachmentDraft[]
}

interface Draft {
  name: string
  creditCode: string
  categories: CategoryCode[]
  items: string[]
  region: string
  address: string
  agreementDate: string
  status: ProviderStatus
  intro: string
  contactName: string
  contactPhone: string
  qualifications: QualificationDraft[]
}

const EMPTY: Draft = {
  name: '',
  creditCode: '',
  categories: [],
  items: [],
  region: '',
  address: '',
  agreementDate: '',
  status: 'active',
  intro: '',
  contactName: '',
  contactPhone: '',
  qualifications: [],
}

const NEW_QUALIFICATION: QualificationDraft = {
  kind: 'cma',
  name: '',
  number: '',
  scope: '',
  validFrom: '',
  validTo: '',
  items: [],
  scan: [],
}

const scanDraft = (q: ManagedQualification): AttachmentDraft[] =>
  q.scan
    ? [{ key: q.scan.url, name: q.scan.name, size: q.scan.size, mime: q.scan.mime, localPath: '', status: 'done', uploaded: q.scan }]
    : []

const draftOf = (i: ManagedInstitution): Draft => ({
  name: i.name,
  creditCode: i.creditCode ?? '',
  categories: i.categories,
  items: i.items,
  region: i.region,
  address: i.address,
  agreementDate: i.agreementDate ?? '',
  status: i.status,
  intro: i.intro,
  contactName: '',
  contactPhone: '',
  qualifications: i.qualifications.map((q) => ({ ...q, scan: scanDraft(q) })),
})

function bodyOf(d: Draft, editing: boolean) {
  const contact = { name: d.contactName, phone: d.contactPhone }
  return {
    name: d.name,
    creditCode: d.creditCode,
    categories: d.categories,
    items: d.items,
    region: d.region,
    address: d.address,
    agreementDate: d.agreementDate.trim() || null,
    status: d.status,
    intro: d.intro,
    qualifications: d.qualifications.map(({ scan, ...q }) => ({ ...q, scan: uploadedAttachments(scan)[0] ?? null })),
    // Editing: the contact is shown masked; left blank it stays as it is.
    ...(editing && !d.contactName.trim() && !d.contactPhone.trim() ? {} : { contact }),
  }
}

const SPEC = {
  empty: EMPTY,
  newTitle: '新增机构',
  fetch: (id: string) => fetchManagedInstitution(id, { toast: false }),
  draftOf,
  createSchema: CreateInstitutionSchema,
  updateSchema: UpdateInstitutionSchema,
  create: createInstitution,
  update: updateInstitution,
  createdMessage: '机构已登记',
  editPage: editInstitutionPage,
}

/** Scrolls to the first invalid field (a qualification's fields by their index). */
const scrollToFirst = (issues: ErrorIssue[]) => {
  const field = issues[0]?.path.split('.').slice(0, 2).join('.')
  if (field) void Taro.pageScrollTo({ selector: `[data-field="${field}"]`, duration: 200 }).catch(() => undefined)
}

/** 编辑机构: the institution's facts, its qualifications with their scans, its contact and status. */
export default function EditInstitutionPage() {
  const { params } = useRouter()
  const id = params.id ? decodeURIComponent(params.id) : null
  const me = useMe()
  const editor = useDirectoryEditor(id, SPEC)
  const { current, draft, setDraft, set, loadError, load, save, err, under } = editor

  const setQ = (i: number, patch: Partial<QualificationDraft>) =>
    setDraft((d) => ({ ...d, qualifications: d.qualifications.map((q, j) => (j === i ? { ...q, ...patch } : q)) }))

  const submit = async () => {
    if (draft.qualifications.some((q) => q.scan.some((a) => a.status === 'uploading'))) {
      showMessage('扫描件还在上传，请稍候')
      return
    }
    await save(bodyOf(draft, !!current), scrollToFirst)
  }

  // Only managers keep the directory: anyone else reaching this form by its URL gets no editable fields.
  const readOnly = readOnlyGate(me, ADMIN_ROLES, directoryReadOnly('institutions'))
  if (readOnly) return readOnly
  if (id && loadError) return <ErrorView message={loadError} onRetry={() => void load()} />
  if (id && !current) return <LoadingView />

  const offered = CATEGORIES.filter((c) => draft.categories.includes(c.code))

  return (
    <View className="inst-edit" data-version={current?.version ?? 0}>
      <View className="inst-edit__card">
        <Text className="inst-edit__title">基本信息</Text>
        <Field name="name" label="机构名称" required error={err('name')}>
          <Input placeholder="营业执照或法人证书上的名称" value={draft.name} onChange={(v: string) => set('name', v)} />
        </Field>
        <Field name="creditCode" label="统一社会信用代码" required error={err('creditCode')}>
          <Input placeholder="18 位，如 91460200MA5T8H3R2G" value={draft.creditCode} onChange={(v: string) => set('creditCode', v)} />
        </Field>
        <Field name="region" label="所在地区" required error={err('region')}>
          <Input placeholder="如：三亚市" value={draft.region} onChange={(v: string) => set('region', v)} />
        </Field>
        <Field name="address" label="地址" required error={err('address')}>
          <Input placeholder="详细地址" value={draft.address} onChange={(v: string) => set('address', v)} />
        </Field>
        <Field name="agreementDate" label="入驻协议签订日期" hint="YYYY-MM-DD，未签可留空" error={err('agreementDate')}>
          <Input placeholder="如 2026-11-20" value={draft.agreementDate} onChange={(v: string) => set('agreementDate', v)} />
        </Field>
        <StatusField value={draft.status} error={err('status')} onChange={(v) => set('status', v)} />
        <Field name="intro" label="机构简介" error={err('intro')}>
          <TextArea
            placeholder="服务范围与特长（公开显示）"
            value={draft.intro}
            maxLength={1000}
            onChange={(v: string) => set('intro', v)}
          />
        </Field>
      </View>

      <ContactSection editor={editor} title="联系人" nameLabel="联系人姓名" />

      <View className="inst-edit__card">
        <Text className="inst-edit__title">服务类别与项目</Text>
        <CategoriesField
          name="categories"
          value={draft.categories}
          error={under('categories')}
          onChange={(categories, keep) => setDraft((d) => ({ ...d, categories, items: d.items.filter(keep) }))}
        />
        <Field name="items" label={`服务项目（已选 ${draft.items.length} 项）`} error={under('items')}>
          {offered.length === 0 ? <Text className="inst-edit__hint">先选择服务类别</Text> : null}
          {offered.map((c) => (
            <View key={c.code} className="inst-edit__category">
              <Text className="inst-edit__category-name">{c.name}</Text>
              <Checkbox.Group
                value={draft.items.filter((code) => c.items.some((i) => i.code === code))}
                onChange={(v: string[]) => set('items', [...draft.items.filter((code) => !c.items.some((i) => i.code === code)), ...v])}
              >
                {c.items.map((i) => (
                  <Checkbox key={i.code} value={i.code} label={i.name} />
                ))}
              </Checkbox.Group>
            </View>
          ))}
        </Field>
      </View>

      <View className="inst-edit__card" data-field="qualifications">
        <Text className="inst-edit__title">资质证书（{draft.qualifications.length} 项）</Text>
        {draft.qualifications.map((q, i) => (
          <View key={i} className="inst-edit__qualification" data-qualification={i}>
            <Field name={`qualifications.${i}.kind`} label="资质类型" error={err(`qualifications.${i}.kind`)}>
              <Radio.Group
                value={q.kind}
                onChange={(v) => setQ(i, { kind: v as QualificationKind })}
                options={QUALIFICATION_KINDS.map((k) => ({ label: QUALIFICATION_KIND_LABELS[k], value: k }))}
              />
            </Field>
            <Field name={`qualifications.${i}.name`} label="证书名称" hint="留空则用资质类型的名称" error={err(`qualifications.${i}.name`)}>
              <Input placeholder="如：检验检测机构资质认定证书" value={q.name} onChange={(v: string) => setQ(i, { name: v })} />
            </Field>
            <Field name={`qualifications.${i}.number`} label="证书编号" required error={err(`qualifications.${i}.number`)}>
              <Input placeholder="证书上的编号" value={q.number} onChange={(v: string) => setQ(i, { number: v })} />
            </Field>
            <Field name={`qualifications.${i}.scope`} label="资质范围" error={err(`qualifications.${i}.scope`)}>
              <TextArea
                placeholder="批准的检验检测或计量范围"
                value={q.scope}
                maxLength={500}
                onChange={(v: string) => setQ(i, { scope: v })}
              />
            </Field>
            <Field
              name={`qualifications.${i}.validity`}
              label="有效期（起、止）"
              required
              error={err(`qualifications.${i}.validFrom`) ?? err(`qualifications.${i}.validTo`)}
            >
              <View className="inst-edit__pair">
                <Input placeholder="起 2024-01-01" value={q.validFrom} onChange={(v: string) => setQ(i, { validFrom: v })} />
                <Input placeholder="止 2029-12-31" value={q.validTo} onChange={(v: string) => setQ(i, { validTo: v })} />
              </View>
            </Field>
            <Field
              name={`qualifications.${i}.items`}
              label="覆盖的服务项目"
              hint="过期后这些项目不再参与匹配"
              error={under(`qualifications.${i}.items`)}
            >
              {draft.items.length === 0 ? <Text className="inst-edit__hint">先选择机构的服务项目</Text> : null}
              <Checkbox.Group value={q.items.filter((x) => draft.items.includes(x))} onChange={(v: string[]) => setQ(i, { items: v })}>
                {CATEGORIES.flatMap((c) => c.items)
                  .filter((it) => draft.items.includes(it.code))
                  .map((it) => (
                    <Checkbox key={it.code} value={it.code} label={it.name} />
                  ))}
              </Checkbox.Group>
            </Field>
            <Field name={`qualifications.${i}.scan`} label="证书扫描件" error={under(`qualifications.${i}.scan`)}>
              <AttachmentPicker
                value={q.scan}
                onChange={(update) =>
                  setDraft((d) => ({
                    ...d,
                    qualifications: d.qualifications.map((x, j) => (j === i ? { ...x, scan: update(x.scan).slice(-1) } : x)),
                  }))
                }
              />
            </Field>
            <Button
              size="small"
              fill="none"
              type="danger"
              onClick={() =>
                set(
                  'qualifications',
                  draft.qualifications.filter((_, j) => j !== i),
                )
              }
            >
              删除这项资质
            </Button>
          </View>
        ))}
        <Button size="small" fill="outline" onClick={() => set('qualifications', [...draft.qualifications, { ...NEW_QUALIFICATION }])}>
          添加资质
        </Button>
      </View>

      <SaveBar editor={editor} kind="institution" registerLabel="登记机构" onSave={() => void submit()} />
    </View>
  )
}
