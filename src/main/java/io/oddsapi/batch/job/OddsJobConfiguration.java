package io.oddsapi.batch.job;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import io.micrometer.observation.ObservationRegistry;
import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.coverage.CoverageProperties;
import io.oddsapi.batch.coverage.CoverageRow;
import io.oddsapi.batch.coverage.CoverageService;
import io.oddsapi.batch.observe.LogLabels;
import io.oddsapi.batch.odds.GameLineRow;
import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.odds.PlayerPointsPropRow;
import io.oddsapi.batch.odds.PlayerPropRow;
import io.oddsapi.batch.signal.PublicationSignal;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.OddsEndpoint;
import io.oddsapi.batch.warehouse.RowRequirements;
import io.oddsapi.batch.warehouse.RowTables;
import io.oddsapi.batch.warehouse.ScheduleProperties;
import io.oddsapi.batch.warehouse.TableCatalog;
import io.oddsapi.batch.warehouse.Warehouse;
import io.oddsapi.batch.warehouse.WarehouseReader;
import io.oddsapi.batch.warehouse.WarehouseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.DefaultJobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job: {@code lock} records the execution as the date's lock holder, {@code list}
 * freezes the date's objects, {@code stage} reads them into the run's staging (chunks of
 * events, restartable), {@code publish} merges staging into the targets in one
 * transaction, {@code coverage} records the date's coverage. A run is identified by
 * {@code endpoint}, {@code gameDate} and {@code run}, a sequence number chosen by the
 * owner of the date's run.
 */
@Configuration(proxyBeanMethods = false)
public class OddsJobConfiguration {

	public static final String JOB_NAME = "oddsBatchJob";

	public static final String ENDPOINT = "endpoint";

	public static final String GAME_DATE = "gameDate";

	public static final String RUN = "run";

	public static final String STAGE_STEP = "stage";

	public static final String PUBLISH_STEP = "publish";

	public static final String COVERAGE_STEP = "coverage";

	/** How often a run in progress says how far it is. */
	static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(OddsJobConfiguration.class);

	@Bean
	RowTables rowTables(OddsProperties properties) {
		return new RowTables(TableCatalog.load(properties.tableConfig()),
				List.of(GameLineRow.class, PlayerPropRow.class, PlayerPointsPropRow.class, RejectedFileRow.class,
						PublishedObjectRow.class, CoverageRow.class));
	}

	@Bean
	LaunchHost launchHost() {
		return LaunchHost.current();
	}

	@Bean
	ManifestBuilder manifestBuilder(BlobSource source, WarehouseWriter warehouse) {
		return new ManifestBuilder(source, warehouse);
	}

	@Bean
	RunningExecutions runningExecutions() {
		return new RunningExecutions();
	}

	@Bean
	ShutdownSignal shutdownSignal() {
		return new ShutdownSignal();
	}

	@Bean
	Job oddsBatchJob(JobRepository jobRepository, Step lockStep, Step listStep, Step stageStep, Step publishStep,
			Step coverageStep, RunningExecutions runningExecutions, PublicationSignal publicationSignal,
			ObjectProvider<RunLock> runLock, ObjectProvider<ObservationRegistry> observations) {
		// the job bean is the wrapper, so Spring Batch's post-processor cannot hand the
		// registry to the steps' job
		Job steps = new JobBuilder(JOB_NAME, jobRepository)
			.observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
			.validator(new DefaultJobParametersValidator(new String[] { ENDPOINT, GAME_DATE, RUN }, new String[0]))
			.listener(runningExecutions)
			.listener(new FailureDescription())
			.listener(new LogLabels())
			.listener(new PublicationSignalListener(publicationSignal))
			.start(lockStep)
			.next(listStep)
			.next(stageStep)
			.next(publishStep)
			.next(coverageStep)
			.build();
		return new EndReportingJob((AbstractJob) steps, runLock);
	}

	/** Runs again on every restart: a restarted execution is the lock's holder too. */
	@Bean
	Step lockStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			LockStepTasklet lockStepTasklet) {
		return new StepBuilder("lock", jobRepository).tasklet(lockStepTasklet, transactionManager)
			.allowStartIfComplete(true)
			.build();
	}

	@Bean
	Step listStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ListObjectsTasklet listObjectsTasklet) {
		return new StepBuilder(RunManifest.LIST_STEP, jobRepository).tasklet(listObjectsTasklet, transactionManager)
			.build();
	}

	@Bean
	Step stageStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ManifestEventReader manifestEventReader, EventRowProcessor eventRowProcessor, StagingWriter stagingWriter,
			OddsProperties properties) {
		return new StepBuilder(STAGE_STEP, jobRepository).<SourceItem, StagingItem>chunk(properties.chunkSize())
			.transactionManager(transactionManager)
			.reader(manifestEventReader)
			.processor(eventRowProcessor)
			.writer(stagingWriter)
			.build();
	}

	@Bean
	Step publishStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			PublishTasklet publishTasklet, WarehouseWriter warehouse) {
		return new StepBuilder(PUBLISH_STEP, jobRepository)
			.tasklet(publishTasklet, warehouse.publishTransactions(transactionManager))
			.build();
	}

	@Bean
	Step coverageStep(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			CoverageTasklet coverageTasklet, WarehouseWriter warehouse) {
		return new StepBuilder(COVERAGE_STEP, jobRepository)
			.tasklet(coverageTasklet, warehouse.publishTransactions(transactionManager))
			.build();
	}

	@Bean
	@StepScope
	CoverageTasklet coverageTasklet(CoverageService coverageService, CoverageProperties coverageProperties,
			@Value("#{jobParameters['gameDate']}") LocalDate gameDate) {
		return new CoverageTasklet(coverageService, gameDate, coverageProperties.afterRuns());
	}

	@Bean
	@StepScope
	LockStepTasklet lockStepTasklet(RunLock runLock, @Value("#{jobParameters['endpoint']}") String endpoint,
			@Value("#{jobParameters['gameDate']}") LocalDate gameDate, @Value("#{jobParameters['run']}") Long run) {
		return new LockStepTasklet(runLock, new RunParameters(RunParameters.endpoint(endpoint), gameDate, run));
	}

	@Bean
	@StepScope
	ListObjectsTasklet listObjectsTasklet(ManifestBuilder manifestBuilder, RunningExecutions runningExecutions,
			@Value("#{jobParameters['endpoint']}") String endpoint,
			@Value("#{jobParameters['gameDate']}") LocalDate gameDate) {
		return new ListObjectsTasklet(manifestBuilder, RunParameters.endpoint(endpoint), gameDate, runningExecutions);
	}

	@Bean
	@StepScope
	ManifestEventReader manifestEventReader(BlobSource source, OddsProperties properties, JobRepository jobRepository,
			@Value("#{stepExecution}") StepExecution stepExecution,
			@Value("#{jobParameters['endpoint']}") String endpoint,
			@Value("#{jobParameters['gameDate']}") LocalDate gameDate) {
		OddsEndpoint oddsEndpoint = RunParameters.endpoint(endpoint);
		return new ManifestEventReader(source, Manifest.decode(RunManifest.of(stepExecution, jobRepository)),
				oddsEndpoint, gameDate, properties.priceFormatOf(oddsEndpoint));
	}

	@Bean
	@StepScope
	EventRowProcessor eventRowProcessor(Clock clock, @Value("#{jobParameters['endpoint']}") String endpoint,
			@Value("#{jobParameters['gameDate']}") LocalDate gameDate,
			@Value("#{stepExecution}") StepExecution stepExecution, Warehouse warehouse, RowTables rowTables,
			ScheduleProperties schedule) {
		return new EventRowProcessor(RunParameters.endpoint(endpoint), gameDate, stepExecution.getJobExecutionId(),
				clock, new RowRequirements(rowTables, warehouse.notNullThere()),
				officialGameIds(warehouse, schedule, gameDate));
	}

	/**
	 * The schedule's games of the date and the days beside it: a folder's date and
	 * tip-off's Eastern date can differ.
	 */
	private static OfficialGameIds officialGameIds(WarehouseReader warehouse, ScheduleProperties schedule,
			LocalDate gameDate) {
		if (!schedule.configured()) {
			return OfficialGameIds.NONE;
		}
		OfficialGameIds ids = OfficialGameIds
			.of(warehouse.scheduledGames(schedule, gameDate.minusDays(1), gameDate.plusDays(1)));
		log.info("schedule {}: {} games around {}", schedule.table(), ids.size(), gameDate);
		return ids;
	}

	@Bean
	@StepScope
	StagingWriter stagingWriter(WarehouseWriter warehouse, ShutdownSignal shutdownSignal, Clock clock,
			@Value("#{jobParameters['endpoint']}") String endpoint,
			@Value("#{jobParameters['gameDate']}") LocalDate gameDate, @Value("#{jobParameters['run']}") Long run,
			JobRepository jobRepository, @Value("#{stepExecution}") StepExecution stepExecution) {
		Progress progress = new Progress(clock, PROGRESS_INTERVAL, endpoint + " " + gameDate + " run " + run,
				Manifest.decode(RunManifest.of(stepExecution, jobRepository)).objects().size());
		return new StagingWriter(warehouse, stepExecution, RunParameters.endpoint(endpoint), gameDate, shutdownSignal,
				progress);
	}

	@Bean
	@StepScope
	PublishTasklet publishTasklet(WarehouseWriter warehouse, JobRepository jobRepository, OddsProperties properties,
			Clock clock, @Value("#{jobParameters['gameDate']}") LocalDate gameDate) {
		return new PublishTasklet(warehouse, jobRepository, gameDate, properties.maxRejectedRatio(),
				properties.maxRejectedRatioMinFiles(), clock);
	}

}
