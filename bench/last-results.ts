// `npx tsx bench/last-results.ts`: the newest run's rows (bench/.data/results-*.json), one a line.
import { readdirSync, readFileSync } from 'node:fs'
import type { Row } from './lib/report'

const dir = new URL('./.data/', import.meta.url).pathname
const newest = readdirSync(dir)
  .filter((file) => file.startsWith('results-'))
  .sort()
  .at(-1)
if (!newest) throw new Error(`No results in ${dir}; run npm run bench`)
const { rows } = JSON.parse(readFileSync(`${dir}${newest}`, 'utf8')) as { rows: Row[] }
for (const row of rows) {
  const rate = row.requestsPerSecond ? `${Math.round(row.requestsPerSecond)} req/s` : ''
  const latency = row.p50 !== undefined ? `p50 ${row.p50} p99 ${row.p99}` : ''
  const ratio = row.ratio !== undefined ? `${Math.round(row.ratio * 100)}%` : ''
  console.log(
    [
      row.pass === false ? 'FAIL' : row.pass ? 'pass' : '    ',
      row.scenario,
      rate,
      latency,
      ratio,
      row.figure ?? '',
    ]
      .filter(Boolean)
      .join(' | '),
  )
}
