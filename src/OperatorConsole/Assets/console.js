// The overview's live refresh: the console pushes its live region, rendered on the server, as a server-sent event;
// this swaps it in. Without script (or EventSource) the page stays as it was served.
(() => {
  'use strict';
  const region = document.getElementById('overview-live');
  if (!region || !('EventSource' in window) || !region.dataset.liveSource) {
    return;
  }

  const status = document.getElementById('live-status');
  const say = text => { if (status) { status.textContent = text; } };
  const source = new EventSource(region.dataset.liveSource);

  source.addEventListener('overview', event => {
    const template = document.createElement('template');
    template.innerHTML = event.data;
    const fresh = template.content.getElementById('overview-live');
    const current = document.getElementById('overview-live');
    if (fresh && current) {
      current.replaceWith(fresh);
      say('Live: updates every few seconds.');
    }
  });
  source.addEventListener('open', () => say('Live: updates every few seconds.'));
  source.addEventListener('error', () => say('Live refresh interrupted; retrying…'));
  window.addEventListener('pagehide', () => source.close());
})();
