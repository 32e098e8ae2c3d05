import { Text, View } from '@tarojs/components'
import { Checkbox, Input, Radio } from '@nutui/nutui-react-taro'
import { CATEGORIES, PROVIDER_STATUS_LABELS, PROVIDER_STATUSES, type CategoryCode, type ProviderStatus } from '@qi/shared'
import { Field } from '../../components/Field'

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

/**
 * The contact card: new when registering; when editing, the current one is
 * shown masked and a blank name and phone keep it.
 */
export function ContactSection(props: {
  title: string
  nameLabel: string
  /** The masked contact on record, when editing. */
  current: { name: string; phone: string } | null
  name: string
  phone: string
  onName: (v: string) => void
  onPhone: (v: string) => void
  nameError?: string
  phoneError?: string
}) {
  const { current } = props
  return (
    <View className="inst-edit__card">
      <Text className="inst-edit__title">{props.title}</Text>
      {current ? (
        <Text className="inst-edit__hint">
          当前：{current.name} {current.phone}（已脱敏）。如需更换，请填写新的姓名和电话；留空则不变。
        </Text>
      ) : null}
      <Field name="contact" label={props.nameLabel} required={!current} error={props.nameError}>
        <Input placeholder="2–20 个字" value={props.name} onChange={props.onName} />
      </Field>
      <Field name="contact.phone" label="联系电话" required={!current} error={props.phoneError}>
        <Input placeholder="手机号或带区号的固定电话" value={props.phone} onChange={props.onPhone} />
      </Field>
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
