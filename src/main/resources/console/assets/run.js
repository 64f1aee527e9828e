// The run page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api, badge, seconds, number, table, time, RUNNING } = Console;
  await Console.start("runs");
  const id = Number(Console.query("id"));
  const outcome = document.getElementById("outcome");

  // what each verb does, asked before it is sent; shown only where the execution's state allows it
  const VERBS = [
    { verb: "restart", label: "Restart", when: s => s === "FAILED" || s === "STOPPED",
      ask: "Restart this execution under its date's lock? It resumes from its last commit and publishes what its list step found." },
    { verb: "stop", label: "Stop", when: s => s === "STARTING" || s === "STARTED",
      ask: "Stop this execution at its next commit? It ends STOPPED and can be restarted from there." },
    { verb: "recover", label: "Recover", when: s => s === "STARTED" || s === "STOPPING",
      ask: "Mark this execution FAILED because the process that ran it is gone? Refused while a live holder has its date. It can then be restarted." },
    { verb: "abandon", label: "Abandon", danger: true, when: s => s === "FAILED" || s === "STOPPED",
      ask: "Abandon this execution for good? It will never restart; the next launch of its date takes up its objects." },
  ];

  async function act(action) {
    if (!window.confirm(action.ask)) return;
    const answer = await api("/api/v1/executions/" + id + "/" + action.verb, { method: "POST" });
    if (answer.ok) {
      const body = answer.body || {};
      outcome.className = "outcome ok";
      outcome.textContent = action.label + ": " + (body.detail || ("execution " + id + " is now " + body.status));
      if (action.verb === "restart" && body.executionId && body.executionId !== id) {
        outcome.append(" ", el("a", { href: "/console/run?id=" + body.executionId }, "Open execution " + body.executionId));
      }
    } else {
      outcome.className = "outcome refused";
      outcome.textContent = action.label + " refused: " + Console.refusal(answer);
    }
    reload();
  }

  function facts(e) {
    const items = [["Status", badge(e.status)], ["Endpoint", e.endpoint], ["Game date", e.gameDate], ["Run", e.run],
      ["Exit code", e.exitCode], ["Created", time(e.createTime)], ["Started", time(e.startTime)],
      ["Ended", time(e.endTime)], ["Duration", seconds(e.durationSeconds)],
      ["Objects", e.files.done + " of " + e.files.total + " staged; " + e.files.alreadyPublished
        + " already published, " + e.files.ignored + " other names ignored"],
      ["Rows staged", number(e.progress.rowsStaged) + (RUNNING.has(e.status) ? " at "
        + Math.round(e.progress.rowsPerSecond) + " rows/s" + (e.progress.secondsLeft === null ? ""
        : ", " + seconds(e.progress.secondsLeft) + " left") : "")],
      ["MERGE statements", e.mergeStatements]];
    if (e.restarts.restartOf) items.push(["Restart of", el("a", { id: "restart-of", href: "/console/run?id=" + e.restarts.restartOf },
      "Execution " + e.restarts.restartOf)]);
    if (e.restarts.restartedAs) items.push(["Restarted as", el("a", { id: "restarted-as", href: "/console/run?id=" + e.restarts.restartedAs },
      "Execution " + e.restarts.restartedAs)]);
    if (e.error) items.push(["Error", e.error]);
    const list = el("dl", { class: "facts" }, items.flatMap(([name, value]) => [el("dt", {}, name), el("dd", {}, value)]));
    return [list, e.exitDescription ? el("details", {}, el("summary", {}, "Exit description"), el("pre", {}, e.exitDescription)) : null];
  }

  async function load() {
    const answer = await api("/api/v1/executions/" + id);
    if (!answer.ok) {
      if (!answer.unreachable) {
        document.getElementById("facts").replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(answer)));
      }
      return false;
    }
    const e = answer.body;
    document.title = "Execution " + e.id + " · oddsapi-batch console";
    document.getElementById("title").textContent = "Execution " + e.id + ": " + e.endpoint + " " + e.gameDate + " run " + e.run;
    // an execution another one restarted is done with, and a viewer may not act: the API would refuse
    const verbs = e.restarts.restartedAs || !Console.mayAct() ? [] : VERBS.filter(a => a.when(e.status));
    document.getElementById("actions").replaceChildren(...verbs.map(a =>
      el("button", { type: "button", class: a.danger ? "danger" : null, id: a.verb, onclick: () => act(a) }, a.label)));
    document.getElementById("facts").replaceChildren(...facts(e).filter(Boolean));
    document.getElementById("steps").replaceChildren(table("Steps", ["Step", "Status", { label: "Read", num: true },
      { label: "Written", num: true }, { label: "Filtered", num: true }, { label: "Skipped", num: true },
      { label: "Commits", num: true }, { label: "Rollbacks", num: true }],
      e.steps.map(s => el("tr", {}, el("td", {}, s.name), el("td", {}, badge(s.status)), el("td", { class: "num" }, s.read),
        el("td", { class: "num" }, s.written), el("td", { class: "num" }, s.filtered), el("td", { class: "num" }, s.skipped),
        el("td", { class: "num" }, s.commits), el("td", { class: "num" }, s.rollbacks)))));
    document.getElementById("tables").replaceChildren(e.tables.length === 0 ? el("p", { class: "muted" }, "Nothing published yet.")
      : table("Rows per table", ["Table", { label: "Staged", num: true }, { label: "Merged", num: true },
        { label: "Inserted", num: true }, { label: "Updated", num: true }, { label: "Unchanged", num: true }],
        e.tables.map(t => el("tr", {}, el("td", {}, t.table), el("td", { class: "num" }, number(t.staged)),
          el("td", { class: "num" }, number(t.merged)), el("td", { class: "num" }, number(t.inserted)),
          el("td", { class: "num" }, number(t.updated)), el("td", { class: "num" }, number(t.unchanged))))));
    document.getElementById("rejects").replaceChildren(e.rejects.length === 0 ? el("p", { class: "muted" }, "None.")
      : el("ul", { id: "reject-list" }, e.rejects.map(r => el("li", {}, r))));
    document.getElementById("locks").replaceChildren(e.lockEvents.length === 0 ? el("p", { class: "muted" }, "None recorded.")
      : table("Lock events", ["When", "Event", "Lock", "Host", "Detail"], e.lockEvents.map(l => el("tr", {},
        el("td", {}, time(l.at)), el("td", {}, l.kind.replace("_", " ").toLowerCase()), el("td", {}, l.lockId),
        el("td", {}, l.host || ""), el("td", {}, l.kind === "RAN" ? "execution " + l.executionId : (l.detail || ""))))));
    const audit = await api("/api/v1/audit?size=200&execution=" + id);
    if (audit.ok) {
      document.getElementById("audit").replaceChildren(audit.body.events.length === 0
        ? el("p", { class: "muted" }, "Nothing recorded.") : Console.auditTable(audit.body.events));
    } else if (!audit.unreachable) {
      document.getElementById("audit").replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(audit)));
    }
    return RUNNING.has(e.status) ? 1000 : null;
  }
  const reload = Console.refresh(load);
})();
