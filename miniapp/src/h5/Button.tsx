// H5's Button (h5Components.ts): a plain <button> with the props of Taro's that NutUI's Button
// passes (className, style, disabled, formType, onClick, children; id, data-*, aria-*). Taro's
// own is a web component: Stencil's runtime with the code of Taro's whole component set came in
// on the first page with a button, and each button ran a component lifecycle; its plain-HTML
// twin (@tarojs/components-react) is a <div> marked `.taro-button-core.taro-btn-default`, WeChat's
// grey, which outranks NutUI's one-class colours. openType and the like are weapp's alone.
import './Button.scss'
import { dataAndAriaOf, type DataAndAria } from './dataAndAria'
import { forwardRef, type CSSProperties, type MouseEvent, type ReactNode } from 'react'

export interface ButtonProps extends DataAndAria {
  id?: string
  className?: string
  style?: CSSProperties
  disabled?: boolean
  formType?: 'submit' | 'reset' | 'button'
  onClick?: (e: MouseEvent<HTMLButtonElement>) => void
  children?: ReactNode
}

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(props, ref) {
  const { id, className, style, disabled, formType, onClick, children } = props
  const attributes = dataAndAriaOf(props)
  return (
    <button
      {...attributes}
      ref={ref}
      id={id}
      type={formType ?? 'button'}
      className={className ? `qi-button ${className}` : 'qi-button'}
      style={style}
      disabled={disabled}
      onClick={onClick}
    >
      {children}
    </button>
  )
})
