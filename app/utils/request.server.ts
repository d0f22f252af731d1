import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from '@remix-run/node'

/**
 * The request's form fields, or none when the body is not a form (a JSON body, a broken
 * multipart stream): bad input then fails validation with field errors instead of a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData()
  } catch {
    return new FormData()
  }
}

/**
 * Like readFormData, for forms that upload a file: multipart bodies are parsed with each part
 * held to `maxPartBytes` (in memory); `tooLarge` says a part went over and the form was dropped.
 */
export async function readUploadFormData(
  request: Request,
  maxPartBytes: number,
): Promise<{ formData: FormData; tooLarge: boolean }> {
  if (!/^multipart\/form-data/i.test(request.headers.get('Content-Type') ?? '')) {
    return { formData: await readFormData(request), tooLarge: false }
  }
  try {
    const formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxPartBytes }),
    )
    return { formData, tooLarge: false }
  } catch (error) {
    return { formData: new FormData(), tooLarge: error instanceof MaxPartSizeExceededError }
  }
}
