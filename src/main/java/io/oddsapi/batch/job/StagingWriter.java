package io.oddsapi.batch.job;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.StagedRow;
import io.oddsapi.batch.warehouse.WarehouseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Stages each chunk's rows under the run id, adds a ledger row for every object it
 * finishes, and keeps the run's counts. Its position (the next object and event to stage)
 * commits with the chunk; on open it discards any staged row at or after that position,
 * so a restart leaves staging exactly as a clean run would, whatever the backend's
 * transactions.
 */
public class StagingWriter implements ItemStreamWriter<StagingItem> {

	private static final Logger log = LoggerFactory.getLogger(StagingWriter.class);

	static final String OBJECT_KEY = "staging.object";

	static final String EVENT_KEY = "staging.event";

	static final String OBJECT_ROWS_KEY = "staging.objectRows";

	private final WarehouseWriter warehouse;

	private final long runId;

	private final long executionId;

	private final OddsEndpoint endpoint;

	private final LocalDate gameDate;

	private StagePosition next = StagePosition.START;

	private long objectRows;

	private RunCounts counts = RunCounts.EMPTY;

	private final StepExecution stepExecution;

	private final ShutdownSignal shutdown;

	private final Progress progress;

	public StagingWriter(WarehouseWriter warehouse, StepExecution stepExecution, OddsEndpoint endpoint,
			LocalDate gameDate, ShutdownSignal shutdown, Progress progress) {
		this.progress = progress;
		this.stepExecution = stepExecution;
		this.shutdown = shutdown;
		long runId = stepExecution.getJobExecution().getJobInstanceId();
		long executionId = stepExecution.getJobExecutionId();
		this.warehouse = warehouse;
		this.runId = runId;
		this.executionId = executionId;
		this.endpoint = endpoint;
		this.gameDate = gameDate;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		next = new StagePosition(executionContext.getInt(OBJECT_KEY, 0), executionContext.getInt(EVENT_KEY, 0));
		objectRows = executionContext.getLong(OBJECT_ROWS_KEY, 0);
		counts = RunCounts.from(executionContext);
		warehouse.discardStaged(runId, next);
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putInt(OBJECT_KEY, next.objectIndex());
		executionContext.putInt(EVENT_KEY, next.eventIndex());
		executionContext.putLong(OBJECT_ROWS_KEY, objectRows);
		counts.writeTo(executionContext);
	}

	@Override
	public void write(Chunk<? extends StagingItem> chunk) {
		List<StagedRow> rows = new ArrayList<>();
		RunCounts chunkCounts = counts;
		StagePosition after = next;
		long rowsOfObject = objectRows;
		for (StagingItem item : chunk) {
			int ordinal = 0;
			for (Record row : item.rows()) {
				rows.add(new StagedRow(item.objectIndex(), item.eventIndex(), ordinal++, row));
			}
			chunkCounts = chunkCounts.plus(item);
			if (!item.endsObject()) {
				rowsOfObject += item.rows().size();
				after = new StagePosition(item.objectIndex(), item.eventIndex() + 1);
				continue;
			}
			rows.add(new StagedRow(item.objectIndex(), item.eventIndex(), ordinal,
					new PublishedObjectRow(item.object().name(), item.object().generation(), item.object().size(),
							endpoint.folder(), gameDate, executionId, item.rejected() ? 0 : rowsOfObject,
							item.rejected() ? "rejected" : "published")));
			rowsOfObject = 0;
			after = new StagePosition(item.objectIndex() + 1, 0);
		}
		warehouse.stage(runId, rows);
		// only now: a chunk that failed must leave position and counts as they were
		counts = chunkCounts;
		next = after;
		objectRows = rowsOfObject;
		if (shutdown.requested()) {
			// this chunk commits, then the step ends STOPPED
			stepExecution.setTerminateOnly();
		}
		progress.after(next.objectIndex(), counts.rows()).ifPresent(line -> log.info("{}", line));
	}

}
