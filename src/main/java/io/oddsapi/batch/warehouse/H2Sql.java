package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.Optional;

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
	 * through an index on the key and holds only the rows it deletes.
	 */
	@Override
	public boolean deduplicatesInPlace() {
		return true;
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
