package io.oddsapi.batch.support;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One object of each kind of bad input a scrape produces, with the words its recorded
 * reason must contain (worked out by hand from the input, not taken from the parser).
 */
public final class BrokenObjects {

	/** A good game-lines event, {@code %d} its id's number. */
	public static final String GOOD = """
			{"id":"e%d","commence_time":"2026-01-15T00:30:00Z","home_team":"Boston Celtics","away_team":"Miami Heat",
			 "bookmakers":[{"key":"fanduel","title":"FanDuel","markets":[
			  {"key":"h2h","outcomes":[{"name":"Miami Heat","price":3.1},{"name":"Boston Celtics","price":1.38}]}]}]}
			""";

	/** Kind -> content, reason. */
	public static final Map<String, String[]> KINDS = new LinkedHashMap<>();
	static {
		KINDS.put("empty", new String[] { "", "empty file" });
		KINDS.put("not JSON", new String[] { "odds: none today", "not valid JSON" });
		KINDS.put("truncated", new String[] { GOOD.formatted(99).substring(0, 120), "truncated JSON" });
		KINDS.put("API error body", new String[] { "{\"message\":\"Usage quota has been reached\"}",
				"API error body instead of odds: \"Usage quota has been reached\"" });
		KINDS.put("HTML error page",
				new String[] { "<!DOCTYPE html><html><body>502</body></html>", "looks like an HTML page" });
		KINDS.put("wrong shape",
				new String[] { "\"just a string\"", "expected an event object or an array of events" });
		KINDS.put("wrong type", new String[] { GOOD.formatted(98).replace("3.1", "\"3.1\""),
				"price is a string (\"3.1\"), expected a number" });
	}

	private BrokenObjects() {
	}

	/** A bad object in the game-lines folder of a date; returns its name. */
	public static String write(TestBucket bucket, LocalDate date, int index, String content) {
		String name = TestBucket.objectName("game-lines", date, "bad" + index + "-MIABOS",
				date.atTime(23, 0).toInstant(ZoneOffset.UTC).plusSeconds(index));
		bucket.put(name, content.getBytes(StandardCharsets.UTF_8));
		return name;
	}

	/** One object of every kind; returns name -> what its reason must contain. */
	public static Map<String, String> writeEveryKind(TestBucket bucket, LocalDate date) {
		Map<String, String> reasons = new LinkedHashMap<>();
		int index = 0;
		for (String[] kind : KINDS.values()) {
			reasons.put(write(bucket, date, index++, kind[0]), kind[1]);
		}
		return reasons;
	}

}
