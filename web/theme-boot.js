// Applies the stored appearance before the first paint. The wasm does the same
// (crates/promplay-web/src/theme.rs) once it runs, up to a second later on a slow laptop:
// without this script a visitor who chose Dark would see the light page until then.
//
// A blocking classic script in <head> (no defer/async): it runs before <body> is parsed,
// so the first frame already has <html data-theme data-scale>. It must never throw:
// storage can be disabled or refused (private modes, blocked cookies). An embed
// (?embed=… on someone else's page) never takes the visitor's stored choice; it
// follows the OS, like theme.rs in embed mode.
(function () {
  'use strict';
  try {
    if (/[?&]embed=/.test(window.location.search)) return;
    var storage = window.localStorage;
    var root = document.documentElement;
    var theme = storage.getItem('promplay.v1.ui.theme');
    if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
    if (storage.getItem('promplay.v1.ui.scale') === 'large') root.setAttribute('data-scale', 'large');
  } catch (e) {
    // No storage: the defaults (System theme, normal text).
  }
})();
