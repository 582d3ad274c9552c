/*! shop-assistant loader. Merchants add, anywhere in the page:
 *    <script async src="/shop-assistant/shop-assistant.js" data-config="/assistant.json"></script>
 *  or put the config inline:
 *    <script type="application/json" id="shop-assistant-config">{ ... }</script>
 *
 *  The loader carries wasm-bindgen's glue (the build puts it inside), so the script tag's
 *  integrity attribute covers both, and the wasm's hash, which it checks the wasm against:
 *  one integrity attribute pins the whole release.
 *  The loader fetches the config while the WebAssembly compiles (streaming), starts one
 *  assistant per page however often it is included, never throws into the page (a failure
 *  is one console.error line starting with "shop-assistant:"), and defines one global:
 *
 *    ShopAssistant.ready          Promise: resolves when the assistant is on the page and its catalogue file (if any) is in
 *    ShopAssistant.open(flowId)   Promise: opens a question flow (without an id, the launcher's)
 *    ShopAssistant.close()        Promise: closes it
 *    ShopAssistant.track(event)   Promise: records a shop event, e.g. {type: "add_to_basket", id, quantity, price}
 *    ShopAssistant.profile()      Promise: everything kept about the visitor (all of it local); waits for `ready`
 *    ShopAssistant.stats()        Promise: local counts per message, flow, survey and recommendation block; waits for `ready`
 *    ShopAssistant.forget()       Promise: erases it
 *    ShopAssistant.consent(bool)  Promise: allows or forbids storing it (call on every page, as consent tools do)
 *    ShopAssistant.destroy()      Promise: removes the assistant and its listeners
 *    ShopAssistant.version        this build's version
 */
(function () {
  'use strict';
  // Written by scripts/build.sh from package.json's version, the one place it is kept.
  var VERSION = 'dev';
  var PREFIX = 'shop-assistant: ';
  var CONFIG_ID = 'shop-assistant-config';
  // How long the widget waits for the server's answer to the catalogue file (its status) before
  // it is drawn anyway; the body is never waited for.
  var CATALOGUE_ANSWER_MS = 1000;
  var GLOBAL = 'ShopAssistant';
  var HOST = '[data-shop-assistant]';
  // The wasm's Subresource Integrity hash (sha384), written by scripts/build.sh.
  var WASM_INTEGRITY = '@wasm-integrity@';
  // The lines of this file the glue takes ("first-last"), written by scripts/build.sh: an
  // error whose top frame is there is the assistant's own.
  var GLUE_LINES = '@glue-lines@';

  // wasm-bindgen's glue (`--target no-modules`): scripts/build.sh puts it in the same file,
  // before this function, in a block of its own (`{ let wasm_bindgen = ...; (function () {
  // ... })(); }`), so it is visible here and nowhere else on the page. A page that made it
  // throw (its first statement reads document.currentScript) leaves it null, and the
  // assistant says it could not load.
  /* global wasm_bindgen */
  var bindgen = typeof wasm_bindgen === 'function' ? wasm_bindgen : null;

  // Trust: the loader's own file, the glue and wasm beside it, and the merchant's config (the
  // data-config of the loader's own tag, or a <script type="application/json"> element). Page
  // content is not trusted: a named element shadows document properties
  // (`<img name="currentScript">` makes document.currentScript that image) and window names
  // (`<div id="ShopAssistant">`), so document properties are read through the prototypes'
  // getters and every value is checked for type before it is used.
  function read(proto, name, target) {
    try {
      return Object.getOwnPropertyDescriptor(proto, name).get.call(target);
    } catch (e) {
      return undefined;
    }
  }
  function attribute(element, name) {
    try { return Element.prototype.getAttribute.call(element, name); } catch (e) { return null; }
  }
  function select(selector) {
    try { return Document.prototype.querySelectorAll.call(document, selector); } catch (e) { return []; }
  }
  function listen(target, type, handler, options) {
    try { EventTarget.prototype.addEventListener.call(target, type, handler, options); } catch (e) { /* replaced by the page */ }
  }

  function report(message) {
    try { console.error(PREFIX + message); } catch (e) { /* console replaced by the page */ }
  }

  function warn(message) {
    try { console.warn(PREFIX + message); } catch (e) { /* console replaced by the page */ }
  }

  function errorText(e) {
    var text = '';
    try { text = e && (typeof e === 'string' ? e : e.message || String(e)); } catch (x) { /* a hostile toString */ }
    return typeof text === 'string' && text ? text : 'unknown error';
  }

  try {
    if (typeof window !== 'object' || typeof document !== 'object' || !document) return;
    // Included twice: the first copy owns the global. A value the page put there is not ours.
    var existing = Object.getOwnPropertyDescriptor(window, GLOBAL);
    if (existing) {
      var v = existing.value;
      if (!(v && typeof v === 'object' && typeof v.version === 'string' && Object.isFrozen(v))) {
        report('window.' + GLOBAL + ' is already defined by the page; the assistant does not start');
      }
      return;
    }
  } catch (e) {
    return;
  }

  var failed = false;
  var app = null;
  var glue = null;

  // Turns the assistant off for the rest of the page's life, with one line that says why.
  // After an internal error the instance is not called again: its state may be half-changed.
  function fail(message, poisoned) {
    if (failed) return;
    failed = true;
    report(message);
    stop(!poisoned);
  }

  // Stops everything the assistant runs and removes what it put on the page: `destroy` when
  // the instance is sound (it writes what is pending), then the wasm's `halt`, which stops its
  // listeners, timers, observer and storage writes even after a trap has left its state
  // unusable; the widget's hosts are removed from here too, in case it could not.
  function stop(clean) {
    var instance = app;
    app = null;
    unwatchDataLayer();
    if (instance && clean) { try { instance.destroy(); } catch (e) { /* the instance may be poisoned */ } }
    if (glue) { try { glue.halt(); } catch (e) { /* already stopped */ } }
    var hosts = select(HOST);
    for (var i = 0; i < hosts.length; i++) {
      try { Element.prototype.remove.call(hosts[i]); } catch (e) { /* detached meanwhile */ }
    }
  }

  // WebAssembly blocked by the page's Content Security Policy: say what to add.
  function explainLoadError(e) {
    var text = errorText(e);
    if (/Content Security Policy|unsafe-eval|wasm-eval/i.test(text)) {
      return "the page's Content Security Policy blocks WebAssembly; add 'wasm-unsafe-eval' to script-src (" + text + ')';
    }
    return 'could not load: ' + text;
  }

  // The loader's own <script> element: the one the browser is running, read through the
  // prototype and checked to be a script element.
  var script = read(Document.prototype, 'currentScript', document);
  if (!(script instanceof HTMLScriptElement)) script = null;
  var src = script && read(HTMLScriptElement.prototype, 'src', script);
  // URLs in the page resolve as the browser resolves them: against <base href>, and in an
  // <iframe srcdoc> against the parent's URL.
  var pageBase = read(Node.prototype, 'baseURI', document);
  if (typeof pageBase !== 'string') pageBase = String(location.href);

  function resolve(url, base) {
    try {
      return new URL(url, base).href;
    } catch (e) {
      throw new Error('"' + url + '" is not a URL');
    }
  }

  function fetchText(url, what) {
    return fetchOk(url, what).then(function (r) { return r.text(); });
  }

  // Resolves with the response once its status is in (not its body), if it is a success.
  function fetchOk(url, what) {
    return fetch(url, { credentials: 'same-origin' }).then(function (r) {
      if (!r.ok) throw new Error(what + ' ' + url + ' answered HTTP ' + r.status);
      return r;
    });
  }

  // The merchant's config: the data-config URL of the loader's own tag, else the text of a
  // <script type="application/json" id="shop-assistant-config">. Any other element with that
  // id (a review's <p>, say) is ignored with one line. Resolves to {text, base}: relative URLs
  // inside a config file resolve against the file's URL, inside an inline config against the page.
  function loadConfig() {
    var url = script && attribute(script, 'data-config');
    if (typeof url === 'string' && url.trim()) {
      var href = resolve(url.trim(), pageBase);
      return fetchText(href, 'config').then(function (text) { return { text: text, base: href }; });
    }
    return domReady().then(function () {
      var found = select('[id="' + CONFIG_ID + '"]');
      var chosen = null;
      var ignored = 0;
      for (var i = 0; i < found.length; i++) {
        var type = attribute(found[i], 'type');
        if (!chosen && found[i] instanceof HTMLScriptElement && typeof type === 'string' && type.trim().toLowerCase() === 'application/json') {
          chosen = found[i];
        } else {
          ignored++;
        }
      }
      if (ignored) {
        warn('ignored ' + ignored + ' element(s) with id="' + CONFIG_ID + '" that are not <script type="application/json">');
      }
      var text = chosen && read(Node.prototype, 'textContent', chosen);
      if (typeof text === 'string' && text.trim()) return { text: text, base: pageBase };
      throw new Error(
        'no configuration: add data-config="/your-config.json" to the script tag, or a <script type="application/json" id="' + CONFIG_ID + '">'
      );
    });
  }

  // The widget's own texts (Close, Back, ...) come in English inside the wasm; for another
  // language the page is in, one small file beside it. Which file: as the assistant reads the
  // visitor's language (the page's lang, else the browser's; Chinese in traditional
  // characters for zh-Hant, -TW, -HK and -MO). src/core/translations.rs has the same list.
  var TRANSLATIONS = ' de fr es it nl pl pt ru uk bg ja zh zh-Hant ko ar he tr ';
  function translationFile() {
    var root = read(Document.prototype, 'documentElement', document);
    var lang = root && attribute(root, 'lang');
    if (typeof lang !== 'string' || !lang.trim()) lang = navigator.language;
    if (typeof lang !== 'string') return null;
    var tags = lang.trim().toLowerCase().split(/[-_]/);
    var key = tags[0] === 'zh' && /^(hant|tw|hk|mo)$/.test(tags[1] || '') ? 'zh-Hant' : tags[0];
    return TRANSLATIONS.indexOf(' ' + key + ' ') >= 0 ? key : null;
  }

  function domReady() {
    if (read(Document.prototype, 'readyState', document) !== 'loading') return Promise.resolve();
    return new Promise(function (resolve) {
      listen(document, 'DOMContentLoaded', function () { resolve(); }, { once: true });
    });
  }

  function start() {
    if (!src) return Promise.reject(new Error('could not find its own <script> element: load shop-assistant.js with a <script src> tag'));
    if (typeof WebAssembly !== 'object') return Promise.reject(new Error('this browser has no WebAssembly'));
    var base = resolve('./', src);
    if (!bindgen) return Promise.reject(new Error('could not load: its glue did not start on this page'));
    // Fetch (once, checked against this release's hash) and compile the wasm, and read the
    // config, at the same time.
    var wasmUrl = base + 'assistant_bg.wasm';
    var init = { credentials: 'same-origin' };
    if (/^sha(256|384|512)-/.test(WASM_INTEGRITY)) init.integrity = WASM_INTEGRITY;
    var compiled = fetch(wasmUrl, init).then(function (r) {
      if (!r.ok) throw new Error(wasmUrl + ' answered HTTP ' + r.status);
      if (typeof WebAssembly.compileStreaming !== 'function') return r.arrayBuffer().then(WebAssembly.compile);
      var copy = r.clone();
      return WebAssembly.compileStreaming(r).catch(function (e) {
        // A server that does not send application/wasm: compile the same response's bytes.
        if (!(e instanceof TypeError)) throw e;
        return copy.arrayBuffer().then(WebAssembly.compile);
      });
    }, function (e) {
      // The integrity check failing and the network failing reject alike.
      throw new Error(wasmUrl + ' was refused: it does not match this release (its integrity hash), or it could not be fetched (' + errorText(e) + ')');
    });
    var wasm = compiled.then(function (module) {
      return bindgen({ module_or_path: module }).then(function () { glue = bindgen; return bindgen; });
    }).catch(function (e) { throw new Error(explainLoadError(e)); });
    var config = Promise.resolve().then(loadConfig).catch(function (e) { throw new Error('could not read the configuration: ' + errorText(e)); });
    var file = translationFile();
    var translation = file ? fetchText(base + 'labels/' + file + '.json', 'labels').catch(function (e) {
      warn(errorText(e) + "; the widget's own texts are in English");
    }) : null;
    // Reading the config and drawing the widget each run in a task of their own (a phone's
    // slower CPU would make them one long task with the instantiation).
    return Promise.all([wasm, config, translation]).then(nextTask).then(function (loaded) {
      var instance;
      try {
        instance = loaded[0].Assistant.create(loaded[1].text, loaded[2] || undefined);
      } catch (e) {
        throw new Error('the configuration has errors:\n' + errorText(e));
      }
      // A catalogue file is fetched now and its body not waited for: the launcher, inline
      // flows, tracking and the messages' timers start once the server has answered (its
      // status, at most CATALOGUE_ANSWER_MS), and what needs the products catches up when they
      // arrive. So a catalogue that is missing (404) never shows a launcher that then goes.
      // `ready` resolves once it is in.
      var catalogueUrl = instance.catalogueUrl();
      var catalogue = null;
      var answered = null;
      if (catalogueUrl) {
        var response = Promise.resolve().then(function () {
          return fetchOk(resolve(catalogueUrl, loaded[1].base), 'catalogue');
        });
        catalogue = response.then(function (r) { return r.text(); });
        catalogue.catch(function () {});
        answered = Promise.race([
          response.then(function () { return null; }, function (e) { return e; }),
          new Promise(function (r) { setTimeout(r, CATALOGUE_ANSWER_MS, null); }),
        ]);
        installCatalogue = function () {
          return catalogue.then(function (text) {
            if (failed || !app) return; // destroyed meanwhile
            var lines;
            try { lines = instance.setCatalogue(text); } catch (e) { throw new Error('the catalogue has errors:\n' + errorText(e)); }
            log(lines);
          });
        };
      }
      return domReady().then(function () { return answered; }).then(nextTask).then(function (error) {
        if (error) throw error;
        if (failed) return;
        app = instance;
        log(instance.mount());
        return afterPaint();
      }).then(function () {
        // The stored profile, tracking and messages start once the widget is on screen.
        if (app) app.start();
        if (app && app.readsDataLayer()) watchDataLayer(app);
      });
    });
  }

  // The shop's Google Analytics 4 events, when the config asks: what the page pushed to
  // window.dataLayer before now, then each push (the page's own push still runs first). The
  // assistant reads each entry as JSON; what it is not, or does not stand for an event, is
  // ignored. An element named "dataLayer" is not an array, and is left alone.
  var unwatchDataLayer = function () {};
  function watchDataLayer(instance) {
    var layer = window.dataLayer;
    if (!Array.isArray(layer)) return;
    function forward(entry) {
      var text;
      try { text = JSON.stringify(entry); } catch (e) { return; }
      if (typeof text !== 'string' || failed || app !== instance) return;
      try {
        instance.dataLayer(text);
      } catch (e) {
        if (internal(e)) fail('internal error, turned off for this page: ' + errorText(e), true);
      }
    }
    for (var i = 0; i < layer.length; i++) forward(layer[i]);
    var push = layer.push;
    if (typeof push !== 'function') return;
    var ours = function () {
      var result = push.apply(this, arguments);
      for (var i = 0; i < arguments.length; i++) forward(arguments[i]);
      return result;
    };
    try { layer.push = ours; } catch (e) { return; }
    unwatchDataLayer = function () {
      try { if (layer.push === ours) layer.push = push; } catch (e) { /* the page replaced it */ }
    };
  }

  // Resolves after the next paint (or soon, in a background tab that paints nothing).
  // Resolves with `value` in a task of its own, after what the browser has queued (a message
  // to a channel of our own: not clamped like a timeout, not waiting for a frame; a page that
  // replaced MessageChannel gets the timeout).
  function nextTask(value) {
    return new Promise(function (resolve) {
      var later = setTimeout(resolve, 50, value);
      try {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { clearTimeout(later); resolve(value); };
        channel.port2.postMessage(0);
      } catch (e) { /* the timeout resolves */ }
    });
  }

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
      if (lines[i].indexOf('warning: ') === 0) warn(lines[i].slice(9)); // console.warn says it
      else report(lines[i]);
    }
  }

  // An error of the assistant's own: a trap in the wasm, or an exception thrown inside the glue
  // (its top frame is there: this file, on the glue's lines). Either may have left its state
  // half-changed.
  function internal(e) {
    try {
      if (typeof WebAssembly === 'object' && e instanceof WebAssembly.RuntimeError) return true;
      var stack = e && typeof e.stack === 'string' ? e.stack : '';
      var frame = /\n\s+at [^\n]*/.exec(stack);
      if (!frame) return false;
      if (/assistant_bg\.wasm|wasm-function\[/.test(frame[0])) return true;
      var at = /(\S+):(\d+):\d+\)?$/.exec(frame[0]);
      var lines = /^(\d+)-(\d+)$/.exec(GLUE_LINES);
      if (!at || !lines || at[1].replace(/^\(/, '') !== src) return false;
      var line = +at[2];
      return line >= +lines[1] && line <= +lines[2];
    } catch (x) {
      return false;
    }
  }

  function turnOff(e) {
    var poisoned = internal(e);
    fail(poisoned ? 'internal error, turned off for this page: ' + errorText(e) : errorText(e), poisoned);
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
    if (!failed && glue && internal(e)) {
      fail('internal error, turned off for this page: ' + errorText(e), true);
      try { event.preventDefault(); } catch (x) { /* not cancelable */ }
    }
  }
  listen(window, 'error', onError);

  // Calls into the wasm; a trap (a bug of ours) turns the assistant off instead of
  // leaving a broken widget on the page.
  function call(method, arg, whenReady) {
    return (whenReady ? ready : running).then(function () {
      if (failed || !app) throw new Error(PREFIX + 'not running');
      try {
        return app[method](arg);
      } catch (e) {
        if (internal(e)) {
          fail('internal error, turned off for this page: ' + errorText(e), true);
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
    open: function (flowId) { return call('open', flowId == null ? '' : String(flowId)); },
    close: function () { return call('close'); },
    track: function (event) { return call('track', event); },
    profile: function () { return call('profile', undefined, true).then(function (text) { return JSON.parse(text); }); },
    stats: function () { return call('stats', undefined, true).then(function (text) { return JSON.parse(text); }); },
    forget: function () { return call('forget'); },
    consent: function (given) { return call('consent', given === true); },
    destroy: function () {
      return running.then(function () {
        failed = true;
        stop(true);
        try { window.removeEventListener('error', onError); } catch (e) { /* replaced by the page */ }
      });
    }
  };
  api.ready.catch(function () {});
  try {
    Object.defineProperty(window, GLOBAL, { value: Object.freeze(api), configurable: true, enumerable: false, writable: false });
  } catch (e) {
    report('could not define window.' + GLOBAL + ': ' + errorText(e));
  }
})();
