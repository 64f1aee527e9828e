package io.oddsapi.batch.warehouse.bigquery;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQueryOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BigQuery client, as the gateway drives it, against WireMock standing in for the BigQuery REST API. */
class ClientBigQueryGatewayTests {

	static final String PROJECT = "odds-project";

	WireMockServer server;

	ClientBigQueryGateway gateway;

	@BeforeEach
	void start() {
		server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		var bigQuery = BigQueryOptions.newBuilder()
			.setProjectId(PROJECT)
			.setHost("http://localhost:" + server.port())
			.setCredentials(NoCredentials.getInstance())
			.setLocation("US")
			.build()
			.getService();
		gateway = new ClientBigQueryGateway(bigQuery, "odds", "US", Duration.ofMillis(1));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	static String job(String jobId, String errorResult) {
		return "{\"kind\":\"bigquery#job\",\"id\":\"" + PROJECT + ":US." + jobId + "\",\"jobReference\":{\"projectId\":\""
				+ PROJECT + "\",\"jobId\":\"" + jobId + "\",\"location\":\"US\"},\"configuration\":{\"query\":{\"query\":\"x\"}},"
				+ "\"statistics\":{\"creationTime\":\"1768431600000\",\"startTime\":\"1768431600100\",\"endTime\":\"1768431601000\"},"
				+ "\"status\":{\"state\":\"DONE\"" + (errorResult == null ? "" : ",\"errorResult\":" + errorResult) + "}}";
	}

	static String queryResults(String jobId) {
		return "{\"kind\":\"bigquery#getQueryResultsResponse\",\"jobReference\":{\"projectId\":\"" + PROJECT
				+ "\",\"jobId\":\"" + jobId + "\",\"location\":\"US\"},\"jobComplete\":true,\"totalRows\":\"0\","
				+ "\"schema\":{\"fields\":[]}}";
	}

	/** A query job that ends DONE, with {@code errorResult} when not null, under {@code jobId}. */
	void stubQueryJob(String jobId, String errorResult) {
		server.stubFor(post(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withRequestBody(matchingJsonPath("$.jobReference.jobId", equalTo(jobId)))
			.willReturn(okJson(job(jobId, errorResult))));
		server.stubFor(get(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs/" + jobId))
			.willReturn(okJson(job(jobId, errorResult))));
		server.stubFor(get(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/queries/" + jobId))
			.willReturn(okJson(queryResults(jobId))));
	}

	int inserts(String jobId) {
		return server.findAll(postRequestedFor(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withRequestBody(matchingJsonPath("$.jobReference.jobId", equalTo(jobId)))).size();
	}

	@Test
	void aStatementIsOneQueryJobUnderTheGivenId() {
		stubQueryJob("oddsapi_r1_e1_publish", null);
		gateway.execute("BEGIN TRANSACTION;\nCOMMIT TRANSACTION", "oddsapi_r1_e1_publish");
		assertThat(inserts("oddsapi_r1_e1_publish")).isEqualTo(1);
		assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withRequestBody(matchingJsonPath("$.configuration.query.query", equalTo("BEGIN TRANSACTION;\nCOMMIT TRANSACTION")))))
			.hasSize(1);
	}

	@Test
	void theRowsEachMergeOfAScriptInsertedAndUpdatedComeFromItsChildJobs() {
		String merge = "MERGE INTO `odds-project.odds.odds_api_game_lines` t\nUSING (SELECT 1) s\nON FALSE";
		server.stubFor(get(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withQueryParam("parentJobId", equalTo("oddsapi_r1_e1_publish_retry2"))
			.willReturn(okJson("{\"kind\":\"bigquery#jobList\",\"jobs\":[" + childJob("child1", "BEGIN TRANSACTION", null)
					+ "," + childJob("child2", merge, "{\"insertedRowCount\":\"52000\",\"updatedRowCount\":\"17\","
							+ "\"deletedRowCount\":\"0\"}")
					+ "]}")));
		assertThat(gateway.dmlCounts("oddsapi_r1_e1_publish_retry2"))
			.containsExactly(java.util.Map.entry(merge, new BigQueryGateway.DmlCounts(52000, 17)));
	}

	static String childJob(String jobId, String query, String dmlStats) {
		return "{\"kind\":\"bigquery#job\",\"id\":\"" + PROJECT + ":US." + jobId + "\",\"jobReference\":{\"projectId\":\""
				+ PROJECT + "\",\"jobId\":\"" + jobId + "\",\"location\":\"US\"},\"state\":\"DONE\",\"configuration\":"
				+ "{\"query\":{\"query\":\"" + query.replace("\n", "\\n").replace("\"", "\\\"") + "\"}},\"statistics\":"
				+ "{\"creationTime\":\"1768431600000\",\"startTime\":\"1768431600100\",\"endTime\":\"1768431601000\","
				+ "\"query\":{\"statementType\":\"" + (dmlStats == null ? "BEGIN_TRANSACTION" : "MERGE") + "\""
				+ (dmlStats == null ? "" : ",\"dmlStats\":" + dmlStats) + "}},\"status\":{\"state\":\"DONE\"}}";
	}

	@Test
	void aRetriedStatementAnswersWithTheAttemptThatRanIt() {
		stubQueryJob("oddsapi_r1_e1_publish", "{\"reason\":\"backendError\",\"message\":\"try again\"}");
		stubQueryJob("oddsapi_r1_e1_publish_retry2", null);
		assertThat(gateway.execute("MERGE ...", "oddsapi_r1_e1_publish")).isEqualTo("oddsapi_r1_e1_publish_retry2");
	}

	@Test
	void aResubmissionAttachesToTheJobAlreadyThere() {
		stubQueryJob("oddsapi_r1_e1_publish", null);
		server.stubFor(post(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withRequestBody(matchingJsonPath("$.jobReference.jobId", equalTo("oddsapi_r1_e1_publish")))
			.willReturn(aResponse().withStatus(409)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":409,\"message\":\"Already Exists: Job " + PROJECT
						+ ":US.oddsapi_r1_e1_publish\",\"errors\":[{\"reason\":\"duplicate\"}]}}")));
		gateway.execute("SELECT 1", "oddsapi_r1_e1_publish");
		assertThat(inserts("oddsapi_r1_e1_publish")).as("submitted once, then attached").isEqualTo(1);
		assertThat(server.findAll(com.github.tomakehurst.wiremock.client.WireMock
			.getRequestedFor(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs/oddsapi_r1_e1_publish"))))
			.isNotEmpty();
	}

	@Test
	void aConcurrentUpdateIsRetriedUnderANewAttemptId() {
		stubQueryJob("oddsapi_r1_e1_publish", "{\"reason\":\"invalidQuery\",\"message\":\"Could not serialize access to "
				+ "table odds-project:odds.odds_api_game_lines due to concurrent update\"}");
		stubQueryJob("oddsapi_r1_e1_publish_retry2", null);
		gateway.execute("MERGE ...", "oddsapi_r1_e1_publish");
		assertThat(inserts("oddsapi_r1_e1_publish")).isEqualTo(1);
		assertThat(inserts("oddsapi_r1_e1_publish_retry2")).isEqualTo(1);
	}

	@Test
	void aFailedJobSurfacesBigQuerysMessage() {
		stubQueryJob("oddsapi_r1_e1_publish", "{\"reason\":\"invalidQuery\",\"message\":\"Syntax error: Unexpected "
				+ "keyword MERGE at [1:1]\"}");
		assertThatThrownBy(() -> gateway.execute("MERGE ...", "oddsapi_r1_e1_publish"))
			.isInstanceOf(ClientBigQueryGateway.BigQueryJobException.class)
			.hasMessage("BigQuery job oddsapi_r1_e1_publish failed: Syntax error: Unexpected keyword MERGE at [1:1] "
					+ "(invalidQuery)");
		assertThat(inserts("oddsapi_r1_e1_publish_retry2")).as("not retried").isZero();
	}

	@Test
	void aLoadIsOneUploadedLoadJobUnderTheGivenId() {
		String jobId = "oddsapi_r1_e1_odds_api_game_lines_load";
		String loadJob = job(jobId, null).replace("\"query\":{\"query\":\"x\"}",
				"\"load\":{\"destinationTable\":{\"projectId\":\"" + PROJECT + "\",\"datasetId\":\"odds\",\"tableId\":\"stg\"}}");
		server.stubFor(post(urlPathMatching("/upload/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withRequestBody(matchingJsonPath("$.jobReference.jobId", equalTo(jobId)))
			.willReturn(aResponse().withStatus(200)
				.withHeader("Location", "http://localhost:" + server.port() + "/upload/session/1")));
		server.stubFor(put(urlPathEqualTo("/upload/session/1")).willReturn(okJson(loadJob)));
		server.stubFor(get(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs/" + jobId)).willReturn(okJson(loadJob)));
		gateway.load("stg_odds_api_game_lines_r1", List.of("run_id"), List.of("{\"run_id\":1}", "{\"run_id\":1}"), 2, jobId);
		assertThat(server.findAll(postRequestedFor(urlPathMatching("/upload/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.withRequestBody(matchingJsonPath("$.configuration.load.writeDisposition", equalTo("WRITE_TRUNCATE")))))
			.hasSize(1);
		var uploads = server.findAll(putRequestedFor(urlPathEqualTo("/upload/session/1")));
		assertThat(uploads).isNotEmpty();
		assertThat(uploads.stream().map(r -> r.getBodyAsString()).reduce("", String::concat))
			.isEqualTo("{\"run_id\":1}\n{\"run_id\":1}\n");
	}

	@Test
	void aResubmittedLoadAttachesToTheLoadJobAlreadyThere() {
		String jobId = "oddsapi_r1_e1_odds_api_game_lines_load";
		String loadJob = job(jobId, null).replace("\"query\":{\"query\":\"x\"}",
				"\"load\":{\"destinationTable\":{\"projectId\":\"" + PROJECT + "\",\"datasetId\":\"odds\",\"tableId\":\"stg\"}}");
		server.stubFor(post(urlPathMatching("/upload/bigquery/v2/projects/" + PROJECT + "/jobs"))
			.willReturn(aResponse().withStatus(409)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"code\":409,\"message\":\"Already Exists: Job\",\"errors\":[{\"reason\":\"duplicate\"}]}}")));
		server.stubFor(get(urlPathEqualTo("/bigquery/v2/projects/" + PROJECT + "/jobs/" + jobId)).willReturn(okJson(loadJob)));
		gateway.load("stg_odds_api_game_lines_r1", List.of("run_id"), List.of("{\"run_id\":1}"), 1, jobId);
		assertThat(server.findAll(putRequestedFor(urlPathMatching("/upload/.*")))).as("nothing uploaded twice").isEmpty();
	}
}
