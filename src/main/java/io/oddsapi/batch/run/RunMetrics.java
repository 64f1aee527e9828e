package io.oddsapi.batch.run;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.oddsapi.batch.job.OddsJobConfiguration;
import io.oddsapi.batch.job.RunSummary;
import io.oddsapi.batch.warehouse.PublishReport;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

/**
 * The job's own meters, beside Spring Batch's {@code spring.batch.*}: what was published,
 * rejected and merged, how long publishing took, and how launches found the date's lock.
 * Runs are counted when they end; a run's object and row counts when it completes (they
 * add up over its restarts, so they are counted once).
 */
@Component
public class RunMetrics {

	private final MeterRegistry registry;

	public RunMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	/**
	 * How a launch found the date's lock: {@code acquired}, {@code took-over} (an expired
	 * lease) or {@code coalesced}.
	 */
	public void claimed(String endpoint, String outcome) {
		Counter.builder("odds.lock.claims")
			.description("launches by how they found the date's lock")
			.tag("endpoint", endpoint)
			.tag("outcome", outcome)
			.register(registry)
			.increment();
	}

	public void runEnded(JobExecution execution, RunSummary run) {
		Counter.builder("odds.runs")
			.description("job executions that ended, by status")
			.tag("endpoint", run.endpoint())
			.tag("status", run.status().name())
			.register(registry)
			.increment();
		execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(OddsJobConfiguration.PUBLISH_STEP))
			.filter(step -> step.getStartTime() != null && step.getEndTime() != null)
			.forEach(step -> publishTimer(run.endpoint()).record(duration(step)));
		if (!run.completed()) {
			return;
		}
		int rejected = run.counts().rejections().size();
		objects(run.endpoint(), "published").increment(run.objects() - rejected);
		objects(run.endpoint(), "rejected").increment(rejected);
		Counter.builder("odds.rows.staged")
			.description("rows staged by completed runs")
			.tag("endpoint", run.endpoint())
			.register(registry)
			.increment(run.counts().rows());
		Counter.builder("odds.publish.retries")
			.description(
					"warehouse jobs a publication retried: BigQuery's concurrent-update aborts and internal errors")
			.tag("endpoint", run.endpoint())
			.register(registry)
			.increment(run.report().retries());
		for (PublishReport.TableReport table : run.report().tables()) {
			if (table.inserted() >= 0) { // unknown (-1) on a BigQuery dry run
				merged(table.table(), "inserted").increment(table.inserted());
				merged(table.table(), "updated").increment(table.updated());
			}
		}
	}

	private Counter objects(String endpoint, String outcome) {
		return Counter.builder("odds.objects")
			.description("objects of completed runs: published or rejected")
			.tag("endpoint", endpoint)
			.tag("outcome", outcome)
			.register(registry);
	}

	private Counter merged(String table, String change) {
		return Counter.builder("odds.rows.merged")
			.description("rows the MERGE inserted or updated")
			.tag("table", table)
			.tag("change", change)
			.register(registry);
	}

	private Timer publishTimer(String endpoint) {
		return Timer.builder("odds.publish")
			.description("the publish step: every MERGE and the ledger in one transaction")
			.tag("endpoint", endpoint)
			.register(registry);
	}

	private static Duration duration(StepExecution step) {
		return Duration.between(step.getStartTime(), step.getEndTime());
	}

}
