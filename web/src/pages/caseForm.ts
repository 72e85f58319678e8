// What every form for recording work on a case shares: the page around the
// form (caption, heading, back link), the buttons, date, date-and-time and
// text questions and their checks, radios and checkboxes from a list of
// codes, loading the record the address names, and what happens after
// saving (the success banner on the case page) or when the server refuses
// (its field errors in the error summary). Drafts stay in the pages' memory;
// addresses hold record ids only.

import { html, nothing } from 'lit-html'
import { ApiError, get } from '../api'
import { apiErrorView, flash, formValues, navigate, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { formatDate, todayIso } from '../format'
import { agencyKindNames, label } from '../labels'
import type { Agency, CaseItem } from '../types'
import {
  button,
  checkboxes,
  dateErrorId,
  dateInput,
  errorFor,
  input,
  notificationBanner,
  radios,
  textarea,
  type Content,
  type DateParts,
  type FieldError,
} from '../ui/govuk'
import { serverErrors } from '../ui/serverErrors'
import type { Case } from './cases'

export const emptyDate = (): DateParts => ({ day: '', month: '', year: '' })

// The parts of an ISO date ("2026-11-23"), for a date input.
export function dateParts(iso: string | null | undefined): DateParts {
  const [year, month, day] = (iso ?? '').split('-')
  return year && month && day ? { day: String(Number(day)), month: String(Number(month)), year } : emptyDate()
}

// "2026-11-23" from the parts of a date input, or null when it is not a real date.
export function isoDate(p: DateParts): string | null {
  const [d, m, y] = [Number(p.day), Number(p.month), Number(p.year)]
  if (!/^\d{4}$/.test(p.year.trim()) || !/^\d{1,2}$/.test(p.day.trim()) || !/^\d{1,2}$/.test(p.month.trim())) return null
  const date = new Date(y, m - 1, d)
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

export const dateGiven = (p: DateParts) => !!(p.day || p.month || p.year)

export function readDate(v: ReturnType<typeof formValues>, id: string): DateParts {
  return { day: v.get(`${id}-day`), month: v.get(`${id}-month`), year: v.get(`${id}-year`) }
}

// Today as a date input's example: "For example, 23 11 2026".
export function exampleDate(): string {
  const [y, m, d] = todayIso().split('-').map(Number)
  return `For example, ${d} ${m} ${y}.`
}

export const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1)

// A date question: the legend, the example as its hint (or the hint given),
// the error linked from the summary.
export function dateField(id: string, legend: string, value: DateParts, errors: FieldError[], hint?: Content): Content {
  return dateInput({
    id,
    legend: { text: legend, size: 's' },
    hint: hint ?? exampleDate(),
    value,
    error: errorFor(errors, dateErrorId(id)),
  })
}

export interface DateRule {
  missing?: string // "Enter the date of the breach"; without it the date is optional
  name: string // "The date of the breach", for the other messages
  when?: 'past' | 'future' // today counts as both
  after?: { date: string; what: string } // not before this date
}

// Checks a date question's answer: the ISO date, or null with the error added.
export function checkDate(errors: FieldError[], id: string, parts: DateParts, rule: DateRule): string | null {
  const add = (message: string) => errors.push({ id: dateErrorId(id), message })
  if (!dateGiven(parts)) {
    if (rule.missing) add(rule.missing)
    return null
  }
  const date = isoDate(parts)
  if (!date) add(`${rule.name} must be a real date`)
  else if (rule.when === 'past' && date > todayIso()) add(`${rule.name} must be today or in the past`)
  else if (rule.when === 'future' && date < todayIso()) add(`${rule.name} must be today or in the future`)
  else if (rule.after && date < rule.after.date) add(`${rule.name} must be on or after ${rule.after.what}, ${formatDate(rule.after.date)}`)
  else return date
  return null
}

// A date and a time question, for a moment ("the contact", at 18:30).
export function dateTimeFields(id: string, legend: string, date: DateParts, time: string, errors: FieldError[]): Content {
  return html`${dateField(id, legend, date, errors)}
    ${input({
      id: `${id}-time`,
      label: 'Time',
      labelSize: 's',
      hint: 'Use the 24-hour clock, for example 18:30.',
      value: time,
      error: errorFor(errors, `${id}-time`),
      inputmode: 'numeric',
      autocomplete: 'off',
      width: 'govuk-input--width-5',
    })}`
}

export function readTime(v: ReturnType<typeof formValues>, id: string): string {
  return v.get(`${id}-time`)
}

// Checks a moment in the past, `what` naming it ("the contact"): the
// moment, or null with the errors added. Five minutes ahead of this
// computer's clock still counts as now.
export function checkDateTime(errors: FieldError[], id: string, date: DateParts, time: string, what: string): Date | null {
  const given = dateGiven(date)
  if (!given) errors.push({ id: dateErrorId(id), message: `Enter the date of ${what}` })
  if (!time) errors.push({ id: `${id}-time`, message: `Enter the time of ${what}, like 18:30` })
  if (!given || !time) return null
  const day = isoDate(date)
  const hm = /^(\d{1,2})[:.](\d{2})$/.exec(time)
  if (!day || !hm || Number(hm[1]) > 23 || Number(hm[2]) > 59) {
    errors.push({ id: dateErrorId(id), message: 'Enter a real date and a time like 18:30' })
    return null
  }
  const [y, m, d] = day.split('-').map(Number)
  const at = new Date(y, m - 1, d, Number(hm[1]), Number(hm[2]))
  if (at.getTime() > Date.now() + 5 * 60 * 1000) {
    errors.push({ id: dateErrorId(id), message: `The date and time of ${what} must be in the past` })
    return null
  }
  return at
}

// The server's limits: one line of text, and free text.
export const MAX_TEXT = 200
export const MAX_LONG_TEXT = 20000

// A one-line text question.
export function textField(id: string, label: string, value: string, errors: FieldError[], hint?: Content): Content {
  return input({ id, label, labelSize: 's', hint, value, error: errorFor(errors, id), autocomplete: 'off' })
}

// A free-text question, its label in bold like the other questions.
export function longTextField(id: string, label: string, value: string, errors: FieldError[], hint?: Content, rows = 5): Content {
  return textarea({
    id,
    label: html`<span class="govuk-!-font-weight-bold">${label}</span>`,
    hint,
    value,
    rows,
    error: errorFor(errors, id),
  })
}

export interface TextRule {
  missing?: string // "Enter what was discussed"; without it the answer is optional
  name: string // "What was discussed", for the length message
  max?: number // MAX_TEXT unless given
}

// Checks a text answer: required when the rule says so, within the limit.
export function checkText(errors: FieldError[], id: string, value: string, rule: TextRule): void {
  const max = rule.max ?? MAX_TEXT
  if (!value) {
    if (rule.missing) errors.push({ id, message: rule.missing })
  } else if (value.length > max) {
    errors.push({ id, message: `${rule.name} must be ${max.toLocaleString('en-GB')} characters or fewer` })
  }
}

// Checkboxes for a list of codes and their names.
export function codeCheckboxes(o: {
  name: string
  legend: string
  names: Record<string, string>
  values: string[]
  errors: FieldError[]
  hint?: Content
}): Content {
  return checkboxes({
    name: o.name,
    legend: { text: o.legend, size: 's' },
    hint: o.hint ?? 'Select all that apply.',
    small: true,
    values: o.values,
    error: errorFor(o.errors, o.name),
    items: Object.entries(o.names).map(([value, text]) => ({ value, text })),
  })
}

export const yesNoNames: Record<string, string> = { yes: 'Yes', no: 'No' }

// Radios for a list of codes and their names, with hints for some.
export function codeRadios(o: {
  name: string
  legend: string
  names: Record<string, string>
  value: string
  errors: FieldError[]
  hint?: Content
  hints?: Record<string, string>
  inline?: boolean
}): Content {
  return radios({
    name: o.name,
    legend: { text: o.legend, size: 's' },
    hint: o.hint,
    small: !o.inline,
    inline: o.inline,
    value: o.value,
    error: errorFor(o.errors, o.name),
    items: Object.entries(o.names).map(([value, text]) => ({ value, text, hint: o.hints?.[value] })),
  })
}

export async function loadCase(ctx: PageContext): Promise<Case | null> {
  try {
    return await get<Case>(`/api/v1/cases/${encodeURIComponent(ctx.params.id)}`)
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      ctx.show(apiErrorView(e, 'Case'))
      return null
    }
    throw e
  }
}

// The record of this case named in the address (/cases/{id}/…/{item}), or
// null with the not-found page shown.
export async function loadItem(ctx: PageContext, kase: Case, what = 'Record'): Promise<CaseItem | null> {
  try {
    const item = await get<CaseItem>(`/api/v1/case-items/${encodeURIComponent(ctx.params.item)}`)
    if (item.case_id === kase.id) return item
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 404) throw e
  }
  if (ctx.current()) notFound(ctx, what)
  return null
}

export function forbidden(ctx: PageContext): void {
  ctx.show(apiErrorView(new ApiError({ status: 403 })))
}

export function notFound(ctx: PageContext, what = 'page'): void {
  ctx.show(apiErrorView(new ApiError({ status: 404 }), what))
}

export function closedCase(ctx: PageContext, kase: Case): void {
  ctx.show({
    title: 'The case is closed',
    backLink: `/cases/${kase.id}`,
    content: html`<span class="govuk-caption-l">Case ${kase.reference}</span>
      <h1 class="govuk-heading-l" tabindex="-1">The case is closed</h1>
      <p class="govuk-body">Nothing more can be recorded on a closed case. A stalking lead can reopen it.</p>
      <p class="govuk-body"><a class="govuk-link" href="/cases/${kase.id}">Go back to the case</a></p>`,
  })
}

// A form page: a caption above the heading, the form in two thirds of the
// width, a back link.
export function formPage(
  ctx: PageContext,
  o: { title: string; caption: Content; back: string; errors: FieldError[] },
  content: Content,
): void {
  ctx.show({
    title: o.title,
    errors: o.errors,
    backLink: o.back,
    content: html`<div class="govuk-grid-row">
      <div class="govuk-grid-column-two-thirds">
        <span class="govuk-caption-l">${o.caption}</span>
        <h1 class="govuk-heading-l" tabindex="-1">${o.title}</h1>
        ${content}
      </div>
    </div>`,
  })
}

// A form page for a case: its reference as the caption, back to the case.
export function caseFormPage(ctx: PageContext, kase: Case, title: string, errors: FieldError[], content: Content): void {
  formPage(ctx, { title, caption: `Case ${kase.reference}`, back: `/cases/${kase.id}`, errors }, content)
}

export function formButtons(text: string, cancel: string): Content {
  return html`<div class="govuk-button-group">
    ${button(text)}
    <a class="govuk-link" href="${cancel}">Cancel</a>
  </div>`
}

// A page saying why there is no form to fill in, with the way back.
export function nothingToRecord(ctx: PageContext, kase: Case, title: string, body: Content): void {
  caseFormPage(
    ctx,
    kase,
    title,
    [],
    html`${body}
      <p class="govuk-body"><a class="govuk-link" href="/cases/${kase.id}">Go back to the case</a></p>`,
  )
}

// An agency's name from its code, as the records name agencies.
export async function agencyNamer(): Promise<(code: string) => string> {
  const byCode = new Map((await loadAgencies()).map((a) => [a.code, a.name]))
  return (code) => byCode.get(code) ?? code
}

export function agencyGroups(agencies: Agency[], first = 'Choose an agency') {
  const kinds = [...new Set(agencies.map((a) => a.kind))]
  return [
    { options: [{ value: '', text: first }] },
    ...kinds.map((k) => ({
      label: label(agencyKindNames, k),
      options: agencies.filter((a) => a.kind === k).map((a) => ({ value: a.code, text: a.name })),
    })),
  ]
}

// After saving: the success banner on the page the user returns to.
export async function saved(ctx: PageContext, to: string, heading: Content, body?: Content): Promise<void> {
  if (!ctx.current()) return
  flash(notificationBanner({ success: true, heading, body: body ?? nothing }))
  await navigate(to, { replace: true })
}

// The server refused: its field errors (400) or the conflict it names (409)
// in the error summary, each linked to the field; anything else is the
// service's error page.
export function refused(
  ctx: PageContext,
  e: unknown,
  show: (errors: FieldError[]) => void,
  fields: { ids: Record<string, string>; names: Record<string, string>; fallback: string },
): void {
  if (!(e instanceof ApiError) || !ctx.current()) throw e
  if (e.status === 400 || e.status === 409) return show(serverErrors(e, fields.ids, fields.names, fields.fallback))
  ctx.show(apiErrorView(e))
}
