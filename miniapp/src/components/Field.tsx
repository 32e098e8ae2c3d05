import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import './Field.scss'

/**
 * One labelled form field: the label (with a mark when required), the
 * control, a hint, and the Chinese message of the shared schema when the
 * value does not pass it.
 */
export function Field(props: {
  label: string
  required?: boolean
  hint?: string
  error?: string
  /** For tests and screen readers: names the field's error. */
  name?: string
  children: ReactNode
}) {
  return (
    <View className={`field${props.error ? ' field--invalid' : ''}`} data-field={props.name}>
      <View className="field__label">
        <Text>{props.label}</Text>
        {props.required ? <Text className="field__required">*</Text> : null}
      </View>
      <View className="field__control">{props.children}</View>
      {props.error ? (
        <Text className="field__error">{props.error}</Text>
      ) : props.hint ? (
        <Text className="field__hint">{props.hint}</Text>
      ) : null}
    </View>
  )
}

/** A titled card grouping fields or facts. */
export function Section(props: { title?: string; extra?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <View className={`section ${props.className ?? ''}`}>
      {props.title ? (
        <View className="section__head">
          <Text className="section__title">{props.title}</Text>
          {props.extra ?? null}
        </View>
      ) : null}
      {props.children}
    </View>
  )
}

/** A label and a value in a read-only record. */
export function Fact(props: { label: string; children: ReactNode }) {
  return (
    <View className="fact">
      <Text className="fact__label">{props.label}</Text>
      <View className="fact__value">{props.children}</View>
    </View>
  )
}
