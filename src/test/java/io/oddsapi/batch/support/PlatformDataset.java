package io.oddsapi.batch.support;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The platform's existing {@code nba_raw} tables as they are in production, from the
 * column lists of issue 17 (our own DDL): the game-lines table without
 * {@code outcome_price_american} or {@code data_hash}, with its NOT NULL columns,
 * partitioned by {@code game_date} with {@code require_partition_filter} and clustered as
 * production is; and the legacy single-market props table with history.
 */
public final class PlatformDataset {

	private PlatformDataset() {
	}

	public enum Dialect {

		POSTGRESQL, BIGQUERY;

		String string() {
			return this == BIGQUERY ? "STRING" : "TEXT";
		}

		String float64() {
			return this == BIGQUERY ? "FLOAT64" : "DOUBLE PRECISION";
		}

		String int64() {
			return this == BIGQUERY ? "INT64" : "BIGINT";
		}

		String timestamp() {
			return this == BIGQUERY ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
		}

	}

	/**
	 * {@code CREATE TABLE} statements of both tables; {@code ref} names a table as the
	 * database needs it.
	 */
	public static List<String> ddl(Dialect d, UnaryOperator<String> ref) {
		String s = d.string();
		String f = d.float64();
		String i = d.int64();
		String t = d.timestamp();
		boolean bq = d == Dialect.BIGQUERY;
		String gameLines = "CREATE TABLE " + ref.apply("odds_api_game_lines") + " (\n" + "  snapshot_timestamp " + t
				+ " NOT NULL,\n" + "  previous_snapshot_timestamp " + t + ",\n" + "  next_snapshot_timestamp " + t
				+ ",\n" + "  game_id " + s + " NOT NULL,\n" + "  sport_key " + s + " NOT NULL,\n" + "  sport_title " + s
				+ " NOT NULL,\n" + "  commence_time " + t + " NOT NULL,\n" + "  game_date DATE NOT NULL,\n"
				+ "  home_team " + s + " NOT NULL,\n" + "  away_team " + s + " NOT NULL,\n" + "  home_team_abbr " + s
				+ ",\n" + "  away_team_abbr " + s + ",\n" + "  bookmaker_key " + s + " NOT NULL,\n"
				+ "  bookmaker_title " + s + " NOT NULL,\n" + "  bookmaker_last_update " + t + " NOT NULL,\n"
				+ "  market_key " + s + " NOT NULL,\n" + "  market_last_update " + t + " NOT NULL,\n"
				+ "  outcome_name " + s + " NOT NULL,\n" + "  outcome_price " + f + " NOT NULL,\n" + "  outcome_point "
				+ f + ",\n" + "  source_file_path " + s + " NOT NULL,\n" + "  data_source " + s + ",\n"
				+ "  created_at " + t + " NOT NULL,\n" + "  processed_at " + t + " NOT NULL\n" + ")"
				+ (bq ? "\nPARTITION BY game_date\nCLUSTER BY game_id, bookmaker_key, market_key, snapshot_timestamp\n"
						+ "OPTIONS (require_partition_filter = TRUE)" : "");
		String pointsProps = "CREATE TABLE " + ref.apply("odds_api_player_points_props") + " (\n" + "  game_id " + s
				+ " NOT NULL,\n" + "  odds_api_event_id " + s + " NOT NULL,\n" + "  game_date DATE NOT NULL,\n"
				+ "  game_start_time " + t + ",\n" + "  home_team_abbr " + s + " NOT NULL,\n" + "  away_team_abbr " + s
				+ " NOT NULL,\n" + "  snapshot_timestamp " + t + " NOT NULL,\n" + "  snapshot_tag " + s + ",\n"
				+ "  capture_timestamp " + t + ",\n" + "  minutes_before_tipoff " + i + ",\n" + "  bookmaker " + s
				+ " NOT NULL,\n" + "  player_name " + s + " NOT NULL,\n" + "  player_lookup " + s + ",\n"
				+ "  points_line " + f + " NOT NULL,\n" + "  over_price " + f + ",\n" + "  under_price " + f + ",\n"
				+ "  over_price_american " + i + ",\n" + "  under_price_american " + i + ",\n"
				+ "  bookmaker_last_update " + t + ",\n" + "  source_file_path " + s + ",\n" + "  data_source " + s
				+ ",\n" + "  data_hash " + s + ",\n" + "  processed_at " + t + "\n" + ")"
				+ (bq ? "\nPARTITION BY game_date\nCLUSTER BY player_lookup, game_date, bookmaker" : "");
		return List.of(gameLines, pointsProps);
	}

	/** The platform's schedule: official game ids by US Eastern date and teams' codes. */
	public static String scheduleDdl(Dialect d, UnaryOperator<String> ref) {
		return "CREATE TABLE " + ref.apply("nba_schedule") + " (game_id " + d.string()
				+ " NOT NULL, game_date DATE NOT NULL, " + "home_team_tricode " + d.string() + ", away_team_tricode "
				+ d.string() + ")";
	}

	/** The legacy props columns the platform has, in order. */
	public static final List<String> POINTS_PROPS_COLUMNS = List.of("game_id", "odds_api_event_id", "game_date",
			"game_start_time", "home_team_abbr", "away_team_abbr", "snapshot_timestamp", "snapshot_tag",
			"capture_timestamp", "minutes_before_tipoff", "bookmaker", "player_name", "player_lookup", "points_line",
			"over_price", "under_price", "over_price_american", "under_price_american", "bookmaker_last_update",
			"source_file_path", "data_source", "data_hash", "processed_at");

	/** The game-lines columns the platform has, in order: what a legacy row holds. */
	public static final List<String> GAME_LINES_COLUMNS = List.of("snapshot_timestamp", "previous_snapshot_timestamp",
			"next_snapshot_timestamp", "game_id", "sport_key", "sport_title", "commence_time", "game_date", "home_team",
			"away_team", "home_team_abbr", "away_team_abbr", "bookmaker_key", "bookmaker_title",
			"bookmaker_last_update", "market_key", "market_last_update", "outcome_name", "outcome_price",
			"outcome_point", "source_file_path", "data_source", "created_at", "processed_at");

}
