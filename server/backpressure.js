// Streamed downloads (the CSV exports) must not produce faster than the client takes them. Remix
// copies a response body into Node's response without waiting when the response says it is full
// (`write` returning false), so a slow download of a large letter would pile the whole file up in
// memory. `trackBackpressure` watches the writes and gives loaders a function to wait on.

/**
 * How far a stream may run ahead of a full response: enough to keep the next chunk ready while
 * compression (on its own thread) works on the last, so producing and compressing overlap.
 */
export const AHEAD_BYTES = 4 * 1024 * 1024

/**
 * Call with a response before anything writes to it (after middleware that replaces `write`,
 * like compression, so its verdict is the one seen). Returns `waitForClient()`: resolved at once
 * while the response has room or is less than AHEAD_BYTES behind, otherwise when it drains or
 * closes.
 * @param {import('node:http').ServerResponse} res
 * @returns {() => Promise<void>}
 */
export function trackBackpressure(res) {
  let full = false
  let sinceDrain = 0
  /** @type {(() => void)[]} */
  const waiting = []
  const release = () => {
    full = false
    sinceDrain = 0
    for (const resolve of waiting.splice(0)) resolve()
  }
  // Listening from the start: a drain may come before anyone waits. Through the response's own
  // `on`, so compression hands 'drain' to its zlib stream once it has one.
  res.on('drain', release)
  res.on('close', release)
  const write = res.write
  res.write = function (...args) {
    const accepted = write.apply(this, args)
    const [chunk] = args
    sinceDrain += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk?.length ?? 0)
    if (!accepted) full = true
    return accepted
  }
  return function waitForClient() {
    if (!full || sinceDrain < AHEAD_BYTES || res.destroyed || res.writableEnded) return Promise.resolve()
    return new Promise((resolve) => waiting.push(resolve))
  }
}
