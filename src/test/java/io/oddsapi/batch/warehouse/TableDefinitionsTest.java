package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.oddsapi.batch.coverage.CoverageRow;
import io.oddsapi.batch.job.PublishedObjectRow;
import io.oddsapi.batch.job.RejectedFileRow;
import io.oddsapi.batch.odds.GameLineRow;
import io.oddsapi.batch.odds.PlayerPointsPropRow;
import io.oddsapi.batch.odds.PlayerPropRow;
import io.oddsapi.batch.warehouse.bigquery.BigQuerySql;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** job-config/tables: loaded, checked against the row records, and turned into SQL. */
class TableDefinitionsTest {

	static final TableCatalog CATALOG = TableCatalog.load("file:job-config/tables/");

	@Test
	void everyTableBindsToItsRowRecord() {
		RowTables tables = new RowTables(CATALOG, List.of(GameLineRow.class, PlayerPropRow.class,
				PlayerPointsPropRow.class, RejectedFileRow.class, PublishedObjectRow.class, CoverageRow.class));
		assertThat(tables.catalog().tables()).extracting(TableDefinition::name)
			.containsExactly("odds_api_coverage", "odds_api_game_lines", "odds_api_player_points_props",
					"odds_api_player_props", "odds_api_published_objects", "odds_api_rejected_files");
		assertThat(tables.catalog().ledger().name()).isEqualTo(PublishedObjectRow.TABLE);
	}

	@Test
	void aColumnTheRecordLacksFailsNamingIt() {
		TableDefinition table = CATALOG.table("odds_api_game_lines");
		record Short(Instant snapshotTimestamp, Long gameId) {
		}
		assertThatThrownBy(() -> RowBinder.bind(table, Short.class))
			.hasMessageContaining("column game_id is STRING but gameId is Long")
			.hasMessageContaining("column sport_key has no component sportKey");
	}

	@Test
	void definitionMistakesFailWithTheFileAndField() {
		Object yaml = new Yaml().load("""
				table: t
				row: R
				partition: game_date
				mergeKey: [game_date, nope]
				latestFirst: [game_date]
				columns:
				  - {name: game_date, type: DATE}
				""");
		assertThatThrownBy(() -> TableCatalog.parse("t.yml", yaml))
			.hasMessage("table definition t.yml: mergeKey names nope, which is not a column");
		Object injection = new Yaml().load("""
				table: "t; DROP TABLE x"
				""");
		assertThatThrownBy(() -> TableCatalog.parse("t.yml", injection)).hasMessageContaining("lower-case identifier");
	}

	@Test
	void mergeBindsTheGameDateAsALiteralFirstAndComparesNullableKeysNullSafely() {
		TableDefinition table = CATALOG.table("odds_api_game_lines");
		JdbcSql postgres = JdbcSql.of(SqlDialect.POSTGRESQL);
		String merge = postgres.merge(table, LocalDate.of(2026, 1, 14), JdbcSql.Source.DEDUPED);
		assertThat(merge).contains("ON t.game_date = DATE '2026-01-14'\n  AND t.game_date = s.game_date")
			.contains("COALESCE(t.outcome_point, -1.0E300) = COALESCE(s.outcome_point, -1.0E300)")
			.contains("WHEN MATCHED AND (t.data_hash IS DISTINCT FROM s.data_hash)")
			.contains("USING (SELECT * FROM dedup_odds_api_game_lines) s");
		assertThat(merge).doesNotContain("created_at = ");
		assertThat(postgres.collapse(table, 7).statement()).as("deduplicated once, before the MERGE")
			.satisfies(ddl -> assertThat(ddl)
				.startsWith("CREATE TEMPORARY TABLE dedup_odds_api_game_lines ON COMMIT DROP AS ")
				.contains(
						"ROW_NUMBER() OVER (PARTITION BY game_date, game_id, snapshot_timestamp, bookmaker_key, market_key, outcome_name, outcome_point ORDER BY snapshot_timestamp DESC, source_file_path DESC, object_index DESC, event_index DESC, row_ordinal DESC)")
				.contains("staged.run_id = 7"));
		assertThat(postgres.merge(table, LocalDate.of(2026, 1, 14), JdbcSql.Source.STAGING))
			.as("a run whose keys are unique is merged from its staging, no window")
			.contains("USING (SELECT * FROM stg_odds_api_game_lines WHERE run_id = :run_id) s");
		assertThat(postgres.beforeMerge(JdbcSql.Source.STAGING)).contains("SET LOCAL enable_nestloop = off");
		assertThat(postgres.beforeMerge(JdbcSql.Source.DEDUPED)).isEmpty();
		JdbcSql h2 = JdbcSql.of(SqlDialect.H2);
		assertThat(h2.beforeMerge(JdbcSql.Source.STAGING)).isEmpty();
		assertThat(h2.merge(table, LocalDate.of(2026, 1, 14), JdbcSql.Source.STAGING))
			.contains("USING (SELECT * FROM stg_odds_api_game_lines WHERE run_id = :run_id) s");
		assertThat(h2.collapse(table, 7).statement()).as("H2 deletes what a later row of the key supersedes, no window")
			.startsWith("DELETE FROM stg_odds_api_game_lines staged WHERE staged.run_id = :run_id AND EXISTS (")
			.contains(
					"later.outcome_name = staged.outcome_name AND later.outcome_point IS NOT DISTINCT FROM staged.outcome_point")
			.contains(
					"(later.snapshot_timestamp, later.source_file_path, later.object_index, later.event_index, later.row_ordinal) > (staged.snapshot_timestamp,")
			.doesNotContain("OVER");
		assertThat(h2.createStaging(table)).as("the duplicates are found through an index")
			.contains(
					"CREATE INDEX IF NOT EXISTS ix_stg_odds_api_game_lines_key ON stg_odds_api_game_lines (run_id, game_date, game_id, snapshot_timestamp, bookmaker_key, market_key, outcome_name)");
	}

	@Test
	void theLegacyPointsTableKeepsThePlatformsShapeAndLayout() {
		List<String> ddl = new BigQuerySql("nba_raw").createTarget(CATALOG.table("odds_api_player_points_props"));
		assertThat(ddl.get(0))
			.startsWith("CREATE TABLE IF NOT EXISTS `nba_raw.odds_api_player_points_props` (\n"
					+ "  game_id STRING NOT NULL,\n  odds_api_event_id STRING NOT NULL,\n  game_date DATE NOT NULL,")
			.contains("  points_line FLOAT64 NOT NULL,\n", "  data_hash STRING,\n  processed_at TIMESTAMP\n)")
			.endsWith("PARTITION BY game_date\nCLUSTER BY player_lookup, game_date, bookmaker")
			.doesNotContain("created_at");
	}

	@Test
	void equalDataHashesEqual() {
		assertThat(RowBinder.dataHash(new Object[] { "a", null, 1.5 }))
			.isEqualTo(RowBinder.dataHash(new Object[] { "a", null, 1.5 }))
			.isNotEqualTo(RowBinder.dataHash(new Object[] { "a", "", 1.5 }))
			.hasSize(32);
	}

}
