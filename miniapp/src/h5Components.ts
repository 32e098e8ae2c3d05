// H5's component library (the alias of `@tarojs/components` in config/index.ts): Taro's
// components drawn as plain HTML (@tarojs/components-react, what `h5.useHtmlComponents`
// gives), which render without a web component's lifecycle around each View and Text.
export * from '@tarojs/components-react'
// Button: a plain <button> under NutUI's classes (h5/Button.tsx).
export { Button } from './h5/Button'
// Textarea: a plain HTML one that grows with its text by CSS, else by one measure per change (h5/Textarea.tsx).
export { Textarea } from './h5/Textarea'
