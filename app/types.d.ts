import '@remix-run/node'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
  interface AppLoadContext {
    /** This response's Content-Security-Policy script nonce; unset outside server.js (remix dev). */
    cspNonce?: string
  }
}
