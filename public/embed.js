/*! promplay embed: turns <pre data-promplay="WORKBENCH"> blocks into live playgrounds.
 *
 * Usage, in any page:
 *
 *   <pre data-promplay="query" data-promplay-data="load 1m&#10;  up{job=&quot;api&quot;} 1x10">up == 1</pre>
 *   <script src="https://YOUR-SITE/FOLDER-OF-PROMPLAY/public/embed.js" defer></script>
 *
 * data-promplay:        metrics | query | relabel | operator | targets
 * the block's text:     the workbench's input (exposition text, a PromQL query, relabel rules, manifests)
 * data-promplay-data:   the second input: series in promqltest `load` notation (query), label sets (relabel)
 * data-promplay-data-from: a CSS selector of an element whose text is that second input instead
 * data-promplay-tab:    table | graph | explain (query)
 * data-promplay-range:  the graph's range, e.g. 1h (query)
 * data-promplay-height: the iframe's height (px) until the embed reports its own
 *
 * Each block becomes an iframe of the playground in embed mode (it runs entirely in the
 * reader's browser and never touches their own saved promplay workspace) followed by a
 * "Try it in promplay" link that opens the full playground with the same content. The
 * playground is found relative to this script (../ of public/embed.js, so the site may live
 * in any folder, e.g. https://example.github.io/docs/promplay/); a data-promplay-base="URL"
 * attribute on the script tag points elsewhere.
 * Without JavaScript the <pre> blocks simply stay as they are.
 */
(function () {
  'use strict';

  // The playground is the folder above this script's (public/), wherever it is hosted (a
  // domain's root or a docs sub-path such as /docs/promplay/). currentScript is unset when
  // the script runs as a module or is added by a bundler: then the page's script tag that
  // loads embed.js says where it came from.
  var script = document.currentScript;
  if (!script || !script.src) {
    var tags = document.querySelectorAll('script[src]');
    for (var t = tags.length - 1; t >= 0 && !(script && script.src); t--) {
      if (/(^|\/)embed\.js([?#]|$)/.test(tags[t].getAttribute('src'))) script = tags[t];
    }
  }
  var scriptUrl = script && script.src ? script.src : location.href;
  var base = new URL((script && script.getAttribute('data-promplay-base')) || '../', scriptUrl);
  // Trunk serves the playground as index.html in that folder.
  var playground = new URL('index.html', base);
  var frames = [];

  function param(name, value) {
    return value == null ? '' : '&' + name + '=' + encodeURIComponent(value);
  }

  function linkFor(kind, pre) {
    var workbench = pre.getAttribute('data-promplay');
    // A query is one expression; the other inputs are files, which end with a newline.
    var input = pre.textContent.replace(/^\n/, '').replace(/\s+$/, '') + (workbench === 'query' ? '' : '\n');
    var search = '?' + kind + '=' + encodeURIComponent(workbench) + param('input', input);
    var from = pre.getAttribute('data-promplay-data-from');
    var source = from ? document.querySelector(from) : null;
    search += param('data', source ? source.textContent.replace(/^\n/, '') : pre.getAttribute('data-promplay-data'));
    ['tab', 'range'].forEach(function (name) {
      search += param(name, pre.getAttribute('data-promplay-' + name));
    });
    if (kind === 'embed' && location.origin && location.origin !== 'null') {
      search += param('parent', location.origin);
    }
    return playground.href + search;
  }

  function build(pre) {
    var workbench = pre.getAttribute('data-promplay');
    var box = document.createElement('div');
    box.className = 'promplay-embed';
    box.setAttribute('data-promplay-workbench', workbench);
    box.style.cssText = 'margin:1em 0;';

    var frame = document.createElement('iframe');
    frame.src = linkFor('embed', pre);
    frame.title = 'promplay ' + workbench + ' playground';
    frame.loading = 'lazy';
    frame.style.cssText =
      'display:block;width:100%;border:1px solid #d5dae1;border-radius:8px;background:#f6f7f9;' +
      'height:' + (parseInt(pre.getAttribute('data-promplay-height'), 10) || 360) + 'px;';
    box.appendChild(frame);

    var p = document.createElement('p');
    p.style.cssText = 'margin:.35em 0 0;font-size:.9em;text-align:right;';
    var a = document.createElement('a');
    a.className = 'promplay-try';
    a.href = linkFor('open', pre);
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = 'Try it in promplay \u2197';
    p.appendChild(a);
    box.appendChild(p);

    pre.parentNode.replaceChild(box, pre);
    frames.push(frame);
  }

  // An embed reports its content height; only messages from the playground's origin and
  // from one of our own frames are believed.
  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.origin !== playground.origin || !data || data.type !== 'promplay:height') return;
    var height = Math.ceil(Number(data.height));
    if (!(height > 0) || height > 20000) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + 2 + 'px'; // + the 1px border on each side
      }
    }
  });

  function start() {
    var blocks = document.querySelectorAll('pre[data-promplay]');
    for (var i = 0; i < blocks.length; i++) build(blocks[i]);
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
