// H5's component library (the alias of `@tarojs/components` in config/index.ts): Taro's
// components drawn as plain HTML (@tarojs/components-react, what `h5.useHtmlComponents`
// gives), which render without a web component's lifecycle around each View and Text — but
// Button stays Taro's web component. The HTML button marks a button of no `type` with
// `.taro-button-core.taro-btn-default`, two classes whose WeChat grey (#f8f8f8, black text)
// outranks NutUI's one-class colours: a disabled or solid-coloured NutUI button lost its own.
export * from '@tarojs/components-react'
export { Button } from '@tarojs/components/lib/react'
// Textarea: a plain HTML one that grows with its text by CSS, else by one measure per change (h5/Textarea.tsx).
export { Textarea } from './h5/Textarea'
