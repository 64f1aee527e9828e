package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.coverage.CoverageRow;
import io.oddsapi.batch.odds.GameLineRow;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.JobHarness;
import io.oddsapi.batch.support.TestValues;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The JDBC warehouse's staging, read back as the MERGE reads it. */
class JdbcStagingTests extends FunctionalTest {

	/**
	 * Whatever a value holds comes back as it went in: on PostgreSQL the rows go through
	 * COPY's binary format (its text format, used before, gave tabs, line breaks,
	 * backslashes and the text {@code \N} a meaning).
	 */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void awkwardValuesComeBackAsStaged(Backend backend) {
		JobHarness app = start(database(backend));
		JdbcWarehouse warehouse = (JdbcWarehouse) app.bean(Warehouse.class);
		warehouse.prepare();
		Instant snapshot = Instant.parse("2026-01-14T20:00:00.123456Z");
		List<String> names = List.of("tab\there", "line\nbreak\r\nand CR", "back\\slash \\N \\t", "\\N", "",
				"quote ' \" and ; DROP", "Nikola Jokić – 🏀");
		List<StagedRow> rows = new ArrayList<>();
		for (int i = 0; i < names.size(); i++) {
			rows.add(new StagedRow(0, i, 0,
					new GameLineRow(snapshot, null, null, "g" + i, null, "NBA", snapshot, LocalDate.of(2026, 1, 14),
							null, null, null, null, "book", null, null, "h2h", null, names.get(i),
							i == 0 ? 1.0E300 : 1.91, -110L, i == 1 ? null : -0.5, "odds-api/x\ty.json", null, null)));
		}
		warehouse.stage(7, rows);
		TableDefinition lines = app.bean(RowTables.class).catalog().table("odds_api_game_lines");
		List<Map<String, Object>> back = app.jdbc()
			.queryForList("SELECT * FROM " + lines.stagingName()
					+ " WHERE run_id = 7 ORDER BY object_index, event_index, row_ordinal");
		assertThat(back).extracting(row -> row.get("outcome_name")).containsExactlyElementsOf(names);
		assertThat(back).extracting(row -> row.get("sport_key")).containsOnlyNulls();
		assertThat(back).extracting(row -> TestValues.normalize(row.get("snapshot_timestamp")))
			.containsOnly("2026-01-14T20:00:00.123456Z");
		assertThat(back.get(0).get("outcome_price")).isEqualTo(1.0E300);
		assertThat(back.get(1).get("outcome_point")).isNull();
		assertThat(back.get(2).get("outcome_point")).isEqualTo(-0.5);
		assertThat(back.get(3).get("source_file_path")).isEqualTo("odds-api/x\ty.json");
		assertThat(back).extracting(row -> ((Number) row.get("outcome_price_american")).longValue())
			.containsOnly(-110L);
	}

	/**
	 * Rows computed from published data (a date's coverage) go through staging in pieces
	 * of 1,000 and one MERGE: a second record of the same games updates what changed,
	 * doubles nothing, and leaves no staging row behind.
	 */
	@ParameterizedTest
	@EnumSource(Backend.class)
	void computedRowsAreStagedInPiecesAndMergedOnce(Backend backend) {
		JobHarness app = start(database(backend));
		Warehouse warehouse = app.bean(Warehouse.class);
		warehouse.prepare();
		LocalDate date = LocalDate.of(2026, 1, 14);
		warehouse.mergeRows(date, games(date, 2500, 1L), Instant.parse("2026-01-14T20:00:00Z"));
		List<CoverageRow> again = new ArrayList<>(games(date, 2500, 1L));
		again.set(1234, games(date, 2500, 7L).get(1234));
		warehouse.mergeRows(date, again, Instant.parse("2026-01-14T21:00:00Z"));
		assertThat(app.jdbc().queryForObject("SELECT COUNT(*) FROM odds_api_coverage", Long.class)).isEqualTo(2500);
		assertThat(
				app.jdbc().queryForList("SELECT game_id FROM odds_api_coverage WHERE h2h_bookmakers = 7", String.class))
			.containsExactly("g1234");
		assertThat(app.jdbc().queryForObject("SELECT COUNT(*) FROM stg_odds_api_coverage", Long.class)).isZero();
	}

	private static List<CoverageRow> games(LocalDate date, int count, long bookmakers) {
		List<CoverageRow> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(new CoverageRow(date, "g" + i, Instant.parse("2026-01-15T00:30:00Z"), "BOS", "MIA", "events",
					bookmakers, 0L, 0L, 0L, 0L, 0L, null, null, true, false, false, false, null));
		}
		return rows;
	}

}
