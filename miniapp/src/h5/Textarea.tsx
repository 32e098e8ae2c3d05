// H5's Textarea (h5Components.ts): a plain <textarea> with the props and events of Taro's
// (value, placeholder, maxlength, autoHeight, nativeProps; onInput, onFocus, onBlur, onConfirm
// with `detail.value`), as NutUI's TextArea drives it. Taro's web component measured its text
// some thirty times on each input to grow it (autoHeight), each a layout of the whole page:
// this one grows by CSS (field-sizing: content) where the browser can, else by one measure
// when its text changes. Uncontrolled while an input method composes a word (a controlled
// value would reset the word half typed), as Taro's is.
import './Textarea.scss'
import { dataAndAriaOf, type DataAndAria } from './dataAndAria'
import { forwardRef, useImperativeHandle, useLayoutEffect, useRef, type CSSProperties, type TextareaHTMLAttributes } from 'react'

interface TaroEvent {
  type: string
  detail: { value: string; cursor?: number }
  target: HTMLTextAreaElement
  currentTarget: HTMLTextAreaElement
}

export interface TextareaProps extends DataAndAria {
  id?: string
  className?: string
  style?: CSSProperties
  value?: string
  placeholder?: string
  disabled?: boolean
  maxlength?: number
  autoFocus?: boolean
  autoHeight?: boolean
  name?: string
  nativeProps?: TextareaHTMLAttributes<HTMLTextAreaElement>
  onInput?: (e: TaroEvent) => void
  onFocus?: (e: TaroEvent) => void
  onBlur?: (e: TaroEvent) => void
  onConfirm?: (e: TaroEvent) => void
}

/** Whether the browser sizes a textarea to its text by itself (Chromium 123+). */
const sizesByCss = typeof CSS !== 'undefined' && CSS.supports?.('field-sizing', 'content')

/** Fits the box to its text: one layout (set, then read, then set). Unshown (no layout): left as is. */
function fitHeight(el: HTMLTextAreaElement): void {
  if (sizesByCss) return
  el.style.height = 'auto'
  if (!el.scrollHeight) return
  el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`
}

/** Where the caret is, as Taro's onInput reports it. */
const cursorOf = (ta: HTMLTextAreaElement): number => ta.selectionEnd ?? ta.value.length

export const Textarea = forwardRef<HTMLTextAreaElement, TextareaProps>(function Textarea(props, ref) {
  const { id, className, style, value, placeholder, disabled, maxlength = 140, autoFocus, autoHeight, name, nativeProps } = props
  const el = useRef<HTMLTextAreaElement>(null)
  const composing = useRef(false)
  useImperativeHandle(ref, () => el.current!)
  const emit = (type: 'onInput' | 'onFocus' | 'onBlur' | 'onConfirm', ta: HTMLTextAreaElement, cursor?: number) =>
    props[type]?.({ type: type.slice(2).toLowerCase(), detail: { value: ta.value, cursor }, target: ta, currentTarget: ta })

  // The value given, unless it is what the box holds already (typed, or a word being composed);
  // the box fitted to a text it did not get from typing (the first, or one set by the page).
  const fitted = useRef(false)
  useLayoutEffect(() => {
    const ta = el.current
    if (!ta || composing.current) return
    const next = value ?? ''
    const changed = ta.value !== next
    if (changed) ta.value = next
    if (autoHeight && (changed || (!fitted.current && next))) fitHeight(ta)
    fitted.current = true
  }, [value, autoHeight])

  const { onCompositionStart, onCompositionEnd, ...native } = nativeProps ?? {}
  const attributes = dataAndAriaOf(props)
  return (
    <textarea
      {...attributes}
      id={id}
      ref={el}
      className={`taro-textarea${autoHeight ? ' taro-textarea--auto-height' : ''}${className ? ` ${className}` : ''}`}
      style={style}
      defaultValue={value ?? ''}
      placeholder={placeholder}
      name={name}
      disabled={disabled}
      maxLength={maxlength}
      autoFocus={autoFocus}
      {...native}
      onInput={(e) => {
        const ta = e.currentTarget
        if (autoHeight) fitHeight(ta)
        if (!composing.current) emit('onInput', ta, cursorOf(ta))
      }}
      onCompositionStart={(e) => {
        composing.current = true
        onCompositionStart?.(e)
      }}
      onCompositionEnd={(e) => {
        composing.current = false
        onCompositionEnd?.(e)
        emit('onInput', e.currentTarget, cursorOf(e.currentTarget))
      }}
      onFocus={(e) => emit('onFocus', e.currentTarget)}
      onBlur={(e) => emit('onBlur', e.currentTarget)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') emit('onConfirm', e.currentTarget)
      }}
    />
  )
})
