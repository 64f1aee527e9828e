package io.oddsapi.batch.launch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.source.OddsEndpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudRunPlanTest {

	static CloudRunPlan plan(Map<String, String> settings) {
		return CloudRunPlan.of(settings::get);
	}

	@Test
	void aDateRangeIsDealtSoThatEachDateRunsInExactlyOneTask() {
		List<LocalDate> all = new ArrayList<>();
		for (int task = 0; task < 3; task++) {
			CloudRunPlan plan = plan(Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_FROM", "2026-01-01", "ODDS_TO",
					"2026-01-10", "CLOUD_RUN_TASK_INDEX", Integer.toString(task), "CLOUD_RUN_TASK_COUNT", "3"));
			plan.requests().forEach(r -> all.add(r.gameDate()));
		}
		assertThat(all).hasSize(10).doesNotHaveDuplicates();
		assertThat(all).contains(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 10));
	}

	@Test
	void severalEndpointsRunForEachDateOfTheTask() {
		CloudRunPlan plan = plan(Map.of("ODDS_ENDPOINT", "game-lines, player-props", "ODDS_GAME_DATE", "2026-01-14"));
		assertThat(plan.requests()).containsExactly(
				new LaunchRequest(OddsEndpoint.GAME_LINES, LocalDate.of(2026, 1, 14)),
				new LaunchRequest(OddsEndpoint.PLAYER_PROPS, LocalDate.of(2026, 1, 14)));
	}

	@Test
	void argumentsWinOverVariables() {
		Map<String, String> settings = new HashMap<>(
				Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", "2026-01-14"));
		settings.put("endpoint", "player-props-history");
		settings.put("gameDate", "2026-01-15");
		assertThat(plan(settings).requests())
			.containsExactly(new LaunchRequest(OddsEndpoint.PLAYER_PROPS_HISTORY, LocalDate.of(2026, 1, 15)));
	}

	@Test
	void aRetryRecognisesOnlyItsOwnEarlierAttempts() {
		CloudRunPlan retry = plan(Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", "2026-01-14",
				"CLOUD_RUN_EXECUTION", "odds-job-abc", "CLOUD_RUN_TASK_INDEX", "1", "CLOUD_RUN_TASK_COUNT", "2",
				"CLOUD_RUN_TASK_ATTEMPT", "1"));
		assertThat(retry.earlierAttempt()).accepts(holder("cloud-run odds-job-abc task 1 attempt 0"))
			.rejects(holder("cloud-run odds-job-abc task 0 attempt 0"),
					holder("cloud-run odds-job-xyz task 1 attempt 0"), holder("command line"), holder(retry.trigger()));
		assertThat(retry.notes()).containsEntry("cloudRunExecution", "odds-job-abc")
			.containsEntry("cloudRunTaskIndex", "1");
		CloudRunPlan first = plan(Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", "2026-01-14",
				"CLOUD_RUN_EXECUTION", "odds-job-abc", "CLOUD_RUN_TASK_INDEX", "1", "CLOUD_RUN_TASK_COUNT", "2"));
		assertThat(first.earlierAttempt()).as("a first attempt takes nothing over")
			.rejects(holder("cloud-run odds-job-abc task 1 attempt 0"));
	}

	@Test
	void unusableSettingsAreNamed() {
		assertThatThrownBy(() -> plan(Map.of("ODDS_GAME_DATE", "2026-01-14")))
			.hasMessage("give endpoint=... or ODDS_ENDPOINT");
		assertThatThrownBy(() -> plan(Map.of("ODDS_ENDPOINT", "game-lines")))
			.hasMessageContaining("ODDS_FROM and ODDS_TO");
		assertThatThrownBy(() -> plan(Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", "2026-01-14",
				"CLOUD_RUN_TASK_INDEX", "3", "CLOUD_RUN_TASK_COUNT", "3")))
			.hasMessageContaining("is not a task of");
		assertThatThrownBy(
				() -> plan(Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_FROM", "2026-01-10", "ODDS_TO", "2026-01-01")))
			.hasMessageContaining("before ODDS_FROM");
	}

	/**
	 * A lock holder, as the launch's take-over rule sees it: by the trigger it recorded.
	 */
	private static String holder(String trigger) {
		return trigger;
	}

}
