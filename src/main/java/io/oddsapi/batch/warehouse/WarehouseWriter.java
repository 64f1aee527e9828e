package io.oddsapi.batch.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.transaction.PlatformTransactionManager;

/**
 * The warehouse's writing seam: a run stages its rows under its run id, then publishes
 * them with one MERGE per target table, with the ledger of published objects; the job
 * does not know which database is behind this.
 */
public interface WarehouseWriter {

	/**
	 * What the ledger holds for an endpoint's date: object name -> the version published.
	 */
	Map<String, PublishedVersion> publishedObjects(LocalDate gameDate, String endpoint);

	/** Stages one chunk's rows. Runs in the chunk's transaction. */
	void stage(long runId, List<StagedRow> rows);

	/**
	 * Forgets what a run staged at or after {@code from}: what an interrupted chunk may
	 * have left. With {@link StagePosition#START} the run's staging is emptied.
	 */
	void discardStaged(long runId, StagePosition from);

	/**
	 * One MERGE per target table that has staged rows (duplicates collapsed, unchanged
	 * rows left alone), then empties the run's staging; all of it commits together or not
	 * at all. {@code merged} is told each table's name after its MERGE, before anything
	 * commits (where tests crash a publication between two tables).
	 */
	PublishReport publish(long runId, LocalDate gameDate, Instant publishedAt, Consumer<String> merged);

	/**
	 * MERGEs rows of one table computed from published data (a date's coverage) with one
	 * MERGE, serialized with the date's publications; how they reach the database is the
	 * warehouse's (staged on JDBC, literal values on BigQuery).
	 */
	void mergeRows(LocalDate gameDate, List<? extends Record> rows, Instant publishedAt);

	/**
	 * The transaction the publish step runs in. By default the job repository's: the
	 * MERGEs commit with the step. A warehouse that publishes elsewhere and waits for
	 * remote jobs runs it in none, since a database transaction held open while it waits
	 * would be ended by PostgreSQL's idle-in-transaction timeout (the lease).
	 */
	default PlatformTransactionManager publishTransactions(PlatformTransactionManager repository) {
		return repository;
	}

}
