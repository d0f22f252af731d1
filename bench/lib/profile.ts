import { readdirSync, readFileSync, statSync } from 'node:fs'

type ProfileNode = {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Where a frame's code lives: a package, the app's server build, or Node itself. */
function ownerOf(url: string): string {
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (packageMatch) return packageMatch[1]!
  if (url.includes('/build/index.js')) return 'app (build/index.js)'
  if (url.endsWith('/server.js')) return 'server.js'
  if (url.startsWith('node:') || url === '') return 'node and native (incl. SQLite)'
  return url
}

/**
 * The newest .cpuprofile in `dir`, summarized: self time by package, and the functions with the
 * most self time. Idle time (waiting for requests or the disk) is left out of the shares.
 */
export function summarizeProfile(dir: string, top = 25): string {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => `${dir}${file}`)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
  if (!files[0]) return `No profile in ${dir}`
  const profile = JSON.parse(readFileSync(files[0], 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const selfTime = new Map<number, number>()
  profile.samples.forEach((id, index) => {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0))
  })
  const byPackage = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let busy = 0
  for (const [id, micros] of selfTime) {
    const frame = byId.get(id)!.callFrame
    if (frame.functionName === '(idle)') continue
    busy += micros
    const owner =
      frame.functionName === '(program)' || frame.functionName === '(garbage collector)'
        ? frame.functionName
        : ownerOf(frame.url)
    byPackage.set(owner, (byPackage.get(owner) ?? 0) + micros)
    const name = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/build\//, 'build/')}:${frame.lineNumber + 1}`
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros)
  }
  const share = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1])
  return [
    `Profile ${files[0]}: ${(busy / 1e6).toFixed(1)} s busy`,
    'Self time by package:',
    ...sorted(byPackage)
      .slice(0, 15)
      .map(([owner, micros]) => `  ${share(micros)}  ${owner}`),
    `Top ${top} functions by self time:`,
    ...sorted(byFunction)
      .slice(0, top)
      .map(([name, micros]) => `  ${share(micros)}  ${name}`),
  ].join('\n')
}
