package io.oddsapi.batch.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.oddsapi.batch.localbigquery.LocalBigQueryProcess;

/**
 * The application's settings for the BigQuery warehouse on a local BigQuery, one fresh
 * dataset per test.
 */
public final class OnLocalBigQuery {

	public static final String PROJECT = "oddsapi-local";

	private OnLocalBigQuery() {
	}

	public static String dataset() {
		return "odds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	/**
	 * Properties as {@code key=value}; a short retry backoff keeps tests that provoke
	 * retries quick.
	 */
	public static String[] properties(LocalBigQueryProcess local, String dataset, String... more) {
		List<String> properties = new ArrayList<>(List.of("odds.warehouse=bigquery",
				"odds.bigquery.emulator-host=" + local.url(), "odds.bigquery.project=" + PROJECT,
				"odds.bigquery.dataset=" + dataset, "odds.bigquery.retry-backoff=PT0.05S"));
		properties.addAll(List.of(more));
		return properties.toArray(String[]::new);
	}

}
