// The survey kiosk at the one-stop counter (surveys/kiosk.html). A static file: the
// Content-Security-Policy allows no inline script.
//
// - Each answer gets an id made here (a UUID) and is kept in localStorage until the
//   server has answered for it: sent again after the network dropped, the server finds
//   the answer it stored (one per id) instead of storing a second one.
// - A definite answer from the server (stored, stored before, refused as a second answer
//   for the dossier, not valid) removes it from the queue; no network, 429 or a server
//   error keeps it, and the queue is sent again when the browser is back online, when
//   the page loads, and every 20 seconds.
// - After each answer the thank-you (or the refusal) stays data-reset-seconds, then a
//   blank form comes back; a half-filled form left data-idle-seconds untouched is cleared.
(function () {
  "use strict";
  var form = document.getElementById("kiosk-form");
  if (!form) {
    return;
  }
  var KEY = form.dataset.queue;
  var resetMs = parseInt(form.dataset.resetSeconds, 10) * 1000;
  var idleMs = parseInt(form.dataset.idleSeconds, 10) * 1000;
  var texts = document.getElementById("kiosk-texts").dataset;
  var screens = ["kiosk-thanks", "kiosk-queued", "kiosk-refusal"].map(function (id) {
    return document.getElementById(id);
  });
  var errors = document.getElementById("kiosk-errors");
  var sending = false;
  var resetTimer = null;
  var idleTimer = null;

  function uuid() {
    if (window.crypto && crypto.randomUUID) {
      return crypto.randomUUID();
    }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function load() {
    try {
      return JSON.parse(localStorage.getItem(KEY)) || [];
    } catch (e) {
      return [];
    }
  }

  function store(queue) {
    localStorage.setItem(KEY, JSON.stringify(queue));
    var pending = document.getElementById("kiosk-pending");
    document.getElementById("kiosk-pending-count").textContent = String(queue.length);
    pending.hidden = queue.length === 0;
  }

  function drop(id) {
    store(load().filter(function (item) { return item.id !== id; }));
  }

  // POST one kept answer. Resolves to the server's JSON with its HTTP status, or to
  // null when there is no network (the answer stays kept).
  function post(item) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.append("submission", item.id);
    body.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" },
    }).then(function (response) {
      return response.json().then(function (data) {
        data.code = response.status;
        return data;
      }, function () {
        return { code: response.status, status: "error" };
      });
    }, function () {
      return null;
    });
  }

  function definite(result) {
    return result && (result.code < 300 || result.code === 400 || result.code === 404 || result.code === 409);
  }

  // Send every kept answer, oldest first; stop at the first that cannot go now.
  function flush() {
    if (sending) {
      return Promise.resolve();
    }
    sending = true;
    var step = function () {
      var queue = load();
      if (!queue.length) {
        return Promise.resolve();
      }
      return post(queue[0]).then(function (result) {
        if (!definite(result)) {
          return undefined;
        }
        drop(queue[0].id);
        return step();
      });
    };
    return step().then(function () { sending = false; }, function () { sending = false; });
  }

  function show(screen, text) {
    form.hidden = true;
    screens.forEach(function (s) { s.hidden = s !== screen; });
    if (text) {
      screen.textContent = text;
    }
    window.scrollTo(0, 0);
    clearTimeout(resetTimer);
    resetTimer = setTimeout(reset, resetMs);
  }

  function reset() {
    clearTimeout(resetTimer);
    form.reset();
    errors.hidden = true;
    screens.forEach(function (s) { s.hidden = true; });
    form.hidden = false;
    window.scrollTo(0, 0);
  }

  function touched() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () {
      if (!form.hidden) {
        reset();
      }
    }, idleMs);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!form.checkValidity()) {
      errors.textContent = texts.missing;
      errors.hidden = false;
      form.reportValidity();
      return;
    }
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        fields.push([name, String(value)]);
      }
    });
    var item = { id: uuid(), fields: fields, kept: new Date().toISOString() };
    store(load().concat([item]));  // kept first: a drop during the send loses nothing
    var button = document.getElementById("kiosk-send");
    button.disabled = true;
    post(item).then(function (result) {
      button.disabled = false;
      if (!definite(result)) {
        show(screens[1]);
        return;
      }
      drop(item.id);
      if (result.code < 300) {
        show(screens[0], result.message);
      } else if (result.code === 400) {
        var lines = [result.message];
        Object.keys(result.errors || {}).forEach(function (name) {
          lines = lines.concat(result.errors[name]);
        });
        errors.textContent = lines.join(" ");
        errors.hidden = false;
        window.scrollTo(0, 0);
      } else {
        show(screens[2], result.message);
      }
      flush();
    });
  });

  ["input", "change", "click", "touchstart", "keydown"].forEach(function (name) {
    document.addEventListener(name, touched, { passive: true });
  });
  window.addEventListener("online", flush);
  setInterval(flush, 20000);
  store(load());
  touched();
  flush();
})();
