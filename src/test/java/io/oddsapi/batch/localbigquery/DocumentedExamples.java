package io.oddsapi.batch.localbigquery;

import com.google.cloud.bigquery.BigQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * A class of BigQuery's documented examples: one local BigQuery for the class, emptied
 * before each example, and Google's Java client on it.
 */
abstract class DocumentedExamples {

	@LocalBigQueryServer
	static LocalBigQueryProcess local;

	static BigQuery bigQuery;

	@BeforeAll
	static void client() {
		bigQuery = local.client("doc-project");
	}

	@BeforeEach
	void empty() {
		local.reset();
	}

}
