package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The JDBC warehouse's statements: shared staging tables keyed by run id, the publish
 * guard, and the {@link SharedSql} MERGE over the run's deduplicated staging. Run values
 * are bound ({@code :run_id}, {@code :published_at}); the game date is a literal. What
 * differs between the databases is each dialect's own: {@link H2Sql},
 * {@link PostgresSql}.
 */
public abstract sealed class JdbcSql permits H2Sql, PostgresSql {

	public static final String GUARD_TABLE = "odds_publish_guard";

	private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE INDEX IF NOT EXISTS (\\w+) ON ");

	protected final SharedSql shared;

	private final SqlDialect dialect;

	JdbcSql(SqlDialect dialect) {
		this.shared = new SharedSql(dialect, UnaryOperator.identity());
		this.dialect = dialect;
	}

	public static JdbcSql of(SqlDialect dialect) {
		return switch (dialect) {
			case H2 -> new H2Sql();
			case POSTGRESQL -> new PostgresSql();
			default -> throw new IllegalArgumentException("no JDBC statements for " + dialect);
		};
	}

	/** The SQL function naming the connection's schema. */
	protected abstract String currentSchema();

	/** The index one of our {@code CREATE INDEX IF NOT EXISTS} statements creates. */
	public static Optional<String> createdIndex(String ddl) {
		Matcher index = CREATE_INDEX.matcher(ddl);
		return index.find() ? Optional.of(index.group(1)) : Optional.empty();
	}

	/**
	 * Counts the indexes named {@code ?} in the current schema, reading the catalogue
	 * only (no table lock).
	 */
	public SqlDialect dialect() {
		return dialect;
	}

	public String countIndexesNamed() {
		return dialect == SqlDialect.POSTGRESQL
				? "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()" + " AND indexname = LOWER(?)"
				: "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = SCHEMA() AND INDEX_NAME = UPPER(?)";
	}

	public List<String> createTarget(TableDefinition table) {
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE IF NOT EXISTS " + table.name() + " (\n  " + shared.targetColumns(table) + "\n)");
		List<String> indexColumns = Stream
			.concat(Stream.of(table.partitionColumn()),
					table.mergeKey().stream().filter(k -> !k.equals(table.partitionColumn())).limit(2))
			.toList();
		statements.add("CREATE INDEX IF NOT EXISTS ix_" + table.name() + "_key ON " + table.name() + " ("
				+ String.join(", ", indexColumns) + ")");
		statements.addAll(new AnalyticsSql(shared).createViews(table));
		return statements;
	}

	/** Counts the views named {@code ?} in the current schema. */
	public String countViewsNamed() {
		return "SELECT COUNT(*) FROM information_schema.views WHERE LOWER(table_name) = LOWER(?) AND table_schema = "
				+ currentSchema();
	}

	/**
	 * A table's columns as {@code column_name, data_type, is_nullable}, in order; none
	 * when it is no base table.
	 */
	public String existingColumns() {
		return "SELECT LOWER(c.column_name) AS column_name, c.data_type, c.is_nullable FROM information_schema.columns c "
				+ "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
				+ "WHERE t.table_type = 'BASE TABLE' AND LOWER(c.table_name) = LOWER(?) AND c.table_schema = "
				+ currentSchema() + " ORDER BY c.ordinal_position";
	}

	/**
	 * A database's type name as job-config's {@link ColumnType} name, where it is one;
	 * else as the database says it.
	 */
	public static String columnType(String databaseType) {
		String type = databaseType.toLowerCase(Locale.ROOT);
		return switch (type) {
			case "text", "character varying", "varchar" -> ColumnType.STRING.name();
			case "bigint" -> ColumnType.INT64.name();
			case "double precision", "float8" -> ColumnType.FLOAT64.name();
			case "timestamp with time zone" -> ColumnType.TIMESTAMP.name();
			case "date" -> ColumnType.DATE.name();
			case "boolean" -> ColumnType.BOOL.name();
			default -> databaseType.toUpperCase(Locale.ROOT);
		};
	}

	public String addColumn(TableDefinition table, ColumnDefinition column) {
		return "ALTER TABLE " + table.name() + " ADD COLUMN IF NOT EXISTS " + column.name() + " "
				+ dialect.type(column.type());
	}

	public List<String> createStaging(TableDefinition table) {
		String columns = shared.stagingColumns(table)
			.stream()
			.map(c -> c + " " + shared.stagingColumnType(table, c)
					+ (SharedSql.STAGING_POSITION.contains(c) ? " NOT NULL" : ""))
			.collect(Collectors.joining(",\n  "));
		List<String> statements = new ArrayList<>();
		statements.add("CREATE TABLE IF NOT EXISTS " + table.stagingName() + " (\n  " + columns + "\n)");
		statements.add("CREATE INDEX IF NOT EXISTS ix_" + table.stagingName() + "_run ON " + table.stagingName()
				+ " (run_id, object_index, event_index)");
		if (deduplicatesInPlace()) {
			statements.add("CREATE INDEX IF NOT EXISTS ix_" + table.stagingName() + "_key ON " + table.stagingName()
					+ " (run_id, " + String.join(", ", requiredKey(table)) + ")");
		}
		return statements;
	}

	/**
	 * The merge key's NOT NULL columns: what an index can find a staged row's duplicates
	 * by.
	 */
	private static List<String> requiredKey(TableDefinition table) {
		return table.mergeKey().stream().filter(k -> table.column(k).required()).toList();
	}

	public List<String> stagingColumns(TableDefinition table) {
		return shared.stagingColumns(table);
	}

	/**
	 * Whether staging is written with the database's bulk copy rather than batched
	 * inserts.
	 */
	public abstract boolean stagesByCopy();

	public String insertStaging(TableDefinition table) {
		List<String> columns = stagingColumns(table);
		return "INSERT INTO " + table.stagingName() + " (" + String.join(", ", columns) + ") VALUES ("
				+ columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
	}

	public String publishedObjects(TableDefinition ledger) {
		return "SELECT source_file_path, generation, size_bytes FROM " + ledger.name()
				+ " WHERE game_date = :game_date AND endpoint = :endpoint";
	}

	public String createGuard() {
		return "CREATE TABLE IF NOT EXISTS " + GUARD_TABLE + " (game_date DATE PRIMARY KEY)";
	}

	/**
	 * Makes sure the date's guard row exists, without failing when another transaction
	 * adds it first.
	 */
	public String insertGuard() {
		return switch (shared.dialect()) {
			case POSTGRESQL -> "INSERT INTO " + GUARD_TABLE + " (game_date) VALUES (:game_date) ON CONFLICT DO NOTHING";
			default -> "MERGE INTO " + GUARD_TABLE + " KEY (game_date) VALUES (:game_date)";
		};
	}

	/**
	 * Row lock on the date's guard: publications of one date queue here, so two MERGEs
	 * never insert the same key.
	 */
	public String lockGuard() {
		return "SELECT game_date FROM " + GUARD_TABLE + " WHERE game_date = :game_date FOR UPDATE";
	}

	/**
	 * An ANALYZE of the target before its MERGE, where its statistics would mislead the
	 * plan.
	 */
	public abstract Optional<String> analyzeTarget(TableDefinition table, long staged, Double estimatedRows);

	/**
	 * The database's row estimate of a table (bind the table name), where it keeps one.
	 */
	public abstract Optional<String> estimatedRows();

	public String countStaged(TableDefinition table) {
		return "SELECT COUNT(*) FROM " + table.stagingName() + " WHERE run_id = :run_id";
	}

	public String discardStaged(TableDefinition table) {
		return "DELETE FROM " + table.stagingName() + " WHERE run_id = :run_id AND (object_index > :object_index"
				+ " OR (object_index = :object_index AND event_index >= :event_index))";
	}

	public String clearStaging(TableDefinition table) {
		return "DELETE FROM " + table.stagingName() + " WHERE run_id = :run_id";
	}

	/**
	 * Whether a run is deduplicated by deleting superseded staged rows in place, rather
	 * than by copying the survivors into a temporary table.
	 */
	public abstract boolean deduplicatesInPlace();

	/** PostgreSQL: the run's staged rows with one row per merge key. */
	private String dedupedSource(TableDefinition table) {
		return "SELECT * FROM (SELECT staged.*, " + shared.keyRank(table) + " AS key_rank FROM " + table.stagingName()
				+ " staged WHERE staged.run_id = :run_id) ranked WHERE key_rank = 1";
	}

	/**
	 * A later staged row of the run has the key of {@code staged}: the order is
	 * {@link SharedSql#dedupOrder}'s.
	 */
	private String superseded(TableDefinition table) {
		List<String> order = Stream
			.concat(table.latestFirst().stream(), Stream.of("object_index", "event_index", "row_ordinal"))
			.toList();
		String sameKey = table.mergeKey()
			.stream()
			.map(k -> table.column(k).required() ? "later." + k + " = staged." + k
					: "later." + k + " IS NOT DISTINCT FROM staged." + k)
			.collect(Collectors.joining(" AND "));
		return "EXISTS (SELECT 1 FROM " + table.stagingName() + " later WHERE later.run_id = staged.run_id AND "
				+ sameKey + " AND (" + order.stream().map(c -> "later." + c).collect(Collectors.joining(", ")) + ") > ("
				+ order.stream().map(c -> "staged." + c).collect(Collectors.joining(", ")) + "))";
	}

	/** H2: the run's staged rows that a later row of their key supersedes, deleted. */
	public String deleteSuperseded(TableDefinition table) {
		return "DELETE FROM " + table.stagingName() + " staged WHERE staged.run_id = :run_id AND " + superseded(table);
	}

	/**
	 * PostgreSQL: a run's staging deduplicated once, into a temporary table dropped at
	 * commit, which the counts and the MERGE then read. PostgreSQL planned the MERGE over
	 * the window function of a date's 513,600 unchanged rows as a nested loop (123 s),
	 * and counting the deduplicated rows sorted them all a second time (59 s). The run id
	 * goes in as a literal: CREATE TABLE AS takes no parameters.
	 */
	public String materializeDeduped(TableDefinition table, long runId) {
		return "CREATE TEMPORARY TABLE " + dedupedName(table) + " ON COMMIT DROP AS "
				+ dedupedSource(table).replace(":run_id", Long.toString(runId));
	}

	/** PostgreSQL plans the MERGE on the materialized rows' statistics. */
	public String analyzeDeduped(TableDefinition table) {
		return "ANALYZE " + dedupedName(table);
	}

	private static String dedupedName(TableDefinition table) {
		return "dedup_" + table.name();
	}

	/** What a publication's counts and MERGE read. */
	public enum Source {

		/** The run's staging: its keys are unique, or H2 deleted the superseded rows. */
		STAGING,
		/** PostgreSQL's deduplicated copy ({@link #materializeDeduped}). */
		DEDUPED

	}

	private String publicationSource(TableDefinition table, Source source) {
		return source == Source.STAGING ? "SELECT * FROM " + table.stagingName() + " WHERE run_id = :run_id"
				: "SELECT * FROM " + dedupedName(table);
	}

	/** A setting for the MERGE's transaction, undone by {@link #afterMerge}. */
	public abstract Optional<String> beforeMerge(Source source);

	public Optional<String> afterMerge(Source source) {
		return Optional.empty();
	}

	/**
	 * Where the database counts the rows a MERGE inserted after it, the count; else the
	 * new keys are counted before the MERGE ({@link #countNewKeys}).
	 */
	public abstract Optional<String> countInserted(TableDefinition table, LocalDate gameDate);

	public String countNewKeys(TableDefinition table, LocalDate gameDate, Source source) {
		return "SELECT COUNT(*) FROM (" + publicationSource(table, source) + ") s WHERE NOT EXISTS (SELECT 1 FROM "
				+ table.name() + " t WHERE " + shared.onClause(table, gameDate) + ")";
	}

	public AnalyticsSql analytics() {
		return new AnalyticsSql(shared);
	}

	public String merge(TableDefinition table, LocalDate gameDate, Source source) {
		return shared.merge(table, gameDate, publicationSource(table, source), ":published_at");
	}

}
