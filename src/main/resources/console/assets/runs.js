// The runs page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api, badge, seconds, number, table, RUNNING } = Console;
  await Console.start("runs");
  const form = document.getElementById("filters");
  const params = new URLSearchParams(location.search);
  for (const name of ["endpoint", "from", "to", "status"]) form.elements[name].value = params.get(name) || "";
  let page = Number(params.get("page") || 0);

  function progress(execution) {
    if (!RUNNING.has(execution.status)) return "";
    const p = execution.progress;
    return Math.round(p.rowsPerSecond).toLocaleString("en-US") + " rows/s"
      + (p.secondsLeft === null ? "" : ", " + seconds(p.secondsLeft) + " left");
  }

  async function load() {
    const filters = new URLSearchParams();
    for (const name of ["endpoint", "from", "to", "status"]) {
      if (form.elements[name].value) filters.set(name, form.elements[name].value);
    }
    const shown = new URLSearchParams(filters);
    if (page > 0) shown.set("page", page);
    history.replaceState(null, "", "?" + shown);
    filters.set("page", page);
    const answer = await api("/api/v1/executions?" + filters);
    const list = document.getElementById("list");
    if (!answer.ok) {
      // an unreachable server keeps the last list on the page, under the banner
      if (!answer.unreachable) list.replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(answer)));
      return false;
    }
    const { executions, total, size } = answer.body;
    const pages = Math.max(1, Math.ceil(total / size));
    if (executions.length === 0 && page > 0 && total > 0) {
      // past the last page (runs were abandoned or the filter narrowed): its last page instead
      page = pages - 1;
      return 1;
    }
    const rows = executions.map(e => el("tr", { "data-execution": e.id, "data-status": e.status },
      el("td", {}, el("a", { href: "/console/run?id=" + e.id }, "Execution " + e.id)),
      el("td", {}, e.endpoint), el("td", {}, e.gameDate), el("td", { class: "num" }, e.run),
      el("td", {}, badge(e.status)), el("td", { class: "num" }, seconds(e.durationSeconds)),
      el("td", { class: "num objects" }, e.files.done + " of " + e.files.total),
      el("td", { class: "num" }, number(e.progress.rowsStaged)),
      el("td", { class: "num" }, number(Console.rowsMerged(e))),
      el("td", { class: "num" }, e.files.rejected),
      el("td", { class: "live" }, progress(e))));
    list.replaceChildren(executions.length === 0 ? el("p", {}, "No execution matches.")
      : table("Executions, newest first", ["Execution", "Endpoint", "Game date", { label: "Run", num: true }, "Status",
        { label: "Duration", num: true }, { label: "Objects", num: true }, { label: "Rows staged", num: true },
        { label: "Rows merged", num: true }, { label: "Files rejected", num: true }, "Progress"], rows));
    const running = executions.filter(e => RUNNING.has(e.status)).length;
    document.getElementById("summary").textContent = total + (total === 1 ? " execution" : " executions") + " match"
      + (total === 1 ? "es" : "") + (running ? "; " + running + " on this page running (updating live)" : "");
    document.getElementById("page-label").textContent = "Page " + (page + 1) + " of " + pages;
    document.getElementById("newer").disabled = page === 0;
    document.getElementById("older").disabled = page + 1 >= pages;
    return running ? 1000 : 5000;
  }

  const reload = Console.refresh(load);
  // a new filter or page says so until its answer replaces the list
  function loadAnew() {
    document.getElementById("summary").textContent = "Loading…";
    reload();
  }
  form.addEventListener("submit", event => { event.preventDefault(); page = 0; loadAnew(); });
  document.getElementById("newer").addEventListener("click", () => { page = Math.max(0, page - 1); loadAnew(); });
  document.getElementById("older").addEventListener("click", () => { page += 1; loadAnew(); });
})();
