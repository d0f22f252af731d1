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
