// carryover's service worker: the app opens without the network, and a deploy is picked up on
// the next visit. Plain JS, copied into dist by Trunk and registered from index.html.
//
// - Navigations: network first, so the page is always the deployed one; the answer is kept as
//   its app's shell (four apps, as `shared::Bundle` says: the staff console's page for `/staff`
//   and `/staff/…`, the sign-in page's for `/login`, the customer's changes' for `/change/…`,
//   `/invitation/…` and `/timeline`, the customer's home for every other route). Without a
//   network the kept shell of that app answers.
// - Trunk's hashed files (`name-<hex>.js`, `…_bg.wasm`, `.css`): cache first. A name never
//   changes its content, so a kept file is right for ever; a deploy brings new names. Trunk
//   writes the 64-bit hash without leading zeros (`{:x}`): 16 hex digits, fewer in one build
//   of 16.
// - Everything else passes untouched: the API (`/api/…` carries personal data and live state;
//   never kept), the probes, the manifest, the icons and this file.
//
// The cache holds the shells and the hashed files they name: each new shell fetches the files it
// names that are missing, and files no kept shell names any more go. The customer's three shells
// are fetched at install (customers never load the console): after signing in, the overview and
// then a change need no download, and work offline. CACHE changes only when this file's way of caching does;
// `activate` deletes every other carryover cache.

const CACHE = 'carryover-v4';
const SHELL = '/';
const SIGN_IN_SHELL = '/login';
const CHANGES_SHELL = '/change';
const STAFF_SHELL = '/staff/';
const SHELLS = [SHELL, SIGN_IN_SHELL, CHANGES_SHELL, STAFF_SHELL];
const HASHED = /-[0-9a-f]{1,16}(?:_bg)?\.(?:js|wasm|css)$/;

/** The shell of the app that serves `pathname`. */
function shellOf(pathname) {
  const under = (prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  if (under('/staff')) return STAFF_SHELL;
  if (under('/change') || under('/invitation') || pathname === '/timeline') return CHANGES_SHELL;
  if (pathname === '/login') return SIGN_IN_SHELL;
  return SHELL;
}

const absolute = (path) => new URL(path, self.location.origin).href;

/** The hashed files a shell loads: its quoted same-origin paths with a hashed name. */
function filesOf(html) {
  const files = new Set();
  for (const [, path] of html.matchAll(/["'](\/[^"'?#\s]+)["']/g)) {
    if (HASHED.test(path)) files.add(path);
  }
  return [...files];
}

function isPage(response) {
  return response.ok && (response.headers.get('content-type') || '').startsWith('text/html');
}

/** Keeps `response` as `shell`, with the hashed files it names. */
async function keepShell(shell, response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  const wanted = filesOf(html).map(absolute);
  const kept = await cache.keys();
  const missing = wanted.filter((url) => !kept.some((request) => request.url === url));
  await cache.addAll(missing);
  await cache.put(shell, response);
  const named = new Set(wanted);
  for (const other of SHELLS.filter((s) => s !== shell)) {
    const page = await cache.match(other);
    if (page) for (const path of filesOf(await page.text())) named.add(absolute(path));
  }
  for (const request of kept) {
    if (HASHED.test(new URL(request.url).pathname) && !named.has(request.url)) {
      await cache.delete(request);
    }
  }
}

/** Fetches `shell` and keeps it with its files. */
async function fetchShell(shell) {
  const response = await fetch(shell, { cache: 'no-cache' });
  if (!isPage(response)) throw new Error(`the shell ${shell} answered ${response.status}`);
  await keepShell(shell, response);
}

self.addEventListener('install', (event) => {
  // The customer's shells and their files right away: the second visit already opens without
  // the network. One after the other: each keeping drops the files no kept shell names.
  event.waitUntil(
    fetchShell(SIGN_IN_SHELL)
      .then(() => fetchShell(SHELL))
      .then(() => fetchShell(CHANGES_SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('carryover-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  );
});

async function navigate(event) {
  const shell = shellOf(new URL(event.request.url).pathname);
  let response;
  try {
    response = await fetch(event.request);
  } catch (offline) {
    const kept = await caches.match(shell, { cacheName: CACHE });
    if (kept) return kept;
    throw offline;
  }
  if (isPage(response)) event.waitUntil(keepShell(shell, response.clone()).catch(() => {}));
  return response;
}

async function hashedFile(event) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(event.request);
  if (kept) return kept;
  const response = await fetch(event.request);
  if (response.ok && !isPage(response)) event.waitUntil(cache.put(event.request, response.clone()));
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
  } else if (HASHED.test(url.pathname)) {
    event.respondWith(hashedFile(event));
  }
});
