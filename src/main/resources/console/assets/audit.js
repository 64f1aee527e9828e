// The audit page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api } = Console;
  await Console.start("audit");
  let page = Number(Console.query("page") || 0);

  async function load() {
    const answer = await api("/api/v1/audit?page=" + page);
    const target = document.getElementById("audit");
    if (!answer.ok) {
      if (!answer.unreachable) target.replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(answer)));
      return false;
    }
    const { events, total, size } = answer.body;
    const pages = Math.max(1, Math.ceil(total / size));
    target.replaceChildren(events.length === 0 ? el("p", {}, "Nothing recorded.") : Console.auditTable(events));
    document.getElementById("audit-summary").textContent = total + (total === 1 ? " event" : " events");
    document.getElementById("page-label").textContent = "Page " + (page + 1) + " of " + pages;
    document.getElementById("newer").disabled = page === 0;
    document.getElementById("older").disabled = page + 1 >= pages;
    return 10000;
  }

  const reload = Console.refresh(load);
  document.getElementById("newer").addEventListener("click", () => { page = Math.max(0, page - 1); reload(); });
  document.getElementById("older").addEventListener("click", () => { page += 1; reload(); });
})();
