// Dashboards for commissioners' analysts and stalking leads: one measure at
// a time (the attrition funnel, data quality, the programme, orders,
// victims, panels, and the commissioner's return), filtered by period,
// force and area. The filters live in the address so a view can be shared;
// nothing personal is ever in it. Each series is a chart with a text
// summary, the same figures as a table, and a CSV download from the API.
//
// Loaded on demand (src/main.ts), with Chart.js, so the first page stays small.

import type { Chart } from 'chart.js'
import { html, nothing } from 'lit-html'
import { ApiError, get, query } from '../api'
import { apiErrorView, formValues, navigate, type PageContext } from '../app'
import { loadAgencies } from '../data'
import { formatDate } from '../format'
import * as session from '../session'
import type { Agency } from '../types'
import { chartHeight, drawChart, type ChartSpec } from '../ui/chart'
import { button, details, input, insetText, select, subNavigation, table, warningText, type Content, type FieldError } from '../ui/govuk'

type ColumnType = 'text' | 'count' | 'rate' | 'days' | 'number'

interface StatsColumn {
  key: string
  label: string
  type: ColumnType
}

type StatsRow = Record<string, unknown> & { suppressed?: string[] }

interface StatsSeries {
  id: string
  title: string
  chart?: string // "bar" (the default) or "line"
  label_key: string
  value_keys: string[]
  columns: StatsColumn[]
  rows: StatsRow[]
}

interface Period {
  from: string
  to: string
}

interface Stats {
  measure: string
  title: string
  filters: Period & { force?: string; area?: string }
  previous?: Period | null
  suppression_threshold: number
  series: StatsSeries[]
  notes?: string[]
  validation?: string[]
}

type Filters = {
  from: string
  to: string
  force: string
  area: string
}

// The measures, in the order the sub-navigation lists them. The page's own
// heading is the title the API gives.
const MEASURES: { id: string; text: string }[] = [
  { id: 'funnel', text: 'Attrition funnel' },
  { id: 'quality', text: 'Recording quality' },
  { id: 'programme', text: 'Programme' },
  { id: 'orders', text: 'Protection orders' },
  { id: 'victims', text: 'Victims' },
  { id: 'panels', text: 'Panels' },
  { id: 'return', text: 'Commissioner’s return' },
]

const fieldNames: Record<string, string> = { from: 'Start date', to: 'End date', force: 'Force', area: 'Area' }

// ---- numbers as people read them -------------------------------------------

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
const upToTwo = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 })
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 })
const axisPercent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 })

function formatNumber(value: number, type: ColumnType): string {
  if (type === 'count') return whole.format(value)
  if (type === 'rate') return percent.format(value)
  if (type === 'days') return oneDecimal.format(value)
  return upToTwo.format(value)
}

function axisFormat(type: ColumnType): (value: number) => string {
  if (type === 'rate') return (v) => axisPercent.format(v)
  return (v) => upToTwo.format(v)
}

function isSuppressed(row: StatsRow, key: string): boolean {
  return Array.isArray(row.suppressed) && row.suppressed.includes(key)
}

function plainText(row: StatsRow, column: StatsColumn, threshold: number): string {
  const value = row[column.key]
  if (value === null || value === undefined) {
    return isSuppressed(row, column.key) ? `suppressed (fewer than ${threshold})` : 'no figure'
  }
  return typeof value === 'number' ? formatNumber(value, column.type) : String(value)
}

function cell(row: StatsRow, column: StatsColumn, threshold: number): Content {
  const value = row[column.key]
  if (value === null || value === undefined) {
    return html`<span aria-hidden="true">–</span><span class="govuk-visually-hidden">${plainText(row, column, threshold)}</span>`
  }
  return plainText(row, column, threshold)
}

// ---- loading -----------------------------------------------------------------

interface Places {
  forces: Agency[]
  areas: string[]
}

async function loadPlaces(): Promise<Places> {
  let agencies: Agency[] = []
  try {
    agencies = await loadAgencies()
  } catch (e) {
    // Without the list the filters still work for "all forces".
    if (!(e instanceof ApiError) || e.status === 401) throw e
  }
  const forces = agencies.filter((a) => a.kind === 'police_force').sort((a, b) => a.name.localeCompare(b.name, 'en-GB'))
  const areas = [...new Set(forces.map((a) => a.region).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'en-GB'))
  return { forces, areas }
}

function problemErrors(e: ApiError): FieldError[] {
  const known = (field: string) => (field in fieldNames ? field : 'from')
  // The API names the other date by its parameter ("must not be before from").
  const text = (field: string, message: string) =>
    /^[A-Z]/.test(message)
      ? message
      : `${fieldNames[field] ?? 'The filter'} ${message.replace(/\b(before|after) from$/, '$1 the start date').replace(/\b(before|after) to$/, '$1 the end date')}`
  const listed = (e.problem.errors ?? []).map((f) => ({ id: known(f.field), message: text(f.field, f.message) }))
  if (listed.length) return listed
  const detail = e.problem.detail ?? 'Check the filters'
  return [{ id: 'from', message: detail.charAt(0).toUpperCase() + detail.slice(1) }]
}

async function loadStats(measure: string, filters: Filters): Promise<{ stats?: Stats; errors: FieldError[] }> {
  try {
    return { stats: await get<Stats>(`/api/v1/stats/${encodeURIComponent(measure)}${query({ ...filters })}`), errors: [] }
  } catch (e) {
    if (e instanceof ApiError && (e.status === 400 || e.status === 422)) return { errors: problemErrors(e) }
    throw e
  }
}

// ---- charts --------------------------------------------------------------------

let charts: Chart[] = []

function chartSpec(series: StatsSeries): ChartSpec {
  const columns = new Map(series.columns.map((c) => [c.key, c]))
  const columnOf = (key: string): StatsColumn => columns.get(key) ?? { key, label: key, type: 'number' }
  const label = columnOf(series.label_key)
  return {
    kind: series.chart === 'line' ? 'line' : 'bar',
    labels: series.rows.map((r) => {
      const v = r[series.label_key]
      return v === null || v === undefined ? '–' : typeof v === 'number' ? formatNumber(v, label.type) : String(v)
    }),
    series: series.value_keys.map((key) => {
      const column = columnOf(key)
      return {
        label: column.label,
        values: series.rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : null)),
        format: (v: number) => formatNumber(v, column.type),
      }
    }),
    axisFormat: axisFormat(columnOf(series.value_keys[0] ?? '').type),
    integer: series.value_keys.every((k) => columnOf(k).type === 'count'),
  }
}

// What the chart shows, as text: the canvas's accessible name.
function chartSummary(series: StatsSeries, threshold: number): string {
  const columns = new Map(series.columns.map((c) => [c.key, c]))
  const columnOf = (key: string): StatsColumn => columns.get(key) ?? { key, label: key, type: 'number' }
  const kind = series.chart === 'line' ? 'Line chart' : 'Bar chart'
  const rows = series.rows.map((r) => {
    const values = series.value_keys.map((k) => `${columnOf(k).label} ${plainText(r, columnOf(k), threshold)}`)
    return `${plainText(r, columnOf(series.label_key), threshold)}: ${values.join(', ')}`
  })
  return `${kind} of ${series.title}. ${rows.join('; ')}.`
}

function drawCharts(root: ParentNode, specs: ChartSpec[]): void {
  for (const c of charts) c.destroy()
  charts = []
  root.querySelectorAll<HTMLCanvasElement>('canvas[data-series]').forEach((canvas) => {
    const spec = specs[Number(canvas.dataset.series)]
    if (!spec || !canvas.parentElement) return
    canvas.parentElement.style.height = `${chartHeight(spec)}px`
    charts.push(drawChart(canvas, spec))
  })
}

// ---- the page --------------------------------------------------------------------

function measureNavigation(current: string, filters: Filters): Content {
  return subNavigation(
    'Measures',
    MEASURES.map((m) => ({
      href: `/dashboards/${m.id}${query(m.id === 'return' ? { from: filters.from, to: filters.to } : filters)}`,
      text: m.text,
      current: m.id === current,
    })),
  )
}

function periodText(stats: Stats, places: Places): Content {
  const f = stats.filters
  const force = f.force ? (places.forces.find((a) => a.code === f.force)?.name ?? f.force) : ''
  const where = stats.measure === 'return' ? '' : force ? ` for ${force}` : f.area ? ` for the forces in ${f.area}` : ' for all forces'
  const previous = stats.previous
    ? `, compared with the previous period, ${formatDate(stats.previous.from)} to ${formatDate(stats.previous.to)}`
    : ''
  return html`<p class="govuk-body">Figures from ${formatDate(f.from)} to ${formatDate(f.to)}${where}${previous}.</p>`
}

// A series the API draws nothing for (no value columns, or chart "none")
// is shown as its table alone.
function hasChart(series: StatsSeries): boolean {
  const kind = series.chart || 'bar'
  return series.value_keys.length > 0 && (kind === 'bar' || kind === 'line')
}

function seriesTable(series: StatsSeries, threshold: number): Content {
  const numeric = series.columns.map((c, i) => (c.type === 'text' ? -1 : i)).filter((i) => i > 0)
  return html`${table({
      caption: series.title,
      captionSize: 's',
      classes: 'app-table--wrap',
      head: series.columns.map((c) => c.label),
      numeric,
      rows: series.rows.map((r) => series.columns.map((c) => cell(r, c, threshold))),
    })}
    ${series.rows.some((r) => r.suppressed?.length)
      ? html`<p class="govuk-body-s">Figures under ${threshold} are not shown, so that no one can be identified: they appear as “–”.</p>`
      : nothing}`
}

function seriesBlock(series: StatsSeries, index: number, threshold: number): Content {
  const heading = html`<h2 class="govuk-heading-m" id="series-${index + 1}">${series.title}</h2>`
  if (!series.rows.length) return html`${heading}<p class="govuk-body">There are no figures for this period.</p>`
  if (!hasChart(series)) return html`${heading}${seriesTable(series, threshold)}`
  const gaps = series.rows.some((r) => series.value_keys.some((k) => isSuppressed(r, k)))
  return html`${heading}
    <div class="app-chart">
      <canvas role="img" aria-label="${chartSummary(series, threshold)}" data-series="${index}"></canvas>
    </div>
    ${gaps
      ? html`<p class="govuk-body-s">
          ${series.chart === 'line' ? 'Points are' : 'Bars are'} missing where figures under ${threshold} are not shown: the
          table says where.
        </p>`
      : nothing}
    ${details(html`Show the table<span class="govuk-visually-hidden">: ${series.title}</span>`, seriesTable(series, threshold))}`
}

function validationBlock(list: string[] | undefined): Content {
  if (!list?.length) return nothing
  return html`${warningText(
      list.length === 1 ? 'There is 1 problem to check before sending the return.' : `There are ${list.length} problems to check before sending the return.`,
    )}
    <ul class="govuk-list govuk-list--bullet">
      ${list.map((v) => html`<li>${v}</li>`)}
    </ul>`
}

function downloads(measure: string, stats: Stats): Content {
  const f = stats.filters
  const base = `/api/v1/stats/${encodeURIComponent(measure)}`
  if (measure === 'return') {
    const period = { from: f.from, to: f.to }
    return html`<h2 class="govuk-heading-m">Download the return</h2>
      <ul class="govuk-list">
        <li><a class="govuk-link" href="${base}${query({ ...period, format: 'xlsx' })}" download>Download the return as a spreadsheet (XLSX)</a></li>
        <li><a class="govuk-link" href="${base}${query({ ...period, format: 'csv' })}" download>Download the return as CSV</a></li>
      </ul>`
  }
  return html`<p class="govuk-body">
    <a class="govuk-link" href="${base}${query({ from: f.from, to: f.to, force: f.force, area: f.area, format: 'csv' })}" download>Download CSV<span class="govuk-visually-hidden">: ${stats.title}</span></a>
  </p>`
}

export async function dashboardsPage(ctx: PageContext): Promise<void> {
  if (!session.can('stats.read')) return ctx.show(apiErrorView(new ApiError({ status: 403 })))
  const measure = ctx.params.measure ?? 'funnel'
  const entry = MEASURES.find((m) => m.id === measure)
  if (!entry) return ctx.show(apiErrorView(new ApiError({ status: 404 })))
  const isReturn = measure === 'return'
  const q = (name: string) => (ctx.query.get(name) ?? '').trim()
  const asked: Filters = { from: q('from'), to: q('to'), force: isReturn ? '' : q('force'), area: isReturn ? '' : q('area') }

  const [places, { stats, errors }] = await Promise.all([
    isReturn ? Promise.resolve({ forces: [], areas: [] } as Places) : loadPlaces(),
    loadStats(measure, asked),
  ])
  if (!ctx.current()) return

  function change(event: SubmitEvent) {
    event.preventDefault()
    const v = formValues(event.target as HTMLFormElement)
    const next = isReturn
      ? { from: v.get('from'), to: v.get('to') }
      : { from: v.get('from'), to: v.get('to'), force: v.get('force'), area: v.get('area') }
    void navigate(`${ctx.path}${query(next)}`)
  }

  const errorOf = (id: string) => errors.find((e) => e.id === id)?.message
  const shown = {
    from: asked.from || stats?.filters.from || '',
    to: asked.to || stats?.filters.to || '',
  }
  const title = stats?.title || entry.text
  const threshold = stats?.suppression_threshold ?? 0
  const specs = stats?.series.map(chartSpec) ?? []

  ctx.show({
    title: `Dashboards: ${title}`,
    errors,
    content: html`<span class="govuk-caption-l">Dashboards</span>
      <h1 class="govuk-heading-l" tabindex="-1">${title}</h1>
      ${measureNavigation(measure, asked)}
      <form novalidate @submit=${change}>
        <div class="govuk-grid-row app-filters__row">
          <div class="govuk-grid-column-one-quarter">
            ${input({ id: 'from', label: 'Start date', hint: html`For example, <span class="app-nowrap">2025-04-01</span>`, value: shown.from, error: errorOf('from'), width: 'govuk-!-width-full', spellcheck: false, autocomplete: 'off' })}
          </div>
          <div class="govuk-grid-column-one-quarter">
            ${input({ id: 'to', label: 'End date', hint: html`For example, <span class="app-nowrap">2025-06-30</span>`, value: shown.to, error: errorOf('to'), width: 'govuk-!-width-full', spellcheck: false, autocomplete: 'off' })}
          </div>
          ${isReturn
            ? nothing
            : html`<div class="govuk-grid-column-one-quarter">
                  ${select({
                    id: 'force',
                    label: 'Force',
                    hint: 'One police force, or all of them',
                    value: asked.force,
                    error: errorOf('force'),
                    groups: [{ options: [{ value: '', text: 'All forces' }, ...places.forces.map((a) => ({ value: a.code, text: a.name }))] }],
                  })}
                </div>
                <div class="govuk-grid-column-one-quarter">
                  ${select({
                    id: 'area',
                    label: 'Area',
                    hint: 'The forces of one region, or all of them',
                    value: asked.area,
                    error: errorOf('area'),
                    groups: [{ options: [{ value: '', text: 'All areas' }, ...places.areas.map((a) => ({ value: a, text: a }))] }],
                  })}
                </div>`}
        </div>
        ${button('Show', { secondary: true })}
      </form>
      ${stats
        ? html`${periodText(stats, places)}
            ${stats.notes?.length ? insetText(stats.notes.map((n) => html`<p class="govuk-body">${n}</p>`)) : nothing}
            ${validationBlock(stats.validation)} ${downloads(measure, stats)}
            ${stats.series.length
              ? stats.series.map((s, i) => seriesBlock(s, i, threshold))
              : html`<p class="govuk-body">There are no figures for this period.</p>`}`
        : nothing}`,
  })
  if (ctx.current()) drawCharts(document, specs)
}
