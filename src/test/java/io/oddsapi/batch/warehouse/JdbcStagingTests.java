package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
	 * Whatever a value holds comes back as it went in: on PostgreSQL the rows go through COPY's binary format (its text
	 * format, used before, gave tabs, line breaks, backslashes and the text {@code \N} a meaning).
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
			rows.add(new StagedRow(0, i, 0, new GameLineRow(snapshot, null, null, "g" + i, null, "NBA", snapshot,
					LocalDate.of(2026, 1, 14), null, null, null, null, "book", null, null, "h2h", null, names.get(i),
					i == 0 ? 1.0E300 : 1.91, -110L, i == 1 ? null : -0.5, "odds-api/x\ty.json", null, null)));
		}
		warehouse.stage(7, rows);
		TableDefinition lines = app.bean(RowTables.class).catalog().table("odds_api_game_lines");
		List<Map<String, Object>> back = app.jdbc().queryForList("SELECT * FROM " + lines.stagingName()
				+ " WHERE run_id = 7 ORDER BY object_index, event_index, row_ordinal");
		assertThat(back).extracting(row -> row.get("outcome_name")).containsExactlyElementsOf(names);
		assertThat(back).extracting(row -> row.get("sport_key")).containsOnlyNulls();
		assertThat(back).extracting(row -> TestValues.normalize(row.get("snapshot_timestamp")))
			.containsOnly("2026-01-14T20:00:00.123456Z");
		assertThat(back.get(0).get("outcome_price")).isEqualTo(1.0E300);
		assertThat(back.get(1).get("outcome_point")).isNull();
		assertThat(back.get(2).get("outcome_point")).isEqualTo(-0.5);
		assertThat(back.get(3).get("source_file_path")).isEqualTo("odds-api/x\ty.json");
		assertThat(back).extracting(row -> ((Number) row.get("outcome_price_american")).longValue()).containsOnly(-110L);
	}
}
