import { createContext, useContext } from 'react'

// The response's Content-Security-Policy nonce (made per request in server.js), for the scripts
// React and Remix write into the page. In the browser it is empty: scripts are already there,
// and browsers hide the attribute's value from the page anyway.
const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

export function useNonce(): string | undefined {
  return useContext(NonceContext)
}
