// Prints what the first page costs to load: index.html and every script and
// stylesheet it links, raw and compressed (gzip and brotli, as a server or
// proxy would send them). Fails when the JavaScript and CSS together exceed
// the budget compressed.
//
//   node scripts/report-sizes.mjs [build folder, dist by default]
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync, brotliCompressSync, constants } from 'node:zlib'

const BUDGET = 250 * 1024
const dist = resolve(join(dirname(fileURLToPath(import.meta.url)), '..'), process.argv[2] ?? 'dist')
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const linked = [...html.matchAll(/(?:src|href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1])

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const measure = (file) => {
  const body = readFileSync(join(dist, file))
  return {
    file,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

const rows = linked.map(measure)
let total = { raw: 0, gzip: 0, brotli: 0 }
console.log('First page (index.html links):')
for (const r of rows) {
  console.log(`  ${r.file.padEnd(40)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(10)} gzip ${kb(r.brotli).padStart(10)} brotli`)
  total = { raw: total.raw + r.raw, gzip: total.gzip + r.gzip, brotli: total.brotli + r.brotli }
}
console.log(`  ${'JavaScript + CSS'.padEnd(40)} ${kb(total.raw).padStart(10)} raw ${kb(total.gzip).padStart(10)} gzip ${kb(total.brotli).padStart(10)} brotli (budget ${kb(BUDGET)} compressed)`)

const all = readdirSync(join(dist, 'assets'))
const everything = all.reduce((n, f) => n + statSync(join(dist, 'assets', f)).size, 0)
console.log(`All built assets: ${all.length} files, ${kb(everything)} raw`)

if (total.gzip > BUDGET) {
  console.error(`The first page's JavaScript and CSS are ${kb(total.gzip)} gzipped, over the ${kb(BUDGET)} budget.`)
  process.exit(1)
}
