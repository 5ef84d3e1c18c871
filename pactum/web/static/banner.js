/* Pactum cookie banner. No framework, no inline script or style (works under script-src 'self').
   Categories come from the published policy; nothing non-essential runs before consent: mark
   such scripts <script type="text/plain" data-pactum-category="analytics" data-src="...">.
   Stable hooks for tests: #pactum-banner[data-state], #pactum-accept-all, #pactum-reject-all,
   #pactum-choose, #pactum-save, input[data-pactum-category], #pactum-gpc[data-pactum-gpc],
   html[data-pactum-consent], [data-pactum-manage]; a "pactum:consent" event on document. */
(function () {
  "use strict";
  var doc = document;
  var me = doc.currentScript;
  var base = me && me.src ? new URL(me.src, location.href).origin : location.origin;
  var NAME = "pactum_consent";
  var config = null;
  var box = null;

  function read() {
    var m = doc.cookie.match(/(?:^|;\s*)pactum_consent=([^;]*)/);
    var parts = m ? decodeURIComponent(m[1]).split("|") : [];
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(parts[0] || "")) return null;
    return { id: parts[0], accepted: parts[1] ? parts[1].split(",") : [], decided: parts[2] === "1",
      synced: parts[3] !== "0" };
  }

  function write(state) {
    var value = [state.id, state.accepted.join(","), state.decided ? "1" : "0", state.synced ? "1" : "0"].join("|");
    doc.cookie = NAME + "=" + encodeURIComponent(value) + "; Max-Age=31536000; Path=/; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }

  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  var state = read() || { id: newId(), accepted: [], decided: false, synced: false };

  function gpcCategories() {
    return config && config.gpc.honoured ? config.gpc.categories : [];
  }

  function allowed(list) {
    var blocked = gpcCategories();
    return list.filter(function (id) { return blocked.indexOf(id) < 0; });
  }

  function activate(accepted) {
    var inert = doc.querySelectorAll('script[type="text/plain"][data-pactum-category]');
    Array.prototype.forEach.call(inert, function (node) {
      var category = node.getAttribute("data-pactum-category");
      if (accepted.indexOf(category) < 0 || node.hasAttribute("data-pactum-activated")) return;
      var live = doc.createElement("script");
      live.src = node.getAttribute("data-src"); // by URL only: inline code would need 'unsafe-inline'
      live.setAttribute("data-pactum-category", category);
      node.setAttribute("data-pactum-activated", "true");
      node.parentNode.insertBefore(live, node.nextSibling);
    });
    doc.documentElement.setAttribute("data-pactum-consent", accepted.join(" "));
    doc.dispatchEvent(new CustomEvent("pactum:consent", { detail: { accepted: accepted.slice() } }));
  }

  // A category not (or no longer) accepted keeps nothing in the browser: the cookies and storage
  // keys the policy declares for it go, on this host and its parent domains, at every path down
  // to this page. A script that already ran keeps running until the next page.
  function forget(accepted) {
    var hosts = [""], labels = location.hostname.split("."), segs = location.pathname.split("/");
    var paths = ["/"], i;
    for (i = 0; i < labels.length - 1; i++) hosts.push("; Domain=" + labels.slice(i).join("."));
    for (i = 2; i <= segs.length; i++) paths.push(segs.slice(0, i).join("/"));
    config.categories.forEach(function (c) {
      if (c.required || accepted.indexOf(c.id) >= 0) return;
      (c.cookies || []).forEach(function (name) {
        hosts.forEach(function (host) {
          paths.forEach(function (path) { doc.cookie = name + "=; Max-Age=0; Path=" + path + host; });
        });
      });
      (c.storage || []).forEach(function (key) { try { localStorage.removeItem(key); } catch (e) {} });
    });
  }

  function el(tag, attrs, text) {
    var node = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text; // policy text is data, never markup
    return node;
  }

  function optional() {
    return config.categories.filter(function (c) { return !c.required; });
  }

  function send() {
    var choices = {};
    optional().forEach(function (c) { choices[c.id] = state.accepted.indexOf(c.id) >= 0; });
    fetch(base + "/api/v1/consent/banner", {
      method: "POST", credentials: "omit", keepalive: true, headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cookie_id: state.id, choices: choices })
    }).then(function (response) {
      if (response.ok) { state.synced = true; write(state); } // else: sent again on the next page
    }, function () {});
  }

  function decide(accepted) {
    state.accepted = allowed(accepted);
    state.decided = true;
    state.synced = false;
    write(state); // the choice applies at once, even if the visitor leaves the page now
    forget(state.accepted);
    activate(state.accepted);
    close();
    send();
  }

  function close() {
    if (box) { box.setAttribute("data-state", "closed"); box.hidden = true; }
  }

  function open(expanded) {
    if (!box) build();
    box.hidden = false;
    box.setAttribute("data-state", "open");
    box.querySelector("#pactum-choices").hidden = !expanded;
    box.querySelector("#pactum-save").hidden = !expanded;
    box.querySelector("#pactum-choose").hidden = !!expanded;
  }

  function build() {
    box = el("div", { id: "pactum-banner", "class": "pactum-banner", role: "region", "aria-label": "Cookie choices", "data-state": "closed" });
    box.appendChild(el("p", { "class": "pactum-title" }, "Cookies"));
    var text = el("p", { "class": "pactum-text" }, config.text + " ");
    text.appendChild(el("a", { href: config.policy_url }, "Privacy policy"));
    box.appendChild(text);
    if (config.gpc.honoured) {
      var names = config.categories.filter(function (c) { return c.gpc; }).map(function (c) { return c.name; });
      box.appendChild(el("p", { id: "pactum-gpc", "class": "pactum-gpc", "data-pactum-gpc": "honoured", role: "status" },
        "Your browser's Global Privacy Control signal is honoured: we do not sell or share your data" +
        (names.length ? " and " + names.join(", ") + (names.length > 1 ? " stay" : " stays") + " off." : ".")));
    }
    var set = el("fieldset", { id: "pactum-choices", "class": "pactum-choices" });
    set.appendChild(el("legend", {}, "Choose categories"));
    config.categories.forEach(function (c) {
      var label = el("label", { "class": "pactum-choice" });
      var box_ = el("input", { type: "checkbox", id: "pactum-cat-" + c.id, "data-pactum-category": c.id });
      var locked = c.required || gpcCategories().indexOf(c.id) >= 0;
      box_.checked = c.required || (state.accepted.indexOf(c.id) >= 0 && !locked);
      box_.disabled = locked;
      label.appendChild(box_);
      label.appendChild(el("span", {}, " " + c.name + (c.description ? ": " + c.description : "") +
        (c.required ? " (always on)" : locked ? " (off: Global Privacy Control)" : "")));
      set.appendChild(label);
    });
    box.appendChild(set);
    var row = el("div", { "class": "pactum-actions" });
    [["pactum-reject-all", "Reject all"], ["pactum-choose", "Choose"], ["pactum-save", "Save choices"],
     ["pactum-accept-all", "Accept all"]].forEach(function (b) {
      row.appendChild(el("button", { type: "button", id: b[0], "class": "pactum-button" }, b[1]));
    });
    box.appendChild(row);
    row.addEventListener("click", function (event) {
      var id = event.target && event.target.id;
      if (id === "pactum-accept-all") decide(optional().map(function (c) { return c.id; }));
      else if (id === "pactum-reject-all") decide([]);
      else if (id === "pactum-choose") open(true);
      else if (id === "pactum-save") {
        var picked = box.querySelectorAll("input[data-pactum-category]:checked:not(:disabled)");
        decide(Array.prototype.map.call(picked, function (i) { return i.getAttribute("data-pactum-category"); }));
      }
    });
    doc.body.appendChild(box);
  }

  function start() {
    var style = el("link", { rel: "stylesheet", href: base + "/static/consent-banner.css" });
    doc.head.appendChild(style);
    doc.addEventListener("click", function (event) {
      var target = event.target && event.target.closest && event.target.closest("[data-pactum-manage]");
      if (target && config) { event.preventDefault(); open(true); }
    });
    fetch(base + "/api/v1/consent/banner-config?cookie_id=" + encodeURIComponent(state.id), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (loaded) {
        config = loaded;
        var known = optional().map(function (c) { return c.id; });
        if (!state.decided && loaded.choices) { // recorded before, cookie lost or another site
          state.accepted = known.filter(function (id) { return loaded.choices[id]; });
          state.decided = state.synced = true;
          write(state);
        }
        var accepted = state.decided ? allowed(state.accepted.filter(function (id) {
          return known.indexOf(id) >= 0;
        })) : [];
        forget(accepted); // also what a withdrawal elsewhere (privacy center, GPC) no longer allows
        if (state.decided) {
          activate(accepted);
          if (!state.synced) send(); // chosen while Pactum could not record it
        } else open(false);
      }, function () { /* Pactum unreachable: nothing non-essential runs */ });
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start);
  else start();
})();
