import type { UserConfigExport } from '@tarojs/cli'

export default {
  mini: {},
  h5: {
    // Keep the H5 entry lean: vendors in their own cacheable chunk.
    enableSourceMap: false,
  },
} satisfies UserConfigExport<'webpack5'>
