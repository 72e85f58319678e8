// The filter above a list: a small form of codes and dates (never personal
// data, since they go into the address), side by side on wider screens,
// with "Apply filter" and, while a filter is applied, "Clear the filter".
// Also the pieces the list pages share: a page of a list held in the
// browser, and dates typed as day, month and year.

import { html, nothing } from 'lit-html'
import { button, type Content, type DateParts, type FieldError } from './govuk'

export interface FilterOptions {
  id: string // names the heading that labels the form
  heading: string // "Filter reports"
  fields: Content[] // the form's fields, one per column
  applied: boolean // a filter is applied: offer to clear it
  clearHref: string // the list without a filter
  onSubmit: (event: SubmitEvent) => void
}

export function filterForm(o: FilterOptions): Content {
  const column = o.fields.length >= 3 ? 'govuk-grid-column-one-third' : 'govuk-grid-column-one-half'
  return html`<form class="app-filter" novalidate aria-labelledby="${o.id}-heading" @submit=${o.onSubmit}>
    <h2 class="govuk-heading-s" id="${o.id}-heading">${o.heading}</h2>
    <div class="govuk-grid-row app-filters__row">
      ${o.fields.map((f) => html`<div class="${column}">${f}</div>`)}
    </div>
    <div class="govuk-button-group">
      ${button('Apply filter', { secondary: true })}
      ${o.applied ? html`<a class="govuk-link" href="${o.clearHref}">Clear the filter</a>` : nothing}
    </div>
  </form>`
}

// The options of a filter's select: "all" first, then the choices.
export function filterOptions(all: string, choices: [string, string][]): { options: { value: string; text: string }[] }[] {
  return [{ options: [{ value: '', text: all }, ...choices.map(([value, text]) => ({ value, text }))] }]
}

// One page of a list held in the browser: page numbers from 1, clamped.
export function pageOf<T>(items: T[], asked: string | null, size: number) {
  const pages = Math.max(1, Math.ceil(items.length / size))
  const page = Math.min(pages, Math.max(1, Math.floor(Number(asked)) || 1))
  const first = (page - 1) * size
  return { page, pages, first, shown: items.slice(first, first + size) }
}

// "1 to 50 of 120 matching users", "3 users".
export function listCaption(o: { first: number; shown: number; total: number; pages: number; filtered: boolean; one: string; many: string }): string {
  const matching = o.filtered ? 'matching ' : ''
  if (o.pages > 1) return `${o.first + 1} to ${o.first + o.shown} of ${o.total} ${matching}${o.many}`
  return `${o.total} ${matching}${o.total === 1 ? o.one : o.many}`
}

// ---- dates ------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day))
  return year >= 1900 && year <= 9999 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

// A date in the address (YYYY-MM-DD), as the date input's parts; undefined when it is not a real date.
export function isoToParts(iso: string): DateParts | undefined {
  const m = ISO_DATE.exec(iso)
  if (!m || !realDate(+m[1], +m[2], +m[3])) return undefined
  return { day: String(+m[3]), month: String(+m[2]), year: m[1] }
}

// The parts typed, as YYYY-MM-DD: '' when all are empty, undefined when they are not a real date.
export function partsToIso(p: DateParts): string | undefined {
  if (!p.day && !p.month && !p.year) return ''
  if (![p.day, p.month, p.year].every((x) => /^\d+$/.test(x)) || p.year.length !== 4) return undefined
  const [day, month, year] = [Number(p.day), Number(p.month), Number(p.year)]
  if (!realDate(year, month, day)) return undefined
  return `${p.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

// The start of a YYYY-MM-DD day in the device's time zone (as the lists show
// dates), as a UTC date-time for the API; after: the start of the next day,
// the exclusive end of a range that includes the day.
export function dayStart(iso: string, { after = false } = {}): string {
  const [year, month, day] = iso.split('-').map(Number)
  return new Date(year, month - 1, day + (after ? 1 : 0)).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

// A date range from the filter: the errors for the error summary, by field id.
export function checkDateRange(
  from: { id: string; name: string; iso: string | undefined },
  to: { id: string; name: string; iso: string | undefined },
): FieldError[] {
  const errors: FieldError[] = []
  for (const d of [from, to]) {
    if (d.iso === undefined) errors.push({ id: d.id, message: `The ${d.name} must be a real date, for example 27 3 2026`, href: `#${d.id}-day` })
  }
  if (!errors.length && from.iso && to.iso && to.iso < from.iso) {
    errors.push({ id: to.id, message: `The ${to.name} must be the same as or after the ${from.name}`, href: `#${to.id}-day` })
  }
  return errors
}
