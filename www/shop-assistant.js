/*! shop-assistant loader. Merchants add, anywhere in the page:
 *    <script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script>
 *  or put the config inline:
 *    <script type="application/json" id="shop-assistant-config">{ ... }</script>
 *
 *  The loader fetches the config while the WebAssembly compiles (streaming), starts one
 *  assistant per page however often it is included, never throws into the page (a failure
 *  is one console.error line starting with "shop-assistant:"), and defines one global:
 *
 *    ShopAssistant.ready          Promise: resolves when the assistant is on the page and its catalogue file (if any) is in
 *    ShopAssistant.open(flowId)   Promise: opens a question flow
 *    ShopAssistant.close()        Promise: closes it
 *    ShopAssistant.track(event)   Promise: records a shop event, e.g. {type: "add_to_basket", id, quantity, price}
 *    ShopAssistant.profile()      Promise: everything kept about the visitor (all of it local); waits for `ready`
 *    ShopAssistant.stats()        Promise: local counts per message (shown, clicked, dismissed, converted) and flow; waits for `ready`
 *    ShopAssistant.forget()       Promise: erases it
 *    ShopAssistant.consent(bool)  Promise: allows or forbids storing it (call on every page, as consent tools do)
 *    ShopAssistant.destroy()      Promise: removes the assistant and its listeners
 *    ShopAssistant.version        this build's version
 */
(function () {
  'use strict';
  var VERSION = '0.1.0';
  var PREFIX = 'shop-assistant: ';
  var CONFIG_ID = 'shop-assistant-config';

  if (typeof window === 'undefined' || window.ShopAssistant) return;

  var script = document.currentScript;
  var failed = false;
  var app = null;

  function report(message) {
    try { console.error(PREFIX + message); } catch (e) { /* console replaced by the page */ }
  }

  function warn(message) {
    try { console.warn(PREFIX + message); } catch (e) { /* console replaced by the page */ }
  }

  // Turns the assistant off for the rest of the page's life, with one line that says why.
  function fail(message) {
    if (failed) return;
    failed = true;
    report(message);
    if (app) { try { app.destroy(); } catch (e) { /* the instance may be poisoned */ } }
    app = null;
  }

  function errorText(e) {
    return (e && (e.message || (typeof e === 'string' ? e : String(e)))) || 'unknown error';
  }

  // WebAssembly blocked by the page's Content Security Policy: say what to add.
  function explainLoadError(e) {
    var text = errorText(e);
    if (/Content Security Policy|unsafe-eval|wasm-eval/i.test(text)) {
      return "the page's Content Security Policy blocks WebAssembly; add 'wasm-unsafe-eval' to script-src (" + text + ')';
    }
    return 'could not load: ' + text;
  }

  var base;
  try {
    base = new URL('./', (script && script.src) || location.href).href;
  } catch (e) {
    base = '/shop-assistant/';
  }

  function fetchText(url, what) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(what + ' ' + url + ' answered HTTP ' + r.status);
      return r.text();
    });
  }

  function loadConfigText() {
    var inline = document.getElementById(CONFIG_ID);
    if (inline && inline.textContent && inline.textContent.trim()) return Promise.resolve(inline.textContent);
    var url = script && script.getAttribute('data-config');
    if (url) return fetchText(new URL(url, location.href).href, 'config');
    return Promise.reject(new Error(
      'no configuration: add data-config="/your-config.json" to the script tag, or a <script type="application/json" id="' + CONFIG_ID + '">'
    ));
  }

  function domReady() {
    if (document.readyState !== 'loading') return Promise.resolve();
    return new Promise(function (resolve) {
      document.addEventListener('DOMContentLoaded', function () { resolve(); }, { once: true });
    });
  }

  function start() {
    if (typeof WebAssembly !== 'object') return Promise.reject(new Error('this browser has no WebAssembly'));
    // Fetch and compile the wasm, import its glue and read the config, all at the same time.
    var wasmUrl = base + 'assistant_bg.wasm';
    var compiled = typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(fetch(wasmUrl, { credentials: 'same-origin' })).catch(function (e) {
          // A server that does not send application/wasm: compile from the bytes instead.
          if (!(e instanceof TypeError)) throw e;
          return fetch(wasmUrl, { credentials: 'same-origin' }).then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
        })
      : fetch(wasmUrl, { credentials: 'same-origin' }).then(function (r) { return r.arrayBuffer(); }).then(WebAssembly.compile);
    var wasm = Promise.all([import(base + 'assistant.js'), compiled]).then(function (parts) {
      var glue = parts[0];
      return glue.default({ module_or_path: parts[1] }).then(function () { return glue; });
    }).catch(function (e) { throw new Error(explainLoadError(e)); });
    var config = loadConfigText().catch(function (e) { throw new Error('could not read the configuration: ' + errorText(e)); });
    return Promise.all([wasm, config]).then(function (loaded) {
      var glue = loaded[0];
      var instance;
      try {
        instance = glue.Assistant.create(loaded[1]);
      } catch (e) {
        throw new Error('the configuration has errors:\n' + errorText(e));
      }
      // A catalogue file is fetched now but not waited for: the launcher, inline flows,
      // tracking and the messages' timers start at once, and what needs the products catches
      // up when it arrives. `ready` resolves once it is in.
      var catalogueUrl = instance.catalogueUrl();
      var catalogue = catalogueUrl ? fetchText(new URL(catalogueUrl, location.href).href, 'catalogue') : null;
      if (catalogue) catalogue.catch(function () {});
      if (catalogue) {
        installCatalogue = function () {
          return catalogue.then(function (text) {
            if (failed || !app) return; // destroyed meanwhile
            var lines;
            try { lines = instance.setCatalogue(text); } catch (e) { throw new Error('the catalogue has errors:\n' + errorText(e)); }
            log(lines);
          });
        };
      }
      return domReady().then(function () {
        app = instance;
        log(instance.mount());
        return afterPaint();
      }).then(function () {
        // The stored profile, tracking and messages start once the widget is on screen.
        instance.start();
      });
    });
  }

  // Resolves after the next paint (or soon, in a background tab that paints nothing).
  function afterPaint() {
    return new Promise(function (resolve) {
      var later = setTimeout(resolve, 100);
      try {
        requestAnimationFrame(function () { setTimeout(function () { clearTimeout(later); resolve(); }, 0); });
      } catch (e) { /* requestAnimationFrame replaced by the page: the timeout resolves */ }
    });
  }

  // Config warnings ("warning: ...") and problems with inline elements, for the console.
  function log(lines) {
    for (var i = 0; i < lines.length; i++) {
      if (lines[i].indexOf('warning: ') === 0) warn(lines[i]);
      else report(lines[i]);
    }
  }

  function turnOff(e) {
    fail(errorText(e));
    throw e;
  }
  // The catalogue file's install, once start() has named one.
  var installCatalogue = null;
  // `running`: the assistant is on the page and tracking (what track(), open() and consent()
  // need); `ready`: its catalogue file is in too (what profile() and stats() wait for).
  var running = start().catch(turnOff);
  var ready = running.then(function () { return installCatalogue && installCatalogue(); }).catch(turnOff);
  // Both may reject; mark them handled so the page's console shows our one line, not two.
  running.catch(function () {});
  ready.catch(function () {});

  // A trap inside the assistant (a bug of ours) during one of its own event handlers or
  // timers reaches the page as an uncaught error: turn the assistant off for this page, with
  // one line, instead of leaving a broken instance behind. Other scripts' errors are ignored.
  function onError(event) {
    var e = event && event.error;
    if (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError && /assistant_bg\.wasm/.test(String(e.stack))) {
      fail('internal error, turned off for this page: ' + errorText(e));
      try { event.preventDefault(); } catch (x) { /* not cancelable */ }
    }
  }
  try { window.addEventListener('error', onError); } catch (e) { /* addEventListener replaced */ }

  // Calls into the wasm; a trap (a bug of ours) turns the assistant off instead of
  // leaving a broken widget on the page.
  function call(method, arg, whenReady) {
    return (whenReady ? ready : running).then(function () {
      if (failed || !app) throw new Error(PREFIX + 'not running');
      try {
        return app[method](arg);
      } catch (e) {
        if (e instanceof WebAssembly.RuntimeError) {
          fail('internal error, turned off for this page: ' + errorText(e));
        } else {
          report(errorText(e));
        }
        throw new Error(PREFIX + errorText(e));
      }
    });
  }

  var api = {
    version: VERSION,
    ready: ready.then(function () {}),
    open: function (flowId) { return call('open', String(flowId)); },
    close: function () { return call('close'); },
    track: function (event) { return call('track', event); },
    profile: function () { return call('profile', undefined, true).then(function (text) { return JSON.parse(text); }); },
    stats: function () { return call('stats', undefined, true).then(function (text) { return JSON.parse(text); }); },
    forget: function () { return call('forget'); },
    consent: function (given) { return call('consent', given === true); },
    destroy: function () {
      return running.then(function () {
        if (app) { try { app.destroy(); } catch (e) { /* already broken */ } }
        app = null;
        failed = true;
        window.removeEventListener('error', onError);
      });
    }
  };
  api.ready.catch(function () {});
  try {
    Object.defineProperty(window, 'ShopAssistant', { value: Object.freeze(api), configurable: true, enumerable: false, writable: false });
  } catch (e) {
    report('could not define window.ShopAssistant: ' + errorText(e));
  }
})();
