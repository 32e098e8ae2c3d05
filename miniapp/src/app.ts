import type { PropsWithChildren } from 'react'
// NutUI's default theme and its icon font, once for the whole app;
// app.scss then points NutUI's variables at our theme.
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import '@nutui/icons-react-taro/dist/style_icon.css'
import './app.scss'
// zod without eval on H5 (zodConfig.h5.ts); nothing to do in the mini-program.
import './zodConfig'
import { listenForPrivacyRequests } from './privacy'
// Where the app was opened, read before the first page changes it (staff landing on their workbench).
import './launch'
// H5: what the first screens ask the server for, asked at launch (prefetch.h5.ts).
import './prefetch'
// H5: app.config's preloadRule, which only WeChat applies by itself (preloadRule.h5.ts).
import './preloadRule'

// weapp: WeChat's privacy requests go to the consent popup of the page on screen.
listenForPrivacyRequests()

function App({ children }: PropsWithChildren) {
  // The pages are rendered as children.
  return children
}

export default App
