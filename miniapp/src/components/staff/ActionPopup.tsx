import { useEffect, useState, type ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { Button, Input, Popup, Radio, Switch, TextArea } from '@nutui/nutui-react-taro'
import { Field } from '../Field'
import type { FieldErrors } from '../formErrors'
import { useForm, type FormSchema } from '../../hooks/useForm'
import './ActionPopup.scss'

/** One option of a `choice` field; options sharing a `group` are listed under its heading. */
export interface ActionOption {
  value: string
  label: string
  hint?: string
  group?: string
}

/**
 * One field of an action's form. `lines`: one entry per line (e.g. 一次性告知
 * items); `choice`: one of `options` (e.g. whom 转办 hands the need to).
 */
export interface ActionField {
  name: string
  label: string
  kind: 'textarea' | 'input' | 'lines' | 'switch' | 'choice'
  required?: boolean
  hint?: string
  placeholder?: string
  maxLength?: number
  options?: ActionOption[]
}

/** A `choice` field's options under their group headings. */
function Choices(props: { options: ActionOption[]; value: string; onChange: (v: string) => void }) {
  return (
    <Radio.Group className="action-popup__choices" value={props.value} onChange={(v) => props.onChange(String(v))}>
      {props.options.map((o, i) => (
        <View key={o.value} className="action-popup__choice-row" data-option={o.value}>
          {o.group && o.group !== props.options[i - 1]?.group ? <Text className="action-popup__choice-group">{o.group}</Text> : null}
          <Radio value={o.value} className="action-popup__choice">
            <View className="action-popup__choice-text">
              <Text className="action-popup__choice-label">{o.label}</Text>
              {o.hint ? <Text className="action-popup__choice-hint">{o.hint}</Text> : null}
            </View>
          </Radio>
        </View>
      ))}
    </Radio.Group>
  )
}

export type ActionValues = Record<string, string | boolean>

/** The sheet's own check lets the values through as they are; the caller's `onSubmit` checks them. */
const asTyped: FormSchema<ActionValues> = { safeParse: (v) => ({ success: true, data: v as ActionValues }) }

/**
 * A bottom sheet with an action's form: the fields, their Chinese messages
 * (from the shared schema, checked by the caller's `onSubmit`), and the
 * confirm button. `onSubmit` answers the errors to show, or null when done.
 */
export function ActionPopup(props: {
  visible: boolean
  title: string
  description?: string
  fields: ActionField[]
  confirmText?: string
  busy?: boolean
  extra?: ReactNode
  onClose: () => void
  onSubmit: (values: ActionValues) => Promise<FieldErrors | null>
}) {
  const initial = (): ActionValues => Object.fromEntries(props.fields.map((f) => [f.name, f.kind === 'switch' ? false : '']))
  const [values, setValues] = useState<ActionValues>(initial)
  // The values go to the caller as typed: it builds the action's body and checks it with the shared schema.
  const form = useForm({
    state: [values, setValues],
    schema: asTyped,
    body: (v) => v,
    onEdit: 'keep',
    send: props.onSubmit,
  })
  const { errors } = form

  // A fresh form each time the sheet opens.
  useEffect(() => {
    if (props.visible) {
      setValues(initial())
      form.reset()
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset on opening only; `initial` is a new function every render
  }, [props.visible, props.title])

  const set = (name: string, v: string | boolean) => form.update((s) => ({ ...s, [name]: v }))

  return (
    <Popup visible={props.visible} position="bottom" round closeable title={props.title} onClose={props.onClose}>
      {/* The fields scroll; the confirm button stays below them, on screen, however long the text. */}
      <View className="action-popup" data-action-form={props.title}>
        <View className="action-popup__body">
          {props.description ? <Text className="action-popup__description">{props.description}</Text> : null}
          {props.fields.map((f) => (
            <Field key={f.name} label={f.label} required={f.required} hint={f.hint} error={errors[f.name]} name={f.name}>
              {f.kind === 'switch' ? (
                <Switch checked={Boolean(values[f.name])} onChange={(v) => set(f.name, v)} />
              ) : f.kind === 'choice' ? (
                <Choices options={f.options ?? []} value={String(values[f.name] ?? '')} onChange={(v) => set(f.name, v)} />
              ) : f.kind === 'input' ? (
                <Input
                  placeholder={f.placeholder}
                  value={String(values[f.name] ?? '')}
                  maxLength={f.maxLength}
                  onChange={(v) => set(f.name, v)}
                />
              ) : (
                // A box of fixed height that scrolls its text, not an auto-growing one: Taro's
                // auto-height comes out a line short past ~40 lines (the first line scrolled
                // away), and a textarea taller than the sheet scrolls inside the sheet's scroll.
                <TextArea
                  className="action-popup__textarea"
                  placeholder={f.placeholder}
                  value={String(values[f.name] ?? '')}
                  maxLength={f.maxLength ?? 2000}
                  showCount
                  onChange={(v) => set(f.name, v)}
                />
              )}
            </Field>
          ))}
          {props.extra}
        </View>
        <View className="action-popup__footer">
          {errors._form ? <Text className="action-popup__error">{errors._form}</Text> : null}
          <Button
            block
            type="primary"
            loading={props.busy || form.busy}
            disabled={props.busy || form.busy}
            onClick={() => void form.submit()}
          >
            {props.confirmText ?? '确定'}
          </Button>
        </View>
      </View>
    </Popup>
  )
}

/** The entries of a `lines` field: one per non-empty line. */
export const linesOf = (v: string | boolean | undefined): string[] =>
  String(v ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean)
