package io.oddsapi.batch.reliability;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario's figures: the final tables against a clean run over the same objects, as
 * row multisets. A row the clean run has and the scenario lacks is lost; one more copy of
 * a clean row is duplicated; a row the clean run never made is extra.
 */
record Tally(String scenario, String backend, int launches, int objects, long expected, long found, long lost,
		long duplicated, long extra) {

	static Tally compare(String scenario, String backend, int launches, int objects, List<String> expected,
			List<String> found) {
		Map<String, Integer> want = counts(expected);
		Map<String, Integer> got = counts(found);
		long lost = 0;
		long duplicated = 0;
		long extra = 0;
		for (Map.Entry<String, Integer> e : want.entrySet()) {
			int f = got.getOrDefault(e.getKey(), 0);
			lost += Math.max(0, e.getValue() - f);
			duplicated += Math.max(0, f - e.getValue());
		}
		for (Map.Entry<String, Integer> g : got.entrySet()) {
			if (!want.containsKey(g.getKey())) {
				extra += g.getValue();
			}
		}
		return new Tally(scenario, backend, launches, objects, expected.size(), found.size(), lost, duplicated, extra);
	}

	private static Map<String, Integer> counts(List<String> rows) {
		Map<String, Integer> counts = new HashMap<>();
		rows.forEach(row -> counts.merge(row, 1, Integer::sum));
		return counts;
	}

	boolean exact() {
		return lost == 0 && duplicated == 0 && extra == 0 && expected == found;
	}

	static String header() {
		return "| scenario | backend | launches | objects | expected rows | rows found | lost | duplicated | extra | s |\n"
				+ "|---|---|---|---|---|---|---|---|---|---|";
	}

	/**
	 * The table row, with the scenario's wall-clock seconds (set-up, clean run and checks
	 * included).
	 */
	String line(long seconds) {
		return String.format(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %d | %d | %d | %d |", scenario, backend,
				launches, objects, expected, found, lost, duplicated, extra, seconds);
	}
}
