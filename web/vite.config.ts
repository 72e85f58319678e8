import { defineConfig } from 'vite'

// govuk-frontend still carries an Internet Explorer hack ("min-width: 0\0")
// that the CSS minifier cannot parse; no supported browser needs it, so the
// rule is dropped before minifying.
const dropIeHacks = {
  postcssPlugin: 'threadline-drop-ie-hacks',
  AtRule: {
    media(rule: { params: string; remove(): void }) {
      // Sass turns the "\0" escape into U+FFFD.
      if (/\\0|\uFFFD/.test(rule.params)) rule.remove()
    },
  },
}

// The built files go to dist/, which `threadline serve` serves at "/".
// Everything is an external same-origin file: the server's Content Security
// Policy allows no inline script or style, and no data: fonts.
export default defineConfig({
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false, // scripts/report-sizes.mjs reports them
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  css: {
    postcss: { plugins: [dropIeHacks] },
    preprocessorOptions: {
      scss: {
        quietDeps: true,
      },
    },
  },
  server: {
    // `npm run dev` beside a running `threadline demo` on port 8080.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
})
