// Recording a new report: question pages (the incident, what happened, the
// victim, the suspect), "check your answers", then POST /api/v1/reports.
// The draft lives in memory only: nothing about the victim touches the
// address bar or browser storage.

import { html } from 'lit-html'
import { ApiError, post } from '../api'
import { apiErrorView, flash, formValues, navigate, route, type PageContext } from '../app'
import { loadAgencies, loadQuestionnaire } from '../data'
import { formatDate, formatDateTime } from '../format'
import { label, recordedAsNames } from '../labels'
import * as session from '../session'
import {
  button,
  checkboxes,
  dateErrorId,
  dateInput,
  errorFor,
  input,
  notificationBanner,
  radios,
  summaryCard,
  summaryList,
  textarea,
  type Content,
  type DateParts,
  type FieldError,
} from '../ui/govuk'

interface PersonDraft {
  given_name: string
  family_name: string
  dob: DateParts
  phone: string
  email: string
  address: string
  postcode: string
  handle: string
  vehicle: string
}

interface Draft {
  date: DateParts
  time: string
  reference: string
  recordedAs: string
  summary: string
  behaviours: string[]
  victim: PersonDraft
  suspectKnown: '' | 'yes' | 'no'
  suspect: PersonDraft
}

const emptyPerson = (): PersonDraft => ({
  given_name: '',
  family_name: '',
  dob: { day: '', month: '', year: '' },
  phone: '',
  email: '',
  address: '',
  postcode: '',
  handle: '',
  vehicle: '',
})

const emptyDraft = (): Draft => ({
  date: { day: '', month: '', year: '' },
  time: '',
  reference: '',
  recordedAs: 'not_recorded',
  summary: '',
  behaviours: [],
  victim: emptyPerson(),
  suspectKnown: '',
  suspect: emptyPerson(),
})

let draft: Draft | null = null

const steps = ['incident', 'what-happened', 'victim', 'suspect', 'suspect-details', 'check'] as const
type Step = (typeof steps)[number]

function stepsFor(d: Draft): Step[] {
  return steps.filter((s) => s !== 'suspect-details' || d.suspectKnown === 'yes')
}

const base = '/reports/new'

// ---- values -------------------------------------------------------------

function occurredAt(d: Draft): Date | null {
  const m = /^(\d{1,2})[:.](\d{2})$/.exec(d.time.trim())
  const [day, month, year] = [Number(d.date.day), Number(d.date.month), Number(d.date.year)]
  if (!m || !day || !month || !year) return null
  const at = new Date(year, month - 1, day, Number(m[1]), Number(m[2]))
  if (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== day) return null
  if (Number(m[1]) > 23 || Number(m[2]) > 59) return null
  return at
}

// "1990", "1990-04" or "1990-04-12"; null when not valid, "" when not given.
function partialDate(p: DateParts): string | null {
  const [d, m, y] = [p.day.trim(), p.month.trim(), p.year.trim()]
  if (!d && !m && !y) return ''
  if (!/^\d{4}$/.test(y)) return null
  if (!m) return d ? null : y
  const month = Number(m)
  if (!/^\d{1,2}$/.test(m) || month < 1 || month > 12) return null
  const mm = String(month).padStart(2, '0')
  if (!d) return `${y}-${mm}`
  const day = Number(d)
  const date = new Date(Number(y), month - 1, day)
  if (!/^\d{1,2}$/.test(d) || date.getMonth() !== month - 1) return null
  return `${y}-${mm}-${String(day).padStart(2, '0')}`
}

function hasIdentity(p: PersonDraft): boolean {
  return [p.given_name, p.family_name, p.phone, p.email, p.handle, p.vehicle].some((v) => v.trim())
}

function personBody(p: PersonDraft): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  const set = (k: string, v: string) => {
    if (v.trim()) body[k] = v.trim()
  }
  set('given_name', p.given_name)
  set('family_name', p.family_name)
  const dob = partialDate(p.dob)
  if (dob) body.dob = dob
  set('address', p.address)
  set('postcode', p.postcode.toUpperCase())
  if (p.phone.trim()) body.phones = [p.phone.trim()]
  if (p.email.trim()) body.emails = [p.email.trim()]
  if (p.handle.trim()) body.handles = [p.handle.trim()]
  if (p.vehicle.trim()) body.vehicles = [p.vehicle.trim().toUpperCase()]
  return body
}

// ---- pages --------------------------------------------------------------

function personFields(prefix: string, p: PersonDraft, errors: FieldError[], who: 'victim' | 'suspect'): Content {
  const f = (id: keyof PersonDraft) => `${prefix}-${id.replace('_', '-')}`
  return html`${input({ id: f('given_name'), label: 'First name', value: p.given_name, error: errorFor(errors, f('given_name')), autocomplete: 'off', spellcheck: false, width: 'govuk-!-width-two-thirds' })}
    ${input({ id: f('family_name'), label: 'Last name', value: p.family_name, error: errorFor(errors, f('family_name')), autocomplete: 'off', spellcheck: false, width: 'govuk-!-width-two-thirds' })}
    ${dateInput({
      id: `${prefix}-dob`,
      legend: { text: 'Date of birth', size: 's' },
      hint: 'For example, 27 3 1990. If you only know the year, or the month and year, enter those.',
      value: p.dob,
      error: errorFor(errors, `${prefix}-dob-year`) ?? errorFor(errors, `${prefix}-dob-day`),
    })}
    ${input({ id: f('phone'), label: 'Phone number', value: p.phone, type: 'tel', error: errorFor(errors, f('phone')), autocomplete: 'off', width: 'govuk-input--width-20' })}
    ${input({ id: f('email'), label: 'E-mail address', value: p.email, type: 'email', error: errorFor(errors, f('email')), autocomplete: 'off', spellcheck: false })}
    ${who === 'victim'
      ? html`${textarea({ id: f('address'), label: 'Address', value: p.address, rows: 3, error: errorFor(errors, f('address')) })}
        ${input({ id: f('postcode'), label: 'Postcode', value: p.postcode, error: errorFor(errors, f('postcode')), autocomplete: 'off', width: 'govuk-input--width-10' })}`
      : html`${input({ id: f('handle'), label: 'Online handle or profile name', value: p.handle, error: errorFor(errors, f('handle')), autocomplete: 'off', spellcheck: false })}
        ${input({ id: f('vehicle'), label: 'Vehicle registration', value: p.vehicle, error: errorFor(errors, f('vehicle')), autocomplete: 'off', width: 'govuk-input--width-10' })}`}`
}

function readPerson(prefix: string, form: HTMLFormElement, p: PersonDraft, who: 'victim' | 'suspect'): FieldError[] {
  const v = formValues(form)
  const errors: FieldError[] = []
  p.given_name = v.get(`${prefix}-given-name`)
  p.family_name = v.get(`${prefix}-family-name`)
  p.dob = { day: v.get(`${prefix}-dob-day`), month: v.get(`${prefix}-dob-month`), year: v.get(`${prefix}-dob-year`) }
  p.phone = v.get(`${prefix}-phone`)
  p.email = v.get(`${prefix}-email`)
  if (who === 'victim') {
    p.address = v.get(`${prefix}-address`)
    p.postcode = v.get(`${prefix}-postcode`)
  } else {
    p.handle = v.get(`${prefix}-handle`)
    p.vehicle = v.get(`${prefix}-vehicle`)
  }
  const long = (id: string, text: string) => {
    if (text.length > 200) errors.push({ id, message: 'This must be 200 characters or fewer' })
  }
  long(`${prefix}-given-name`, p.given_name)
  long(`${prefix}-family-name`, p.family_name)
  if (!hasIdentity(p)) {
    errors.push({
      id: `${prefix}-given-name`,
      message:
        who === 'victim'
          ? 'Enter the victim’s name, or a phone number or e-mail address'
          : 'Enter the suspect’s name or something that identifies them, such as a phone number',
    })
  }
  if (partialDate(p.dob) === null) {
    errors.push({ id: dateErrorId(`${prefix}-dob`, ['year']), message: 'Date of birth must be a real date, with at least the year' })
  }
  if (p.phone && !/^[+\d][\d\s()-]{5,}$/.test(p.phone)) {
    errors.push({ id: `${prefix}-phone`, message: 'Enter a phone number, like 07700 900 982' })
  }
  if (p.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email)) {
    errors.push({ id: `${prefix}-email`, message: 'Enter an e-mail address in the correct format, like name@example.com' })
  }
  return errors
}

async function newReportStart(): Promise<void> {
  draft = emptyDraft()
  await navigate(`${base}/incident`, { replace: true })
}

async function newReportStep(ctx: PageContext): Promise<void> {
  const step = ctx.params.step as Step
  if (!steps.includes(step)) return ctx.show(apiErrorView(new ApiError({ status: 404 })))
  if (!session.can('report.create')) return ctx.show(apiErrorView(new ApiError({ status: 403 })))
  if (!draft) {
    // A reload loses the draft (it is never stored): start again.
    draft = emptyDraft()
    if (step !== 'incident') {
      await navigate(`${base}/incident`, { replace: true })
      return
    }
  }
  const d = draft
  const order = stepsFor(d)
  const index = order.indexOf(step)
  if (index < 0) {
    await navigate(`${base}/${order[0]}`, { replace: true })
    return
  }
  const back = index > 0 ? `${base}/${order[index - 1]}` : '/'
  const next = () => navigate(`${base}/${stepsFor(d)[stepsFor(d).indexOf(step) + 1]}`)
  const questionnaire = await loadQuestionnaire()
  const behaviourOptions =
    questionnaire.sections.flatMap((s) => s.questions).find((q) => q.id === 'behaviours')?.options ?? []
  const caption = html`<span class="govuk-caption-l">New report</span>`

  const layout = (title: string, errors: FieldError[], body: Content, submit: (e: SubmitEvent) => void) =>
    ctx.show({
      title: `${title} – New report`,
      errors,
      backLink: back,
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          ${caption}
          <form novalidate @submit=${submit}>${body} ${button('Continue')}</form>
        </div>
      </div>`,
    })

  switch (step) {
    case 'incident': {
      const show = (errors: FieldError[] = []) =>
        layout(
          'About the incident',
          errors,
          html`<h1 class="govuk-heading-l" tabindex="-1">About the incident</h1>
            ${dateInput({
              id: 'occurred',
              legend: { text: 'When did it happen?', size: 'm' },
              hint: 'For example, 27 3 2026. For conduct over a period, give the latest occasion.',
              value: d.date,
              error: errorFor(errors, 'occurred-day'),
            })}
            ${input({
              id: 'occurred-time',
              name: 'time',
              label: 'Time',
              labelSize: 's',
              hint: 'Use the 24-hour clock, for example 21:30. Give your best estimate if not known exactly.',
              value: d.time,
              error: errorFor(errors, 'occurred-time'),
              inputmode: 'numeric',
              autocomplete: 'off',
              width: 'govuk-input--width-5',
            })}
            ${input({
              id: 'reference',
              label: 'Crime or incident reference (optional)',
              labelSize: 's',
              hint: 'For example, CAD-4417 or CR/88/26.',
              value: d.reference,
              error: errorFor(errors, 'reference'),
              spellcheck: false,
              autocomplete: 'off',
              width: 'govuk-input--width-20',
            })}
            ${radios({
              name: 'recorded_as',
              legend: { text: 'What has it been recorded as so far?', size: 's' },
              small: true,
              value: d.recordedAs,
              items: Object.entries(recordedAsNames).map(([value, text]) => ({ value, text })),
            })}`,
          submit,
        )
      function submit(event: SubmitEvent) {
        event.preventDefault()
        const v = formValues(event.target as HTMLFormElement)
        d.date = { day: v.get('occurred-day'), month: v.get('occurred-month'), year: v.get('occurred-year') }
        d.time = v.get('time')
        d.reference = v.get('reference')
        d.recordedAs = v.get('recorded_as') || 'not_recorded'
        const errors: FieldError[] = []
        const dateGiven = d.date.day || d.date.month || d.date.year
        if (!dateGiven) errors.push({ id: 'occurred-day', message: 'Enter the date it happened' })
        if (!d.time) errors.push({ id: 'occurred-time', message: 'Enter the time it happened, like 21:30' })
        if (!errors.length) {
          const at = occurredAt(d)
          if (!at) {
            errors.push({ id: 'occurred-day', message: 'Enter a real date and a time like 21:30' })
          } else if (at.getTime() > Date.now() + 5 * 60 * 1000) {
            errors.push({ id: 'occurred-day', message: 'The date it happened must be today or in the past' })
          }
        }
        if (d.reference.length > 64) errors.push({ id: 'reference', message: 'The reference must be 64 characters or fewer' })
        if (errors.length) return show(errors)
        void next()
      }
      return show()
    }
    case 'what-happened': {
      const show = (errors: FieldError[] = []) =>
        layout(
          'What happened',
          errors,
          html`${textarea({
              id: 'summary',
              label: 'What happened?',
              labelSize: 'l',
              isPageHeading: true,
              hint: 'In the victim’s own words where you can. Include earlier occasions the victim tells you about.',
              value: d.summary,
              rows: 8,
              error: errorFor(errors, 'summary'),
            })}
            ${checkboxes({
              name: 'behaviours',
              legend: { text: 'What has the suspect done? (optional)', size: 's' },
              hint: 'Tick everything the victim describes. The screening asks again, starting from these.',
              small: true,
              values: d.behaviours,
              items: behaviourOptions.map((o) => ({ value: o.value, text: o.label })),
            })}`,
          submit,
        )
      function submit(event: SubmitEvent) {
        event.preventDefault()
        const v = formValues(event.target as HTMLFormElement)
        d.summary = v.get('summary')
        d.behaviours = v.all('behaviours')
        const errors: FieldError[] = []
        if (!d.summary) errors.push({ id: 'summary', message: 'Enter what happened' })
        else if (new TextEncoder().encode(d.summary).length > 20000) {
          errors.push({ id: 'summary', message: 'What happened must be 20,000 characters or fewer' })
        }
        if (errors.length) return show(errors)
        void next()
      }
      return show()
    }
    case 'victim': {
      const show = (errors: FieldError[] = []) =>
        layout(
          'About the victim',
          errors,
          html`<h1 class="govuk-heading-l" tabindex="-1">About the victim</h1>
            <p class="govuk-body">Give what you know. A name, phone number or e-mail address is needed to find the victim’s other reports.</p>
            ${personFields('victim', d.victim, errors, 'victim')}`,
          submit,
        )
      function submit(event: SubmitEvent) {
        event.preventDefault()
        const errors = readPerson('victim', event.target as HTMLFormElement, d.victim, 'victim')
        if (errors.length) return show(errors)
        void next()
      }
      return show()
    }
    case 'suspect': {
      const show = (errors: FieldError[] = []) =>
        layout(
          'The suspect',
          errors,
          radios({
            name: 'suspect_known',
            legend: { text: 'Do you know anything that identifies the suspect?', size: 'l', isPageHeading: true },
            hint: 'For example a name, phone number, online handle or vehicle.',
            value: d.suspectKnown || undefined,
            error: errorFor(errors, 'suspect_known'),
            items: [
              { value: 'yes', text: 'Yes' },
              { value: 'no', text: 'No' },
            ],
          }),
          submit,
        )
      function submit(event: SubmitEvent) {
        event.preventDefault()
        const known = formValues(event.target as HTMLFormElement).get('suspect_known')
        if (known !== 'yes' && known !== 'no') {
          return show([{ id: 'suspect_known', message: 'Select yes if you know anything that identifies the suspect' }])
        }
        d.suspectKnown = known
        void next()
      }
      return show()
    }
    case 'suspect-details': {
      const show = (errors: FieldError[] = []) =>
        layout(
          'About the suspect',
          errors,
          html`<h1 class="govuk-heading-l" tabindex="-1">About the suspect</h1>
            <p class="govuk-body">Leave blank anything you do not know.</p>
            ${personFields('suspect', d.suspect, errors, 'suspect')}`,
          submit,
        )
      function submit(event: SubmitEvent) {
        event.preventDefault()
        const errors = readPerson('suspect', event.target as HTMLFormElement, d.suspect, 'suspect')
        if (errors.length) return show(errors)
        void next()
      }
      return show()
    }
    case 'check':
      return checkPage(ctx, d, back)
  }
}

function personRows(p: PersonDraft, who: 'victim' | 'suspect', href: string) {
  const change = (what: string) => [{ href, text: 'Change', hidden: `the ${who}’s ${what}` }]
  const rows = [
    { key: 'Name', value: [p.given_name, p.family_name].filter(Boolean).join(' ') || 'Not given', actions: change('name') },
    { key: 'Date of birth', value: formatDate(partialDate(p.dob) || ''), actions: change('date of birth') },
    { key: 'Phone number', value: p.phone || 'Not given', actions: change('phone number') },
    { key: 'E-mail address', value: p.email || 'Not given', actions: change('e-mail address') },
  ]
  if (who === 'victim') {
    rows.push({ key: 'Address', value: p.address || 'Not given', actions: change('address') })
    rows.push({ key: 'Postcode', value: p.postcode || 'Not given', actions: change('postcode') })
  } else {
    rows.push({ key: 'Online handle', value: p.handle || 'Not given', actions: change('online handle') })
    rows.push({ key: 'Vehicle', value: p.vehicle || 'Not given', actions: change('vehicle') })
  }
  return rows
}

async function checkPage(ctx: PageContext, d: Draft, back: string): Promise<void> {
  const [agencies, questionnaire] = await Promise.all([loadAgencies(), loadQuestionnaire()])
  const me = session.user()!
  const force = agencies.find((a) => a.id === me.agencyId)
  const behaviourLabels = new Map(
    questionnaire.sections.flatMap((s) => s.questions).find((q) => q.id === 'behaviours')?.options?.map((o) => [o.value, o.label]) ?? [],
  )
  const at = occurredAt(d)

  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Check your answers – New report',
      errors,
      backLink: back,
      content: html`<div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds-from-desktop">
          <span class="govuk-caption-l">New report</span>
          <h1 class="govuk-heading-l" tabindex="-1">Check your answers before recording the report</h1>
          ${summaryCard(
            'The incident',
            summaryList([
              { key: 'Force', value: force?.name ?? 'Your force' },
              { key: 'When it happened', value: at ? formatDateTime(at.toISOString()) : 'Not given', actions: [{ href: `${base}/incident`, text: 'Change', hidden: 'when it happened' }] },
              { key: 'Reference', value: d.reference || 'None', actions: [{ href: `${base}/incident`, text: 'Change', hidden: 'the reference' }] },
              { key: 'Recorded as', value: label(recordedAsNames, d.recordedAs), actions: [{ href: `${base}/incident`, text: 'Change', hidden: 'what it is recorded as' }] },
            ]),
          )}
          ${summaryCard(
            'What happened',
            summaryList([
              { key: 'Account', value: html`<p class="govuk-body">${d.summary}</p>`, actions: [{ href: `${base}/what-happened`, text: 'Change', hidden: 'what happened' }] },
              {
                key: 'What the suspect did',
                value: d.behaviours.length
                  ? html`<ul class="govuk-list">${d.behaviours.map((b) => html`<li>${behaviourLabels.get(b) ?? b}</li>`)}</ul>`
                  : 'Nothing ticked',
                actions: [{ href: `${base}/what-happened`, text: 'Change', hidden: 'what the suspect did' }],
              },
            ]),
          )}
          ${summaryCard('The victim', summaryList(personRows(d.victim, 'victim', `${base}/victim`)))}
          ${summaryCard(
            'The suspect',
            d.suspectKnown === 'yes'
              ? summaryList(personRows(d.suspect, 'suspect', `${base}/suspect-details`))
              : summaryList([{ key: 'Identified', value: 'Nothing known yet', actions: [{ href: `${base}/suspect`, text: 'Change', hidden: 'whether the suspect is known' }] }]),
          )}
          <form novalidate @submit=${submit}>${button('Record the report')}</form>
        </div>
      </div>`,
    })

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (!force || !at) return show([{ id: 'main-content', href: `${base}/incident`, message: 'Give the date and time of the incident' }])
    const parties: unknown[] = [{ role: 'victim', person: personBody(d.victim) }]
    if (d.suspectKnown === 'yes' && hasIdentity(d.suspect)) parties.push({ role: 'suspect', person: personBody(d.suspect) })
    const body: Record<string, unknown> = {
      force: force.code,
      occurred_at: at.toISOString(),
      reported_at: new Date().toISOString(),
      summary: d.summary,
      recorded_as: d.recordedAs,
      behaviours: d.behaviours,
      parties,
    }
    if (d.reference) body.reference = d.reference
    try {
      const report = await post<{ id: string }>('/api/v1/reports', body)
      draft = null
      flash(
        notificationBanner({
          success: true,
          heading: 'The report is recorded',
          body: html`<p class="govuk-body">Now screen it: the screening says whether this is stalking and what to do next.</p>`,
        }),
      )
      await navigate(`/reports/${report.id}`)
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.problem.errors?.length) {
        return show(
          e.problem.errors.map((fe) => {
            const step = fe.field.startsWith('parties/1') ? 'suspect-details' : fe.field.startsWith('parties') ? 'victim' : fe.field === 'summary' ? 'what-happened' : 'incident'
            return { id: fe.field, href: `${base}/${step}`, message: `${fe.field.replaceAll('/', ' ')}: ${fe.message}` }
          }),
        )
      }
      throw e
    }
  }

  show()
}

route('/reports/new', newReportStart)
route('/reports/new/:step', newReportStep)

