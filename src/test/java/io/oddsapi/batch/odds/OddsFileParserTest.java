package io.oddsapi.batch.odds;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OddsFileParserTest {

	static final String EVENT = """
			{"id":"e1","sport_key":"basketball_nba","sport_title":"NBA","commence_time":"2026-01-15T00:10:00Z",
			 "home_team":"Boston Celtics","away_team":"Miami Heat","bookmakers":[
			  {"key":"fanduel","title":"FanDuel","last_update":"2026-01-14T23:00:00Z","markets":[
			    {"key":"h2h","outcomes":[{"name":"Miami Heat","price":3.1},{"name":"Boston Celtics","price":1.38}]},
			    {"key":"spreads","last_update":"2026-01-14T22:59:00Z","outcomes":[
			      {"name":"Miami Heat","price":1.91,"point":8.5},{"name":"Boston Celtics","price":1.91,"point":-8}]}]}]}
			""";

	@Test
	void bareEventIsOneEventWithoutEnvelope() {
		List<OddsEvent> events = readAll(EVENT);
		assertThat(events).hasSize(1);
		OddsEvent event = events.get(0);
		assertThat(event.id()).isEqualTo("e1");
		assertThat(event.commenceTime()).isEqualTo(Instant.parse("2026-01-15T00:10:00Z"));
		OddsEvent.Market h2h = event.bookmakers().get(0).markets().get(0);
		assertThat(h2h.lastUpdate()).isNull();
		assertThat(h2h.outcomes().get(0)).isEqualTo(new OddsEvent.Outcome("Miami Heat", null, 3.1, null));
		assertThat(event.bookmakers().get(0).markets().get(1).outcomes().get(1).point()).isEqualTo(-8.0);
		assertThat(OddsFileParser.scan(in(EVENT)).envelope()).isEqualTo(HistoricalEnvelope.NONE);
	}

	@Test
	void historicalWrapperCarriesTheSnapshotTimes() {
		String wrapped = "{\"timestamp\":\"2026-01-14T23:05:00Z\",\"previous_timestamp\":\"2026-01-14T23:00:00Z\","
				+ "\"next_timestamp\":\"2026-01-14T23:10:00Z\",\"data\":" + EVENT + "}";
		OddsFileParser.FileScan scan = OddsFileParser.scan(in(wrapped));
		assertThat(scan.eventCount()).isEqualTo(1);
		assertThat(scan.envelope()).isEqualTo(new HistoricalEnvelope(Instant.parse("2026-01-14T23:05:00Z"),
				Instant.parse("2026-01-14T23:00:00Z"), Instant.parse("2026-01-14T23:10:00Z")));
		assertThat(readAll(wrapped)).extracting(OddsEvent::id).containsExactly("e1");
	}

	@Test
	void wrapperWithDataArrayBeforeItsTimestamp() {
		String wrapped = "{\"data\":[" + EVENT + "," + EVENT.replace("\"e1\"", "\"e2\"")
				+ "],\"timestamp\":1768431900}";
		OddsFileParser.FileScan scan = OddsFileParser.scan(in(wrapped));
		assertThat(scan.eventCount()).isEqualTo(2);
		assertThat(scan.envelope().timestamp()).isEqualTo(Instant.ofEpochSecond(1768431900));
		assertThat(readAll(wrapped)).extracting(OddsEvent::id).containsExactly("e1", "e2");
	}

	@Test
	void topLevelArrayOfEvents() {
		String list = "[" + EVENT + "," + EVENT.replace("\"e1\"", "\"e2\"") + "]";
		assertThat(readAll(list)).extracting(OddsEvent::id).containsExactly("e1", "e2");
		assertThat(readAll("[]")).isEmpty();
	}

	@Test
	void unixSecondsAndIntegerPricesAndPoints() {
		String unix = """
				{"id":"e1","commence_time":1768435800,"home_team":"Utah Jazz","away_team":"LA Clippers",
				 "bookmakers":[{"key":"b","last_update":1768431600,"markets":[{"key":"totals","last_update":1768431601,
				 "outcomes":[{"name":"Over","price":2,"point":220},{"name":"Under","price":1.8,"point":220}]}]}]}
				""";
		OddsEvent event = readAll(unix).get(0);
		assertThat(event.commenceTime()).isEqualTo(Instant.parse("2026-01-15T00:10:00Z"));
		assertThat(event.bookmakers().get(0).lastUpdate()).isEqualTo(Instant.parse("2026-01-14T23:00:00Z"));
		assertThat(event.bookmakers().get(0).markets().get(0).outcomes().get(0))
			.isEqualTo(new OddsEvent.Outcome("Over", null, 2.0, 220.0));
	}

	@Test
	void escapedAndRawUtf8Names() {
		String names = EVENT.replace("\"Miami Heat\",\"price\":3.1", "\"Nikola Joki\\u0107\",\"price\":3.1")
			.replace("\"Miami Heat\",\"price\":1.91", "\"Nikola Jokić\",\"price\":1.91");
		OddsEvent event = readAll(names).get(0);
		assertThat(event.bookmakers().get(0).markets().get(0).outcomes().get(0).name()).isEqualTo("Nikola Jokić");
		assertThat(event.bookmakers().get(0).markets().get(1).outcomes().get(0).name()).isEqualTo("Nikola Jokić");
	}

	@Test
	void emptyBookmakersAndUnknownFieldsAreFine() {
		String event = "{\"id\":\"e\",\"commence_time\":\"2026-01-15T00:10:00+00:00\",\"home_team\":\"a\","
				+ "\"away_team\":\"b\",\"extra\":{\"deep\":[1,2,{\"x\":null}]},\"bookmakers\":[]}";
		assertThat(readAll(event).get(0).bookmakers()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = { "empty file|``|empty file",
			"only whitespace|`  \n\t `|empty file", "not JSON|hello world|not valid JSON",
			"HTML error page|<html><body>502 Bad Gateway</body></html>|looks like an HTML page",
			"truncated|`{\"id\":\"e1\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"B`|truncated JSON",
			"API error body|`{\"message\":\"Usage quota has been reached\"}`|API error body instead of odds: \"Usage quota has been reached\"",
			"a bare string|`\"odds\"`|expected an event object or an array of events, found a string",
			"empty object|{}|empty JSON object",
			"price as text|`{\"id\":\"e\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\",\"away_team\":\"b\",\"bookmakers\":[{\"key\":\"k\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":[{\"name\":\"a\",\"price\":\"1.91\"}]}]}]}`|event.bookmakers[0].markets[0].outcomes[0].price is a string (\"1.91\"), expected a number",
			"bookmakers not an array|`{\"id\":\"e\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\",\"away_team\":\"b\",\"bookmakers\":{}}`|event.bookmakers is an object, expected an array",
			"missing id|`{\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\",\"away_team\":\"b\"}`|event.id is missing",
			"missing price|`[{\"id\":\"e\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\",\"away_team\":\"b\",\"bookmakers\":[{\"key\":\"k\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":[{\"name\":\"a\"}]}]}]}]`|events[0].bookmakers[0].markets[0].outcomes[0].price is missing",
			"bad time|`{\"id\":\"e\",\"commence_time\":\"tomorrow\",\"home_team\":\"a\",\"away_team\":\"b\"}`|event.commence_time is \"tomorrow\", not an ISO-8601 time",
			"array of numbers|[1,2]|events[0] is a number (1), expected an event object",
			"trailing content|`[] []`|unexpected content after the JSON value",
			"duplicated key|`{\"id\":\"e\",\"id\":\"f\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\",\"away_team\":\"b\"}`|event.id appears twice in its object (a duplicated key)",
			"NaN price|`[{\"id\":\"e\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\",\"away_team\":\"b\",\"bookmakers\":[{\"key\":\"k\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":[{\"name\":\"a\",\"price\":NaN}]}]}]}]`|not valid JSON",
			"data is a number|`{\"timestamp\":\"2026-01-14T23:05:00Z\",\"data\":7}`|data is a number (7), expected an event object or an array of events" })
	void brokenFilesAreRejectedWithAReasonAPersonReads(String kind, String content, String reason) {
		assertThatThrownBy(() -> OddsFileParser.scan(in(content == null ? "" : content)))
			.isInstanceOf(OddsFileRejectedException.class)
			.hasMessageContaining(reason);
	}

	@Test
	void aUtf8ByteOrderMarkIsSkipped() {
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		byte[] content = new byte[bom.length + EVENT.length()];
		System.arraycopy(bom, 0, content, 0, 3);
		System.arraycopy(EVENT.getBytes(StandardCharsets.UTF_8), 0, content, 3, EVENT.length());
		// Jackson skips a UTF-8 BOM: the file is read as the JSON it holds
		assertThat(OddsFileParser.scan(new ByteArrayInputStream(content)).eventCount()).isEqualTo(1);
	}

	/**
	 * An event is held whole, so one that never ends (200 MB of bookmakers on one line)
	 * must not take the heap.
	 */
	@Test
	void anEventLargerThanTheLimitIsRejectedBeforeItFillsTheHeap() {
		String bookmaker = "{\"key\":\"k\",\"markets\":[{\"key\":\"h2h\",\"outcomes\":[{\"name\":\"a\",\"price\":2.5}]}]},";
		StringBuilder json = new StringBuilder(
				"{\"id\":\"e\",\"commence_time\":\"2026-01-15T00:10:00Z\",\"home_team\":\"a\","
						+ "\"away_team\":\"b\",\"bookmakers\":[");
		while (json.length() < OddsFileParser.MAX_EVENT_BYTES + 1024 * 1024) {
			json.append(bookmaker);
		}
		assertThatThrownBy(() -> OddsFileParser.scan(in(json.toString()))).isInstanceOf(OddsFileRejectedException.class)
			.hasMessageContaining("makes its event larger than 16 MB");
	}

	@Test
	void aSmallFileIsParsedOnceAndALargeOneReadAgainWithTheSameEvents() {
		OddsFileParser.FileScan small = OddsFileParser.scan(in(EVENT));
		try (OddsFileParser.Events events = small.replay(() -> {
			throw new AssertionError("a small file is not read again");
		})) {
			assertThat(events.next().id()).isEqualTo(OddsFileParser.scan(in(EVENT)).kept().get(0).id());
			assertThat(events.next()).isNull();
		}
		// a historical wrapper of many events, larger than what a scan keeps
		StringBuilder json = new StringBuilder("{\"timestamp\":\"2026-01-14T23:05:00Z\",\"data\":[");
		int count = 0;
		while (json.length() < OddsFileParser.MAX_KEPT_BYTES + 1024 * 1024) {
			json.append(count == 0 ? "" : ",").append(EVENT.replace("\"id\":\"", "\"id\":\"n" + count++ + "-"));
		}
		String large = json.append("]}").toString();
		OddsFileParser.FileScan scan = OddsFileParser.scan(in(large));
		assertThat(scan.kept()).as("not kept in memory").isNull();
		List<String> ids = new ArrayList<>();
		try (OddsFileParser.Events events = scan.replay(() -> in(large))) {
			for (OddsEvent event = events.next(); event != null; event = events.next()) {
				ids.add(event.id());
			}
		}
		assertThat(ids).hasSize(count).hasSize(scan.eventCount()).startsWith(readAll(large).get(0).id());
		assertThat(ids.get(count - 1)).startsWith("n" + (count - 1) + "-");
	}

	static List<OddsEvent> readAll(String json) {
		OddsFileParser.scan(in(json));
		List<OddsEvent> events = new ArrayList<>();
		try (OddsFileParser.EventCursor cursor = OddsFileParser.open(in(json))) {
			for (OddsEvent e = cursor.next(); e != null; e = cursor.next()) {
				events.add(e);
			}
		}
		return events;
	}

	static ByteArrayInputStream in(String json) {
		return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
	}

}
