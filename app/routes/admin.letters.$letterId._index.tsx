import { redirect, type LoaderFunctionArgs } from '@remix-run/node'

export async function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/admin/letters/${params.letterId}/queue`)
}
