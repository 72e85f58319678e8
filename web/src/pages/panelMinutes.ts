// A panel chair writes the minutes for one case on a meeting's agenda
// (/panels/{id}/minutes/{case}?date=): who attended (agency and role), what
// was discussed and what was decided. They are kept on the case as a
// `minutes` item (panel.manage), and the agenda's register of who attended
// is gathered from them. Loaded on first use: ./panels registers the route.

import { html, nothing } from 'lit-html'
import { ApiError, get, post, query } from '../api'
import { formValues, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { formatDate } from '../format'
import { sentence } from '../labels'
import * as session from '../session'
import type { Agency } from '../types'
import { button, errorFor, fieldset, input, select, summaryList, textarea, type Content, type FieldError } from '../ui/govuk'
import { agencyGroups, forbidden, formPage, notFound, refused, saved } from './caseForm'
import type { Agenda } from './panels'

const DATE = /^\d{4}-\d{2}-\d{2}$/
const FIRST_ROWS = 3

interface Attendee {
  agency: string
  role: string
}

const agencyId = (i: number) => `attendance-${i}-agency`
const roleId = (i: number) => `attendance-${i}-role`

function attendeeRow(a: Attendee, i: number, agencies: Agency[], errors: FieldError[]): Content {
  return fieldset(
    { legend: { text: `Person ${i + 1}`, size: 's' }, id: `attendance-${i}` },
    html`${select({
        id: agencyId(i),
        label: 'Agency',
        value: a.agency,
        error: errorFor(errors, agencyId(i)),
        groups: agencyGroups(agencies),
      })}
      ${input({
        id: roleId(i),
        label: 'Role',
        hint: i === 0 ? 'For example, stalking lead, psychologist, advocate.' : undefined,
        value: a.role,
        error: errorFor(errors, roleId(i)),
        autocomplete: 'off',
        width: 'govuk-!-width-two-thirds',
      })}`,
  )
}

export async function minutesPage(ctx: PageContext): Promise<void> {
  if (!session.can('panel.manage')) return forbidden(ctx)
  const date = ctx.query.get('date') ?? ''
  if (!DATE.test(date)) return notFound(ctx)
  let agenda: Agenda
  try {
    agenda = await get<Agenda>(`/api/v1/panels/${encodeURIComponent(ctx.params.id)}/agenda${query({ date })}`)
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return notFound(ctx, 'Panel')
    throw e
  }
  const agencies = await loadAgencies()
  if (!ctx.current()) return
  const panel = agenda.panel
  const back = `/panels/${panel.id}${query({ date })}`
  const entry = agenda.entries.find((e) => e.case_id === ctx.params.case)
  const caption = `${panel.name}, ${formatDate(date)}`
  if (!entry?.case_id) {
    return formPage(
      ctx,
      { title: 'The case is not on this agenda', caption, back, errors: [] },
      html`<p class="govuk-body">Minutes are written for the cases on the meeting’s agenda.</p>
        <p class="govuk-body"><a class="govuk-link" href="${back}">Go back to the agenda</a></p>`,
    )
  }
  const caseId = entry.case_id
  const reference = entry.case_reference ?? 'the case'
  const own = agencies.find((a) => a.id === session.user()!.agencyId)?.code ?? ''
  const rows: Attendee[] = Array.from({ length: FIRST_ROWS }, (_, i) => ({ agency: i === 0 ? own : '', role: '' }))
  const d = { discussion: '', decisions: '' }

  const show = (errors: FieldError[] = []) =>
    formPage(
      ctx,
      { title: 'Write the minutes for a case', caption, back, errors },
      html`${summaryList([
          { key: 'Case', value: html`<a class="govuk-link" href="/cases/${caseId}">${reference}</a>` },
          { key: 'Tier', value: entry.tier ? `Tier ${entry.tier}` : 'Not tiered' },
          { key: 'Why it is on the agenda', value: html`${sentence(entry.basis.replace(/_/g, ' '))}${entry.why ? html`: ${entry.why}` : nothing}` },
        ])}
        <form novalidate @submit=${submit}>
          ${fieldset(
            {
              legend: { text: 'Who attended for this case?', size: 'm' },
              hint: 'The agency and role of each person present. Leave lines you do not need empty.',
              id: 'attendance',
            },
            html`${rows.map((a, i) => attendeeRow(a, i, agencies, errors))}
              <button type="button" class="govuk-button govuk-button--secondary govuk-!-margin-top-4" data-module="govuk-button" @click=${addRow}>
                Add another person
              </button>`,
          )}
          ${textarea({
            id: 'discussion',
            label: html`<span class="govuk-!-font-weight-bold">What was discussed?</span>`,
            value: d.discussion,
            rows: 6,
            error: errorFor(errors, 'discussion'),
          })}
          ${textarea({
            id: 'decisions',
            label: html`<span class="govuk-!-font-weight-bold">What was decided? (optional)</span>`,
            hint: 'The actions agreed and who owns them.',
            value: d.decisions,
            rows: 4,
            error: errorFor(errors, 'decisions'),
          })}
          <div class="govuk-button-group">
            ${button('Save the minutes')}
            <a class="govuk-link" href="${back}">Cancel</a>
          </div>
        </form>`,
    )

  function read(form: HTMLFormElement) {
    const v = formValues(form)
    rows.forEach((r, i) => {
      r.agency = v.get(agencyId(i))
      r.role = v.get(roleId(i))
    })
    d.discussion = v.get('discussion')
    d.decisions = v.get('decisions')
  }

  // Another line for who attended; what was typed is kept, and the new
  // line's agency takes the focus.
  function addRow(event: Event) {
    const form = (event.currentTarget as HTMLElement).closest('form')
    if (form) read(form)
    rows.push({ agency: '', role: '' })
    show()
    document.getElementById(agencyId(rows.length - 1))?.focus()
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    read(event.target as HTMLFormElement)
    const errors: FieldError[] = []
    const present = rows.filter((r) => r.agency)
    if (!present.length) errors.push({ id: agencyId(0), message: 'Select the agency of at least one person who attended' })
    rows.forEach((r, i) => {
      if (r.role && !r.agency) errors.push({ id: agencyId(i), message: `Select the agency of person ${i + 1}` })
      if (r.role.length > 200) errors.push({ id: roleId(i), message: `The role of person ${i + 1} must be 200 characters or fewer` })
    })
    if (!d.discussion) errors.push({ id: 'discussion', message: 'Enter what was discussed' })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = {
      panel_id: panel.id,
      meeting_date: date,
      attendance: present.map((r) => ({ agency: r.agency, role: r.role })),
      discussion: d.discussion,
    }
    if (d.decisions) body.decisions = d.decisions
    try {
      await post(`/api/v1/cases/${caseId}/minutes`, body)
      await saved(
        ctx,
        back,
        `The minutes for ${reference} are saved`,
        html`<p class="govuk-body"><a class="govuk-link" href="/cases/${caseId}">Go to the case</a></p>`,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { attendance: agencyId(0), discussion: 'discussion', decisions: 'decisions' },
        names: { attendance: 'Who attended', discussion: 'What was discussed', decisions: 'What was decided' },
        fallback: 'discussion',
      })
    }
  }

  show()
}
