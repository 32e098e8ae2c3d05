// The vitest project of the mini-program's component tests (tests/miniapp):
// jsdom, Taro's React components rendered by Preact as the H5 build renders
// them (react and react-dom → preact/compat; the packages whose CommonJS or
// UMD builds would load React's own copy — Testing Library, NutUI's icons,
// react-transition-group — through their ES builds, inlined so that the
// aliases reach them), @tarojs/taro as a small shim over
// @tarojs/taro-h5 (tests/miniapp/support/taro.ts), NutUI imported per
// component as the babel rule of miniapp/babel.config.js does (its UMD main
// drags in lottie-web, which crashes jsdom), and Taro's build-time constants.
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import type { TestProjectInlineConfiguration } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** `import { Button, Cell } from '@nutui/nutui-react-taro'` → one import per component. */
function nutuiPerComponent(): Plugin {
  const pattern = /import\s*\{([^}]+)\}\s*from\s*['"]@nutui\/nutui-react-taro['"];?/g;
  return {
    name: 'qi:nutui-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('/node_modules/') || !code.includes('@nutui/nutui-react-taro')) return null;
      const out = code.replace(pattern, (_all, names: string) =>
        names
          .split(',')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((spec) => {
            const [imported, local] = spec.split(/\s+as\s+/).map((s) => s.trim()) as [string, string | undefined];
            if (imported.startsWith('type ')) return '';
            return `import ${local ?? imported} from '@nutui/nutui-react-taro/dist/es/packages/${imported.toLowerCase()}';`;
          })
          .join('\n'),
      );
      return out === code ? null : { code: out, map: null };
    },
  };
}

export const miniappProject: TestProjectInlineConfiguration = {
  extends: true,
  plugins: [nutuiPerComponent()],
  esbuild: { jsx: 'automatic' },
  // Taro's dist files name source maps they do not ship: vite warns once per file.
  logLevel: 'error',
  resolve: {
    alias: [
      { find: /^@tarojs\/taro$/, replacement: here('./support/taro.ts') },
      { find: /^@tarojs\/components$/, replacement: here('../../miniapp/src/h5Components.ts') },
      {
        find: /^@testing-library\/react$/,
        replacement: here('../../node_modules/@testing-library/react/dist/@testing-library/react.esm.js'),
      },
      { find: /^@nutui\/icons-react-taro$/, replacement: here('../../node_modules/@nutui/icons-react-taro/dist/es/index.es.js') },
      { find: /^react-transition-group$/, replacement: here('../../node_modules/react-transition-group/esm/index.js') },
      { find: /^react-dom\/test-utils$/, replacement: 'preact/test-utils' },
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react(-dom)?$/, replacement: 'preact/compat' },
      { find: /^react\/jsx(-dev)?-runtime$/, replacement: 'preact/jsx-runtime' },
    ],
  },
  define: {
    // Taro's runtime reads these build-time switches (its webpack plugin defines them).
    ENABLE_INNER_HTML: 'true',
    ENABLE_ADJACENT_HTML: 'true',
    ENABLE_SIZE_APIS: 'true',
    ENABLE_TEMPLATE_CONTENT: 'true',
    ENABLE_CLONE_NODE: 'true',
    ENABLE_CONTAINS: 'true',
    ENABLE_MUTATION_OBSERVER: 'true',
    DEPRECATED_ADAPTER_COMPONENT: 'false',
    API_BASE_URL: JSON.stringify('http://api.invalid'),
  },
  test: {
    name: 'miniapp',
    include: ['tests/miniapp/**/*.test.ts', 'tests/miniapp/**/*.test.tsx'],
    environment: 'jsdom',
    setupFiles: [here('./support/setup.ts')],
    globalSetup: [here('./support/api-server.ts')],
    css: false,
    server: {
      deps: {
        inline: [/@nutui\//, /@tarojs\/components-react/, /@tarojs\/components\//, /@testing-library\/react/, /react-transition-group/],
      },
    },
  },
};
