// The link chart drawn with Cytoscape.js on a canvas. This module is loaded
// only by the chart page (a separate file), so no other page carries the
// graph library. The canvas is a picture for sighted mouse and touch users:
// every node and edge is also in the page's tables, whose links are the way
// through for keyboard and screen-reader users. Each kind of node has its
// own shape and a text label, and each kind of edge its own line style, so
// colour is never the only difference.

import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape'

export type GraphNodeKind = 'person' | 'report' | 'identifier' | 'force'
export type GraphEdgeKind = 'party_of' | 'recorded_by' | 'has_identifier' | 'same_person'

export interface GraphNode {
  id: string
  kind: GraphNodeKind
  label: string
  root?: boolean
  href?: string // where a tap goes
}

export interface GraphEdge {
  kind: GraphEdgeKind
  source: string
  target: string
  label?: string
}

// Shapes and line styles, as the page's key describes them.
export const SHAPES: Record<GraphNodeKind, string> = {
  person: 'ellipse',
  report: 'round-rectangle',
  identifier: 'diamond',
  force: 'hexagon',
}

// GOV.UK Frontend palette colours with at least 3:1 contrast against white.
const COLOURS: Record<GraphNodeKind, string> = {
  person: '#1d70b8',
  report: '#0b0c0c',
  identifier: '#54319f',
  force: '#0f7a52',
}

function style(fontFamily: string, narrow: boolean): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        shape: (n: cytoscape.NodeSingular) => SHAPES[n.data('kind') as GraphNodeKind] as cytoscape.Css.NodeShape,
        'background-color': '#ffffff',
        'border-width': 3,
        'border-color': (n: cytoscape.NodeSingular) => COLOURS[n.data('kind') as GraphNodeKind],
        width: 34,
        height: 34,
        'font-family': fontFamily,
        'font-size': narrow ? 12 : 13,
        color: '#0b0c0c',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'wrap',
        'text-max-width': narrow ? '80px' : '130px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
      },
    },
    { selector: 'node[?root]', style: { 'border-width': 6, width: 44, height: 44, 'font-weight': 'bold' } },
    { selector: 'node[?href]', style: { 'background-color': '#f3f2f1' } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': '#505a5f',
        'curve-style': 'bezier',
        label: 'data(label)',
        'font-family': fontFamily,
        'font-size': 11,
        color: '#0b0c0c',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge[kind = "recorded_by"]', style: { 'line-style': 'dotted' } },
    { selector: 'edge[kind = "has_identifier"]', style: { 'line-style': 'dashed', 'line-color': '#54319f' } },
    { selector: 'edge[kind = "same_person"]', style: { width: 5, 'line-style': 'double', 'line-color': '#1d70b8' } },
  ]
}

// Cytoscape.js adds an inline <style> to the page (one rule: its container
// is position: relative) unless an element with this id is already there;
// the Content Security Policy refuses inline styles, and the stylesheet
// already positions the chart's box, so a placeholder stands in for it.
const LIBRARY_STYLE_ID = '__________cytoscape_stylesheet'

function claimLibraryStyle(): void {
  if (document.getElementById(LIBRARY_STYLE_ID)) return
  const placeholder = document.createElement('meta')
  placeholder.id = LIBRARY_STYLE_ID
  document.head.append(placeholder)
}

// Draws the chart in `container`; a tap on a node with an href opens it.
// The caller destroys the returned instance when the page changes.
export function drawGraph(
  container: HTMLElement,
  nodes: GraphNode[],
  edges: GraphEdge[],
  open: (href: string) => void,
): Core {
  const elements: ElementDefinition[] = [
    ...nodes.map((n) => ({ group: 'nodes' as const, data: { ...n } })),
    ...edges.map((e, i) => ({ group: 'edges' as const, data: { id: `edge-${i}`, ...e } })),
  ]
  const root = nodes.find((n) => n.root)
  claimLibraryStyle()
  // On a phone the labels wrap narrower, and the layout leaves room for them.
  const narrow = container.clientWidth < 640
  const cy = cytoscape({
    container,
    elements,
    style: style(getComputedStyle(document.body).fontFamily, narrow),
    layout: {
      name: 'breadthfirst',
      roots: root ? [root.id] : undefined,
      directed: false,
      spacingFactor: narrow ? 1 : 1.2,
      nodeDimensionsIncludeLabels: narrow,
      padding: 16,
      animate: false,
      fit: true,
    },
    // A still picture: the page scrolls as usual over it, and nothing moves.
    userZoomingEnabled: false,
    userPanningEnabled: false,
    boxSelectionEnabled: false,
    autoungrabify: true,
    autounselectify: true,
    minZoom: 0.2,
    maxZoom: 1.5,
  })
  cy.on('tap', 'node', (event) => {
    const href = event.target.data('href') as string | undefined
    if (href) open(href)
  })
  cy.on('mouseover', 'node[?href]', () => (container.style.cursor = 'pointer'))
  cy.on('mouseout', 'node', () => (container.style.cursor = ''))
  return cy
}
