package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The embedded warehouse's statements where H2 differs from PostgreSQL. */
final class H2Sql extends JdbcSql {

	H2Sql() {
		super(SqlDialect.H2);
	}

	@Override
	protected String currentSchema() {
		return "SCHEMA()";
	}

	@Override
	public boolean stagesByCopy() {
		return false;
	}

	/** H2 keeps no statistics that mislead its plans. */
	@Override
	public Optional<String> analyzeTarget(TableDefinition table, long staged, Double estimatedRows) {
		return Optional.empty();
	}

	@Override
	public Optional<String> estimatedRows() {
		return Optional.empty();
	}

	/**
	 * In place, in the publication's transaction: H2 evaluates a window function in
	 * memory, and over a large day's staged props that runs a small heap out of memory,
	 * after which H2 cannot open its file again. The delete finds a row's duplicates
	 * through an index on the key ({@link #createStaging}) and holds only the rows it
	 * deletes.
	 */
	@Override
	public Collapse collapse(TableDefinition table, long runId) {
		return new Collapse(
				"DELETE FROM " + table.stagingName() + " staged WHERE staged.run_id = :run_id AND " + superseded(table),
				true, List.of());
	}

	/**
	 * A later staged row of the run has the key of {@code staged}: the order is
	 * {@link SharedSql#dedupOrder}'s.
	 */
	private static String superseded(TableDefinition table) {
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

	/**
	 * With an index on the merge key's NOT NULL columns, which the collapse finds
	 * duplicates by.
	 */
	@Override
	public List<String> createStaging(TableDefinition table) {
		List<String> requiredKey = table.mergeKey().stream().filter(k -> table.column(k).required()).toList();
		List<String> statements = new ArrayList<>(super.createStaging(table));
		statements.add("CREATE INDEX IF NOT EXISTS ix_" + table.stagingName() + "_key ON " + table.stagingName()
				+ " (run_id, " + String.join(", ", requiredKey) + ")");
		return statements;
	}

	@Override
	public Optional<String> beforeMerge(Source source) {
		return Optional.empty();
	}

	/**
	 * H2 counts new keys before the MERGE: a scan of the date after it costs more than
	 * the count, and a day published object by object would scan the date once per
	 * object.
	 */
	@Override
	public Optional<String> countInserted(TableDefinition table, LocalDate gameDate) {
		return Optional.empty();
	}

}
