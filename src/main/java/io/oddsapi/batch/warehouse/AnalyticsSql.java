package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The consumer views of a table with {@link AnalyticsDefinition analytics}, in one
 * dialect: pre-tip latest, opening and closing lines, line movement, and consensus with
 * no-vig prices. Every view holds only snapshots taken strictly before tip-off: the
 * platform's "latest line" queries once took in-game snapshots, and 9.6% of a season's
 * model rows carried the game's outcome.
 *
 * <p>
 * Probabilities come from the decimal price (the parser converts American prices to it).
 * Alternate markets list many lines per side, so each of their lines is a series of its
 * own in open/close and movement, and they have no consensus or no-vig figures; a side a
 * bookmaker did not offer is left out of every figure, never taken as zero.
 */
public final class AnalyticsSql {

	/**
	 * A closing line this close to tip-off is a true close (the platform's definition).
	 */
	public static final int TRUE_CLOSE_MINUTES = 45;

	/** The window, before tip-off, that the movement view counts moves in. */
	public static final int RECENT_MOVES_MINUTES = 240;

	private static final String PRE_TIP = "snapshot_timestamp < commence_time";

	private static final String ALTERNATE = "market_key LIKE '%alternate%'";

	private final SharedSql shared;

	private final SqlDialect dialect;

	public AnalyticsSql(SharedSql shared) {
		this.shared = shared;
		this.dialect = shared.dialect();
	}

	/**
	 * The views of a table, in the order they can be created (consensus reads pre-tip);
	 * none without analytics.
	 */
	public static List<String> viewNames(TableDefinition table) {
		return table.analytics().isEmpty() ? List.of()
				: Stream.of("_pretip", "_open_close", "_movement", "_consensus")
					.map(suffix -> table.name() + suffix)
					.toList();
	}

	public List<String> createViews(TableDefinition table) {
		return table.analytics().map(a -> {
			List<String> names = viewNames(table);
			return List.of(create(names.get(0), pretip(table, a)), create(names.get(1), openClose(table, a)),
					create(names.get(2), movement(table, a)), create(names.get(3), consensus(names.get(0), a)));
		}).orElse(List.of());
	}

	private String create(String view, String select) {
		return "CREATE OR REPLACE VIEW " + shared.ref(view) + " AS\n" + select;
	}

	/**
	 * Per game, bookmaker, market and selection, every row of its latest pre-tip snapshot
	 * (an alternate market's whole board), with the bookmaker's implied, overround and
	 * no-vig figures.
	 */
	private String pretip(TableDefinition table, AnalyticsDefinition a) {
		String columns = table.columns().stream().map(ColumnDefinition::name).collect(Collectors.joining(", "));
		String ranked = "SELECT " + columns + ", DENSE_RANK() OVER (PARTITION BY " + String.join(", ", a.series())
				+ " ORDER BY snapshot_timestamp DESC) AS snapshot_rank\n  FROM " + shared.ref(table.name()) + " WHERE "
				+ PRE_TIP;
		return "SELECT " + columns + ",\n  " + bookmakerProbabilities(a) + "\nFROM (" + ranked
				+ ") latest\nWHERE snapshot_rank = 1";
	}

	private String bookmakerProbabilities(AnalyticsDefinition a) {
		if (a.sidesInOneRow()) {
			return twoSided(a, implied(a.prices().get(0)), implied(a.prices().get(1)));
		}
		String price = a.prices().get(0);
		String market = "PARTITION BY game_date, game_id, bookmaker_key, market_key, snapshot_timestamp";
		String paired = "NOT " + ALTERNATE + " AND COUNT(" + price + ") OVER (" + market + ") >= 2";
		String total = "SUM(" + implied(price) + ") OVER (" + market + ")";
		return implied(price) + " AS " + side(price) + "_implied_probability,\n  CASE WHEN " + paired + " THEN " + total
				+ " - 1 END AS overround,\n  CASE WHEN " + paired + " THEN " + implied(price) + " / " + total
				+ " END AS " + side(price) + "_fair_probability";
	}

	/**
	 * Implied, overround and proportional no-vig for Over and Under in one row; NULL
	 * where a side is missing.
	 */
	private static String twoSided(AnalyticsDefinition a, String over, String under) {
		String overSide = side(a.prices().get(0));
		String underSide = side(a.prices().get(1));
		return over + " AS " + overSide + "_implied_probability, " + under + " AS " + underSide
				+ "_implied_probability,\n  " + over + " + " + under + " - 1 AS overround,\n  " + over + " / (" + over
				+ " + " + under + ") AS " + overSide + "_fair_probability, " + under + " / (" + over + " + " + under
				+ ") AS " + underSide + "_fair_probability";
	}

	/**
	 * Per series: the first pre-tip snapshot and the last, with the movement between
	 * them; the last is a true close when it falls within {@value #TRUE_CLOSE_MINUTES}
	 * minutes of tip-off.
	 */
	private String openClose(TableDefinition table, AnalyticsDefinition a) {
		String line = a.line();
		String series = "PARTITION BY " + seriesPartition(a);
		String ascending = series + " ORDER BY snapshot_timestamp, " + line + " NULLS LAST";
		List<String> inner = new ArrayList<>(identity(a));
		inner.addAll(List.of("snapshot_timestamp", line));
		inner.addAll(a.prices());
		inner.add("FIRST_VALUE(snapshot_timestamp) OVER (" + ascending + ") AS opening_snapshot_timestamp");
		inner.add("FIRST_VALUE(" + line + ") OVER (" + ascending + ") AS opening_" + line);
		a.prices().forEach(p -> inner.add("FIRST_VALUE(" + p + ") OVER (" + ascending + ") AS opening_" + p));
		inner.add("ROW_NUMBER() OVER (" + series + " ORDER BY snapshot_timestamp DESC, " + line
				+ " DESC NULLS LAST) AS close_rank");
		List<String> outer = new ArrayList<>(identity(a));
		outer.addAll(List.of("opening_snapshot_timestamp", "opening_" + line));
		a.prices().forEach(p -> outer.add("opening_" + p));
		outer.addAll(List.of("snapshot_timestamp AS closing_snapshot_timestamp", line + " AS closing_" + line));
		a.prices().forEach(p -> outer.add(p + " AS closing_" + p));
		outer.add(dialect.minutesBetween("snapshot_timestamp", "commence_time") + " AS closing_minutes_before_tipoff");
		outer.add("snapshot_timestamp >= " + dialect.minusMinutes("commence_time", TRUE_CLOSE_MINUTES)
				+ " AS is_true_close");
		outer.add(line + " - opening_" + line + " AS " + line + "_movement");
		a.prices().forEach(p -> outer.add(p + " - opening_" + p + " AS " + p + "_movement"));
		return "SELECT " + String.join(",\n  ", outer) + "\nFROM (SELECT " + String.join(",\n    ", inner) + "\n  FROM "
				+ shared.ref(table.name()) + " WHERE " + PRE_TIP + ") lines\nWHERE close_rank = 1";
	}

	/**
	 * Every pre-tip snapshot of a series beside the one before it: the change and its
	 * direction (the line's, or the price's in a market without one), and the moves of
	 * the {@code moves} group in the last {@value #RECENT_MOVES_MINUTES} minutes before
	 * tip-off.
	 */
	private String movement(TableDefinition table, AnalyticsDefinition a) {
		String line = a.line();
		String steps = "PARTITION BY " + seriesPartition(a) + " ORDER BY snapshot_timestamp, " + line + " NULLS LAST";
		List<String> inner = new ArrayList<>(identity(a));
		inner.addAll(List.of("snapshot_timestamp", line));
		inner.addAll(a.prices());
		inner.add("LAG(snapshot_timestamp) OVER (" + steps + ") AS previous_snapshot_timestamp");
		inner.add("LAG(" + line + ") OVER (" + steps + ") AS previous_" + line);
		a.prices().forEach(p -> inner.add("LAG(" + p + ") OVER (" + steps + ") AS previous_" + p));
		List<String> outer = new ArrayList<>(identity(a));
		outer.addAll(List.of("snapshot_timestamp", "previous_snapshot_timestamp", line, "previous_" + line,
				line + " - previous_" + line + " AS " + line + "_change"));
		a.prices()
			.forEach(p -> outer.addAll(List.of(p, "previous_" + p, p + " - previous_" + p + " AS " + p + "_change")));
		String price = a.prices().get(0);
		outer.add("CASE WHEN previous_snapshot_timestamp IS NULL THEN NULL\n    WHEN " + line
				+ " IS NOT NULL AND previous_" + line + " IS NOT NULL THEN " + direction(line) + "\n    ELSE "
				+ direction(price) + " END AS direction");
		String moved = Stream.concat(Stream.of(line), a.prices().stream())
			.map(c -> c + " IS DISTINCT FROM previous_" + c)
			.collect(Collectors.joining(" OR "));
		outer.add("SUM(CASE WHEN previous_snapshot_timestamp IS NOT NULL AND snapshot_timestamp >= "
				+ dialect.minusMinutes("commence_time", RECENT_MOVES_MINUTES) + " AND (" + moved
				+ ") THEN 1 ELSE 0 END) OVER (PARTITION BY " + String.join(", ", withDate(a.moves()))
				+ ") AS moves_in_last_4h");
		return "SELECT " + String.join(",\n  ", outer) + "\nFROM (SELECT " + String.join(",\n    ", inner) + "\n  FROM "
				+ shared.ref(table.name()) + " WHERE " + PRE_TIP + ") steps";
	}

	private static String direction(String column) {
		return "CASE WHEN " + column + " > previous_" + column + " THEN 'up' WHEN " + column + " < previous_" + column
				+ " THEN 'down' ELSE 'unchanged' END";
	}

	/**
	 * Per {@code consensus} group of the main (not alternate) markets, over the pre-tip
	 * latest lines: bookmakers, mean, median and standard deviation (population) of the
	 * line, the best price of each side and its bookmaker, and the consensus implied
	 * probabilities (the mean of the bookmakers'), overround and no-vig fair
	 * probabilities.
	 */
	private String consensus(String pretipView, AnalyticsDefinition a) {
		String line = a.line();
		String group = "PARTITION BY " + String.join(", ", withDate(a.consensus()));
		List<String> ranks = new ArrayList<>(
				List.of("p.*", "ROW_NUMBER() OVER (" + group + " ORDER BY " + line + " NULLS LAST) AS line_rank",
						"COUNT(" + line + ") OVER (" + group + ") AS line_count"));
		a.prices()
			.forEach(p -> ranks.add("ROW_NUMBER() OVER (" + group + " ORDER BY " + p
					+ " DESC NULLS LAST, bookmaker_key) AS " + p + "_rank"));
		List<String> keys = withDate(a.consensus());
		List<String> figures = new ArrayList<>(keys);
		figures.addAll(List.of("MAX(commence_time) AS commence_time", "COUNT(DISTINCT bookmaker_key) AS bookmakers",
				"AVG(" + line + ") AS mean_" + line,
				"AVG(CASE WHEN 2 * line_rank BETWEEN line_count AND line_count + 2 THEN " + line + " END) AS median_"
						+ line,
				"STDDEV_POP(" + line + ") AS stddev_" + line));
		for (String p : a.prices()) {
			figures.add("MAX(" + p + ") AS best_" + p);
			figures.add("MAX(CASE WHEN " + p + "_rank = 1 AND " + p + " IS NOT NULL THEN bookmaker_key END) AS best_"
					+ p + "_bookmaker");
			figures.add("AVG(" + implied(p) + ") AS " + side(p) + "_implied_probability");
		}
		String grouped = "SELECT " + String.join(",\n    ", figures) + "\n  FROM (SELECT " + String.join(", ", ranks)
				+ " FROM " + shared.ref(pretipView) + " p WHERE NOT " + ALTERNATE + ") ranked\n  GROUP BY "
				+ String.join(", ", keys);
		String probabilities = probabilities(a, keys);
		return "SELECT c.*,\n  " + probabilities + "\nFROM (" + grouped + ") c";
	}

	/**
	 * Overround and no-vig fair probabilities: from both sides of one row, or from the
	 * selections of one market.
	 */
	private static String probabilities(AnalyticsDefinition a, List<String> keys) {
		if (a.sidesInOneRow()) {
			String over = side(a.prices().get(0)) + "_implied_probability";
			String under = side(a.prices().get(1)) + "_implied_probability";
			return over + " + " + under + " - 1 AS overround,\n  " + over + " / (" + over + " + " + under + ") AS "
					+ side(a.prices().get(0)) + "_fair_probability, " + under + " / (" + over + " + " + under + ") AS "
					+ side(a.prices().get(1)) + "_fair_probability";
		}
		else {
			String implied = side(a.prices().get(0)) + "_implied_probability";
			String market = "PARTITION BY "
					+ keys.stream().filter(k -> !k.equals(a.selection())).collect(Collectors.joining(", "));
			String paired = "COUNT(" + implied + ") OVER (" + market + ") >= 2";
			String total = "SUM(" + implied + ") OVER (" + market + ")";
			return "CASE WHEN " + paired + " THEN " + total + " - 1 END AS overround,\n  CASE WHEN " + paired + " THEN "
					+ implied + " / " + total + " END AS " + side(a.prices().get(0)) + "_fair_probability";
		}
	}

	/**
	 * The coverage figures of a date's pre-tip rows ({@link CoverageFacts}): per game and
	 * market, then per game over all markets; times as epoch seconds.
	 */
	public Optional<String> coverageFacts(TableDefinition table, LocalDate gameDate) {
		return table.analytics().map(a -> {
			String figures = "MAX(" + dialect.epochSeconds("commence_time") + ") AS commence_epoch, "
					+ "MAX(home_team_abbr) AS home_team_abbr, MAX(away_team_abbr) AS away_team_abbr, "
					+ "COUNT(DISTINCT bookmaker_key) AS bookmakers, COUNT(DISTINCT " + a.selection()
					+ ") AS selections, " + "MIN(" + dialect.epochSeconds("snapshot_timestamp")
					+ ") AS first_pretip_epoch, " + "MAX(" + dialect.epochSeconds("snapshot_timestamp")
					+ ") AS last_pretip_epoch";
			String rows = " FROM " + shared.ref(table.name()) + " WHERE game_date = " + dialect.dateLiteral(gameDate)
					+ " AND " + PRE_TIP;
			return "SELECT game_id, market_key, " + figures + rows + " GROUP BY game_id, market_key\nUNION ALL\n"
					+ "SELECT game_id, " + dialect.literal(ColumnType.STRING, null) + " AS market_key, " + figures
					+ rows + " GROUP BY game_id";
		});
	}

	/**
	 * Per game date from {@code from} to {@code to}: the table's rows and those whose
	 * BOOL {@code column} is true ({@link DateTally}); the date range filters the
	 * partition.
	 */
	public String tallyByDate(TableDefinition table, String column, LocalDate from, LocalDate to) {
		if (table.column(column).type() != ColumnType.BOOL) {
			throw new IllegalArgumentException(table.name() + "." + column + " is not a BOOL column");
		}
		return "SELECT game_date, COUNT(*) AS row_count, SUM(CASE WHEN " + column + " THEN 1 ELSE 0 END) AS marked"
				+ " FROM " + shared.ref(table.name()) + " WHERE game_date BETWEEN " + dialect.dateLiteral(from)
				+ " AND " + dialect.dateLiteral(to) + " GROUP BY game_date ORDER BY game_date";
	}

	/**
	 * A series: one bookmaker's line of a selection; each line of an alternate market is
	 * a series of its own.
	 */
	private String seriesPartition(AnalyticsDefinition a) {
		return String.join(", ", a.series()) + ", CASE WHEN " + ALTERNATE + " THEN " + dialect.partitionable(a.line())
				+ " END";
	}

	private static List<String> identity(AnalyticsDefinition a) {
		return Stream.concat(a.series().stream(), Stream.of("commence_time")).toList();
	}

	/**
	 * A window's or group's columns with the game date first (see
	 * {@link AnalyticsDefinition#series()}).
	 */
	private static List<String> withDate(List<String> columns) {
		return Stream.concat(Stream.of("game_date"), columns.stream()).distinct().toList();
	}

	private static String implied(String price) {
		return "(1 / " + price + ")";
	}

	/** {@code over_price} -> {@code over}: how a price column's figures are named. */
	private static String side(String price) {
		return price.endsWith("_price") ? price.substring(0, price.length() - "_price".length()) : price;
	}

}
