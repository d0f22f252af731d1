import { PassThrough } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { startOutboxWorker } from '~/services/email-delivery.server'
import {
  isEmailRenderThread,
  serveEmailRendering,
  startEmailRenderThread,
} from '~/services/email-render-thread.server'
import { getDb } from '~/utils/db.server'
import { getEnv } from '~/utils/env.server'
import { NonceProvider } from '~/utils/nonce'

// Fail at boot, with the configuration table's words, rather than on the first request.
const env = getEnv()
// Emails are rendered on a thread of their own, which loads this same module (ADR 014).
if (isEmailRenderThread()) serveEmailRendering()
else if (process.env.OUTBOX_WORKER !== 'off') {
  startOutboxWorker(getDb(), env, { render: startEmailRenderThread(import.meta.url) })
}

const ABORT_DELAY_MS = 5_000

export const handleError: HandleErrorFunction = (error, { request }) => {
  // A reader who left mid-response, or a URL that matches no route, is not a server fault.
  if (request.signal.aborted) return
  if (isRouteErrorResponse(error) && error.status < 500) return
  console.error(error)
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Every inline script (Remix's context and data, React's streaming) carries the nonce that
  // server.js put in this response's Content-Security-Policy; without it the browser runs none.
  const nonce = loadContext.cspNonce
  // Crawlers and link unfurlers get the whole document at once; people get it streamed.
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true
          const body = new PassThrough()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors after the shell are logged here; before it, Remix reports them itself.
          if (shellRendered) console.error(error)
        },
      },
    )
    setTimeout(abort, ABORT_DELAY_MS)
  })
}
