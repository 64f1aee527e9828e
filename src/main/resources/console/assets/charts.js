// The charts page's script (served as an asset: the console's Content-Security-Policy allows no inline script).
"use strict";
(async () => {
  const { el, api, table } = Console;
  await Console.start("charts");
  const form = document.getElementById("range");
  const end = new Date();
  const start = new Date(end.getTime() - 29 * 86400000);
  form.elements.from.value = Console.query("from") || start.toISOString().slice(0, 10);
  form.elements.to.value = Console.query("to") || end.toISOString().slice(0, 10);

  const CHARTS = [
    { key: "rowsPublished", title: "Rows published per day", unit: "rows", colour: "#1f6feb" },
    { key: "runSeconds", title: "Run time per day", unit: "seconds", colour: "#8250df" },
    { key: "filesRejected", title: "Files rejected per day", unit: "files", colour: "#cf222e" },
  ];

  async function load() {
    history.replaceState(null, "", "?from=" + form.elements.from.value + "&to=" + form.elements.to.value);
    const answer = await api("/api/v1/daily?from=" + form.elements.from.value + "&to=" + form.elements.to.value);
    const target = document.getElementById("charts");
    if (!answer.ok) {
      if (!answer.unreachable) target.replaceChildren(el("p", { class: "error", role: "alert" }, Console.refusal(answer)));
      return false;
    }
    const days = answer.body;
    const x = days.map(d => Date.parse(d.day + "T00:00:00Z") / 1000);
    target.replaceChildren();
    for (const chart of CHARTS) {
      const values = days.map(d => d[chart.key]);
      const total = values.reduce((a, b) => a + b, 0);
      const plot = el("div", { class: "plot", role: "img", "aria-label": chart.title + ": " + total.toLocaleString("en-US")
        + " " + chart.unit + " over " + days.length + " days; the table below has each day" });
      const section = el("section", { class: "chart", "data-chart": chart.key }, el("h2", {}, chart.title), plot,
        el("details", {}, el("summary", {}, "Figures"), table(chart.title, ["Day", { label: chart.unit, num: true }],
          days.map(d => el("tr", {}, el("td", {}, d.day), el("td", { class: "num" }, d[chart.key].toLocaleString("en-US")))))));
      target.append(section);
      new uPlot({
        width: Math.min(1160, target.clientWidth || 360), height: 220, legend: { show: false },
        // half a day either side, so that the first and last days' bars show whole
        scales: { x: { time: true, range: (u, min, max) => [min - 43200, max + 43200] } },
        axes: [{}, { size: 70 }],
        series: [{}, { label: chart.unit, stroke: chart.colour, fill: chart.colour + "33", paths: uPlot.paths.bars({ size: [0.7, 40] }) }],
      }, [x, values], plot);
    }
    return null;
  }
  const reload = Console.refresh(load);
  form.addEventListener("submit", event => {
    event.preventDefault();
    document.getElementById("charts").replaceChildren(el("p", { class: "muted loading", "data-loading": true }, "Loading…"));
    reload();
  });
})();
