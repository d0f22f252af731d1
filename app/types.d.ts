import '@remix-run/node'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

// What server.js passes to every loader and action (unset outside it, e.g. under `remix dev`).
declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    /** This response's Content-Security-Policy script nonce. */
    cspNonce?: string
    /** The socket address, or X-Forwarded-For through a trusted proxy (TRUST_PROXY). */
    clientIp?: string | null
    /** Resolves when the response can take more: streamed downloads wait on it between chunks. */
    waitForClient?: () => Promise<void>
  }
}
