package io.oddsapi.batch.launch;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.run.LaunchRequest;

/**
 * The game dates a command covers: {@code gameDate=YYYY-MM-DD}, or
 * {@code from=YYYY-MM-DD to=YYYY-MM-DD} (inclusive), or, with neither, the last
 * {@code days} game dates up to today. Game dates are US Eastern dates, as the scraper's
 * folders are.
 */
record DateRange(LocalDate from, LocalDate to) {

	static final ZoneId GAME_DATES = ZoneId.of("America/New_York");

	static DateRange parse(List<String> args, int days, Clock clock) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String arg : args) {
			int eq = arg.indexOf('=');
			String key = eq < 0 ? arg : arg.substring(0, eq);
			if (!List.of("gameDate", "from", "to").contains(key) || eq < 0) {
				throw new IllegalArgumentException("unknown argument '" + arg
						+ "': expected gameDate=<YYYY-MM-DD>, or from=<YYYY-MM-DD> to=<YYYY-MM-DD>");
			}
			params.put(key, arg.substring(eq + 1));
		}
		if (params.containsKey("gameDate")) {
			if (params.size() > 1) {
				throw new IllegalArgumentException("give gameDate=, or from= and to=, not both");
			}
			LocalDate date = LaunchRequest.parseDate("gameDate", params.get("gameDate"));
			return new DateRange(date, date);
		}
		if (params.size() == 2) {
			LocalDate from = LaunchRequest.parseDate("from", params.get("from"));
			LocalDate to = LaunchRequest.parseDate("to", params.get("to"));
			if (to.isBefore(from)) {
				throw new IllegalArgumentException("to=" + to + " is before from=" + from);
			}
			return new DateRange(from, to);
		}
		if (!params.isEmpty()) {
			throw new IllegalArgumentException("give both from= and to=");
		}
		LocalDate today = LocalDate.now(clock.withZone(GAME_DATES));
		return new DateRange(today.minusDays(days - 1L), today);
	}

	List<LocalDate> dates() {
		return from.datesUntil(to.plusDays(1)).toList();
	}
}
