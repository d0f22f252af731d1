import autocannon, { type Request } from 'autocannon'

export type LoadOptions = {
  url: string
  /** Concurrent connections, each waiting for its answer before sending the next request. */
  connections: number
  seconds: number
  /** Requests per second from all connections together (open loop); unset: as fast as answered. */
  rate?: number
  requests: Request[]
  /** The statuses that count as a success, e.g. [302] for a form post. */
  expect: number[]
}

export type LoadResult = {
  requestsPerSecond: number
  total: number
  p50: number
  p99: number
  max: number
  /** Answers with another status, connection errors and timeouts. */
  failures: number
  statuses: Record<string, number>
}

function percentile(sorted: Float64Array, fraction: number) {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!
}

/**
 * One time-bounded run of autocannon. Latencies are kept exactly (autocannon's own histogram
 * rounds to whole milliseconds, too coarse for sub-millisecond pages); with a fixed rate
 * autocannon's percentiles, corrected for coordinated omission, are used when they are worse.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.rate,
    requests: options.requests,
    timeout: 30,
  })
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1
    latencies.push(ms)
  })
  const result = await instance
  const sorted = Float64Array.from(latencies).sort()
  const failed = Object.entries(statuses)
    .filter(([status]) => !options.expect.includes(Number(status)))
    .reduce((sum, [, count]) => sum + count, 0)
  const corrected = options.rate !== undefined
  return {
    requestsPerSecond: latencies.length / options.seconds,
    total: latencies.length,
    p50: percentile(sorted, 0.5),
    p99: Math.max(percentile(sorted, 0.99), corrected ? result.latency.p99 : 0),
    max: sorted[sorted.length - 1] ?? NaN,
    failures: failed + result.errors + result.timeouts,
    statuses,
  }
}

/** A short run whose numbers are thrown away: JIT, page cache and connection pools warm up. */
export async function warmUp(options: LoadOptions, seconds = 2) {
  await runLoad({ ...options, seconds })
}
