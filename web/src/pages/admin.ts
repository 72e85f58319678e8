// Administration: information-sharing agreements, and the audit trail of
// one record ("who has seen this record"). Users, roles and agencies are
// ./adminUsers and the pages beside it, loaded on first use (src/main.ts).

import { html, nothing } from 'lit-html'
import { ApiError, get, post, query } from '../api'
import { apiErrorView, flash, formValues, navigate, route, type PageContext } from '../app'
import { agencyById, loadAgencies } from '../data'
import { formatDate, formatDateTime, todayIso } from '../format'
import { agencyKindNames, auditActionNames, fieldClassNames, label, recordTypeNames, sentence } from '../labels'
import * as session from '../session'
import type { Agency, Agreement, AuditEntry, User } from '../types'
import {
  button,
  checkboxes,
  dateErrorId,
  dateInput,
  errorFor,
  input,
  insetText,
  linkButton,
  notificationBanner,
  pagination,
  radios,
  select,
  table,
  textarea,
  type DateParts,
  type FieldError,
} from '../ui/govuk'

function dateRange(a: Agreement): string {
  return a.valid_to ? `${formatDate(a.valid_from)} to ${formatDate(a.valid_to)}` : `From ${formatDate(a.valid_from)}`
}

async function agreementsPage(ctx: PageContext): Promise<void> {
  const [list, agencies] = await Promise.all([get<{ items: Agreement[] }>('/api/v1/agreements'), agencyById()])
  const name = (id: string) => agencies.get(id)?.name ?? 'Unknown agency'
  const items = [...list.items].sort((x, y) => x.code.localeCompare(y.code))
  ctx.show({
    title: 'Information-sharing agreements',
    content: html`<h1 class="govuk-heading-l" tabindex="-1">Information-sharing agreements</h1>
      <p class="govuk-body">
        An agency sees another agency’s records only under an agreement in force. Core details always
        go with a shared record; each agreement names the other field classes it shares.
      </p>
      ${session.can('agreement.admin') ? linkButton('/admin/agreements/new', 'Create a sharing agreement') : nothing}
      ${items.length
        ? table({
            caption: 'Agreements',
            classes: 'app-table--wrap',
            head: ['Code', 'From', 'To', 'Shares', 'In force'],
            rows: items.map((a) => [
              a.code,
              name(a.from_agency_id),
              name(a.to_agency_id),
              html`${a.record_types.map((t) => label(recordTypeNames, t)).join(', ')}<br />
                <span class="govuk-hint">with core details${a.fields.length ? `, ${a.fields.map((f) => fieldClassNames[f]?.name.toLowerCase() ?? f).join(', ')}` : ' only'}</span>`,
              dateRange(a),
            ]),
          })
        : html`<p class="govuk-body">There are no agreements yet.</p>`}`,
  })
}

interface AgreementDraft {
  code: string
  name: string
  from: string
  to: string
  recordTypes: string[]
  fields: string[]
  purpose: string
  validFrom: DateParts
  validTo: DateParts
}

function isoDate(p: DateParts): string | null {
  const [d, m, y] = [Number(p.day), Number(p.month), Number(p.year)]
  if (!/^\d{4}$/.test(p.year.trim()) || !d || !m) return null
  const date = new Date(y, m - 1, d)
  if (date.getFullYear() !== y || date.getMonth() !== m - 1 || date.getDate() !== d) return null
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

function agencyGroups(agencies: Agency[]) {
  const kinds = [...new Set(agencies.map((a) => a.kind))]
  return [
    { options: [{ value: '', text: 'Choose an agency' }] },
    ...kinds.map((k) => ({
      label: label(agencyKindNames, k),
      options: agencies
        .filter((a) => a.kind === k)
        .sort((x, y) => x.name.localeCompare(y.name))
        .map((a) => ({ value: a.id, text: a.name })),
    })),
  ]
}

// The API's field names, and the form field each error belongs to.
const serverFields: Record<string, string> = {
  code: 'code',
  name: 'name',
  from_agency: 'from',
  from_agency_id: 'from',
  to_agency: 'to',
  to_agency_id: 'to',
  record_types: 'record_types',
  fields: 'fields',
  purpose: 'purpose',
  valid_from: 'valid-from-day',
  valid_to: 'valid-to-day',
}

async function newAgreementPage(ctx: PageContext): Promise<void> {
  const agencies = await loadAgencies()
  const today = todayIso().split('-')
  const d: AgreementDraft = {
    code: '',
    name: '',
    from: '',
    to: '',
    recordTypes: [],
    fields: [],
    purpose: '',
    validFrom: { day: String(Number(today[2])), month: String(Number(today[1])), year: today[0] },
    validTo: { day: '', month: '', year: '' },
  }

  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Create a sharing agreement',
      errors,
      backLink: '/admin/agreements',
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" tabindex="-1">Create a sharing agreement</h1>
          <form novalidate @submit=${submit}>
            ${input({
              id: 'code',
              label: 'Agreement code',
              labelSize: 's',
              hint: 'A short code people will see on every shared record, like MET-PROB-2. When two agreements in force cover the same agencies and record type, the one whose code comes first alphabetically applies.',
              value: d.code,
              error: errorFor(errors, 'code'),
              spellcheck: false,
              autocomplete: 'off',
              width: 'govuk-input--width-20',
            })}
            ${input({ id: 'name', label: 'Name', labelSize: 's', value: d.name, error: errorFor(errors, 'name'), autocomplete: 'off' })}
            ${select({ id: 'from', label: html`<span class="govuk-!-font-weight-bold">Agency that shares its records</span>`, value: d.from, error: errorFor(errors, 'from'), groups: agencyGroups(agencies) })}
            ${select({ id: 'to', label: html`<span class="govuk-!-font-weight-bold">Agency that receives them</span>`, value: d.to, error: errorFor(errors, 'to'), groups: agencyGroups(agencies) })}
            ${checkboxes({
              name: 'record_types',
              legend: { text: 'Which records does it share?', size: 's' },
              values: d.recordTypes,
              error: errorFor(errors, 'record_types'),
              items: Object.entries(recordTypeNames).map(([value, text]) => ({ value, text })),
            })}
            ${checkboxes({
              name: 'fields',
              legend: { text: 'Which details does it share besides the core ones?', size: 's' },
              hint: 'Core details (names, dates, roles, references) always go with a shared record. Tick none to share core details only.',
              values: d.fields,
              error: errorFor(errors, 'fields'),
              items: Object.entries(fieldClassNames).map(([value, f]) => ({ value, text: f.name, hint: f.hint })),
            })}
            ${textarea({
              id: 'purpose',
              label: 'Purpose',
              labelSize: 's',
              hint: 'Why the records are shared. Receiving users see this on the audit trail.',
              value: d.purpose,
              rows: 3,
              error: errorFor(errors, 'purpose'),
            })}
            ${dateInput({
              id: 'valid-from',
              legend: { text: 'In force from', size: 's' },
              hint: 'For example, 1 4 2026.',
              value: d.validFrom,
              error: errorFor(errors, 'valid-from-day'),
            })}
            ${dateInput({
              id: 'valid-to',
              legend: { text: 'Ends on (optional)', size: 's' },
              hint: 'Leave blank if it runs until it is ended. Records stop being shared on this day.',
              value: d.validTo,
              error: errorFor(errors, 'valid-to-day'),
            })}
            ${button('Create agreement')}
          </form>
        </div>
      </div>`,
    })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.code = v.get('code')
    d.name = v.get('name')
    d.from = v.get('from')
    d.to = v.get('to')
    d.recordTypes = v.all('record_types')
    d.fields = v.all('fields')
    d.purpose = v.get('purpose')
    d.validFrom = { day: v.get('valid-from-day'), month: v.get('valid-from-month'), year: v.get('valid-from-year') }
    d.validTo = { day: v.get('valid-to-day'), month: v.get('valid-to-month'), year: v.get('valid-to-year') }
    const errors: FieldError[] = []
    if (!d.code) errors.push({ id: 'code', message: 'Enter an agreement code' })
    else if (d.code.length > 64) errors.push({ id: 'code', message: 'The agreement code must be 64 characters or fewer' })
    if (!d.name) errors.push({ id: 'name', message: 'Enter a name for the agreement' })
    if (!d.from) errors.push({ id: 'from', message: 'Choose the agency that shares its records' })
    if (!d.to) errors.push({ id: 'to', message: 'Choose the agency that receives them' })
    else if (d.to === d.from) errors.push({ id: 'to', message: 'The receiving agency must be a different agency' })
    if (!d.recordTypes.length) errors.push({ id: 'record_types', message: 'Select at least one kind of record' })
    if (!d.purpose) errors.push({ id: 'purpose', message: 'Enter why the records are shared' })
    const validFrom = isoDate(d.validFrom)
    if (!validFrom) errors.push({ id: dateErrorId('valid-from'), message: 'Enter the date the agreement is in force from, as a real date' })
    const endGiven = d.validTo.day || d.validTo.month || d.validTo.year
    const validTo = endGiven ? isoDate(d.validTo) : ''
    if (validTo === null) errors.push({ id: dateErrorId('valid-to'), message: 'Enter the end date as a real date, or leave it blank' })
    else if (validTo && validFrom && validTo <= validFrom) {
      errors.push({ id: dateErrorId('valid-to'), message: 'The end date must be after the date it is in force from' })
    }
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = {
      code: d.code,
      name: d.name,
      from_agency_id: d.from,
      to_agency_id: d.to,
      record_types: d.recordTypes,
      fields: d.fields,
      purpose: d.purpose,
      valid_from: validFrom,
    }
    if (validTo) body.valid_to = validTo
    try {
      const created = await post<Agreement>('/api/v1/agreements', body)
      flash(notificationBanner({ success: true, heading: `Agreement ${created.code} is created`, body: html`<p class="govuk-body">It applies to records read from now on.</p>` }))
      await navigate('/admin/agreements')
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.problem.errors?.length) {
        return show(
          e.problem.errors.map((fe) => ({
            id: serverFields[fe.field] ?? 'code',
            message: fe.message === 'is taken' ? 'An agreement with this code exists already: choose another code' : sentence(`${fe.field.replaceAll('_', ' ')} ${fe.message}`),
          })),
        )
      }
      throw e
    }
  }

  show()
}

// ---- audit ------------------------------------------------------------------

const ID_PATTERN = /^[0-9A-Za-z]{26}$/
const recordTypes: Record<string, string> = { report: 'Report', person: 'Person record', screening: 'Screening' }

function auditFormPage(ctx: PageContext): void {
  let type = 'report'
  let id = ''
  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Who has seen a record',
      errors,
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <h1 class="govuk-heading-l" tabindex="-1">Who has seen a record</h1>
          <p class="govuk-body">Every time someone opens or changes a record, Threadline writes it down. Look up one record to see who, when, from which agency and on what basis.</p>
          ${session.user()!.role !== 'admin' ? insetText('You can look up records your own agency holds.') : nothing}
          <form novalidate @submit=${submit}>
            ${radios({
              name: 'record_type',
              legend: { text: 'What kind of record is it?', size: 's' },
              value: type,
              items: Object.entries(recordTypes).map(([value, text]) => ({ value, text })),
            })}
            ${input({ id: 'record-id', name: 'record_id', label: 'Record id', labelSize: 's', hint: '26 letters and numbers, shown on the record’s page.', value: id, error: errorFor(errors, 'record-id'), spellcheck: false, autocomplete: 'off', classes: 'app-id', width: 'govuk-input--width-30' })}
            ${button('Show who has seen it')}
          </form>
        </div>
      </div>`,
    })
  function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    type = v.get('record_type') || 'report'
    id = v.get('record_id').replace(/\s+/g, '')
    if (!id) return show([{ id: 'record-id', message: 'Enter the record id' }])
    if (!ID_PATTERN.test(id)) return show([{ id: 'record-id', message: 'Enter the record id as 26 letters and numbers' }])
    void navigate(`/audit/${type}/${id.toUpperCase()}`)
  }
  show()
}

const AUDIT_PAGE_SIZE = 100

// The API pages the audit trail forward from a sequence number ("after"):
// the address holds it, and the one each page was reached from stays in
// memory, so that "Previous" goes back a page.
const auditPrevious = new Map<string, string>()

async function auditPage(ctx: PageContext): Promise<void> {
  const { type, id } = ctx.params
  if (!recordTypes[type]) return ctx.show(apiErrorView(new ApiError({ status: 404 })))
  const after = /^\d{1,18}$/.test(ctx.query.get('after') ?? '') ? ctx.query.get('after')! : ''
  let entries: AuditEntry[]
  try {
    // One more than a page: whether there are later entries.
    entries = (await get<{ items: AuditEntry[] }>(`/api/v1/audit${query({ record_type: type, record: id, after, limit: AUDIT_PAGE_SIZE + 1 })}`)).items
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return ctx.show(apiErrorView(e, recordTypes[type]))
    throw e
  }
  const agencies = await agencyById()
  // Administrators can name the people; others see their user ids.
  let users = new Map<string, User>()
  if (session.can('user.admin')) users = new Map((await get<{ items: User[] }>('/api/v1/users')).items.map((u) => [u.id, u]))
  const who = (actorId: string) => {
    const u = users.get(actorId)
    return u ? `${u.display_name} (${u.username})` : html`<span class="app-id">${actorId || 'the system'}</span>`
  }
  const more = entries.length > AUDIT_PAGE_SIZE
  entries = entries.slice(0, AUDIT_PAGE_SIZE)
  const last = entries[entries.length - 1]
  const here = `/audit/${type}/${id}`
  if (more && last) auditPrevious.set(`${here}?after=${last.seq}`, after)
  const previous = after ? auditPrevious.get(`${here}?after=${after}`) : undefined
  const recordHref = type === 'report' ? `/reports/${id}` : type === 'person' ? `/persons/${id}` : `/screenings/${id}`
  ctx.show({
    title: 'Who has seen this record',
    backLink: '/audit',
    content: html`<span class="govuk-caption-l">${recordTypes[type]} <span class="app-id">${id}</span></span>
      <h1 class="govuk-heading-l" tabindex="-1">Who has seen this record</h1>
      <p class="govuk-body"><a class="govuk-link" href="${recordHref}">Open the record</a></p>
      ${entries.length
        ? table({
            caption: after ? 'Later entries' : 'Oldest first',
            captionSize: 's',
            classes: 'app-table--wrap',
            head: ['When', 'Who', 'Agency', 'What', 'On what basis'],
            rows: entries.map((e) => [
              formatDateTime(e.at),
              who(e.actor_id),
              agencies.get(e.agency_id)?.name ?? (e.agency_id ? 'Unknown agency' : ''),
              label(auditActionNames, e.action),
              e.purpose || '',
            ]),
          })
        : html`<p class="govuk-body">Nobody has opened this record ${after ? 'since then' : 'yet'}.</p>`}
      ${after && previous === undefined
        ? html`<p class="govuk-body"><a class="govuk-link" href="${here}">Show the first entries</a></p>`
        : nothing}
      ${pagination({
        label: 'Pages of the audit trail',
        previous: previous === undefined ? undefined : `${here}${query({ after: previous })}`,
        next: more && last ? `${here}${query({ after: last.seq })}` : undefined,
      })}`,
  })
}

route('/admin/agreements', agreementsPage)
route('/admin/agreements/new', newAgreementPage)
route('/audit', auditFormPage)
route('/audit/:type/:id', auditPage)
