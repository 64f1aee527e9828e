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
		return statements;
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
	 * How a run's staged rows are left one per merge key, before the counts and the MERGE
	 * read them.
	 */
	public abstract Collapse collapse(TableDefinition table, long runId);

	/**
	 * @param statement run with the run's parameters
	 * @param inPlace whether {@code statement} deletes superseded staged rows (its count
	 * is the rows removed) rather than copying the survivors (its count is the rows kept)
	 * @param afterwards statements to run after it
	 */
	public record Collapse(String statement, boolean inPlace, List<String> afterwards) {

		/** What the publication reads once the rows are collapsed. */
		public Source source() {
			return inPlace ? Source.STAGING : Source.DEDUPED;
		}

	}

	/** What a publication's counts and MERGE read. */
	public enum Source {

		/** The run's staging: its keys are unique, or H2 deleted the superseded rows. */
		STAGING,
		/** PostgreSQL's deduplicated copy ({@link PostgresSql#collapse}). */
		DEDUPED

	}

	private String publicationSource(TableDefinition table, Source source) {
		return source == Source.STAGING ? "SELECT * FROM " + table.stagingName() + " WHERE run_id = :run_id"
				: "SELECT * FROM " + dedupedName(table);
	}

	/** PostgreSQL's deduplicated copy of a run's staging, dropped at commit. */
	static String dedupedName(TableDefinition table) {
		return "dedup_" + table.name();
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
