package io.oddsapi.batch.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.oddsapi.batch.jdbc.IdempotentDdl;
import io.oddsapi.batch.odds.OfficialGameIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The warehouse on a SQL database reached by JDBC (H2, PostgreSQL). Staging is one table
 * per target, shared by runs and keyed by run id, so that a run needs no DDL of its own.
 * Statements join the caller's transaction: staging commits with its chunk, publication
 * with the publish step.
 */
public class JdbcWarehouse implements Warehouse {

	private static final Logger log = LoggerFactory.getLogger(JdbcWarehouse.class);

	private static final int TRACKED_RUNS = 16;

	private static final int COMPUTED_ROWS_PIECE = 1000;

	private final NamedParameterJdbcTemplate jdbc;

	private final RowTables rowTables;

	private final JdbcSql sql;

	/** From the last {@link #prepare()}. */
	private volatile Map<String, List<String>> notNullThere = Map.of();

	/**
	 * The keys of the runs this process staged from their start, so that their
	 * publication can skip collapsing duplicates where there are none; a run restarted
	 * from elsewhere than its start has none here (deduplicated).
	 */
	private final Map<Long, StagedKeys> stagedKeys = new ConcurrentHashMap<>();

	private final Map<String, int[]> keyIndexes = new ConcurrentHashMap<>();

	/**
	 * Joins the caller's transaction on this database; begins one where there is none
	 * (the coverage commands).
	 */
	private final TransactionTemplate transactions;

	/** On the database the data source reaches, in its dialect. */
	public static JdbcWarehouse on(DataSource dataSource, RowTables rowTables) throws SQLException {
		try (Connection connection = dataSource.getConnection()) {
			return new JdbcWarehouse(new JdbcTemplate(dataSource), rowTables,
					SqlDialect.forProductName(connection.getMetaData().getDatabaseProductName()));
		}
	}

	public JdbcWarehouse(JdbcTemplate jdbc, RowTables rowTables, SqlDialect dialect) {
		this.jdbc = new NamedParameterJdbcTemplate(jdbc);
		this.rowTables = rowTables;
		this.sql = JdbcSql.of(dialect);
		this.transactions = new TransactionTemplate(new JdbcTransactionManager(jdbc.getDataSource()));
	}

	@Override
	public void prepare() {
		List<TableAdoption> plan = adoptionPlan();
		TableAdoption.requireAdopted(plan);
		notNullThere = TableAdoption.notNullThere(plan);
		List<String> statements = new ArrayList<>();
		for (TableDefinition table : rowTables.catalog().tables()) {
			statements.addAll(sql.createTarget(table));
			statements.addAll(sql.createStaging(table));
		}
		statements.add(sql.createGuard());
		statements.forEach(this::executeDdl);
	}

	@Override
	public Map<String, List<String>> notNullThere() {
		return notNullThere;
	}

	@Override
	public List<TableAdoption> adoptionPlan() {
		return rowTables.catalog()
			.tables()
			.stream()
			.map(table -> TableAdoption.of(table, existing(table.name()),
					jdbc.getJdbcTemplate().queryForObject(sql.countViewsNamed(), Long.class, table.name()) > 0,
					sql.dialect()))
			.toList();
	}

	@Override
	public List<TableAdoption> adopt() {
		List<TableAdoption> plan = adoptionPlan();
		TableAdoption.requireAdoptable(plan);
		for (TableAdoption table : plan) {
			TableDefinition definition = rowTables.catalog().table(table.table());
			table.added().forEach(column -> executeDdl(sql.addColumn(definition, column)));
		}
		return adoptionPlan();
	}

	private Optional<ExistingTable> existing(String table) {
		Map<String, String> types = new LinkedHashMap<>();
		Set<String> notNull = new LinkedHashSet<>();
		jdbc.getJdbcTemplate().query(sql.existingColumns(), rs -> {
			String column = rs.getString("column_name");
			types.put(column, JdbcSql.columnType(rs.getString("data_type")));
			if ("NO".equalsIgnoreCase(rs.getString("is_nullable"))) {
				notNull.add(column);
			}
		}, table);
		return types.isEmpty() ? Optional.empty()
				: Optional.of(new ExistingTable(types, notNull, null, List.of(), false));
	}

	/**
	 * An index already there is not created again: PostgreSQL's CREATE INDEX IF NOT
	 * EXISTS takes its table lock before it looks, so it would wait for every open write
	 * to the table, a frozen holder's included.
	 */
	private void executeDdl(String statement) {
		Optional<String> index = JdbcSql.createdIndex(statement);
		if (index.isPresent()
				&& jdbc.getJdbcTemplate().queryForObject(sql.countIndexesNamed(), Long.class, index.get()) > 0) {
			return;
		}
		IdempotentDdl.execute(jdbc.getJdbcTemplate(), statement);
	}

	@Override
	public Map<String, PublishedVersion> publishedObjects(LocalDate gameDate, String endpoint) {
		Map<String, PublishedVersion> published = new HashMap<>();
		jdbc.query(sql.publishedObjects(rowTables.catalog().ledger()),
				new MapSqlParameterSource("game_date", gameDate).addValue("endpoint", endpoint), rs -> {
					published.put(rs.getString(1), new PublishedVersion(rs.getLong(2), rs.getLong(3)));
				});
		return published;
	}

	@Override
	public List<OfficialGameIds.ScheduledGame> scheduledGames(ScheduleProperties schedule, LocalDate from,
			LocalDate to) {
		return jdbc.getJdbcTemplate()
			.query(schedule.query(sql.dialect(), schedule.table(), from, to),
					(rs, i) -> new OfficialGameIds.ScheduledGame(rs.getString("official_id"),
							rs.getObject("game_date", LocalDate.class), rs.getString("away_team"),
							rs.getString("home_team")));
	}

	@Override
	public void stage(long runId, List<StagedRow> rows) {
		stageRows(runId, rows, stagedKeys.get(runId));
	}

	/**
	 * Stages rows under {@code runId} in the caller's transaction, noting their keys in
	 * {@code keys} when given.
	 */
	private void stageRows(long runId, List<StagedRow> rows, StagedKeys keys) {
		Map<RowBinder, List<Object[]>> byTable = new LinkedHashMap<>();
		boolean copy = sql.stagesByCopy();
		for (StagedRow staged : rows) {
			RowBinder binder = rowTables.binderFor(staged.row());
			Object[] args = binder.stagingValues(runId, staged);
			if (keys != null) {
				TableDefinition table = binder.table();
				keys.add(table, keyIndexes.computeIfAbsent(table.name(), t -> StagedKeys.keyIndexes(table)), args);
			}
			if (!copy) {
				for (int i = 4; i < args.length; i++) {
					// COPY encodes an Instant itself; a parameter needs an OffsetDateTime
					args[i] = jdbcValue(args[i]);
				}
			}
			byTable.computeIfAbsent(binder, b -> new ArrayList<>()).add(args);
		}
		byTable.forEach((binder, args) -> {
			if (copy) {
				PostgresCopy.copy(jdbc.getJdbcTemplate().getDataSource(), binder.table().stagingName(),
						sql.stagingColumns(binder.table()), args);
			}
			else {
				jdbc.getJdbcTemplate().batchUpdate(sql.insertStaging(binder.table()), args);
			}
		});
	}

	/**
	 * From its start a run's keys are all seen here; a run resumed mid-way may have
	 * staged rows elsewhere. A run that fails and is never published leaves its keys
	 * until {@value #TRACKED_RUNS} later runs have started.
	 */
	private void trackKeys(long runId, boolean fromStart) {
		if (!fromStart) {
			stagedKeys.remove(runId);
			return;
		}
		while (stagedKeys.size() >= TRACKED_RUNS) {
			stagedKeys.keySet().stream().min(Long::compare).ifPresent(stagedKeys::remove);
		}
		stagedKeys.put(runId, new StagedKeys());
	}

	private static Object jdbcValue(Object value) {
		return value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value;
	}

	@Override
	public void discardStaged(long runId, StagePosition from) {
		trackKeys(runId, from.equals(StagePosition.START));
		MapSqlParameterSource params = new MapSqlParameterSource("run_id", runId)
			.addValue("object_index", from.objectIndex())
			.addValue("event_index", from.eventIndex());
		for (TableDefinition table : rowTables.catalog().tables()) {
			int discarded = jdbc.update(sql.discardStaged(table), params);
			if (discarded > 0) {
				log.info("discarded {} uncommitted staging rows of run {} from {}", discarded, runId,
						table.stagingName());
			}
		}
	}

	@Override
	public PublishReport publish(long runId, LocalDate gameDate, Instant publishedAt, Consumer<String> merged) {
		// at the precision both databases store, so that the rows it stamps compare equal
		// to it (countInserted)
		MapSqlParameterSource params = new MapSqlParameterSource("run_id", runId).addValue("published_at",
				OffsetDateTime.ofInstant(publishedAt.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
		MapSqlParameterSource date = new MapSqlParameterSource("game_date", gameDate);
		jdbc.update(sql.insertGuard(), date);
		jdbc.queryForList(sql.lockGuard(), date);
		StagedKeys keys = stagedKeys.remove(runId);
		List<PublishReport.TableReport> reports = new ArrayList<>();
		for (TableDefinition table : rowTables.catalog().tables()) {
			long staged = count(sql.countStaged(table), params);
			if (staged == 0) {
				continue;
			}
			refreshStatistics(table, staged);
			boolean unique = keys != null && keys.unique(table.name());
			Collapsed collapsed = collapse(table, runId, params, staged, unique);
			long deduped = collapsed.rows();
			JdbcSql.Source source = collapsed.source();
			Optional<String> countInserted = sql.countInserted(table, gameDate);
			long newKeys = countInserted.isPresent() ? 0 : count(sql.countNewKeys(table, gameDate, source), params);
			long changed = mergeFrom(table, gameDate, source, params);
			long inserted = countInserted.map(query -> count(query, params)).orElse(newKeys);
			jdbc.update(sql.clearStaging(table), params);
			reports.add(new PublishReport.TableReport(table.name(), staged, deduped, inserted, changed - inserted));
			merged.accept(table.name());
		}
		return new PublishReport(List.copyOf(reports));
	}

	/**
	 * Collapses a run's staged rows to one per merge key unless they are known unique;
	 * answers the rows left and where the publication reads them.
	 */
	private Collapsed collapse(TableDefinition table, long runId, MapSqlParameterSource params, long staged,
			boolean unique) {
		if (unique) {
			return new Collapsed(staged, JdbcSql.Source.STAGING);
		}
		JdbcSql.Collapse collapse = sql.collapse(table, runId);
		int count = jdbc.update(collapse.statement(), params);
		collapse.afterwards().forEach(jdbc.getJdbcTemplate()::execute);
		return new Collapsed(collapse.inPlace() ? staged - count : count, collapse.source());
	}

	private record Collapsed(long rows, JdbcSql.Source source) {
	}

	/** The one MERGE of a table; answers the rows it inserted or updated. */
	private long mergeFrom(TableDefinition table, LocalDate gameDate, JdbcSql.Source source,
			MapSqlParameterSource params) {
		sql.beforeMerge(source).ifPresent(jdbc.getJdbcTemplate()::execute);
		long changed = jdbc.update(sql.merge(table, gameDate, source), params);
		sql.afterMerge(source).ifPresent(jdbc.getJdbcTemplate()::execute);
		return changed;
	}

	@Override
	public List<CoverageFacts> coverageFacts(LocalDate gameDate) {
		List<CoverageFacts> facts = new ArrayList<>();
		AnalyticsSql analytics = sql.analytics();
		for (TableDefinition table : rowTables.catalog().tables()) {
			analytics.coverageFacts(table, gameDate)
				.ifPresent(query -> jdbc.getJdbcTemplate()
					.query(query, (rs, i) -> CoverageFacts.of(table.name(), column -> text(rs, column)))
					.forEach(facts::add));
		}
		return facts;
	}

	@Override
	public List<DateTally> tallyByDate(Class<? extends Record> rowType, String booleanColumn, LocalDate from,
			LocalDate to) {
		TableDefinition table = rowTables.catalog().forRowType(rowType.getSimpleName());
		return jdbc.getJdbcTemplate()
			.query(sql.analytics().tallyByDate(table, booleanColumn, from, to),
					(rs, i) -> new DateTally(rs.getObject("game_date", LocalDate.class), rs.getLong("row_count"),
							rs.getLong("marked")));
	}

	private static String text(ResultSet rs, String column) {
		try {
			Object value = rs.getObject(column);
			return value == null ? null : value.toString();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Under the date's guard, as a publication: two runs of the date never insert the
	 * same key side by side. Staged like a run's rows, in pieces, and merged by the same
	 * one MERGE: a statement of literal values held the whole SQL text and its parse tree
	 * in memory, which 62,000 games (the memory benchmark's one object) did not fit in a
	 * 128 MB heap. The rows are staged under {@link #computedRowsId}; the transaction
	 * (the caller's, or one of its own) keeps them from anyone else until they are merged
	 * and deleted.
	 */
	@Override
	public void mergeRows(LocalDate gameDate, List<? extends Record> rows, Instant publishedAt) {
		if (rows.isEmpty()) {
			return;
		}
		TableDefinition table = rowTables.binderFor(rows.get(0)).table();
		long stagingId = computedRowsId(gameDate);
		MapSqlParameterSource params = new MapSqlParameterSource("run_id", stagingId).addValue("published_at",
				OffsetDateTime.ofInstant(publishedAt, ZoneOffset.UTC));
		MapSqlParameterSource date = new MapSqlParameterSource("game_date", gameDate);
		transactions.executeWithoutResult(status -> {
			jdbc.update(sql.insertGuard(), date);
			jdbc.queryForList(sql.lockGuard(), date);
			jdbc.update(sql.clearStaging(table), params);
			StagedKeys keys = new StagedKeys();
			for (int from = 0; from < rows.size(); from += COMPUTED_ROWS_PIECE) {
				List<StagedRow> piece = new ArrayList<>();
				for (int i = from; i < Math.min(rows.size(), from + COMPUTED_ROWS_PIECE); i++) {
					piece.add(new StagedRow(0, 0, i, rows.get(i)));
				}
				stageRows(stagingId, piece, keys);
			}
			boolean unique = keys.unique(table.name());
			mergeFrom(table, gameDate, collapse(table, stagingId, params, rows.size(), unique).source(), params);
			jdbc.update(sql.clearStaging(table), params);
		});
	}

	/**
	 * The staging id of rows computed for a date: minus one minus its day number, which
	 * no run id (all positive) takes.
	 */
	static long computedRowsId(LocalDate gameDate) {
		return -1 - gameDate.toEpochDay();
	}

	/**
	 * ANALYZE holds a lock that other ANALYZEs of the table wait for: inside the
	 * publication it would be held to the commit and make publications of other dates
	 * into the same table wait. The run's staging rows are committed already, so a
	 * connection of its own sees them.
	 */
	private void refreshStatistics(TableDefinition table, long staged) {
		List<String> statements = new ArrayList<>();
		sql.estimatedRows()
			.map(estimate -> jdbc.getJdbcTemplate().queryForObject(estimate, Double.class, table.name()))
			.flatMap(estimate -> sql.analyzeTarget(table, staged, estimate))
			.ifPresent(statements::add);
		if (statements.isEmpty()) {
			return;
		}
		try (Connection connection = jdbc.getJdbcTemplate().getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			for (String analyze : statements) {
				statement.execute(analyze);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("refreshing statistics before the MERGE failed: " + ex.getMessage(), ex);
		}
	}

	private long count(String query, MapSqlParameterSource params) {
		Long count = jdbc.queryForObject(query, params, Long.class);
		return count == null ? 0 : count;
	}

}
