// The console's shared code: its frame, the session's CSRF token, and calls to the REST API (the only way it acts).
"use strict";
const Console = (() => {
  const PAGES = [["runs", "Runs"], ["launch", "Launch"], ["locks", "Locks"], ["dates", "Dates"], ["charts", "Charts"],
    ["audit", "Audit"]];
  const RUNNING = new Set(["STARTING", "STARTED", "STOPPING"]);
  let session = null;

  /** el("td", {class: "num"}, "12"): an element with attributes and children (text or nodes); never parses HTML. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Puts the header, navigation and sign-out around the page's main element, then reads the session. */
  async function start(page) {
    const main = document.querySelector("main");
    main.id = "content";
    main.tabIndex = -1;
    const signOut = el("form", { method: "post", action: "/console/sign-out", id: "sign-out" },
      el("input", { type: "hidden", name: "_csrf", id: "sign-out-csrf" }),
      el("button", { type: "submit" }, "Sign out"));
    const header = el("header", { class: "bar" },
      el("a", { class: "brand", href: "/console/runs" }, "oddsapi-batch"),
      el("nav", { "aria-label": "Console" }, el("ul", {}, PAGES.map(([name, title]) =>
        el("li", {}, el("a", { href: "/console/" + name, "aria-current": name === page ? "page" : null }, title))))),
      el("div", { class: "who" }, el("span", { id: "user" }), signOut));
    const status = el("div", { class: "freshness" },
      el("p", { id: "banner", class: "banner", role: "alert", hidden: true }),
      el("p", { id: "updated", class: "muted" }, "Loading…"));
    document.body.prepend(el("a", { class: "skip", href: "#content" }, "Skip to content"), header, status);
    const response = await fetch("/console/session", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok || !(response.headers.get("Content-Type") || "").includes("json")) {
      location.assign("/console/sign-in");
      return;
    }
    session = await response.json();
    document.getElementById("sign-out-csrf").value = session.csrfToken;
    document.getElementById("user").textContent = "Signed in as " + session.user + (session.mayAct ? "" : " (viewer)");
    if (session.user === "local") {
      document.getElementById("user").textContent = "local profile: no sign-in";
      signOut.hidden = true;
    }
  }

  let lastAnswer = null;

  /** The banner over the page while the server cannot be reached; null hides it. */
  function banner(text) {
    const node = document.getElementById("banner");
    if (!node) return;
    node.hidden = text === null;
    node.textContent = text || "";
  }

  function clock(date) {
    return date.toLocaleTimeString("en-GB", { hour12: false });
  }

  /**
   * Calls the API; answers {status, ok, body}, where a refusal's body is its problem detail. A call that does not reach
   * the server answers status 0 and shows the banner until a call gets through.
   */
  async function api(path, options = {}) {
    const headers = { Accept: "application/json, application/problem+json" };
    if (options.method && options.method !== "GET") headers[session.csrfHeader] = session.csrfToken;
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
      response = await fetch(path, {
        method: options.method || "GET", credentials: "same-origin", headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (e) {
      banner("The server cannot be reached" + (lastAnswer ? " since " + clock(lastAnswer) : "")
        + ". The page retries by itself and shows what it last received.");
      return { status: 0, ok: false, unreachable: true, body: { title: "Unreachable", detail: "the server cannot be reached" } };
    }
    banner(null);
    lastAnswer = new Date();
    document.getElementById("updated").textContent = "Updated " + clock(lastAnswer);
    if (response.status === 401) {
      location.assign("/console/sign-in");
    }
    const text = await response.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (e) { body = { detail: text }; }
    return { status: response.status, ok: response.ok, body, retryAfter: Number(response.headers.get("Retry-After")) || null };
  }

  /**
   * Runs load now and again. load answers the milliseconds until its next run (null: no next run), or false when it
   * failed: then it runs again after a pause that doubles from 1 s up to 30 s, so a page never stops retrying.
   * Answers a function that runs load at once.
   */
  function refresh(load) {
    let timer = null;
    let pause = 1000;
    async function run() {
      clearTimeout(timer);
      let next;
      try { next = await load(); } catch (e) { next = false; }
      if (next === false) {
        timer = setTimeout(run, pause);
        pause = Math.min(pause * 2, 30000);
        return;
      }
      pause = 1000;
      if (next) timer = setTimeout(run, next);
    }
    run();
    return run;
  }

  /** "409 Conflict: execution 3 completed: there is nothing to restart" from a problem detail. */
  function refusal(answer) {
    const problem = answer.body || {};
    return answer.status + " " + (problem.title || "") + ": " + (problem.detail || "no detail");
  }

  function badge(status) {
    return el("span", { class: "status " + status }, status);
  }

  function seconds(value) {
    if (value === null || value === undefined) return "";
    if (value < 60) return value.toFixed(1) + " s";
    const minutes = Math.floor(value / 60);
    return minutes + " min " + Math.round(value % 60) + " s";
  }

  function number(value) {
    return value === null || value === undefined || value < 0 ? "n/a" : Number(value).toLocaleString("en-US");
  }

  /** An RFC 3339 time as "2026-01-14 23:05:09 UTC". */
  function time(value) {
    return value ? new Date(value).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC") : "";
  }

  function rowsMerged(execution) {
    return execution.tables.reduce((sum, table) => sum + table.merged, 0);
  }

  /** A table in a scrolling region that the keyboard can reach (needed at 390 px). */
  function table(caption, headings, rows) {
    const head = el("tr", {}, headings.map(h => el("th", { scope: "col", class: h.num ? "num" : null }, h.label || h)));
    return el("div", { class: "scroll", tabindex: "0", role: "region", "aria-label": caption },
      el("table", {}, el("caption", {}, caption), el("thead", {}, head), el("tbody", {}, rows)));
  }

  /** Audit events as a table: when, who, what, on what, the answer and what it said. */
  function auditTable(events) {
    return table("Audit events", ["When", "Who", "Action", "Target", { label: "Answer", num: true }, "Detail"],
      events.map(a => el("tr", { "data-action": a.action },
        el("td", {}, time(a.at)), el("td", {}, a.actor), el("td", {}, a.action),
        el("td", {}, a.executionId && a.target !== "execution " + a.executionId
          ? [a.target + " ", el("a", { href: "/console/run?id=" + a.executionId }, "Execution " + a.executionId)]
          : a.target || ""),
        el("td", { class: "num" }, a.outcome), el("td", {}, a.detail || ""))));
  }

  function query(name) {
    return new URLSearchParams(location.search).get(name);
  }

  /** Whether the session may launch and act on executions (the operator role, or the local profile). */
  function mayAct() {
    return session !== null && session.mayAct;
  }

  return { el, start, api, refresh, mayAct, auditTable, refusal, badge, seconds, number, time, rowsMerged, table, query, RUNNING };
})();
