package io.oddsapi.batch.job;

import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.StagedRow;
import io.oddsapi.batch.warehouse.Warehouse;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Stages each chunk's rows under the run id and keeps the run's counts. Its position (the next object and event to
 * stage) commits with the chunk; on open it discards any staged row at or after that position, so a restart leaves
 * staging exactly as a clean run would, whatever the backend's transactions.
 */
public class StagingWriter implements ItemStreamWriter<StagingItem> {

	static final String OBJECT_KEY = "staging.object";

	static final String EVENT_KEY = "staging.event";

	private final Warehouse warehouse;

	private final long runId;

	private final FaultInjector faults;

	private StagePosition next = StagePosition.START;

	private RunCounts counts = RunCounts.EMPTY;

	private int chunks;

	public StagingWriter(Warehouse warehouse, long runId, FaultInjector faults) {
		this.warehouse = warehouse;
		this.runId = runId;
		this.faults = faults;
	}

	@Override
	public void open(ExecutionContext executionContext) {
		next = new StagePosition(executionContext.getInt(OBJECT_KEY, 0), executionContext.getInt(EVENT_KEY, 0));
		counts = RunCounts.from(executionContext);
		warehouse.discardStaged(runId, next);
	}

	@Override
	public void update(ExecutionContext executionContext) {
		executionContext.putInt(OBJECT_KEY, next.objectIndex());
		executionContext.putInt(EVENT_KEY, next.eventIndex());
		counts.writeTo(executionContext);
	}

	@Override
	public void write(Chunk<? extends StagingItem> chunk) {
		List<StagedRow> rows = new ArrayList<>();
		RunCounts chunkCounts = counts;
		StagePosition after = next;
		for (StagingItem item : chunk) {
			for (int i = 0; i < item.rows().size(); i++) {
				rows.add(new StagedRow(item.objectIndex(), item.eventIndex(), i, item.rows().get(i)));
			}
			chunkCounts = chunkCounts.plus(item);
			after = item.rejected() ? new StagePosition(item.objectIndex() + 1, 0)
					: new StagePosition(item.objectIndex(), item.eventIndex() + 1);
		}
		warehouse.stage(runId, rows);
		faults.at("write", Integer.toString(++chunks));
		// only now: a chunk that failed must leave position and counts as they were
		counts = chunkCounts;
		next = after;
	}
}
