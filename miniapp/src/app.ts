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
import { getToken } from './api/client'
import { loadCalendar } from './hooks/useCalendar'
import { loadMe } from './hooks/useMe'
import { loadTimeLimits } from './hooks/useTimeLimits'

// weapp: WeChat's privacy requests go to the consent popup of the page on screen.
listenForPrivacyRequests()

// What the first screens ask the server for (the account on the home page and the need form,
// the time limits the form promises, the calendar its receipt counts on), asked at launch —
// alongside the first page's code rather than after it rendered. The hooks share these
// requests (one each); a failure here is the hooks' to show, when a page asks again.
if (getToken()) void loadMe().catch(() => undefined)
void loadTimeLimits().catch(() => undefined)
void loadCalendar().catch(() => undefined)

function App({ children }: PropsWithChildren) {
  // The pages are rendered as children.
  return children
}

export default App
