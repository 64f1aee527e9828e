package io.oddsapi.batch.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.ServedModes;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every mode of the packaged jar, started as a user starts it:
 * {@code java -jar target/oddsapi-batch.jar ...}, with nothing of the test class path. A
 * class that the jar lacks and some mode's context loads fails here, whatever the unit
 * and functional tests (which run on the test class path) say.
 */
class PackagedJarModesIT extends FunctionalTest {

	static final String TOKEN = "packaged-jar-token-0123456789";

	private TestBucket samples;

	@BeforeEach
	void copyTheSampleBucket() {
		samples = bucket().copyOf(Path.of("samples/bucket"));
	}

	private AppProcess jar(Backend.TestDatabase database, String name, String... args) {
		return jar(database, name, Map.of(), args);
	}

	private AppProcess jar(Backend.TestDatabase database, String name, Map<String, String> env, String... args) {
		return AppProcess.startPackaged(tempDir.resolve(name), database, samples.root(), env, args);
	}

	@ParameterizedTest
	@EnumSource(Backend.class)
	void serverModeServesHealthTheContractTheConsoleAndALaunchThatCompletes(Backend backend) {
		AppProcess server = jar(database(backend), "server", "--odds.mode=server", "--server.port=0",
				"--odds.api.token=" + TOKEN);
		try {
			ApiClient api = ApiClient.at(server.readyPort(), TOKEN);
			ServedModes.servesTheApiAndTheConsole(server, api);
			assertThat(api.withToken(null).post("/api/v1/batches", "{}").status()).isEqualTo(401);
		}
		finally {
			server.terminate();
		}
		assertThat(server.waitFor()).as(server.output()).isIn(0, 143);
	}

	@Test
	void theLocalProfileServesTheApiWithoutAToken() {
		AppProcess server = jar(database(Backend.H2), "local", "--odds.mode=server", "--server.port=0",
				"--spring.profiles.active=local");
		try {
			ServedModes.servesTheApiAndTheConsole(server, ApiClient.at(server.readyPort(), null));
		}
		finally {
			server.terminate();
		}
		assertThat(server.waitFor()).as(server.output()).isIn(0, 143);
	}

	@Test
	void theCommandLineAndCloudRunModesExitWithTheirDocumentedCodes() {
		Backend.TestDatabase database = database(Backend.H2);
		AppProcess cli = jar(database, "cli", "endpoint=game-lines", "gameDate=2026-01-15");
		assertThat(cli.waitFor()).as(cli.output()).isZero();
		assertThat(cli.output()).contains("game-lines 2026-01-15 run 1 (execution 1): COMPLETED");
		AppProcess impossible = jar(database, "impossible", "endpoint=game-lines", "gameDate=2026-02-30");
		assertThat(impossible.waitFor()).as(impossible.output()).isEqualTo(2);
		AppProcess task = jar(database, "cloud-run", Map.of("ODDS_MODE", "cloud-run", "ODDS_ENDPOINT", "game-lines",
				"ODDS_GAME_DATE", "2026-01-14", "CLOUD_RUN_EXECUTION", "odds-job-1"));
		assertThat(task.waitFor()).as(task.output()).isZero();
		assertThat(task.output()).contains("game-lines 2026-01-14 run 1 (execution 2): COMPLETED");
		AppProcess unusable = jar(database, "cloud-run-unusable",
				Map.of("ODDS_MODE", "cloud-run", "ODDS_GAME_DATE", "2026-01-14"));
		assertThat(unusable.waitFor()).as(unusable.output()).isEqualTo(2);
	}

	@Test
	void coverageExitsThreeWhileGamesAreFlaggedAndTheSweepZeroOnceEverythingIsPublished() {
		Backend.TestDatabase database = database(Backend.H2);
		AppProcess lines = jar(database, "lines", "endpoint=game-lines", "gameDate=2026-01-14");
		assertThat(lines.waitFor()).as(lines.output()).isZero();
		// game lines without props: each of the date's 3 games is flagged NO_PROPS (their
		// tip-off is long past)
		AppProcess coverage = jar(database, "coverage", "--odds.mode=coverage", "gameDate=2026-01-14");
		assertThat(coverage.waitFor()).as(coverage.output()).isEqualTo(3);
		assertThat(coverage.output()).contains("coverage of 2026-01-14: 3 games, 3 flagged");
		// the sweep publishes the 3 other endpoints' 18 objects of the date; then no game
		// is flagged
		AppProcess sweep = jar(database, "sweep", "--odds.mode=sweep", "from=2026-01-14", "to=2026-01-14");
		assertThat(sweep.waitFor()).as(sweep.output()).isZero();
		assertThat(sweep.output()).contains("4 endpoint dates checked, 3 had unpublished objects (18 objects)")
			.contains("coverage of 2026-01-14: 3 games, 0 flagged");
		AppProcess unusable = jar(database, "coverage-unusable", "--odds.mode=coverage", "gameDate=2026-13-01");
		assertThat(unusable.waitFor()).as(unusable.output()).isEqualTo(2);
	}

	@Test
	void theAdoptionPlanChangesNothingAndExitsZero() {
		AppProcess plan = jar(database(Backend.H2), "adopt", "--odds.adopt=plan");
		assertThat(plan.waitFor()).as(plan.output()).isZero();
		assertThat(plan.output()).contains("adoption plan (nothing changed):")
			.contains("odds_api_game_lines: no such table; the job creates it from job-config");
	}

	@Test
	void aBigQueryDryRunWritesItsStatementsToTheFileAndExitsZero() throws IOException {
		Path statements = tempDir.resolve("dry-run.sql");
		AppProcess dryRun = jar(database(Backend.H2), "dry-run", "endpoint=game-lines", "gameDate=2026-01-14",
				"--odds.warehouse=bigquery", "--odds.bigquery.dataset=odds", "--odds.dry-run=" + statements);
		assertThat(dryRun.waitFor()).as(dryRun.output()).isZero();
		assertThat(Files.readString(statements)).contains("MERGE INTO `odds.odds_api_game_lines`");
	}

	@Test
	void theGcpProfileRefusesToPublishToBigQueryFromTheEmbeddedRepository() {
		AppProcess refused = jar(database(Backend.H2), "gcp", "--spring.profiles.active=gcp", "endpoint=game-lines",
				"gameDate=2026-01-14");
		assertThat(refused.waitFor()).as(refused.output()).isEqualTo(1);
		assertThat(refused.output()).contains("set spring.datasource.url (SPRING_DATASOURCE_URL) to the PostgreSQL");
	}

}
