// The case page's criminal justice outcomes (from the case's records) and
// panel nominations, which the API keeps no list of per case: they are read
// from the timeline's `case.nominated` events ("Nominated for
// met-stalking-clinic on 2026-06-02 (team)"). Events withheld from the viewer
// say so.

import { html, nothing } from 'lit-html'
import { formatDate, formatDateTime } from '../format'
import { label, nominationSourceNames, outcomeKindNames } from '../labels'
import { withheldText } from '../ui/access'
import { table, type Content } from '../ui/govuk'
import type { Outcome } from '../types'
import type { TimelineEvent } from './cases'
import type { Panel } from './panels'

const NOMINATION = /^Nominated for (\S+) on (\d{4}-\d{2}-\d{2}) \((\w+)\)/

function section(o: { heading: string; id: string; add?: Content; caption: string; head: string[]; rows: Content[][]; none: string }): Content {
  return html`<h2 class="govuk-heading-m" id="${o.id}">${o.heading}</h2>
    ${o.add ?? nothing}
    ${o.rows.length
      ? table({ caption: o.caption, captionSize: 's', classes: 'app-table--wrap', head: o.head, rows: o.rows })
      : html`<p class="govuk-body">${o.none}</p>`}`
}

export function outcomesSection(outcomes: Outcome[], add?: Content): Content {
  const rows = outcomes.map((o) => [
    label(outcomeKindNames, o.kind),
    formatDate(o.occurred_on),
    o.reason || '',
    formatDateTime(o.created_at),
  ])
  return section({
    heading: 'Criminal justice outcomes',
    id: 'outcomes',
    add,
    caption: 'Criminal justice outcomes on this case',
    head: ['Outcome', 'Date', 'Reason', 'Recorded'],
    rows,
    none: 'No outcomes are recorded.',
  })
}

export function nominationsSection(
  events: TimelineEvent[],
  panels: Panel[],
  agencyName: (code: string) => string,
  add?: Content,
): Content | typeof nothing {
  const nominated = events.filter((e) => e.kind === 'case.nominated')
  if (!nominated.length && !add) return nothing
  const rows = nominated.map((e) => {
    const m = NOMINATION.exec(e.summary ?? '')
    if (!m) return [e.withheld ? withheldText(e.withheld) : (e.summary ?? ''), '', '', agencyName(e.agency)]
    const [, code, date, source] = m
    const panel = panels.find((p) => p.code === code)
    return [
      panel ? html`<a class="govuk-link" href="/panels/${panel.id}?date=${date}">${panel.name}</a>` : code,
      formatDate(date),
      label(nominationSourceNames, source),
      agencyName(e.agency),
    ]
  })
  return section({
    heading: 'Panel nominations',
    id: 'nominations',
    add,
    caption: 'Meetings this case is nominated for',
    head: ['Panel', 'Meeting', 'Nominated by', 'Agency'],
    rows,
    none: 'The case has not been nominated for a panel.',
  })
}
