package io.oddsapi.batch.job;

import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * What staging counted in a run, kept in the step's execution context so that a restart
 * goes on counting where the last commit left off.
 */
public record RunCounts(long events, long rows, List<String> rejections, long unknownTeamEvents, long skippedOutcomes,
		List<String> rowRejections) {

	public static final RunCounts EMPTY = new RunCounts(0, 0, List.of(), 0, 0, List.of());

	/**
	 * Row rejections kept with their reason; beyond, they are only counted in the last
	 * line.
	 */
	static final int ROW_REJECTIONS_KEPT = 100;

	static final String EVENTS = "counts.events";

	static final String ROWS = "counts.rows";

	static final String REJECTIONS = "counts.rejections";

	static final String UNKNOWN_TEAMS = "counts.unknownTeamEvents";

	static final String SKIPPED_OUTCOMES = "counts.skippedOutcomes";

	static final String ROW_REJECTIONS = "counts.rowRejections";

	RunCounts plus(StagingItem item) {
		if (item.endsObject() && !item.rejected()) {
			return this;
		}
		if (item.rejected()) {
			List<String> more = new ArrayList<>(rejections);
			more.add(item.rejection());
			return new RunCounts(events, rows, List.copyOf(more), unknownTeamEvents, skippedOutcomes, rowRejections);
		}
		List<String> rowsLeftOut = rowRejections;
		if (!item.rowRejections().isEmpty() && rowRejections.size() < ROW_REJECTIONS_KEPT) {
			List<String> more = new ArrayList<>(rowRejections);
			item.rowRejections().stream().limit(ROW_REJECTIONS_KEPT - rowRejections.size()).forEach(more::add);
			rowsLeftOut = List.copyOf(more);
		}
		return new RunCounts(events + 1, rows + item.rows().size(), rejections,
				unknownTeamEvents + (item.unknownTeam() ? 1 : 0), skippedOutcomes + item.skippedOutcomes(),
				rowsLeftOut);
	}

	static RunCounts from(ExecutionContext context) {
		String rejected = context.getString(REJECTIONS, "");
		String rowsLeftOut = context.getString(ROW_REJECTIONS, "");
		return new RunCounts(context.getLong(EVENTS, 0), context.getLong(ROWS, 0),
				rejected.isEmpty() ? List.of() : List.of(rejected.split("\n")), context.getLong(UNKNOWN_TEAMS, 0),
				context.getLong(SKIPPED_OUTCOMES, 0),
				rowsLeftOut.isEmpty() ? List.of() : List.of(rowsLeftOut.split("\n")));
	}

	void writeTo(ExecutionContext context) {
		context.putLong(EVENTS, events);
		context.putLong(ROWS, rows);
		context.putString(REJECTIONS, String.join("\n", rejections));
		context.putLong(UNKNOWN_TEAMS, unknownTeamEvents);
		context.putLong(SKIPPED_OUTCOMES, skippedOutcomes);
		context.putString(ROW_REJECTIONS, String.join("\n", rowRejections));
	}
}
