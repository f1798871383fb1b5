// Starts fetching the object's graph while the page is still being parsed (and cytoscape.js compiled),
// so that the graph is drawn as soon as both are there. Not deferred: it runs where it stands, in <head>.
'use strict';
(function () {
  const meta = document.querySelector('meta[name="parley-graph"]');
  if (!meta) return;
  const asked = performance.now();
  window.parleyGraphData = fetch(meta.content, { credentials: 'same-origin' }).then(r => {
    if (!r.ok) throw new Error('the node answered ' + r.status);
    return r.json();
  }).then(d => { window.parleyGraphFetchMs = Math.round(performance.now() - asked); return d; });
})();
