package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StagedKeysTest {

	private static final TableDefinition LINES = TableCatalog.load("file:job-config/tables/")
		.table("odds_api_game_lines");

	private static final int[] KEY = StagedKeys.keyIndexes(LINES);

	@Test
	void distinctKeysAreUniqueAndARepeatedOneIsNot() {
		StagedKeys keys = new StagedKeys();
		for (int i = 0; i < 5000; i++) {
			keys.add(LINES, KEY, row("e" + i, 2.5, Instant.parse("2026-01-14T22:00:00Z")));
		}
		assertThat(keys.unique("odds_api_game_lines")).isTrue();
		keys.add(LINES, KEY, row("e17", 2.5, Instant.parse("2026-01-14T22:00:00Z")));
		assertThat(keys.unique("odds_api_game_lines")).isFalse();
	}

	@Test
	void valuesADatabaseHoldsEqualHashAlike() {
		assertThat(hash(row("e1", 0.0, Instant.parse("2026-01-14T22:00:00Z")))).as("-0.0 = 0.0 in SQL")
			.isEqualTo(hash(row("e1", -0.0, Instant.parse("2026-01-14T22:00:00Z"))));
		assertThat(hash(row("e1", null, Instant.parse("2026-01-14T22:00:00.0000004Z"))))
			.as("an instant stored to the microsecond")
			.isEqualTo(hash(row("e1", null, Instant.parse("2026-01-14T22:00:00Z"))));
		assertThat(hash(row("e1", null, Instant.parse("2026-01-14T22:00:00Z"))))
			.isNotEqualTo(hash(row("e1", 0.0, Instant.parse("2026-01-14T22:00:00Z"))));
	}

	@Test
	void aTableNeverStagedAndOneBeyondTheLimitAreNotKnownUnique() {
		StagedKeys keys = new StagedKeys();
		assertThat(keys.unique("odds_api_game_lines")).isFalse();
		for (int i = 0; i <= StagedKeys.MAX_KEYS; i++) {
			keys.add(LINES, KEY, row("e" + i, 1.5, Instant.parse("2026-01-14T22:00:00Z")));
		}
		assertThat(keys.unique("odds_api_game_lines")).isFalse();
	}

	private static long hash(Object[] row) {
		return StagedKeys.hash(KEY, row);
	}

	/**
	 * A staging row of game lines whose key differs in game id, outcome point and
	 * snapshot.
	 */
	private static Object[] row(String gameId, Double point, Instant snapshot) {
		List<ColumnDefinition> columns = LINES.rowColumns();
		Object[] row = new Object[4 + columns.size()];
		for (int i = 0; i < columns.size(); i++) {
			row[4 + i] = switch (columns.get(i).name()) {
				case "game_date" -> LocalDate.of(2026, 1, 14);
				case "game_id" -> gameId;
				case "snapshot_timestamp" -> snapshot;
				case "outcome_point" -> point;
				case "bookmaker_key" -> "fanduel";
				case "market_key" -> "spreads";
				case "outcome_name" -> "Miami Heat";
				default -> null;
			};
		}
		return row;
	}

}
