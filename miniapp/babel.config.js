// babel-preset-taro: https://docs.taro.zone/docs/next/babel-config
// The framework as config/index.ts has it (Preact on H5, React on weapp), without hot reloading as there.
/** @type {import('@babel/core').TransformOptions} */
module.exports = {
  presets: [['taro', { framework: process.env.TARO_ENV === 'h5' ? 'preact' : 'react', hot: false, ts: true, compiler: 'webpack5' }]],
  plugins: [
    [
      // NutUI per component, with its own CSS: `import { Button } from '@nutui/nutui-react-taro'`
      // becomes `@nutui/nutui-react-taro/dist/es/packages/button` + `.../button/style/css`.
      'import',
      {
        libraryName: '@nutui/nutui-react-taro',
        camel2DashComponentName: false,
        customName: (name) => `@nutui/nutui-react-taro/dist/es/packages/${name.toLowerCase()}`,
        style: (name) => `${name}/style/css`,
      },
      'nutui-react-taro',
    ],
  ],
}
