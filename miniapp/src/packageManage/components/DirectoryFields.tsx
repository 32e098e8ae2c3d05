import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button, Checkbox, Input, Radio } from '@nutui/nutui-react-taro'
import { CATEGORIES, PROVIDER_STATUS_LABELS, PROVIDER_STATUSES, type CategoryCode, type ProviderStatus } from '@qi/shared'
import { Field } from '../../components/Field'
import { directoryHistoryPage as historyPage, directoryPage, go } from '../../links'

// The sections the directory's edit pages (institution, expert) share; they
// sit in the page's `inst-edit` cards.

/** 状态: 在册 or not, as radio buttons. */
export function StatusField(props: { value: ProviderStatus; error?: string; onChange: (v: ProviderStatus) => void }) {
  return (
    <Field name="status" label="状态" error={props.error}>
      <Radio.Group
        direction="horizontal"
        value={props.value}
        onChange={(v) => props.onChange(v as ProviderStatus)}
        options={PROVIDER_STATUSES.map((s) => ({ label: PROVIDER_STATUS_LABELS[s], value: s }))}
      />
    </Field>
  )
}

/** What the shared sections read of a page's editor (useDirectoryEditor). */
interface Editor {
  current: { id: string; contact: { name: string; phone: string } } | null
  draft: { contactName: string; contactPhone: string }
  set: (k: 'contactName' | 'contactPhone', v: string) => void
  saving: boolean
  err: (path: string) => string | undefined
  under: (path: string) => string | undefined
}

/**
 * The contact card: new when registering; when editing, the current one is
 * shown masked and a blank name and phone keep it.
 */
export function ContactSection({ editor, title, nameLabel }: { editor: Editor; title: string; nameLabel: string }) {
  const { current, draft, set } = editor
  return (
    <View className="inst-edit__card">
      <Text className="inst-edit__title">{title}</Text>
      {current ? (
        <Text className="inst-edit__hint">
          当前：{current.contact.name} {current.contact.phone}（已脱敏）。如需更换，请填写新的姓名和电话；留空则不变。
        </Text>
      ) : null}
      <Field name="contact" label={nameLabel} required={!current} error={editor.under('contact')}>
        <Input placeholder="2–20 个字" value={draft.contactName} onChange={(v: string) => set('contactName', v)} />
      </Field>
      <Field name="contact.phone" label="联系电话" required={!current} error={editor.err('contact.phone')}>
        <Input placeholder="手机号或带区号的固定电话" value={draft.contactPhone} onChange={(v: string) => set('contactPhone', v)} />
      </Field>
    </View>
  )
}

/** Save (or register), and the record's history once it exists. */
export function SaveBar(props: { editor: Editor; kind: 'institution' | 'expert'; registerLabel: string; onSave: () => void }) {
  const { current, saving } = props.editor
  return (
    <View className="inst-edit__save">
      <Button type="primary" block loading={saving} onClick={props.onSave}>
        {current ? '保存修改' : props.registerLabel}
      </Button>
      {current ? (
        <Button block fill="outline" onClick={() => void Taro.navigateTo({ url: historyPage(props.kind, current.id) })}>
          修改历史
        </Button>
      ) : null}
    </View>
  )
}

/**
 * 服务类别 as checkboxes; unticking a category drops its items, so the items
 * chosen stay within the categories.
 */
export function CategoriesField(props: {
  name: string
  value: CategoryCode[]
  error?: string
  onChange: (categories: CategoryCode[], keepItem: (code: string) => boolean) => void
}) {
  return (
    <Field name={props.name} label="服务类别" required error={props.error}>
      <Checkbox.Group
        direction="horizontal"
        value={props.value}
        onChange={(v: string[]) => {
          const cats = v as CategoryCode[]
          const keep = CATEGORIES.filter((c) => cats.includes(c.code)).flatMap((c) => c.items.map((i) => i.code))
          props.onChange(cats, (code) => keep.includes(code))
        }}
      >
        {CATEGORIES.map((c) => (
          <Checkbox key={c.code} value={c.code} label={c.shortName} />
        ))}
      </Checkbox.Group>
    </Field>
  )
}

/** The read-only notice of the directory's management pages, for anyone but a manager: the public directory is where to look. */
export const directoryReadOnly = (tab: 'institutions' | 'experts') => ({
  description: '机构名录和专家库由运营管理人员维护；您可以在服务大厅的名录中查看公开信息。',
  actionText: tab === 'experts' ? '查看专家库' : '查看机构名录',
  onAction: () => go(directoryPage({ tab })),
})
