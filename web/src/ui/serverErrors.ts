// The server's problem+json field errors as the GOV.UK error summary's
// entries, each linked to the field on the page that caused it.

import type { ApiError } from '../api'
import { sentence } from '../labels'
import type { FieldError } from './govuk'

export function serverErrors(
  e: ApiError,
  ids: Record<string, string>,
  names: Record<string, string>,
  fallback: string,
): FieldError[] {
  const list = (e.problem.errors ?? []).map((f) => ({
    id: ids[f.field] ?? fallback,
    message: `${names[f.field] ?? sentence(f.field.replaceAll('_', ' '))} ${f.message}`,
  }))
  return list.length ? list : [{ id: fallback, message: sentence(e.problem.detail ?? 'It could not be saved') }]
}
