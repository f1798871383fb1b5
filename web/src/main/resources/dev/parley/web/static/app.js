// Parley web interface: charts (uPlot) and the relationship graph (cytoscape.js).
// No inline script anywhere (the pages' Content-Security-Policy forbids it): pages name what to draw in data- attributes.
'use strict';

(function () {
  function chart(el, xs, ys, label) {
    if (!window.uPlot || !el) return;
    const width = Math.max(280, el.clientWidth || 600);
    new uPlot({ width: width, height: 220, series: [{}, { label: label, stroke: '#1f5fa8', fill: 'rgba(31,95,168,0.15)' }],
      axes: [{}, {}] }, [xs, ys], el);
  }

  function charts() {
    const add = document.getElementById('additions-chart');
    if (add) fetch(add.dataset.src, { credentials: 'same-origin' }).then(r => r.json())
      .then(d => chart(add, d.days, d.counts, 'objects added'));
    const size = document.getElementById('size-chart');
    if (size) fetch(size.dataset.src, { credentials: 'same-origin' }).then(r => r.json())
      .then(d => chart(size, d.times, d.sizes, 'log size'));
  }

  const COLORS = { 'indicator': '#d9534f', 'malware': '#8e44ad', 'threat-actor': '#c0392b', 'intrusion-set': '#e67e22',
    'attack-pattern': '#2980b9', 'campaign': '#16a085', 'tool': '#7f8c8d', 'vulnerability': '#f39c12', 'report': '#2c3e50',
    'identity': '#27ae60', 'course-of-action': '#1abc9c', 'grouping': '#34495e', 'location': '#9b59b6', 'infrastructure': '#d35400',
    'observed-data': '#95a5a6', 'sighting': '#e74c3c', 'note': '#bdc3c7', 'opinion': '#bdc3c7' };
  const TLP_BORDER = { 'clear': '#ffffff', 'white': '#ffffff', 'green': '#33ff00', 'amber': '#ffc000', 'amber+strict': '#ffc000', 'red': '#ff2b2b' };
  const LIMIT = 500; // above this many nodes, group by type
  const PER_TYPE = 40; // nodes drawn per type when grouped; a group node expands by this many more

  function graph() {
    const el = document.getElementById('graph');
    if (!el || !window.cytoscape) return;
    const status = document.getElementById('graph-status');
    const started = performance.now();
    const cy = cytoscape({ container: el, wheelSensitivity: 0.3,
      style: [
        { selector: 'node', style: { 'background-color': 'data(color)', 'label': 'data(label)', 'font-size': 9, 'text-wrap': 'ellipsis',
          'text-max-width': 120, 'border-width': 3, 'border-color': 'data(border)', 'width': 22, 'height': 22 } },
        { selector: 'node.center', style: { 'width': 36, 'height': 36 } },
        { selector: 'node.group', style: { 'shape': 'round-rectangle', 'width': 60, 'height': 26, 'font-size': 10, 'text-valign': 'center',
          'color': '#fff', 'text-outline-width': 1, 'text-outline-color': '#333' } },
        { selector: 'edge', style: { 'width': 1, 'line-color': '#aaa', 'target-arrow-shape': 'triangle', 'target-arrow-color': '#aaa',
          'curve-style': 'haystack', 'label': '', 'font-size': 7 } }
      ] });
    window.parleyGraph = cy;
    const pending = {}; // type -> nodes not yet drawn, per group
    const loaded = new Set();

    function nodeData(n) {
      const label = (n.tlp ? '[' + n.tlp.toUpperCase() + '] ' : '') + n.label;
      return { group: 'nodes', data: { id: n.id, label: label.length > 60 ? label.slice(0, 60) + '…' : label, type: n.type,
        color: COLORS[n.type] || '#607d8b', border: TLP_BORDER[n.tlp] || '#555', tlp: n.tlp || '' } };
    }

    function add(data) {
      const fresh = data.nodes.filter(n => cy.getElementById(n.id).empty());
      const elements = [];
      const total = cy.nodes().not('.group').length + fresh.length;
      if (total > LIMIT) {
        const byType = {};
        fresh.forEach(n => (byType[n.type] = byType[n.type] || []).push(n));
        Object.keys(byType).forEach(t => {
          const list = byType[t];
          list.slice(0, PER_TYPE).forEach(n => elements.push(nodeData(n)));
          const rest = list.slice(PER_TYPE);
          if (rest.length) {
            const gid = 'group:' + data.center + ':' + t;
            pending[gid] = { nodes: rest, from: data.center, edges: data.edges };
            elements.push({ group: 'nodes', classes: 'group', data: { id: gid, label: '+' + rest.length + ' more ' + t,
              color: COLORS[t] || '#607d8b', border: '#333', type: t } });
            elements.push({ group: 'edges', data: { id: gid + '>e', source: data.center, target: gid } });
          }
        });
      } else {
        fresh.forEach(n => elements.push(nodeData(n)));
      }
      cy.add(elements);
      addEdges(data.edges);
      cy.getElementById(data.center).addClass('center');
    }

    function addEdges(edges) {
      const es = [];
      edges.forEach(e => {
        if (cy.getElementById(e.id).empty() && !cy.getElementById(e.source).empty() && !cy.getElementById(e.target).empty()) {
          es.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, label: e.label } });
        }
      });
      cy.add(es);
    }

    function expandGroup(g) {
      const p = pending[g.id()];
      if (!p) return;
      const next = p.nodes.slice(0, PER_TYPE * 5);
      p.nodes = p.nodes.slice(PER_TYPE * 5);
      cy.add(next.map(nodeData));
      addEdges(p.edges);
      if (p.nodes.length) g.data('label', '+' + p.nodes.length + ' more ' + g.data('type'));
      else { cy.remove(g); delete pending[g.id()]; }
      layout();
    }

    function layout() {
      const n = cy.nodes().length;
      cy.layout(n > 60 ? { name: 'concentric', animate: false, minNodeSpacing: 4,
        concentric: x => x.hasClass('center') ? 10 : (x.hasClass('group') ? 5 : 1), levelWidth: () => 1 }
        : { name: 'cose', animate: false, numIter: 500 }).run();
    }

    function load(id) {
      if (loaded.has(id)) return Promise.resolve();
      loaded.add(id);
      status.textContent = 'Loading the relationships of ' + id + '…';
      const asked = performance.now();
      const first = id === el.dataset.id && window.parleyGraphData;
      const data = first ? window.parleyGraphData
        : fetch(el.dataset.src + (el.dataset.src.includes('?') ? '&' : '?') + 'id=' + encodeURIComponent(id), { credentials: 'same-origin' })
          .then(r => { if (!r.ok) throw new Error('the node answered ' + r.status); return r.json(); });
      return data
        .then(data => {
          el.dataset.fetchMs = String(first ? window.parleyGraphFetchMs : Math.round(performance.now() - asked));
          add(data);
          layout();
          const objects = cy.nodes().not('.group').length;
          const hidden = Object.values(pending).reduce((s, p) => s + p.nodes.length, 0);
          status.textContent = objects + ' objects drawn' + (hidden ? ', ' + hidden + ' more grouped by type' : '') + '.';
          el.dataset.nodes = String(objects + hidden);
          el.dataset.readyAt = String(Math.round(performance.now())); // since the navigation started
          el.dataset.ready = 'yes';
        })
        .catch(e => { status.textContent = 'The graph could not be loaded: ' + e.message; });
    }

    cy.on('tap', 'node', ev => {
      const n = ev.target;
      if (n.hasClass('group')) expandGroup(n); else load(n.id());
    });
    cy.on('dbltap', 'node', ev => {
      const n = ev.target;
      if (!n.hasClass('group')) window.location.href = el.dataset.base + encodeURIComponent(n.id()) + (el.dataset.suffix || '');
    });
    load(el.dataset.id).then(() => { el.dataset.ms = String(Math.round(performance.now() - started)); });
  }

  document.addEventListener('DOMContentLoaded', () => {
    charts();
    graph();
  });
})();
