import { readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import SQLite from 'better-sqlite3'

export type Row = {
  scenario: string
  requestsPerSecond?: number
  p50?: number
  p99?: number
  /** Against the baseline server's rate for the same kind of request (POST or GET). */
  ratio?: number
  /** Another figure that is the point of the row (rows/s, ms for a whole job). */
  figure?: string
  target: string
  pass?: boolean
  note?: string
}

export type Machine = {
  cpus: number
  cpuModel: string
  node: string
  sqlite: string
  memoryGiB: number
  kernel: string
  loadBefore: number[]
  loadAfter: number[]
}

export function describeMachine(): Omit<Machine, 'loadAfter'> {
  const sqlite = new SQLite(':memory:')
  const version = (sqlite.prepare('select sqlite_version() as v').get() as { v: string }).v
  sqlite.close()
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    sqlite: version,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    loadBefore: os.loadavg(),
  }
}

const number = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const ms = (value: number | undefined) =>
  value === undefined || Number.isNaN(value)
    ? ''
    : value < 10
      ? `${number(value, 2)} ms`
      : `${number(value, 0)} ms`

export function renderTable(rows: Row[]): string {
  const lines = [
    '| Scenario | req/s | p50 | p99 | × baseline | Other | Target | Result |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ]
  for (const row of rows) {
    const result = row.pass === undefined ? '—' : row.pass ? '**pass**' : '**FAIL**'
    lines.push(
      `| ${row.scenario}${row.note ? ` (${row.note})` : ''} | ${row.requestsPerSecond === undefined ? '' : number(row.requestsPerSecond)} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.ratio === undefined ? '' : `${number(row.ratio * 100, 0)}%`} | ${row.figure ?? ''} | ${row.target} | ${result} |`,
    )
  }
  return lines.join('\n')
}

export function renderResults(options: {
  rows: Row[]
  machine: Machine
  command: string
  startedAt: Date
  seconds: number
  notes: string[]
}): string {
  const { machine } = options
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ')
  return [
    `Run of ${options.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}: \`${options.command}\``,
    '',
    `Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.kernel}; Node ${machine.node}, SQLite ${machine.sqlite}. ` +
      `Load average (1 / 5 / 15 min) ${load(machine.loadBefore)} before the run, ${load(machine.loadAfter)} after: ` +
      `anything well above 0 means other work shared the cores and the figures are low and noisy.`,
    '',
    renderTable(options.rows),
    '',
    ...options.notes.map((note) => `- ${note}`),
  ].join('\n')
}

const START = '<!-- bench:results:start -->'
const END = '<!-- bench:results:end -->'

/** Replaces the generated part of the performance page, leaving the written parts alone. */
export function writeResults(file: string, markdown: string) {
  const page = readFileSync(file, 'utf8')
  const start = page.indexOf(START)
  const end = page.indexOf(END)
  if (start === -1 || end === -1) throw new Error(`${file} has no ${START} … ${END} section`)
  writeFileSync(file, `${page.slice(0, start + START.length)}\n${markdown}\n${page.slice(end)}`)
}
