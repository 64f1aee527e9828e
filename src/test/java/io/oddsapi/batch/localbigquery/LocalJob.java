package io.oddsapi.batch.localbigquery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.node.ObjectNode;

/** A job of the local BigQuery: PENDING, RUNNING, DONE, with its error or its result. */
final class LocalJob {

	final String id;

	final String project;

	final String location;

	final ObjectNode configuration;

	final String parentId;

	final String statement;

	final long createdMillis = System.currentTimeMillis();

	final List<LocalJob> children = new CopyOnWriteArrayList<>();

	private final CountDownLatch done = new CountDownLatch(1);

	volatile String state = "PENDING";

	volatile long startedMillis;

	volatile long endedMillis;

	volatile BigQueryError error;

	volatile ZetaSqlEngine.Result result;

	volatile long loadedRows;

	volatile boolean cancelled;

	LocalJob(String id, String project, String location, ObjectNode configuration, String parentId, String statement) {
		this.id = id;
		this.project = project;
		this.location = location;
		this.configuration = configuration;
		this.parentId = parentId;
		this.statement = statement;
	}

	boolean isLoad() {
		return configuration.has("load");
	}

	void start() {
		startedMillis = System.currentTimeMillis();
		state = "RUNNING";
	}

	void finish(ZetaSqlEngine.Result result, BigQueryError error) {
		this.result = result;
		this.error = error;
		if (startedMillis == 0) {
			startedMillis = System.currentTimeMillis();
		}
		endedMillis = System.currentTimeMillis();
		state = "DONE";
		done.countDown();
	}

	boolean await(long millis) {
		try {
			return done.await(millis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
