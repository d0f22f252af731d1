import '@remix-run/node'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

declare module '@remix-run/server-runtime' {
  interface AppLoadContext {
    /** Set by server.js: the socket address, or X-Forwarded-For through a trusted proxy. */
    clientIp?: string | null
  }
}
