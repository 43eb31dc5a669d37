/*
 * The admin dashboard's build: admin/ -> dist/admin (served at /admin by src/http/admin-app.ts).
 * `npm run build` runs it after `nest build` (which empties dist/).
 * No React plugin: Vite's own transform compiles JSX (the automatic runtime);
 * there is no dev server in this project's workflow, so Fast Refresh is not needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const here = import.meta.dirname;
const outDir = join(here, '..', 'dist', 'admin');

/** Writes .br and .gz beside each emitted asset, sent by @fastify/static when accepted. */
function precompress(): Plugin {
  return {
    name: 'statuspages-precompress',
    apply: 'build',
    writeBundle(_options, bundle) {
      for (const [file, item] of Object.entries(bundle)) {
        if (!/\.(js|css|svg|json)$/.test(file)) continue;
        const source = item.type === 'chunk' ? Buffer.from(item.code) : Buffer.from(item.source);
        if (source.length < 1024) continue;
        const target = join(outDir, file);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(`${target}.gz`, gzipSync(source, { level: 9 }));
        writeFileSync(
          `${target}.br`,
          brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
        );
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: '/admin/',
  publicDir: false,
  plugins: [precompress()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Nothing inlined as a data: URL into scripts; the CSP allows only files.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" (for React Server Components): meaningless here.
      onwarn(warning, handle) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handle(warning);
      },
    },
  },
});
