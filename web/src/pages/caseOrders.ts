// Protection orders: record an order being considered (its type, court,
// conditions and expiry), and record a breach of an order in force. The
// order's later steps (applied, granted, served, varied, renewed, expired …)
// are recorded on ./caseEvents. Both forms are the police's (case.police).

import { html } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate } from '../format'
import { breachOutcomeNames, label, orderConditionNames, orderStatusNames, orderTypeNames } from '../labels'
import type { CaseItem } from '../types'
import { checkboxes, dateErrorId, errorFor, input, radios, textarea, type Content, type FieldError } from '../ui/govuk'
import {
  caseFormPage,
  checkDate,
  codeRadios,
  dateField,
  emptyDate,
  formButtons,
  nothingToRecord,
  readDate,
  refused,
  saved,
} from './caseForm'
import { collection, type Case } from './cases'
import { inForce } from './caseWriters'

// ---- conditions, shared with the form that varies an order ----------------

export interface Conditions {
  codes: string[]
  zone: string // where the exclusion zone is
  other: string // what the other condition is
}

export const noConditions = (): Conditions => ({ codes: [], zone: '', other: '' })

// The conditions an order holds now, as the form shows them.
export function conditionsOf(item: CaseItem): Conditions {
  const list = Array.isArray(item.body?.conditions) ? (item.body.conditions as { code: string; text: string }[]) : []
  return {
    codes: list.map((c) => c.code),
    zone: list.find((c) => c.code === 'exclusion_zone')?.text ?? '',
    other: list.find((c) => c.code === 'other')?.text ?? '',
  }
}

export function readConditions(v: ReturnType<typeof formValues>): Conditions {
  return { codes: v.all('conditions'), zone: v.get('condition_zone'), other: v.get('condition_other') }
}

export function checkConditions(c: Conditions, errors: FieldError[]): void {
  if (c.codes.includes('other') && !c.other) errors.push({ id: 'condition_other', message: 'Enter what the other condition is' })
  for (const [id, text] of [['condition_zone', c.zone], ['condition_other', c.other]]) {
    if (text.length > 200) errors.push({ id, message: 'A condition must be 200 characters or fewer' })
  }
}

// As the API takes them: [{code, text}], the text only where it applies.
export function conditionsBody(c: Conditions): { code: string; text: string }[] {
  return c.codes.map((code) => ({ code, text: code === 'exclusion_zone' ? c.zone : code === 'other' ? c.other : '' }))
}

export function conditionFields(c: Conditions, errors: FieldError[], legend: string, hint: string): Content {
  return html`${checkboxes({
      name: 'conditions',
      legend: { text: legend, size: 's' },
      hint,
      small: true,
      values: c.codes,
      error: errorFor(errors, 'conditions'),
      items: Object.entries(orderConditionNames).map(([value, text]) => ({ value, text })),
    })}
    ${input({
      id: 'condition_zone',
      label: 'Where the exclusion zone is (if there is one)',
      labelSize: 's',
      hint: 'For example, the victim’s street and the station at the end of it.',
      value: c.zone,
      error: errorFor(errors, 'condition_zone'),
      autocomplete: 'off',
    })}
    ${input({
      id: 'condition_other',
      label: 'The other condition (if there is one)',
      labelSize: 's',
      value: c.other,
      error: errorFor(errors, 'condition_other'),
      autocomplete: 'off',
    })}`
}

// An order as people name it: its type, and when it was recorded.
export function orderName(item: CaseItem): string {
  return label(orderTypeNames, item.subtype)
}

// ---- record an order --------------------------------------------------------

export async function orderPage(ctx: PageContext, kase: Case): Promise<void> {
  const d = { type: '', court: '', conditions: noConditions(), expires: emptyDate() }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a protection order',
      errors,
      html`<p class="govuk-body">
          Record the order when it is first considered. Its later steps (the application, the court’s decision, service,
          variation) are recorded on it from the case page.
        </p>
        <form novalidate @submit=${submit}>
          ${codeRadios({ name: 'order_type', legend: 'What type of order is it?', names: orderTypeNames, value: d.type, errors })}
          ${input({
            id: 'court',
            label: 'Court (optional)',
            labelSize: 's',
            hint: 'For example, Highbury Corner Magistrates’ Court.',
            value: d.court,
            error: errorFor(errors, 'court'),
            autocomplete: 'off',
          })}
          ${conditionFields(d.conditions, errors, 'Conditions sought (optional)', 'Select all that apply. They can be changed when the order is made or varied.')}
          ${dateField('expires_on', 'When does it expire? (optional)', d.expires, errors, 'Leave it blank until the court sets it. A full Stalking Protection Order lasts at least 2 years.')}
          ${formButtons('Record the order', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.type = v.get('order_type')
    d.court = v.get('court')
    d.conditions = readConditions(v)
    d.expires = readDate(v, 'expires_on')
    const errors: FieldError[] = []
    if (!d.type) errors.push({ id: 'order_type', message: 'Select the type of order' })
    if (d.court.length > 200) errors.push({ id: 'court', message: 'The court must be 200 characters or fewer' })
    checkConditions(d.conditions, errors)
    const expires = checkDate(errors, 'expires_on', d.expires, { name: 'The expiry date', when: 'future' })
    if (errors.length) return show(errors)
    const body: Record<string, unknown> = { order_type: d.type }
    if (d.court) body.court = d.court
    if (d.conditions.codes.length) body.conditions = conditionsBody(d.conditions)
    if (expires) body.expires_on = expires
    try {
      await post(`/api/v1/cases/${kase.id}/orders`, body)
      await saved(
        ctx,
        `/cases/${kase.id}`,
        'The protection order is recorded',
        html`<p class="govuk-body">
          ${label(orderTypeNames, d.type)}: considered. Record the application and the court’s decision on it as they happen.
        </p>`,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { order_type: 'order_type', court: 'court', conditions: 'conditions', expires_on: dateErrorId('expires_on') },
        names: { order_type: 'The type of order', expires_on: 'The expiry date' },
        fallback: 'order_type',
      })
    }
  }

  show()
}

// ---- record a breach --------------------------------------------------------

export async function breachPage(ctx: PageContext, kase: Case): Promise<void> {
  const orders = inForce((await collection(kase.id, 'orders')) ?? [])
  if (!ctx.current()) return
  if (!orders.length) {
    return nothingToRecord(
      ctx,
      kase,
      'There is no order in force',
      html`<p class="govuk-body">A breach can be recorded only against an order that is in force: an interim or full order granted by the court.</p>`,
    )
  }
  const d = { order: orders.length === 1 ? orders[0].id : '', on: emptyDate(), what: '', outcome: '' }
  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      'Record a breach of an order',
      errors,
      html`<form novalidate @submit=${submit}>
        ${radios({
          name: 'order_id',
          legend: { text: 'Which order was breached?', size: 's' },
          small: true,
          value: d.order,
          error: errorFor(errors, 'order_id'),
          items: orders.map((o) => ({
            value: o.id,
            text: orderName(o),
            hint: `${label(orderStatusNames, o.status ?? '')}${o.due_on ? `, runs to ${formatDate(o.due_on)}` : ''}; recorded ${formatDate(o.created_at.slice(0, 10))}`,
          })),
        })}
        ${dateField('occurred_on', 'When was it breached?', d.on, errors)}
        ${textarea({
          id: 'what_happened',
          label: html`<span class="govuk-!-font-weight-bold">What happened?</span>`,
          hint: 'Which condition was breached, and how.',
          value: d.what,
          rows: 5,
          error: errorFor(errors, 'what_happened'),
        })}
        ${codeRadios({ name: 'outcome', legend: 'What was the outcome?', names: breachOutcomeNames, value: d.outcome, errors })}
        ${formButtons('Record the breach', `/cases/${kase.id}`)}
      </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.order = v.get('order_id')
    d.on = readDate(v, 'occurred_on')
    d.what = v.get('what_happened')
    d.outcome = v.get('outcome')
    const errors: FieldError[] = []
    if (!d.order) errors.push({ id: 'order_id', message: 'Select the order that was breached' })
    const on = checkDate(errors, 'occurred_on', d.on, { missing: 'Enter the date of the breach', name: 'The date of the breach', when: 'past' })
    if (!d.what) errors.push({ id: 'what_happened', message: 'Enter what happened' })
    if (!d.outcome) errors.push({ id: 'outcome', message: 'Select the outcome of the breach' })
    if (errors.length || !on) return show(errors)
    try {
      await post(`/api/v1/cases/${kase.id}/breaches`, { order_id: d.order, occurred_on: on, what_happened: d.what, outcome: d.outcome })
      await saved(
        ctx,
        `/cases/${kase.id}`,
        'The breach is recorded',
        html`<p class="govuk-body">The tiering rules run again: if they now suggest a higher tier, the timeline says so.</p>`,
      )
    } catch (e) {
      refused(ctx, e, show, {
        ids: { order_id: 'order_id', occurred_on: dateErrorId('occurred_on'), what_happened: 'what_happened', outcome: 'outcome' },
        names: { order_id: 'The order', occurred_on: 'The date of the breach', what_happened: 'What happened' },
        fallback: 'order_id',
      })
    }
  }

  show()
}
