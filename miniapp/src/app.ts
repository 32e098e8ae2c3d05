import type { PropsWithChildren } from 'react'
// NutUI's default theme and its icon font, once for the whole app;
// app.scss then points NutUI's variables at our theme.
import '@nutui/nutui-react-taro/dist/styles/themes/default.css'
import '@nutui/icons-react-taro/dist/style_icon.css'
import './app.scss'
import { config as configureZod } from 'zod'

// The shared schemas validate forms here too. zod compiles object parsers with
// `new Function` when it may; the H5 app's Content-Security-Policy forbids eval
// (a mini-program does too), and zod's probe alone is reported as a violation.
configureZod({ jitless: true })

function App({ children }: PropsWithChildren) {
  // The pages are rendered as children.
  return children
}

export default App
