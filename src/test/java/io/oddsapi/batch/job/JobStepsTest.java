package io.oddsapi.batch.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.oddsapi.batch.OddsBatchApplication;
import io.oddsapi.batch.odds.GameLineRow;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.support.TestBucket;
import io.oddsapi.batch.support.TestDay;
import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.Warehouse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.test.JobOperatorTestUtils;
import org.springframework.batch.test.MetaDataInstanceFactory;
import org.springframework.batch.test.StepScopeTestUtils;
import org.springframework.batch.test.context.SpringBatchTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each step of the job, its reader, processor and writer on their own, with Spring
 * Batch's test support, on an in-memory H2 and a bucket folder of two scrape objects (one
 * event of two outcomes each): no database server, no process.
 */
@SpringBatchTest
@SpringBootTest(classes = OddsBatchApplication.class,
		properties = { "odds.mode=none", "logging.level.io.oddsapi.batch=WARN" })
class JobStepsTest {

	private static final Path BUCKET = bucketOfTwoObjects();

	private static List<String> objectNames;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("odds.bucket", () -> "file:" + BUCKET);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:job-steps;DB_CLOSE_DELAY=-1");
	}

	private static Path bucketOfTwoObjects() {
		try {
			Path bucket = Files.createTempDirectory("job-steps");
			objectNames = TestDay.cycle(new TestBucket(bucket), 0, 2);
			return bucket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Autowired
	private JobOperatorTestUtils jobs;

	@Autowired
	private JobRepository jobRepository;

	@Autowired
	private Warehouse warehouse;

	@Autowired
	private ManifestBuilder manifests;

	@Autowired
	private ManifestEventReader reader;

	@Autowired
	private EventRowProcessor processor;

	@Autowired
	private StagingWriter writer;

	@Autowired
	private JdbcTemplate jdbc;

	private static JobParameters run(long run) {
		return new RunParameters(OddsEndpoint.GAME_LINES, TestDay.DATE, run).toJobParameters();
	}

	/** The step context of the autowired step-scoped reader, processor and writer. */
	private final StepExecution step = MetaDataInstanceFactory.createStepExecution(run(1));

	public StepExecution getStepExecution() {
		return step;
	}

	@BeforeEach
	void tablesExistAndTheStepHasTheDatesManifest() {
		warehouse.prepare();
		withManifest(step);
	}

	/** Run 1 with the date's manifest, as the list step leaves it for the stage step. */
	private StepExecution withManifest(StepExecution execution) {
		execution.getJobExecution()
			.getExecutionContext()
			.putString(ListObjectsTasklet.MANIFEST_KEY,
					manifests.build(OddsEndpoint.GAME_LINES, TestDay.DATE).encode());
		return execution;
	}

	@Test
	void theLockStepFailsAnExecutionNobodyLaunchedUnderTheDatesLock() {
		JobExecution execution = jobs.startStep("lock", run(1), new ExecutionContext());

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.FAILED);
		assertThat(execution.getAllFailureExceptions()).singleElement()
			.isInstanceOf(NotLaunchedUnderLockException.class);
	}

	/**
	 * The list step ended COMPLETED but the job's context was not saved after it (the
	 * connection lost): the restart, which skips the list step, reads the manifest from
	 * the list step's own context.
	 */
	@Test
	void aRestartWhoseJobContextLostTheManifestReadsItFromTheListStep() {
		JobExecution listed = jobs.startStep(RunManifest.LIST_STEP, run(3), new ExecutionContext());
		String manifest = listed.getExecutionContext().getString(ListObjectsTasklet.MANIFEST_KEY);
		JobExecution restart = new JobExecution(listed.getId() + 1000, listed.getJobInstance(),
				listed.getJobParameters());

		assertThat(RunManifest.of(new StepExecution(OddsJobConfiguration.STAGE_STEP, restart), jobRepository))
			.isEqualTo(manifest);
		assertThat(restart.getExecutionContext().getString(ListObjectsTasklet.MANIFEST_KEY))
			.as("and it is the job's again, for the steps after")
			.isEqualTo(manifest);
	}

	@Test
	void theListStepFreezesTheDatesUnpublishedObjectsAsTheManifest() {
		JobExecution execution = jobs.startStep("list", run(2), new ExecutionContext());

		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		Manifest manifest = Manifest.decode(execution.getExecutionContext().getString(ListObjectsTasklet.MANIFEST_KEY));
		assertThat(manifest.objects()).extracting(object -> object.name())
			.containsExactlyInAnyOrderElementsOf(objectNames);
	}

	@Test
	void theReaderGivesEachEventThenTheEndOfItsObjectAndResumesAfterTheLastSavedItem() throws Exception {
		List<SourceItem> all = StepScopeTestUtils.doInStepScope(getStepExecution(),
				() -> readAll(new ExecutionContext(), 4));
		assertThat(all).hasSize(4);
		assertThat(all).extracting(item -> item.getClass().getSimpleName())
			.containsExactly("Event", "ObjectEnd", "Event", "ObjectEnd");

		ExecutionContext afterTheFirstObject = new ExecutionContext();
		StepScopeTestUtils.doInStepScope(getStepExecution(), () -> {
			reader.open(afterTheFirstObject);
			reader.read();
			reader.read();
			reader.update(afterTheFirstObject);
			reader.close();
			return null;
		});
		// a new step execution: a new reader, as a restarted step gets
		StepExecution restarted = withManifest(MetaDataInstanceFactory.createStepExecution(run(1)));
		List<SourceItem> rest = StepScopeTestUtils.doInStepScope(restarted, () -> readAll(afterTheFirstObject, 2));
		assertThat(rest).extracting(item -> item.getClass().getSimpleName()).containsExactly("Event", "ObjectEnd");
		assertThat(((SourceItem.Event) rest.get(0)).event()).isEqualTo(((SourceItem.Event) all.get(2)).event());
	}

	private List<SourceItem> readAll(ExecutionContext context, int expected) {
		List<SourceItem> items = new ArrayList<>();
		reader.open(context);
		for (SourceItem item = reader.read(); item != null; item = reader.read()) {
			items.add(item);
			assertThat(items).as("no more than the manifest holds").hasSizeLessThanOrEqualTo(expected);
		}
		reader.close();
		return items;
	}

	@Test
	void theProcessorTurnsAnEventIntoOneGameLineRowPerOutcome() throws Exception {
		List<StagingItem> items = StepScopeTestUtils.doInStepScope(getStepExecution(),
				() -> readAll(new ExecutionContext(), 4).stream().map(processor::process).toList());

		StagingItem firstEvent = items.get(0);
		assertThat(firstEvent.rows()).hasSize(2).allSatisfy(row -> assertThat(row).isInstanceOf(GameLineRow.class));
		assertThat(firstEvent.rows()).extracting(row -> ((GameLineRow) row).outcomeName())
			.containsExactly("Miami Heat", "Boston Celtics");
		assertThat(items.get(1).endsObject()).isTrue();
		assertThat(items.get(1).rows()).isEmpty();
	}

	@Test
	void theWriterStagesAChunksRowsWithALedgerRowPerObject() throws Exception {
		long run = getStepExecution().getJobExecution().getJobInstanceId();
		StepScopeTestUtils.doInStepScope(getStepExecution(), () -> {
			List<StagingItem> items = readAll(new ExecutionContext(), 4).stream().map(processor::process).toList();
			writer.open(new ExecutionContext());
			writer.write(new Chunk<>(items));
			writer.close();
			return null;
		});

		assertThat(
				jdbc.queryForObject("SELECT COUNT(*) FROM stg_odds_api_game_lines WHERE run_id = ?", Long.class, run))
			.as("2 events of 2 outcomes")
			.isEqualTo(4);
		assertThat(
				jdbc.queryForList("SELECT source_file_path FROM stg_" + PublishedObjectRow.TABLE + " WHERE run_id = ?",
						String.class, run))
			.containsExactlyInAnyOrderElementsOf(objectNames);
		warehouse.discardStaged(run, new StagePosition(0, 0));
	}

	/**
	 * The publish and coverage tasklets read what the list and stage steps left in the
	 * same job instance, so they run behind them, without the lock step.
	 */
	@Test
	void thePublishStepMergesTheStagedRowsOnceAndTheCoverageStepRecordsTheGames(@Autowired Step listStep,
			@Autowired Step stageStep, @Autowired Step publishStep, @Autowired Step coverageStep) throws Exception {
		JobOperatorTestUtils withoutTheLock = new JobOperatorTestUtils(jobs.getJobOperator(), jobRepository);
		withoutTheLock.setJob(new JobBuilder("steps-without-the-lock", jobRepository).start(listStep)
			.next(stageStep)
			.next(publishStep)
			.next(coverageStep)
			.build());

		JobExecution execution = withoutTheLock.startJob(run(3));
		try {
			assertPublishedAndCovered(execution);
		}
		finally { // the other tests read the date as unpublished
			for (String table : List.of("odds_api_game_lines", "odds_api_published_objects", "odds_api_coverage")) {
				jdbc.update("DELETE FROM " + table);
			}
		}
	}

	private void assertPublishedAndCovered(JobExecution execution) {
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution publish = execution.getStepExecutions()
			.stream()
			.filter(step -> step.getStepName().equals(OddsJobConfiguration.PUBLISH_STEP))
			.findFirst()
			.orElseThrow();
		assertThat(publish.getWriteCount()).as("the 4 game lines and 2 ledger rows merged").isEqualTo(6);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM odds_api_game_lines", Long.class)).isEqualTo(4);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stg_odds_api_game_lines", Long.class))
			.as("staging emptied")
			.isZero();
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM odds_api_coverage", Long.class)).as("the two games")
			.isEqualTo(2);
	}

}
