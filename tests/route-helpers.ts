import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'

type RouteFunction<Args> = (args: Args) => Promise<unknown>

/** Calls an action or loader as Remix would, and reports what a browser would get back. */
export async function callRoute<Args extends ActionFunctionArgs | LoaderFunctionArgs>(
  routeFunction: RouteFunction<Args>,
  request: Request,
  params: Record<string, string>,
  context: Args['context'] = {},
): Promise<{ status: number; headers: Headers; data: any }> {
  let result: unknown
  try {
    result = await routeFunction({ request, params, context } as Args)
  } catch (thrown) {
    if (thrown instanceof Response) result = thrown
    else throw thrown
  }
  if (result instanceof Response) {
    const text = await result.text()
    return { status: result.status, headers: result.headers, data: text }
  }
  if (result && typeof result === 'object' && 'type' in result && result.type === 'DataWithResponseInit') {
    const { data, init } = result as unknown as { data: unknown; init: ResponseInit | null }
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), data }
  }
  return { status: 200, headers: new Headers(), data: result }
}

/** The cookie a response set, as the browser would send it back. */
export function cookieFrom(headers: Headers): string {
  const setCookie = headers.get('Set-Cookie')
  if (!setCookie) throw new Error('The response set no cookie')
  return setCookie.split(';')[0]!
}
