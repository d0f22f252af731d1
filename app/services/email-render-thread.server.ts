import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { renderEmail, type EmailTemplateName } from '#emails/index'
import type { EmailRenderer } from './email-delivery.server'

// Emails are rendered on a thread of their own (ADR 014). Rendering one costs more CPU than
// taking one signature (about 4 ms against 2.5 ms on the benchmark machine); on the web thread,
// a crowd signing while the provider answered at once lost a third of its throughput to it. The
// thread only renders: the outbox, its reads and writes stay with the web thread's one database
// connection, so the two never wait on each other's locks. It loads this same server build.

const ROLE = 'undersigned-email-renderer'

type RenderRequest = { id: number; template: EmailTemplateName; props: object }
type RenderReply = { id: number; html: string; text: string } | { id: number; error: string }

/** True inside the rendering thread. */
export function isEmailRenderThread(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === ROLE
}

/** Inside the rendering thread: render what the web thread asks for. */
export function serveEmailRendering() {
  parentPort?.on('message', async ({ id, template, props }: RenderRequest) => {
    let reply: RenderReply
    try {
      reply = { id, ...(await renderEmail(template, props as never)) }
    } catch (error) {
      reply = { id, error: error instanceof Error ? error.message : String(error) }
    }
    parentPort?.postMessage(reply)
  })
}

/**
 * In the web process: starts the rendering thread from `entryUrl` (the server build's own module)
 * and returns a renderer that hands it the work. The thread never keeps the process alive.
 */
export function startEmailRenderThread(entryUrl: string | URL): EmailRenderer {
  // One per process: in development the build is evaluated again after every change.
  globalThis.__undersignedEmailRenderer ??= startThread(entryUrl)
  return globalThis.__undersignedEmailRenderer
}

declare global {
  var __undersignedEmailRenderer: EmailRenderer | undefined
}

function startThread(entryUrl: string | URL): EmailRenderer {
  const thread = new Worker(new URL(entryUrl), { workerData: { role: ROLE } })
  thread.unref()
  const waiting = new Map<
    number,
    { resolve: (value: { html: string; text: string }) => void; reject: (error: Error) => void }
  >()
  let nextId = 0
  thread.on('message', (reply: RenderReply) => {
    const request = waiting.get(reply.id)
    waiting.delete(reply.id)
    if ('error' in reply) request?.reject(new Error(reply.error))
    else request?.resolve({ html: reply.html, text: reply.text })
  })
  // A thread that died fails what it held (the outbox retries it later), and the next render
  // reports the same.
  let failure: Error | undefined
  const fail = (error: Error) => {
    failure = error
    for (const request of waiting.values()) request.reject(error)
    waiting.clear()
  }
  thread.on('error', (error) => {
    console.error('The email rendering thread failed', error)
    fail(error)
  })
  thread.on('exit', (code) => fail(new Error(`The email rendering thread exited (${code})`)))

  return (template, props) =>
    new Promise((resolve, reject) => {
      if (failure) return reject(failure)
      const id = nextId++
      waiting.set(id, { resolve, reject })
      thread.postMessage({ id, template, props } satisfies RenderRequest)
    })
}
