// The dates page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api, badge, table, seconds, number, time } = Console;
  await Console.start("dates");
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December"];
  const today = new Date();
  const current = today.getUTCMonth() >= 7 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const season = Number(Console.query("season") || current);
  const picker = document.getElementById("season");
  for (let year = current + 1; year >= current - 6; year--) {
    picker.append(el("option", { value: year, selected: year === season }, year + "-" + String(year + 1).slice(2)));
  }
  if (![...picker.options].some(o => Number(o.value) === season)) {
    picker.append(el("option", { value: season, selected: true }, season + "-" + String(season + 1).slice(2)));
  }
  document.getElementById("pick").addEventListener("submit", event => {
    event.preventDefault();
    location.assign("?season=" + picker.value);
  });
  document.getElementById("title").textContent = "Dates of the " + season + "-" + String(season + 1).slice(2) + " season";

  // October to June: the regular season and the playoffs
  const from = season + "-10-01", to = (season + 1) + "-06-30";
  let answer = await api("/api/v1/dates?from=" + from + "&to=" + to);
  // while the server cannot be reached, again after a pause that doubles up to 30 s
  for (let pause = 1000; answer.unreachable; pause = Math.min(pause * 2, 30000)) {
    await new Promise(resolve => setTimeout(resolve, pause));
    answer = await api("/api/v1/dates?from=" + from + "&to=" + to);
  }
  const byDate = new Map((answer.ok ? answer.body : []).map(d => [d.gameDate, d]));
  if (!answer.ok) {
    document.getElementById("season-grid").replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(answer)));
    return;
  }

  function kind(day) {
    if (!day) return "none";
    if (day.flagged > 0) return "flagged";
    if (day.statuses.length > 0 && ["FAILED", "ABANDONED", "UNKNOWN"].includes(day.statuses[0])) return "failed";
    if (day.games !== null) return "ok";
    return day.statuses.length > 0 ? "ran" : "none";
  }

  function describe(date, day) {
    const label = new Date(date + "T12:00:00Z").toLocaleDateString("en-US", { weekday: "long", year: "numeric",
      month: "long", day: "numeric", timeZone: "UTC" });
    if (!day) return label + ": nothing recorded";
    return label + ": " + day.statuses.length + " executions"
      + (day.games === null ? ", coverage not recorded" : ", " + day.games + " games, " + day.flagged + " flagged");
  }

  const grid = document.getElementById("season-grid");
  grid.replaceChildren();
  for (let m = 0; m < 9; m++) {
    const year = m < 3 ? season : season + 1;
    const month = (9 + m) % 12;
    const first = new Date(Date.UTC(year, month, 1));
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const cells = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"].map(d => el("div", { class: "dow", "aria-hidden": "true" }, d));
    for (let blank = (first.getUTCDay() + 6) % 7; blank > 0; blank--) cells.push(el("div", { "aria-hidden": "true" }));
    for (let d = 1; d <= days; d++) {
      const date = year + "-" + String(month + 1).padStart(2, "0") + "-" + String(d).padStart(2, "0");
      const day = byDate.get(date);
      cells.push(el("button", { type: "button", class: "day " + kind(day), "data-date": date, "aria-pressed": "false",
        "aria-label": describe(date, day), onclick: event => open(date, event.currentTarget) }, d));
    }
    grid.append(el("section", { class: "month", "aria-label": MONTHS[month] + " " + year },
      el("h2", {}, MONTHS[month] + " " + year), el("div", { class: "days" }, cells)));
  }

  async function open(date, button) {
    grid.querySelectorAll("[aria-pressed=true]").forEach(b => b.setAttribute("aria-pressed", "false"));
    button.setAttribute("aria-pressed", "true");
    const section = document.getElementById("day");
    const loading = el("p", { class: "muted loading", "data-loading": true }, "Loading…");
    section.replaceChildren(el("h2", { id: "day-title" }, describe(date, byDate.get(date))), loading);
    const [runs, coverage] = await Promise.all([api("/api/v1/executions?size=100&gameDate=" + date),
      api("/api/v1/coverage?gameDate=" + date)]);
    loading.remove();
    section.append(el("h3", {}, "Runs"));
    section.append(!runs.ok ? el("p", { class: "error" }, Console.refusal(runs))
      : runs.body.executions.length === 0 ? el("p", {}, "No run of this date.")
      : table("Runs of " + date, ["Execution", "Endpoint", { label: "Run", num: true }, "Status", { label: "Duration", num: true },
        { label: "Rows merged", num: true }, { label: "Files rejected", num: true }],
        runs.body.executions.map(e => el("tr", {}, el("td", {}, el("a", { href: "/console/run?id=" + e.id }, "Execution " + e.id)),
          el("td", {}, e.endpoint), el("td", { class: "num" }, e.run), el("td", {}, badge(e.status)),
          el("td", { class: "num" }, seconds(e.durationSeconds)), el("td", { class: "num" }, number(Console.rowsMerged(e))),
          el("td", { class: "num" }, e.files.rejected)))));
    if (runs.ok && runs.body.total > runs.body.executions.length) {
      section.append(el("p", { id: "more-runs" }, "The newest " + runs.body.executions.length + " of " + runs.body.total + " runs; ",
        el("a", { href: "/console/runs?from=" + date + "&to=" + date }, "all of them on the runs page"), "."));
    }
    section.append(el("h3", {}, "Games"));
    if (!coverage.ok) {
      section.append(el("p", { class: "error" }, Console.refusal(coverage)));
      return;
    }
    const flagged = coverage.body.games.filter(g => g.flagged);
    section.append(el("p", { id: "missing" }, coverage.body.games.length + " games (schedule from "
      + coverage.body.scheduleSource + "); " + (flagged.length === 0 ? "nothing missing."
        : "missing: " + flagged.map(g => g.awayTeamAbbr + " at " + g.homeTeamAbbr + " (" + g.flagReasons + ")").join("; "))));
    if (coverage.body.games.length > 0) {
      section.append(table("Games of " + date, ["Game", "Tip-off", { label: "Moneyline books", num: true },
        { label: "Spread books", num: true }, { label: "Total books", num: true }, { label: "Prop markets", num: true },
        { label: "Prop players", num: true }, "Closing line", "Flags"],
        coverage.body.games.map(g => el("tr", {}, el("td", {}, (g.awayTeamAbbr || "?") + " at " + (g.homeTeamAbbr || "?")),
          el("td", {}, time(g.commenceTime)), el("td", { class: "num" }, g.h2hBookmakers ?? 0),
          el("td", { class: "num" }, g.spreadsBookmakers ?? 0), el("td", { class: "num" }, g.totalsBookmakers ?? 0),
          el("td", { class: "num" }, g.propMarkets ?? 0), el("td", { class: "num" }, g.propPlayers ?? 0),
          el("td", {}, g.closingCaptured ? "captured" : "no"), el("td", {}, g.flagReasons || "")))));
    }
  }
})();
