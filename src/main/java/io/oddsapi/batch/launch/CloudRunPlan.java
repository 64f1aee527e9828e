package io.oddsapi.batch.launch;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import io.oddsapi.batch.run.LaunchRequest;

/**
 * What one Cloud Run Jobs task runs: the endpoints ({@code endpoint=} or
 * {@code ODDS_ENDPOINT}, several separated by commas) for one date ({@code gameDate=} or
 * {@code ODDS_GAME_DATE}) or for every date from {@code ODDS_FROM} to {@code ODDS_TO}
 * inclusive, dealt round-robin to the tasks by {@code CLOUD_RUN_TASK_INDEX} of
 * {@code CLOUD_RUN_TASK_COUNT}, so that each date runs in exactly one task.
 */
public record CloudRunPlan(List<LaunchRequest> requests, String execution, int taskIndex, int taskCount, int attempt) {

	/** {@code setting}: an argument or environment variable by name, null when absent. */
	public static CloudRunPlan of(Function<String, String> setting) {
		String endpoints = require(setting, "endpoint", "ODDS_ENDPOINT");
		int taskIndex = number(setting, "CLOUD_RUN_TASK_INDEX", 0);
		int taskCount = number(setting, "CLOUD_RUN_TASK_COUNT", 1);
		if (taskIndex < 0 || taskIndex >= taskCount) {
			throw new IllegalArgumentException(
					"CLOUD_RUN_TASK_INDEX=" + taskIndex + " is not a task of CLOUD_RUN_TASK_COUNT=" + taskCount);
		}
		List<LocalDate> dates = dates(setting);
		List<LaunchRequest> requests = new ArrayList<>();
		for (int i = 0; i < dates.size(); i++) {
			if (i % taskCount != taskIndex) {
				continue;
			}
			for (String endpoint : endpoints.split(",")) {
				requests.add(LaunchRequest.parse(endpoint.trim(), dates.get(i).toString()));
			}
		}
		String execution = setting.apply("CLOUD_RUN_EXECUTION");
		return new CloudRunPlan(List.copyOf(requests), execution == null ? "local" : execution, taskIndex, taskCount,
				number(setting, "CLOUD_RUN_TASK_ATTEMPT", 0));
	}

	private static List<LocalDate> dates(Function<String, String> setting) {
		String single = first(setting, "gameDate", "ODDS_GAME_DATE");
		if (single != null) {
			return List.of(LaunchRequest.parseDate("gameDate", single));
		}
		String from = setting.apply("ODDS_FROM");
		String to = setting.apply("ODDS_TO");
		if (from == null || to == null) {
			throw new IllegalArgumentException(
					"give gameDate=YYYY-MM-DD (or ODDS_GAME_DATE), or ODDS_FROM and ODDS_TO");
		}
		LocalDate first = LaunchRequest.parseDate("ODDS_FROM", from);
		LocalDate last = LaunchRequest.parseDate("ODDS_TO", to);
		if (last.isBefore(first)) {
			throw new IllegalArgumentException("ODDS_TO " + last + " is before ODDS_FROM " + first);
		}
		return first.datesUntil(last.plusDays(1)).toList();
	}

	/**
	 * What the launch records as its trigger; a retry recognises its earlier attempts by
	 * it.
	 */
	public String trigger() {
		return "cloud-run " + execution + " task " + taskIndex + " attempt " + attempt;
	}

	/**
	 * On a retry, a lock held by an earlier attempt of this very task is held by the
	 * dead: take it over.
	 */
	public Predicate<String> earlierAttempt() {
		String mine = "cloud-run " + execution + " task " + taskIndex + " attempt ";
		return holderTrigger -> attempt > 0 && holderTrigger.startsWith(mine) && !holderTrigger.equals(trigger());
	}

	/** Non-identifying job parameters: where a run came from. */
	public Map<String, String> notes() {
		return Map.of("cloudRunExecution", execution, "cloudRunTaskIndex", Integer.toString(taskIndex),
				"cloudRunTaskAttempt", Integer.toString(attempt));
	}

	private static String first(Function<String, String> setting, String argument, String variable) {
		String value = setting.apply(argument);
		return value != null ? value : setting.apply(variable);
	}

	private static String require(Function<String, String> setting, String argument, String variable) {
		String value = first(setting, argument, variable);
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("give " + argument + "=... or " + variable);
		}
		return value;
	}

	private static int number(Function<String, String> setting, String variable, int otherwise) {
		String value = setting.apply(variable);
		if (value == null || value.isBlank()) {
			return otherwise;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(variable + "=" + value + " is not a number");
		}
	}
}
