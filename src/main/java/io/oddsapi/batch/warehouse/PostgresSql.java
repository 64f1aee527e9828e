package io.oddsapi.batch.warehouse;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The PostgreSQL warehouse's statements where PostgreSQL differs from H2. */
final class PostgresSql extends JdbcSql {

	PostgresSql() {
		super(SqlDialect.POSTGRESQL);
	}

	@Override
	protected String currentSchema() {
		return "current_schema()";
	}

	/** Binary COPY ({@link PostgresCopy}). */
	@Override
	public boolean stagesByCopy() {
		return true;
	}

	/**
	 * When the target's statistics are missing or the run adds more than a tenth of the
	 * rows they count: a target filled moments ago and never analysed since is planned as
	 * empty, and its MERGE probes row by row. Not every time: a small run into a large
	 * table would pay for a sample it does not need.
	 */
	@Override
	public Optional<String> analyzeTarget(TableDefinition table, long staged, Double estimatedRows) {
		boolean stale = estimatedRows == null || estimatedRows < 0 || staged > estimatedRows / 10;
		return stale ? Optional.of("ANALYZE " + table.name()) : Optional.empty();
	}

	/** -1 when the table was never analysed. */
	@Override
	public Optional<String> estimatedRows() {
		return Optional.of("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)");
	}

	/**
	 * The run's staging deduplicated once, into a temporary table dropped at commit, then
	 * analysed: the counts and the MERGE read it. Over the window function itself,
	 * PostgreSQL planned the MERGE of a large date as a nested loop and sorted the rows
	 * again to count them. The run id goes in as a literal: CREATE TABLE AS takes no
	 * parameters.
	 */
	@Override
	public Collapse collapse(TableDefinition table, long runId) {
		String ranked = "SELECT * FROM (SELECT staged.*, " + shared.keyRank(table) + " AS key_rank FROM "
				+ table.stagingName() + " staged WHERE staged.run_id = " + runId + ") ranked WHERE key_rank = 1";
		return new Collapse("CREATE TEMPORARY TABLE " + dedupedName(table) + " ON COMMIT DROP AS " + ranked, false,
				List.of("ANALYZE " + dedupedName(table)));
	}

	/**
	 * Reading the run's staging straight, the shared staging table's statistics are those
	 * of whatever it held when last analysed, and an estimate of a few rows makes the
	 * plan probe the target's index once per staged row; a hash or merge join reads the
	 * date's rows once whatever the estimate.
	 */
	@Override
	public Optional<String> beforeMerge(Source source) {
		return source == Source.STAGING ? Optional.of("SET LOCAL enable_nestloop = off") : Optional.empty();
	}

	@Override
	public Optional<String> afterMerge(Source source) {
		return beforeMerge(source).map(set -> "RESET enable_nestloop");
	}

	/**
	 * Where the table keeps its first publication time, the rows the MERGE just inserted
	 * are the date's rows first published now (publications of a date are serialized by
	 * the guard): one scan of the date after the MERGE, where counting new keys before it
	 * would join the run's rows with the target a second time.
	 */
	@Override
	public Optional<String> countInserted(TableDefinition table, LocalDate gameDate) {
		return table.filled(ColumnDefinition.Fill.FIRST_PUBLISHED)
			.map(column -> "SELECT COUNT(*) FROM " + table.name() + " WHERE " + table.partitionColumn() + " = "
					+ shared.dialect().dateLiteral(gameDate) + " AND " + column.name() + " = :published_at");
	}

}
