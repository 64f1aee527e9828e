package io.oddsapi.batch.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.job.FaultInjector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the functional tests: each test method runs once per {@link Backend}, on
 * databases it creates and that are dropped after it, with a bucket folder of its own.
 */
public abstract class FunctionalTest {

	@TempDir
	protected Path tempDir;

	private final List<Backend.TestDatabase> databases = new ArrayList<>();

	private final List<JobHarness> harnesses = new ArrayList<>();

	private int databaseCount;

	protected TestBucket bucket() {
		return bucket("bucket");
	}

	/** Another bucket folder of this test, for comparisons. */
	protected TestBucket bucket(String name) {
		return new TestBucket(tempDir.resolve(name));
	}

	/** A new empty database on the backend. */
	protected Backend.TestDatabase database(Backend backend) {
		Backend.TestDatabase database = backend.create(tempDir.resolve("db" + databaseCount++));
		databases.add(database);
		return database;
	}

	/**
	 * Starts the application on the database and the test's bucket; closed after the
	 * test.
	 */
	protected JobHarness start(Backend.TestDatabase database, FaultInjector faults, String... properties) {
		return start(database, bucket(), faults, properties);
	}

	protected JobHarness start(Backend.TestDatabase database, TestBucket bucket, FaultInjector faults,
			String... properties) {
		return start(database, bucket, Map.of("faultInjector", faults), properties);
	}

	protected JobHarness start(Backend.TestDatabase database, TestBucket bucket, Map<String, Object> beans,
			String... properties) {
		JobHarness harness = JobHarness.start(database, bucket.root(), beans, properties);
		harnesses.add(harness);
		return harness;
	}

	protected JobHarness start(Backend.TestDatabase database, String... properties) {
		return start(database, FaultInjector.NONE, properties);
	}

	@AfterEach
	void dropDatabases() {
		harnesses.forEach(JobHarness::close);
		databases.forEach(JobHarness::drop);
	}

}
