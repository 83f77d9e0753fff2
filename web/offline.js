// The page's side of offline use: registers the service worker (sw.js, written into the
// build by scripts/trunk-post-build) and shows one small notice at the bottom of the page:
//
// - "ready":   the first visit's files are now kept in this browser (hides itself);
// - "offline": the network is gone and the page runs from that copy;
// - "update":  a newer build is installed and waits; "Reload" switches to it. The switch
//              waits for a click so that a page never mixes two builds' files (the Query
//              worker loads lazily and must match the page). Inputs are autosaved, so a
//              reload loses nothing.
//
// Plain JavaScript, not part of the wasm: it must run even when the wasm cannot load.
(() => {
  'use strict';
  // Service workers exist only in secure contexts (https, 127.0.0.1, localhost): a page
  // served to a classroom over plain http on a LAN address works, but online only.
  if (!('serviceWorker' in navigator)) return;
  const workers = navigator.serviceWorker;
  // scripts/trunk-post-build sets this meta tag to "on" in a release build and to "off"
  // under `trunk serve`, where caching would hide every edit: there, a worker left over
  // from a release build on the same address is removed.
  const mode = document.querySelector('meta[name="promplay-offline"]')?.content;
  if (mode !== 'on') {
    workers.getRegistrations().then((all) => all.forEach((r) => r.unregister()));
    return;
  }
  const controlledAtStart = Boolean(workers.controller);
  // sw.js lies beside this script at the top of the site's folder (a domain's root or a
  // sub-path such as /docs/promplay/), whatever page loaded it; its scope is that folder.
  const workerUrl = new URL('sw.js', document.currentScript?.src || document.baseURI);
  let notice = null;
  let hideTimer = 0;
  // An embed (`?embed=…`, one workbench in an iframe of a docs page) shows no notices:
  // the docs page is the visitor's context, not promplay.
  const embedded = new URLSearchParams(window.location.search).has('embed');
  let activating = false;

  /** Shows the notice in `state` with `text` and, optionally, one button. */
  function show(state, text, button) {
    if (embedded) return;
    if (!notice) {
      notice = document.createElement('div');
      notice.className = 'offline-notice';
      notice.setAttribute('role', 'status');
      notice.dataset.testid = 'offline-status';
      document.body.append(notice);
    }
    clearTimeout(hideTimer);
    notice.dataset.state = state;
    notice.replaceChildren();
    const message = document.createElement('span');
    message.textContent = text;
    notice.append(message);
    if (button) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'button';
      b.textContent = button.label;
      b.dataset.testid = button.testid;
      b.addEventListener('click', button.onClick);
      notice.append(b);
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'offline-notice-close';
    close.setAttribute('aria-label', 'Dismiss');
    close.textContent = '×';
    close.addEventListener('click', hide);
    notice.append(close);
    notice.hidden = false;
  }

  function hide() {
    clearTimeout(hideTimer);
    if (notice) notice.hidden = true;
  }

  /** Offers to switch to `waiting`, a newer build that is installed and waiting. */
  function offerUpdate(waiting) {
    show('update', 'A new version of promplay is ready. Your work is saved.', {
      label: 'Reload',
      testid: 'offline-update-reload',
      onClick: () => {
        activating = true;
        waiting.postMessage('promplay:activate');
      },
    });
  }

  function showConnectivity() {
    if (!workers.controller) return;
    if (!navigator.onLine) {
      show('offline', 'Offline: promplay runs from the copy saved in this browser.');
    } else if (notice && notice.dataset.state === 'offline') {
      hide();
    }
  }

  workers.addEventListener('controllerchange', () => {
    if (activating) {
      window.location.reload();
    } else if (controlledAtStart) {
      // Another tab switched to a newer build (or a development build took over).
      show('update', 'promplay was updated in this browser. Reload to use the new version.', {
        label: 'Reload',
        testid: 'offline-update-reload',
        onClick: () => window.location.reload(),
      });
    } else {
      // The first visit: every file is now kept and this page is under the worker.
      show('ready', 'Saved in this browser: promplay now also works offline.');
      hideTimer = setTimeout(hide, 8000);
    }
  });
  window.addEventListener('online', showConnectivity);
  window.addEventListener('offline', showConnectivity);

  // Registered after the page has loaded, so that caching the build never competes with
  // the page's own first download.
  window.addEventListener('load', async () => {
    showConnectivity();
    let registration;
    try {
      registration = await workers.register(workerUrl);
    } catch (err) {
      console.warn('promplay: offline copy unavailable:', err);
      return;
    }
    if (!registration) return;
    if (registration.waiting && workers.controller) offerUpdate(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const next = registration.installing;
      next?.addEventListener('statechange', () => {
        if (next.state === 'installed' && workers.controller) offerUpdate(next);
      });
    });
    // A tab left open all day (a workshop) still hears of a new build.
    setInterval(() => registration.update().catch(() => {}), 60 * 60 * 1000);
  });
})();
