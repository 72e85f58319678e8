// Plans: add one (an action plan, a safeguarding plan or a risk-management
// plan) and change one in place. The triage records the first action and
// safeguarding plans. A change names the version of the plan it was made
// to, and only the agency that wrote the plan may make it (case.write);
// when the plan was changed after the page was opened, the server
// refuses (409), and the page shows the plan as it is now above what was
// typed, so that saving again replaces it knowingly.

import { html, nothing } from 'lit-html'
import { ApiError, call, post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDateTime } from '../format'
import { label, planTypeNames } from '../labels'
import * as session from '../session'
import type { CaseItem } from '../types'
import { insetText, type FieldError } from '../ui/govuk'
import {
  caseFormPage,
  checkText,
  closedCase,
  codeRadios,
  forbidden,
  formButtons,
  loadCase,
  loadItem,
  longTextField,
  lower,
  MAX_LONG_TEXT,
  nothingToRecord,
  refused,
  saved,
} from './caseForm'
import type { Case } from './cases'
import { mayEdit } from './caseWriters'

const planHint = 'An action plan’s parts each start on a new line with their name, for example “Investigation: …”.'
const planText = (item: CaseItem) => (typeof item.body?.text === 'string' ? item.body.text : '')

export async function planPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { type: '', text: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Add a plan',
      errors,
      html`<p class="govuk-body">To change a plan already recorded, use “Change” on it on the case page.</p>
        <form novalidate @submit=${submit}>
          ${codeRadios({ name: 'plan_type', legend: 'What kind of plan is it?', names: planTypeNames, value: d.type, errors })}
          ${longTextField('text', 'The plan', d.text, errors, planHint, 10)}
          ${formButtons('Add the plan', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.type = v.get('plan_type')
    d.text = v.get('text')
    const errors: FieldError[] = []
    if (!d.type) errors.push({ id: 'plan_type', message: 'Select what kind of plan it is' })
    checkText(errors, 'text', d.text, { missing: 'Enter the plan', name: 'The plan', max: MAX_LONG_TEXT })
    if (errors.length) return show(errors)
    try {
      await post(`/api/v1/cases/${kase.id}/plans`, { plan_type: d.type, text: d.text })
      await saved(ctx, `/cases/${kase.id}`, `The ${lower(label(planTypeNames, d.type))} is added`)
    } catch (e) {
      refused(ctx, e, show, { ids: { plan_type: 'plan_type', text: 'text' }, names: { plan_type: 'The kind of plan', text: 'The plan' }, fallback: 'text' })
    }
  }

  show()
}

// Who changed the plan and when, from the server's refusal ("… last change
// by DS Jo Patel (demo), met at 2026-11-23T10:00:00Z (…)"), as words.
function changedBy(detail: string | undefined): string {
  const m = /last change by (.+?) at (\d{4}-\d{2}-\d{2}T\S+?) \(/.exec(detail ?? '')
  return m ? ` (${m[1]}, ${formatDateTime(m[2])})` : ''
}

export async function editPlanPage(ctx: PageContext): Promise<void> {
  const found = await loadCase(ctx)
  if (!found || !ctx.current()) return
  const kase = found
  const loaded = await loadItem(ctx, kase, 'Plan')
  if (!loaded || !ctx.current()) return
  let item = loaded
  if (item.kind !== 'plan') return nothingToRecord(ctx, kase, 'This is not a plan', html`<p class="govuk-body">Only plans can be changed here.</p>`)
  if (!session.can('case.write')) return forbidden(ctx)
  if (kase.status === 'closed') return closedCase(ctx, kase)
  const name = lower(label(planTypeNames, item.subtype))
  if (!mayEdit(item, kase)) {
    return nothingToRecord(
      ctx,
      kase,
      `You cannot change this ${name}`,
      html`<p class="govuk-body">Only the agency that wrote a plan can change it. Add a plan of your own instead.</p>`,
    )
  }
  const d = { text: planText(item) }
  let current: string | null = null // the plan as it is now, after a refusal

  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      `Change the ${name}`,
      errors,
      html`${current !== null
          ? html`<h2 class="govuk-heading-m">The ${name} as it is now</h2>
              ${insetText(html`<span class="app-text">${current}</span>`)}`
          : nothing}
        <form novalidate @submit=${submit}>
          ${longTextField('text', current !== null ? 'Your change' : `The ${name}`, d.text, errors, planHint, 12)}
          ${formButtons('Save the plan', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    d.text = formValues(event.target as HTMLFormElement).get('text')
    const errors: FieldError[] = []
    checkText(errors, 'text', d.text, { missing: 'Enter the plan', name: 'The plan', max: MAX_LONG_TEXT })
    if (errors.length) return show(errors)
    try {
      await call<CaseItem>('PATCH', `/api/v1/case-items/${item.id}`, { version: item.version, text: d.text })
      await saved(ctx, `/cases/${kase.id}`, `The ${name} is saved`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && /changed since version/.test(e.problem.detail ?? '') && ctx.current()) {
        // Changed since it was read: show it as it is now; saving again
        // names the new version.
        const fresh = await loadItem(ctx, kase, 'Plan')
        if (!fresh || !ctx.current()) return
        item = fresh
        current = planText(fresh)
        return show([
          {
            id: 'text',
            message: `The ${name} was changed after you opened it${changedBy(e.problem.detail)}. Check it as it is now, then save again to replace it with yours`,
          },
        ])
      }
      refused(ctx, e, show, { ids: { text: 'text' }, names: { text: 'The plan' }, fallback: 'text' })
    }
  }

  show()
}
