// The reason a decision needs (a retention review, a link decision and its
// undo): a textarea with a character count, and its checks.

import { errorFor, textarea, type Content, type FieldError } from '../ui/govuk'

export const REASON_MAX = 2000

export function reasonField(o: { label: string; hint: Content; value: string; errors: FieldError[]; id?: string }): Content {
  const id = o.id ?? 'reason'
  return textarea({
    id,
    label: o.label,
    labelSize: 's',
    hint: o.hint,
    value: o.value,
    rows: 4,
    maxLength: REASON_MAX,
    error: errorFor(o.errors, id),
  })
}

// Adds the error for a reason that is missing, too short or too long.
export function checkReason(errors: FieldError[], value: string, o: { missing: string; min?: number; id?: string }): void {
  const id = o.id ?? 'reason'
  const min = o.min ?? 1
  if (!value) errors.push({ id, message: o.missing })
  else if (value.length < min) errors.push({ id, message: `The reason must be at least ${min} characters` })
  else if (value.length > REASON_MAX) errors.push({ id, message: `The reason must be ${REASON_MAX} characters or fewer` })
}
