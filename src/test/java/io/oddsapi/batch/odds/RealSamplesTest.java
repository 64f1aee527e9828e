package io.oddsapi.batch.odds;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.support.RequiredServices;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser and mapper against real Odds API responses kept in
 * {@code ../shared/oddsapi-samples} (CI has them; a user's clone may not, and then this
 * skips: every behaviour here is also tested on hand-written input).
 */
class RealSamplesTest {

	static final Path SAMPLES = Path.of("../shared/oddsapi-samples");

	@Test
	void listResponseWithEmptyBookmakers() throws IOException {
		List<OddsEvent> events = read("nba_odds_fanduel_decimal_2023-11_5_empty_bookmakers.json");
		assertThat(events).hasSize(18);
		assertThat(events.subList(13, 18)).allSatisfy(e -> assertThat(e.bookmakers()).isEmpty());
		assertThat(scan("nba_odds_fanduel_decimal_2023-11_5_empty_bookmakers.json").prices().detect())
			.isEqualTo(PriceFormat.DECIMAL);
	}

	@Test
	void historicalPlayerPointsPairOverAndUnder() throws IOException {
		String file = "nba_hist_event_props_player_points_2books_MEM-at-NOP_2025-03-09.json";
		OddsFileParser.FileScan scan = scan(file);
		assertThat(scan.envelope().timestamp()).isEqualTo(Instant.parse("2025-03-09T23:50:38Z"));
		OddsEvent event = read(file).get(0);
		SnapshotContext context = new SnapshotContext(LocalDate.of(2025, 3, 9), scan.envelope().timestamp(),
				scan.envelope().previousTimestamp(), scan.envelope().nextTimestamp(), file, "historical",
				scan.prices().detect(), null, null);
		EventRows rows = EventRowMapper.map(event, context, OfficialGameIds.NONE, false, true);
		long outcomes = event.bookmakers()
			.stream()
			.flatMap(b -> b.markets().stream())
			.mapToLong(m -> m.outcomes().size())
			.sum();
		assertThat(rows.playerProps()).isNotEmpty();
		assertThat(rows.playerProps()).allSatisfy(row -> {
			assertThat(row.homeTeamAbbr()).isEqualTo("NOP");
			assertThat(row.awayTeamAbbr()).isEqualTo("MEM");
			assertThat(row.marketKey()).isEqualTo("player_points");
		});
		long paired = rows.playerProps().stream().filter(r -> r.overPrice() != null && r.underPrice() != null).count();
		long sides = rows.playerProps()
			.stream()
			.mapToLong(r -> (r.overPrice() == null ? 0 : 1) + (r.underPrice() == null ? 0 : 1))
			.sum();
		assertThat(sides).as("every outcome lands on a side").isEqualTo(outcomes);
		assertThat(paired).isPositive();
		assertThat(rows.playerProps()).anySatisfy(r -> assertThat(r.playerLookup()).isEqualTo("scottypippenjr"));
	}

	@Test
	void historicalSpreadsAndTotals() throws IOException {
		String file = "nba_hist_event_spreads_totals_ATL-at-GSW_2024-01-25.json";
		OddsEvent event = read(file).get(0);
		SnapshotContext context = new SnapshotContext(LocalDate.of(2024, 1, 24), Instant.parse("2024-01-25T03:55:40Z"),
				null, null, file, "historical", PriceFormat.DECIMAL, null, null);
		EventRows rows = EventRowMapper.map(event, context, OfficialGameIds.NONE, true, false);
		assertThat(rows.gameLines()).hasSize(8);
		assertThat(rows.gameLines().get(0).homeTeamAbbr()).isEqualTo("GSW");
	}

	@Test
	void otherSportsGiveWarningsNotFailures() throws IOException {
		OddsEvent event = read("nhl_event_odds_single_event_object.json").get(0);
		SnapshotContext context = new SnapshotContext(LocalDate.of(2024, 3, 21), Instant.parse("2024-03-21T14:15:00Z"),
				null, null, "nhl", "current", PriceFormat.DECIMAL, null, null);
		EventRows rows = EventRowMapper.map(event, context, OfficialGameIds.NONE, true, false);
		assertThat(rows.unknownTeam()).isTrue();
		assertThat(rows.gameLines()).hasSize(28).allSatisfy(r -> assertThat(r.bookmakerLastUpdate()).isNotNull());
	}

	private static OddsFileParser.FileScan scan(String file) throws IOException {
		try (InputStream in = open(file)) {
			return OddsFileParser.scan(in);
		}
	}

	private static List<OddsEvent> read(String file) throws IOException {
		scan(file);
		List<OddsEvent> events = new ArrayList<>();
		try (OddsFileParser.EventCursor cursor = OddsFileParser.open(open(file))) {
			for (OddsEvent e = cursor.next(); e != null; e = cursor.next()) {
				events.add(e);
			}
		}
		return events;
	}

	private static InputStream open(String file) throws IOException {
		if (!Files.isDirectory(SAMPLES)) {
			RequiredServices.unavailable("the real samples ../shared/oddsapi-samples are not beside this clone");
		}
		return Files.newInputStream(SAMPLES.resolve(file));
	}

}
