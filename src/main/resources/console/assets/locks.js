// The locks page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api, table, time, seconds } = Console;
  await Console.start("locks");
  async function load() {
    const answer = await api("/api/v1/locks");
    const target = document.getElementById("locks");
    if (!answer.ok) {
      if (!answer.unreachable) target.replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(answer)));
      return false;
    } else if (answer.body.length === 0) {
      target.replaceChildren(el("p", {}, "No lock is held."));
    } else {
      target.replaceChildren(table("Locks held", ["Lock", "Holder host", "Execution", "Trigger", "Acquired",
        { label: "Lease left", num: true }, "Run again"], answer.body.map(l => el("tr", { "data-lock": l.id },
          el("td", {}, l.id), el("td", {}, l.host || ""),
          el("td", {}, l.executionId ? el("a", { href: "/console/run?id=" + l.executionId }, "Execution " + l.executionId) : "starting"),
          el("td", {}, l.trigger || ""), el("td", {}, time(l.acquiredAt)),
          el("td", { class: "num" }, l.expired ? "ended" : seconds(l.leaseSecondsLeft)),
          el("td", {}, l.runAgain ? "yes" : "no")))));
    }
    return 3000;
  }
  Console.refresh(load);
})();
