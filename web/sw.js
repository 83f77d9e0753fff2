// promplay's service worker: keeps every file of one build in the browser so that the
// playground opens and works with the network off after a single visit.
//
// This file is a template. Trunk's post_build hook (scripts/trunk-post-build) writes it
// into the build with VERSION (a hash of every file of the build) and PRECACHE (every
// file's path, relative to this script) filled in, so each build that changes anything is
// a new service worker with a cache of its own. A development build (`trunk serve`) gets
// OFFLINE = false: no caching at all, and any copy left over from a release build on the
// same address is deleted.
//
// Update: a new build installs next to the old one and waits. The page (web/offline.js)
// offers "Reload" and, when clicked, asks this worker to take over; so one page never runs
// with files from two builds (the Query worker is loaded lazily and must match the page).
'use strict';

const VERSION = '__PROMPLAY_VERSION__';
const OFFLINE = __PROMPLAY_OFFLINE__;
const PRECACHE = __PROMPLAY_PRECACHE__;

const CACHE_PREFIX = 'promplay-';
const scope = self.registration.scope;
// Caches belong to the origin, not to a folder: a copy of promplay in another folder of the
// same host (/docs/v1/promplay/ and /docs/v2/promplay/) has caches of its own, named after
// its folder, and neither deletes the other's. A name without a folder is an older build's.
const SCOPE_PATH = new URL(scope).pathname;
const CACHE = `${CACHE_PREFIX}${VERSION}@${SCOPE_PATH}`;
const isOwnOrLegacy = (name) =>
  name.startsWith(CACHE_PREFIX) && (!name.includes('@') || name.endsWith(`@${SCOPE_PATH}`));
const INDEX = new URL('index.html', scope).href;
// Trunk's content-hashed names (`promplay-web-0123456789abcdef_bg.wasm`; a u64 in hex, so
// sometimes fewer than 16 digits) never change content, so the browser's HTTP cache may
// supply them; every other file is revalidated.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/;
const PRECACHED = new Set(PRECACHE.map((path) => new URL(path, scope).href));

self.addEventListener('install', (event) => {
  if (!OFFLINE) {
    event.waitUntil(self.skipWaiting());
    return;
  }
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(
        [...PRECACHED].map((url) => new Request(url, { cache: HASHED.test(url) ? 'default' : 'no-cache' })),
      ),
    ),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (isOwnOrLegacy(name) && name !== CACHE) await caches.delete(name);
      }
      // The first visit's page becomes controlled at once, so it works offline without
      // a reload; after an update the page reloads itself (web/offline.js).
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'promplay:activate') self.skipWaiting();
});

if (OFFLINE) {
  self.addEventListener('fetch', (event) => {
    const request = event.request;
    // Only this site's own files; the Content-Security-Policy forbids any other origin.
    if (request.method !== 'GET' || !request.url.startsWith(scope)) return;
    event.respondWith(respond(request));
  });
}

/**
 * Cache first. A navigation to a page that is not a file of the build (a mistyped path)
 * goes to the network like any other request, and gets index.html when there is none.
 */
async function respond(request) {
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  const cache = await caches.open(CACHE);
  let hit = await cache.match(url.href);
  // A stored redirect cannot answer a navigation; its body can.
  if (hit && hit.redirected) hit = new Response(hit.body, hit);
  if (hit) return hit;
  let response;
  try {
    response = await fetch(request);
  } catch (err) {
    const index = request.mode === 'navigate' ? await cache.match(INDEX) : undefined;
    if (index) return index;
    throw err;
  }
  // A file of this build that the browser evicted from the cache is put back.
  if (response.ok && PRECACHED.has(url.href) && request.url === url.href) {
    await cache.put(url.href, response.clone());
  }
  return response;
}
