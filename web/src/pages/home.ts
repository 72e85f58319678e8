import { html, nothing } from 'lit-html'
import { formValues, navigate, route, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { label, roleNames } from '../labels'
import * as session from '../session'
import { button, errorFor, input, radios, type FieldError } from '../ui/govuk'

const ID_PATTERN = /^[0-9A-Za-z]{26}$/

async function homePage(ctx: PageContext): Promise<void> {
  const me = session.user()!
  const agencies = await loadAgencies()
  const agency = agencies.find((a) => a.id === me.agencyId)
  const can = session.can
  let findType = 'report'
  let findId = ''

  const tasks = [
    can('report.create') &&
      html`<li>
        <a class="govuk-link" href="/reports/new">Record a new report</a>: take a report of
        stalking or harassment, then screen it. The screening says whether it is stalking, why, how
        to record it and what to do now.
      </li>`,
    can('report.list') &&
      html`<li>
        <a class="govuk-link" href="/reports">${me.role === 'officer' || me.role === 'lead' ? 'Your force’s reports' : 'Reports shared with your agency'}</a>,
        newest first.
      </li>`,
    can('case.triage') &&
      html`<li><a class="govuk-link" href="/referrals">Triage queue</a>: cases referred to the stalking programme and waiting for triage.</li>`,
    can('case.read') &&
      html`<li><a class="govuk-link" href="/cases">Cases</a>: each case’s tier, timeline, actions, orders and decisions.</li>`,
    can('findings.read') &&
      html`<li>
        <a class="govuk-link" href="/findings">Course-of-conduct findings</a>: reports that are one course of conduct,
        misrecorded, across forces, by a suspect with other victims or escalating; record what you did about each.
      </li>`,
    (can('panel.read') || can('rank.read')) &&
      html`<li><a class="govuk-link" href="/panels">Panels and harm ranking</a>: a panel’s agenda for a meeting, and the perpetrators ranked by harm.</li>`,
    can('user.admin') &&
      html`<li><a class="govuk-link" href="/admin/users">Users</a>: who can sign in, their roles and agencies; create a user, change a role, unlock an account.</li>`,
    can('user.admin') && html`<li><a class="govuk-link" href="/admin/roles">Roles</a>: what each role may do.</li>`,
    can('user.admin') && html`<li><a class="govuk-link" href="/admin/agencies">Agencies</a>: the agencies taking part.</li>`,
    can('agreement.admin') &&
      html`<li>
        <a class="govuk-link" href="/admin/agreements">Information-sharing agreements</a>: which
        agency shares which records and fields with which other agency.
      </li>`,
    can('audit.read') &&
      html`<li><a class="govuk-link" href="/audit">Who has seen a record</a>: the audit trail of one report, person or screening.</li>`,
    can('retention.review') &&
      html`<li>
        <a class="govuk-link" href="/retention">Retention review</a>: reports and closed cases whose review date has
        passed; keep each until a later review, or delete it.
      </li>`,
  ].filter(Boolean)

  const show = (errors: FieldError[] = []) =>
    ctx.show({
      title: 'Home',
      errors,
      content: html`<h1 class="govuk-heading-l" tabindex="-1">
          ${me.displayName ? html`Welcome, ${me.displayName}` : 'Home'}
        </h1>
        <p class="govuk-body-l">
          You are signed in as ${/^[aeiou]/.test(label(roleNames, me.role)) ? 'an' : 'a'} ${label(roleNames, me.role)}
          ${agency ? html`at ${agency.name}` : nothing}.
        </p>
        ${tasks.length
          ? html`<h2 class="govuk-heading-m">What you can do</h2>
              <ul class="govuk-list govuk-list--bullet govuk-list--spaced">${tasks}</ul>`
          : nothing}
        ${can('report.read') || can('person.read')
          ? html`<h2 class="govuk-heading-m">Open a record by its id</h2>
              <p class="govuk-body">Every record has an id of 26 letters and numbers, for example in a referral.</p>
              <form novalidate @submit=${find}>
                ${radios({
                  name: 'record_type',
                  legend: { text: 'What kind of record is it?', size: 's' },
                  inline: true,
                  value: findType,
                  items: [
                    { value: 'report', text: 'Report' },
                    { value: 'person', text: 'Person record' },
                  ],
                })}
                ${input({
                  id: 'record-id',
                  name: 'record_id',
                  label: 'Record id',
                  value: findId,
                  error: errorFor(errors, 'record-id'),
                  spellcheck: false,
                  autocomplete: 'off',
                  width: 'govuk-input--width-30',
                  classes: 'app-id',
                })}
                ${button('Open record', { secondary: true })}
              </form>`
          : nothing}`,
    })

  function find(event: SubmitEvent) {
    event.preventDefault()
    const form = formValues(event.target as HTMLFormElement)
    findType = form.get('record_type') || 'report'
    findId = form.get('record_id').replace(/\s+/g, '')
    if (!findId) return show([{ id: 'record-id', message: 'Enter the record id' }])
    if (!ID_PATTERN.test(findId)) {
      return show([{ id: 'record-id', message: 'Enter the record id as 26 letters and numbers' }])
    }
    void navigate(`/${findType === 'person' ? 'persons' : 'reports'}/${findId.toUpperCase()}`)
  }

  show()
}

route('/', homePage)
