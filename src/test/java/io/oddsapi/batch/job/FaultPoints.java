package io.oddsapi.batch.job;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.oddsapi.batch.lock.Acquisition;
import io.oddsapi.batch.lock.BatchLock;
import io.oddsapi.batch.lock.LockKey;
import io.oddsapi.batch.lock.LockState;
import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.source.BlobObject;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.warehouse.CoverageFacts;
import io.oddsapi.batch.warehouse.DateTally;
import io.oddsapi.batch.warehouse.PublishReport;
import io.oddsapi.batch.warehouse.PublishedVersion;
import io.oddsapi.batch.warehouse.ScheduleProperties;
import io.oddsapi.batch.warehouse.StagePosition;
import io.oddsapi.batch.warehouse.StagedRow;
import io.oddsapi.batch.warehouse.TableAdoption;
import io.oddsapi.batch.warehouse.Warehouse;

import org.springframework.batch.core.listener.ItemReadListener;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.item.ChunkOrientedStep;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Test configuration that places the {@link FaultInjector} points from outside the
 * shipped code, through the seams the application has anyway: decorators of its
 * {@link BlobSource} ({@code listing}, {@code list}), {@link Warehouse} ({@code publish})
 * and {@link BatchLock} ({@code committed}), and Spring Batch listeners on the stage step
 * ({@code read}, {@code write}). The injector is the context's {@link FaultInjector} bean
 * (a test's own), else the halting one when {@code ODDS_FAULT_HALT} is set (a process
 * test), else none.
 * <p>
 * In-process tests add it to their context ({@code JobHarness}); process tests pass
 * {@code --spring.main.sources=io.oddsapi.batch.job.FaultPoints} with the test classes on
 * the class path ({@code AppProcess}).
 */
@Configuration(proxyBeanMethods = false)
public class FaultPoints {

	@Bean
	static BeanPostProcessor faultPointDecorators(ObjectProvider<FaultInjector> injector,
			ObjectProvider<ShutdownSignal> shutdown) {
		return new BeanPostProcessor() {
			private FaultInjector faults;

			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (!(bean instanceof BlobSource || bean instanceof Warehouse || bean instanceof BatchLock
						|| bean instanceof ChunkOrientedStep<?, ?>)) {
					return bean;
				}
				if (faults == null) {
					faults = injector.getIfAvailable(() -> HaltingFaultInjector.fromEnvironment(shutdown.getObject())
						.orElse(FaultInjector.NONE));
				}
				if (faults == FaultInjector.NONE) {
					// no fault in this context: the beans stay as they are (tests may
					// cast them)
					return bean;
				}
				if (bean instanceof BlobSource source) {
					return new FaultyBlobSource(source, faults);
				}
				if (bean instanceof Warehouse warehouse) {
					return new FaultyWarehouse(warehouse, faults);
				}
				if (bean instanceof BatchLock lock) {
					return new FaultyBatchLock(lock, faults);
				}
				if (bean instanceof ChunkOrientedStep<?, ?> step && name.equals("stageStep")) {
					StageStepFaults listener = new StageStepFaults(faults);
					step.registerStepExecutionListener(listener);
					registerReadAndWrite(step, listener);
				}
				return bean;
			}
		};
	}

	/**
	 * A bean with fault points around the application's own, which tests look at through
	 * {@link #decorated}.
	 */
	public interface Decorator {

		Object decorated();

	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void registerReadAndWrite(ChunkOrientedStep step, StageStepFaults listener) {
		step.registerItemReadListener(listener);
		step.registerItemWriteListener(listener);
	}

	/**
	 * {@code read} (detail: object name and event index, {@code name#3}) before the
	 * reader reads at that position; {@code write} (detail: chunk number from 1 in the
	 * step execution) after a chunk is staged, before it commits.
	 */
	static final class StageStepFaults
			implements StepExecutionListener, ItemReadListener<SourceItem>, ItemWriteListener<StagingItem> {

		private final FaultInjector faults;

		private List<BlobObject> objects = List.of();

		private int objectIndex;

		private int eventIndex;

		private int chunks;

		StageStepFaults(FaultInjector faults) {
			this.faults = faults;
		}

		@Override
		public void beforeStep(StepExecution stepExecution) {
			String manifest = stepExecution.getJobExecution()
				.getExecutionContext()
				.getString(ListObjectsTasklet.MANIFEST_KEY, null);
			objects = manifest == null ? List.of() : Manifest.decode(manifest).objects();
			objectIndex = stepExecution.getExecutionContext().getInt(ManifestEventReader.OBJECT_KEY, 0);
			eventIndex = stepExecution.getExecutionContext().getInt(ManifestEventReader.EVENT_KEY, 0);
			chunks = 0;
		}

		@Override
		public void beforeRead() {
			if (objectIndex < objects.size()) {
				faults.at("read", objects.get(objectIndex).name() + "#" + eventIndex);
			}
		}

		@Override
		public void afterRead(SourceItem item) {
			if (item instanceof SourceItem.Event event) {
				objectIndex = event.objectIndex();
				eventIndex = event.eventIndex() + 1;
			}
			else {
				objectIndex = item.objectIndex() + 1;
				eventIndex = 0;
			}
		}

		@Override
		public void afterWrite(Chunk<? extends StagingItem> items) {
			faults.at("write", Integer.toString(++chunks));
		}

	}

	/**
	 * {@code listing} (detail: endpoint and names listed so far, {@code game-lines#40})
	 * while a date is listed; {@code list} (detail: endpoint) once it is listed, before
	 * the manifest commits.
	 */
	record FaultyBlobSource(BlobSource source, FaultInjector faults) implements BlobSource, Decorator {

		@Override
		public Object decorated() {
			return source;
		}

		@Override
		public String describe() {
			return source.describe();
		}

		@Override
		public void checkReadable() {
			source.checkReadable();
		}

		@Override
		public List<BlobObject> list(String prefix) {
			List<BlobObject> listed = source.list(prefix);
			String endpoint = prefix.split("/")[1];
			return new AbstractList<>() {
				@Override
				public BlobObject get(int index) {
					return listed.get(index);
				}

				@Override
				public int size() {
					return listed.size();
				}

				@Override
				public Iterator<BlobObject> iterator() {
					Iterator<BlobObject> names = listed.iterator();
					return new Iterator<>() {
						private int handedOut;

						private boolean ended;

						@Override
						public boolean hasNext() {
							boolean more = names.hasNext();
							if (!more && !ended) {
								ended = true;
								faults.at("list", endpoint);
							}
							return more;
						}

						@Override
						public BlobObject next() {
							BlobObject next = names.next();
							faults.at("listing", endpoint + "#" + ++handedOut);
							return next;
						}
					};
				}
			};
		}

		@Override
		public InputStream open(BlobObject object) throws IOException {
			return source.open(object);
		}

		@Override
		public List<String> listDateFolders() {
			return source.listDateFolders();
		}
	}

	/**
	 * {@code publish} (detail: table) after that table's MERGE, before the publication
	 * commits (on BigQuery, where one script runs every MERGE: after the script).
	 */
	record FaultyWarehouse(Warehouse warehouse, FaultInjector faults) implements Warehouse, Decorator {

		@Override
		public Object decorated() {
			return warehouse;
		}

		@Override
		public void prepare() {
			warehouse.prepare();
		}

		@Override
		public Map<String, PublishedVersion> publishedObjects(LocalDate gameDate, String endpoint) {
			return warehouse.publishedObjects(gameDate, endpoint);
		}

		@Override
		public void stage(long runId, List<StagedRow> rows) {
			warehouse.stage(runId, rows);
		}

		@Override
		public void discardStaged(long runId, StagePosition from) {
			warehouse.discardStaged(runId, from);
		}

		@Override
		public PublishReport publish(long runId, LocalDate gameDate, Instant publishedAt, Consumer<String> merged) {
			return warehouse.publish(runId, gameDate, publishedAt,
					merged.andThen(table -> faults.at("publish", table)));
		}

		@Override
		public List<OfficialGameIds.ScheduledGame> scheduledGames(ScheduleProperties schedule, LocalDate from,
				LocalDate to) {
			return warehouse.scheduledGames(schedule, from, to);
		}

		@Override
		public List<CoverageFacts> coverageFacts(LocalDate gameDate) {
			return warehouse.coverageFacts(gameDate);
		}

		@Override
		public List<TableAdoption> adoptionPlan() {
			return warehouse.adoptionPlan();
		}

		@Override
		public List<TableAdoption> adopt() {
			return warehouse.adopt();
		}

		@Override
		public Map<String, List<String>> notNullThere() {
			return warehouse.notNullThere();
		}

		@Override
		public List<DateTally> tallyByDate(Class<? extends Record> rowType, String booleanColumn, LocalDate from,
				LocalDate to) {
			return warehouse.tallyByDate(rowType, booleanColumn, from, to);
		}

		/**
		 * {@code coverage} (detail: game date) after the coverage MERGE, before its step
		 * commits.
		 */
		@Override
		public void mergeRows(LocalDate gameDate, List<? extends Record> rows, Instant publishedAt) {
			warehouse.mergeRows(gameDate, rows, publishedAt);
			faults.at("coverage", gameDate.toString());
		}

		@Override
		public PlatformTransactionManager publishTransactions(PlatformTransactionManager repository) {
			return warehouse.publishTransactions(repository);
		}
	}

	/**
	 * {@code committed} (detail: endpoint family) after a launch's runs completed, before
	 * it releases the lock.
	 */
	record FaultyBatchLock(BatchLock lock, FaultInjector faults) implements BatchLock, Decorator {

		@Override
		public Object decorated() {
			return lock;
		}

		@Override
		public Acquisition acquire(LockKey key, String token, String host, String trigger, Duration lease,
				Predicate<LockState> presumedDead) {
			return lock.acquire(key, token, host, trigger, lease, presumedDead);
		}

		@Override
		public boolean attach(LockKey key, String token, long executionId) {
			return lock.attach(key, token, executionId);
		}

		@Override
		public boolean renew(LockKey key, String token, Duration lease) {
			return lock.renew(key, token, lease);
		}

		@Override
		public Release release(LockKey key, String token) {
			faults.at("committed", key.family().id());
			return lock.release(key, token);
		}

		@Override
		public boolean releaseAfterFailure(LockKey key, String token) {
			return lock.releaseAfterFailure(key, token);
		}

		@Override
		public Optional<LockState> read(LockKey key) {
			return lock.read(key);
		}

		@Override
		public List<LockState> held() {
			return lock.held();
		}
	}

}
