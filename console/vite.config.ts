import { defineConfig } from 'vite'

/**
 * The web console's build: console/ -> console/dist, served by Cairn at
 * /webui/ (routes/console.ts). Everything is bundled; nothing loads from
 * another origin, so the console works offline.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/webui/',
  // Preact's JSX through Vite's own transform: no Babel preset needed
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // a strict CSP allows data: images only; fonts and scripts stay files
    assetsInlineLimit: 0,
    // no inline module-preload helper: the CSP forbids inline scripts
    modulePreload: { polyfill: false },
    reportCompressedSize: false
  }
})
