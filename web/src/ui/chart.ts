// Charts drawn with Chart.js on a <canvas>. Only the pieces the dashboards
// use are registered, so the bundle carries nothing else. The canvas is an
// image to assistive technology: the page gives it a text summary
// (aria-label) and the same figures as a table. Colour is never the only
// difference between series: each bar series has its own fill pattern and
// each line its own dash and point shape, shown in the legend too.

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type PointStyle,
} from 'chart.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip)

export interface ChartSeries {
  label: string
  values: (number | null)[]
  format: (value: number) => string
}

export interface ChartSpec {
  kind: 'bar' | 'line'
  labels: string[]
  series: ChartSeries[]
  // How the value axis labels its ticks.
  axisFormat: (value: number) => string
  // Whole numbers only (counts): no ticks at 0.5.
  integer?: boolean
}

// GOV.UK Frontend palette colours with at least 3:1 contrast against white.
const COLOURS = ['#1d70b8', '#484949', '#0f7a52', '#54319f', '#98285d', '#b7592a']
type Fill = 'solid' | 'stripes' | 'cross' | 'dots' | 'rows' | 'columns'
const FILLS: Fill[] = ['solid', 'stripes', 'dots', 'cross', 'rows', 'columns']
const DASHES: number[][] = [[], [8, 4], [2, 3], [12, 3, 2, 3], [4, 4], [1, 6]]
const POINTS: PointStyle[] = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot']

// A repeating fill drawn on a small canvas: lines or dots in the colour over white.
function pattern(colour: string, fill: Fill): CanvasPattern | string {
  if (fill === 'solid') return colour
  const size = 10
  const tile = document.createElement('canvas')
  tile.width = size
  tile.height = size
  const c = tile.getContext('2d')
  if (!c) return colour
  c.fillStyle = '#ffffff'
  c.fillRect(0, 0, size, size)
  c.strokeStyle = colour
  c.fillStyle = colour
  c.lineWidth = 2
  c.beginPath()
  if (fill === 'stripes' || fill === 'cross') {
    c.moveTo(0, size)
    c.lineTo(size, 0)
    c.moveTo(-size / 2, size / 2)
    c.lineTo(size / 2, -size / 2)
    c.moveTo(size / 2, size * 1.5)
    c.lineTo(size * 1.5, size / 2)
  }
  if (fill === 'cross') {
    c.moveTo(0, 0)
    c.lineTo(size, size)
    c.moveTo(-size / 2, size / 2)
    c.lineTo(size / 2, size * 1.5)
    c.moveTo(size / 2, -size / 2)
    c.lineTo(size * 1.5, size / 2)
  }
  if (fill === 'rows') {
    c.moveTo(0, size / 2)
    c.lineTo(size, size / 2)
  }
  if (fill === 'columns') {
    c.moveTo(size / 2, 0)
    c.lineTo(size / 2, size)
  }
  c.stroke()
  if (fill === 'dots') {
    c.beginPath()
    c.arc(size / 2, size / 2, 2.5, 0, Math.PI * 2)
    c.fill()
  }
  return c.createPattern(tile, 'repeat') ?? colour
}

let defaultsSet = false

function setDefaults(): void {
  if (defaultsSet) return
  defaultsSet = true
  const style = getComputedStyle(document.body)
  Chart.defaults.font.family = style.fontFamily
  Chart.defaults.font.size = 16
  Chart.defaults.color = '#0b0c0c'
  Chart.defaults.borderColor = '#cecece'
}

function dataset(spec: ChartSpec, s: ChartSeries, i: number): ChartDataset<'bar' | 'line', (number | null)[]> {
  const colour = COLOURS[i % COLOURS.length]
  if (spec.kind === 'line') {
    return {
      type: 'line',
      label: s.label,
      data: s.values,
      borderColor: colour,
      backgroundColor: colour,
      borderWidth: 3,
      borderDash: DASHES[i % DASHES.length],
      pointStyle: POINTS[i % POINTS.length],
      pointRadius: 5,
      pointHoverRadius: 7,
      spanGaps: false,
    }
  }
  return {
    type: 'bar',
    label: s.label,
    data: s.values,
    backgroundColor: pattern(colour, FILLS[i % FILLS.length]),
    borderColor: colour,
    borderWidth: 2,
  }
}

// Draws the chart on the canvas; the caller destroys it when the page changes.
export function drawChart(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  setDefaults()
  const horizontal = spec.kind === 'bar'
  const value = {
    beginAtZero: true,
    ticks: { precision: spec.integer ? 0 : undefined, callback: (v: string | number) => spec.axisFormat(Number(v)) },
  }
  const category = { grid: { display: false }, ticks: { autoSkip: !horizontal } }
  const config = {
    type: spec.kind,
    data: { labels: spec.labels, datasets: spec.series.map((s, i) => dataset(spec, s, i)) },
    options: {
      // Nothing moves: the figures appear at once.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      // Bars run across the page, so long labels stay readable on a phone.
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal ? { x: value, y: category } : { x: category, y: value },
      plugins: {
        legend: {
          display: spec.series.length > 1,
          position: 'bottom',
          labels: { usePointStyle: spec.kind === 'line', boxWidth: 24, boxHeight: 16 },
        },
        tooltip: {
          callbacks: {
            label: (item: { datasetIndex: number; raw: unknown }) => {
              const s = spec.series[item.datasetIndex]
              return `${s.label}: ${typeof item.raw === 'number' ? s.format(item.raw) : 'not shown'}`
            },
          },
        },
      },
    },
  } as ChartConfiguration<'bar' | 'line', (number | null)[], string>
  return new Chart(canvas, config)
}

// A height for the chart's box: horizontal bars need room for every row.
export function chartHeight(spec: ChartSpec): number {
  if (spec.kind === 'line') return 320
  const bars = spec.labels.length * Math.max(1, spec.series.length)
  return Math.max(200, Math.min(1200, 80 + bars * 26 + (spec.series.length > 1 ? 40 : 0)))
}
