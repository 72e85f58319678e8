// Moving a record on through its lifecycle (/cases/{id}/update/{item}): a
// protection order (applied for, granted, served, varied, renewed, expired,
// discharged …), an intervention (started, declined, completed, ended early),
// an evidence item's chain of custody (handled, returned, disposed of), a
// consent (withdrawn, given again) or an advocacy referral (accepted,
// declined, an advocate allocated, consent withdrawn, closed).
// The choices are the moves the server says are legal now
// (`allowed_events`); what each needs (an expiry date, the conditions, a
// reason) is asked for below them and checked by the server.

import { html, nothing } from 'lit-html'
import { post } from '../api'
import { formValues, type PageContext } from '../app'
import { formatDate } from '../format'
import {
  advocacyStatusNames,
  consentPurposeNames,
  consentStatusNames,
  engagementNames,
  evidenceSourceNames,
  evidenceTypeNames,
  itemEventNames,
  label,
  orderConditionNames,
  orderStatusNames,
  sentence,
} from '../labels'
import * as session from '../session'
import type { CaseItem } from '../types'
import { dateErrorId, errorFor, radios, summaryList, textarea, type Content, type FieldError, type SummaryRow } from '../ui/govuk'
import {
  agencyNamer,
  caseFormPage,
  checkDate,
  closedCase,
  codeRadios,
  dateField,
  dateParts,
  emptyDate,
  forbidden,
  formButtons,
  loadCase,
  loadItem,
  lower,
  notFound,
  nothingToRecord,
  readDate,
  refused,
  saved,
} from './caseForm'
import { checkConditions, conditionFields, conditionsBody, conditionsOf, orderName, readConditions } from './caseOrders'
import { eventForms, usableEvents } from './caseWriters'

const text = (item: CaseItem, key: string): string => (typeof item.body?.[key] === 'string' ? (item.body[key] as string) : '')
const dateRow = (key: string, value: string): SummaryRow[] => (value ? [{ key, value: formatDate(value) }] : [])

interface KindForm {
  what: string // "protection order"
  title: string
  facts(item: CaseItem, agencyName: (code: string) => string): SummaryRow[]
  hints: Record<string, string> // by event
  notes: Record<string, { min: number; message: string }> // events that need a note
  noteHint: string
}

const forms: Record<string, KindForm> = {
  order: {
    what: 'protection order',
    title: 'Update a protection order',
    facts: (o) => {
      const conditions = conditionsOf(o)
      return [
        { key: 'Order', value: orderName(o) },
        { key: 'Status', value: label(orderStatusNames, o.status ?? '') },
        { key: 'Court', value: text(o, 'court') || 'Not given' },
        {
          key: 'Conditions',
          value: conditions.codes.length
            ? html`<ul class="govuk-list">
                ${conditions.codes.map(
                  (c) => html`<li>${label(orderConditionNames, c)}${c === 'exclusion_zone' && conditions.zone ? `: ${conditions.zone}` : ''}${c === 'other' && conditions.other ? `: ${conditions.other}` : ''}</li>`,
                )}
              </ul>`
            : 'None recorded',
        },
        { key: 'Runs to', value: formatDate(text(o, 'expires_on') || null) },
        ...dateRow('Served on', text(o, 'served_on')),
        ...dateRow('Subject to notify the police by', text(o, 'notification_due')),
      ]
    },
    hints: {
      decide_not_to_apply: 'Say why in the note.',
      grant_interim: 'Give the conditions as the court made them.',
      grant_full: 'Give the expiry date and the conditions as the court made them.',
      serve: 'The subject must tell the police their name and address within 3 days.',
      vary: 'Give the conditions, or the expiry date, as the court varied them.',
      renew: 'Give the new expiry date.',
    },
    notes: { decide_not_to_apply: { min: 10, message: 'Enter why an order is not being sought, in at least 10 characters' } },
    noteHint: 'Needed when deciding not to apply: why an order is not being sought.',
  },
  intervention: {
    what: 'intervention',
    title: 'Update an intervention',
    facts: (i) => [
      { key: 'Programme', value: text(i, 'programme') },
      { key: 'Provider', value: text(i, 'provider') },
      { key: 'Status', value: sentence((i.status ?? '').replace(/_/g, ' ')) },
      ...dateRow('Referred on', text(i, 'referral_date')),
      ...dateRow('Started on', text(i, 'start_date')),
      { key: 'Engagement', value: label(engagementNames, text(i, 'engagement')) || 'Not recorded' },
    ],
    hints: { end: 'Say why in the note.' },
    notes: { end: { min: 5, message: 'Enter why the intervention ended early, in at least 5 characters' } },
    noteHint: 'Needed when it ended early: why.',
  },
  evidence: {
    what: 'evidence item',
    title: 'Record what happened to evidence',
    facts: (e) => [
      { key: 'Evidence', value: text(e, 'description') },
      { key: 'Type', value: label(evidenceTypeNames, text(e, 'evidence_type')) },
      { key: 'From', value: label(evidenceSourceNames, text(e, 'source')) },
      ...dateRow('Obtained on', text(e, 'obtained_on')),
      { key: 'Status', value: sentence(e.status ?? '') },
    ],
    hints: { handle: 'Say who handled it and why in the note.' },
    notes: { handle: { min: 5, message: 'Enter who handled the evidence and why, in at least 5 characters' } },
    noteHint: 'Needed for handling: who handled it and why. It is kept in the chain of custody.',
  },
  consent: {
    what: 'consent',
    title: 'Update a consent',
    facts: (c, agencyName) => [
      { key: 'For', value: label(consentPurposeNames, text(c, 'purpose')) },
      { key: 'Shared with', value: agencyName(text(c, 'receiving_agency')) },
      { key: 'Status', value: label(consentStatusNames, c.status ?? '') },
      ...dateRow('Recorded on', text(c, 'recorded_on')),
      ...(text(c, 'lawful_basis') ? [{ key: 'Lawful basis', value: text(c, 'lawful_basis') }] : []),
    ],
    hints: { withdraw: 'Information is then shared only on a lawful basis.' },
    notes: {},
    noteHint: 'What the victim said, if it helps the next person.',
  },
  advocacy: {
    what: 'advocacy referral',
    title: 'Update an advocacy referral',
    facts: (a, agencyName) => [
      { key: 'Advocacy service', value: agencyName(text(a, 'advocate_agency')) },
      { key: 'Status', value: label(advocacyStatusNames, a.status ?? '') },
    ],
    hints: { allocate: 'You become the victim’s advocate, within your caseload limit.' },
    notes: {},
    noteHint: 'Anything the next person should know.',
  },
}

// The steps so far, oldest first: "Interim order granted, 3 May 2026".
function history(kind: string, item: CaseItem): Content {
  const steps = Array.isArray(item.body?.history) ? (item.body.history as { event: string; on: string; note?: string }[]) : []
  if (!steps.length) return nothing
  return html`<h2 class="govuk-heading-m">So far</h2>
    <ol class="govuk-list govuk-list--number">
      ${steps.map(
        (s) => html`<li>${label(itemEventNames[kind] ?? {}, s.event)}, ${formatDate(s.on)}${s.note ? html`: <span class="app-text">${s.note}</span>` : nothing}</li>`,
      )}
    </ol>`
}

export async function itemEventPage(ctx: PageContext): Promise<void> {
  const found = await loadCase(ctx)
  if (!found || !ctx.current()) return
  const kase = found
  const loaded = await loadItem(ctx, kase)
  if (!loaded || !ctx.current()) return
  const item = loaded
  const form = forms[item.kind]
  if (!form) return notFound(ctx, 'Record')
  if (!session.can(eventForms[item.kind])) return forbidden(ctx)
  if (kase.status === 'closed') return closedCase(ctx, kase)
  if (item.body === null) {
    return nothingToRecord(ctx, kase, form.title, html`<p class="govuk-body">This ${form.what} is not shared with your agency.</p>`)
  }
  const agencyName = await agencyNamer()
  if (!ctx.current()) return
  const events = usableEvents(item)
  if (!events.length) {
    return nothingToRecord(
      ctx,
      kase,
      `Nothing more can happen to this ${form.what}`,
      html`${summaryList(form.facts(item, agencyName))} ${history(item.kind, item)}`,
    )
  }
  const names = itemEventNames[item.kind] ?? {}
  const isOrder = item.kind === 'order'
  const d = {
    event: events.length === 1 ? events[0] : '',
    on: emptyDate(),
    expires: dateParts(text(item, 'expires_on')),
    conditions: conditionsOf(item),
    engagement: text(item, 'engagement'),
    note: '',
  }

  const show = (errors: FieldError[] = []) =>
    caseFormPage(
      ctx,
      kase,
      form.title,
      errors,
      html`${summaryList(form.facts(item, agencyName))} ${history(item.kind, item)}
        <form novalidate @submit=${submit}>
          ${radios({
            name: 'event',
            legend: { text: 'What has happened?', size: 'm' },
            hint: 'Only the steps that can follow from where it is now.',
            small: true,
            value: d.event,
            error: errorFor(errors, 'event'),
            items: events.map((e) => ({ value: e, text: label(names, e), hint: form.hints[e] })),
          })}
          ${dateField('on', 'When did it happen?', d.on, errors)}
          ${isOrder
            ? html`${dateField(
                'expires_on',
                'Expiry date (if the court set or changed it)',
                d.expires,
                errors,
                'A full Stalking Protection Order lasts at least 2 years from the day it is granted.',
              )}
              ${conditionFields(d.conditions, errors, 'Conditions', 'When the order is granted or varied: the conditions as the court made them.')}`
            : nothing}
          ${item.kind === 'intervention'
            ? codeRadios({ name: 'engagement', legend: 'How well is the perpetrator engaging? (optional)', names: engagementNames, value: d.engagement, errors, inline: true })
            : nothing}
          ${textarea({
            id: 'note',
            label: html`<span class="govuk-!-font-weight-bold">Note (optional)</span>`,
            hint: events.some((e) => form.notes[e]) ? form.noteHint : undefined,
            value: d.note,
            rows: 4,
            error: errorFor(errors, 'note'),
          })}
          ${formButtons('Save', `/cases/${kase.id}`)}
        </form>`,
    )

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    d.event = v.get('event')
    d.on = readDate(v, 'on')
    d.note = v.get('note')
    if (isOrder) {
      d.expires = readDate(v, 'expires_on')
      d.conditions = readConditions(v)
    }
    if (item.kind === 'intervention') d.engagement = v.get('engagement')
    const errors: FieldError[] = []
    if (!d.event) errors.push({ id: 'event', message: 'Select what has happened' })
    const on = checkDate(errors, 'on', d.on, { missing: 'Enter the date it happened', name: 'The date it happened', when: 'past' })
    const expires = isOrder ? checkDate(errors, 'expires_on', d.expires, { name: 'The expiry date' }) : null
    if (isOrder) checkConditions(d.conditions, errors)
    const needed = form.notes[d.event]
    if (needed && d.note.length < needed.min) errors.push({ id: 'note', message: needed.message })
    if (errors.length || !on) return show(errors)
    const body: Record<string, unknown> = { event: d.event, version: item.version, on }
    if (d.note) body.note = d.note
    if (expires) body.expires_on = expires
    if (isOrder && ['grant_interim', 'grant_full', 'vary'].includes(d.event)) body.conditions = conditionsBody(d.conditions)
    if (item.kind === 'intervention' && d.engagement) body.engagement = d.engagement
    if (d.event === 'allocate') body.advocate_user_id = session.user()?.userId
    try {
      await post(`/api/v1/case-items/${item.id}/events`, body)
      await saved(ctx, `/cases/${kase.id}`, `The ${form.what} is updated: ${lower(label(names, d.event))}`)
    } catch (e) {
      refused(ctx, e, show, {
        ids: {
          event: 'event',
          on: dateErrorId('on'),
          note: 'note',
          expires_on: dateErrorId('expires_on'),
          conditions: 'conditions',
          engagement: 'engagement',
        },
        names: { event: 'What has happened', on: 'The date', expires_on: 'The expiry date:', note: 'The note' },
        fallback: 'event',
      })
    }
  }

  show()
}
