// The launch page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api } = Console;
  await Console.start("launch");
  const form = document.getElementById("launch");
  const answers = document.getElementById("answers");
  if (!Console.mayAct()) {
    form.querySelector("button[type=submit]").disabled = true;
    answers.replaceChildren(el("p", { role: "status" }, "Launching needs the operator role; you are signed in as a viewer."));
  }

  function dates(from, to) {
    const list = [];
    for (let day = new Date(from + "T00:00:00Z"); list.length <= 31; day.setUTCDate(day.getUTCDate() + 1)) {
      const text = day.toISOString().slice(0, 10);
      if (text > to) break;
      list.push(text);
    }
    return list;
  }

  form.addEventListener("submit", async event => {
    event.preventDefault();
    const endpoint = form.elements.endpoint.value;
    const from = form.elements.from.value;
    const to = form.elements.to.value || from;
    if (to < from) {
      answers.replaceChildren(el("p", { class: "error", role: "alert" }, "The range ends before it begins."));
      return;
    }
    const days = dates(from, to);
    if (days.length > 31) {
      answers.replaceChildren(el("p", { class: "error", role: "alert" }, "At most 31 dates at a time."));
      return;
    }
    const list = el("ul", { id: "answer-list" });
    answers.replaceChildren(list);
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
      if (days.length === 1) list.append(await launch(endpoint, days[0]));
      else await launchRange(endpoint, from, to, list);
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
  });

  /**
   * A range as one request the server queues; its dates' progress is read every second until each has its answer.
   */
  async function launchRange(endpoint, from, to, list) {
    const answer = await api("/api/v1/ranges", { method: "POST", body: { endpoint, from, to } });
    if (!answer.ok) {
      list.append(el("li", { "data-answer": "refused" }, from + " to " + to + ": refused — " + Console.refusal(answer)));
      return;
    }
    let range = answer.body;
    for (;;) {
      list.replaceChildren(...range.dates.map(d => {
        const item = el("li", { "data-date": d.gameDate, "data-answer": d.state },
          d.gameDate + ": " + d.state.replace("-", " ") + " — " + d.detail);
        if (d.executionId) item.append(" ", el("a", { href: "/console/run?id=" + d.executionId }, "Open execution " + d.executionId));
        return item;
      }));
      if (range.done) return;
      await new Promise(resolve => setTimeout(resolve, 1000));
      const progress = await api("/api/v1/ranges/" + range.id);
      if (progress.ok) range = progress.body;
      else if (!progress.unreachable) return;
    }
  }

  /**
   * One date's launch, as its line of answers. A busy server (503: every run slot taken) is asked again after the
   * Retry-After it gives, up to 60 times, and the page says the date is waiting meanwhile.
   */
  async function launch(endpoint, gameDate) {
    const progress = el("p", { id: "sending", role: "status" }, gameDate + ": sending…");
    answers.append(progress);
    let answer = await api("/api/v1/batches", { method: "POST", body: { endpoint, gameDate } });
    for (let attempt = 1; (answer.status === 503 || answer.unreachable) && attempt < 60; attempt++) {
      const pause = (answer.retryAfter || 5) * 1000;
      progress.textContent = gameDate + ": the server is busy; trying again in " + pause / 1000 + " s…";
      await new Promise(resolve => setTimeout(resolve, pause));
      answer = await api("/api/v1/batches", { method: "POST", body: { endpoint, gameDate } });
    }
    progress.remove();
    const item = el("li", { "data-date": gameDate, "data-answer": answer.ok ? answer.body.status : "refused" });
    if (answer.ok) {
      item.append(gameDate + ": " + answer.body.status + " — " + answer.body.detail);
      if (answer.body.executionId) {
        item.append(" ", el("a", { href: "/console/run?id=" + answer.body.executionId }, "Open execution " + answer.body.executionId));
      }
    } else {
      item.append(gameDate + ": refused — " + Console.refusal(answer));
    }
    return item;
  }
})();
