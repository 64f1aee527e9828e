package io.oddsapi.batch.coverage;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.oddsapi.batch.warehouse.AnalyticsSql;
import io.oddsapi.batch.warehouse.CoverageFacts;

/**
 * A date's coverage from its schedule and the published pre-tip rows. A game is flagged
 * once its lines are due ({@code due} before tip-off) and it has no game lines, or game
 * lines but no props; before that nothing is late yet.
 */
final class CoverageCalculator {

	private final String linesTable;

	private final String propsTable;

	private final Duration due;

	CoverageCalculator(String linesTable, String propsTable, Duration due) {
		this.linesTable = linesTable;
		this.propsTable = propsTable;
		this.due = due;
	}

	/** {@code schedule}: the events file's games, empty when the date has none. */
	CoverageReport compute(LocalDate gameDate, Optional<List<ScheduledGame>> schedule, List<CoverageFacts> facts,
			Instant now) {
		List<ScheduledGame> games = schedule.orElseGet(() -> seenIn(facts));
		String source = schedule.isPresent() ? CoverageReport.FROM_EVENTS : CoverageReport.FROM_ENDPOINTS;
		// by game first: a date of many games (62,000 events in the memory benchmark's
		// one object) searched every fact
		// for every game
		Map<String, List<CoverageFacts>> byGame = facts.stream()
			.collect(Collectors.groupingBy(CoverageFacts::gameId, LinkedHashMap::new, Collectors.toList()));
		List<CoverageRow> rows = new ArrayList<>();
		for (ScheduledGame game : games) {
			rows.add(row(gameDate, game, source, byGame.getOrDefault(game.id(), List.of()), now));
		}
		rows.sort(Comparator.comparing(CoverageRow::commenceTime, Comparator.nullsLast(Comparator.naturalOrder()))
			.thenComparing(CoverageRow::gameId));
		return new CoverageReport(gameDate, source, List.copyOf(rows));
	}

	/** {@code facts}: the game's. */
	private CoverageRow row(LocalDate gameDate, ScheduledGame game, String source, List<CoverageFacts> facts,
			Instant now) {
		Optional<CoverageFacts> lines = find(facts, linesTable, game.id(), null);
		Optional<CoverageFacts> props = find(facts, propsTable, game.id(), null);
		Instant tipoff = game.commenceTime() != null ? game.commenceTime()
				: lines.or(() -> props).map(CoverageFacts::commenceTime).orElse(null);
		long propMarkets = facts.stream()
			.filter(f -> f.table().equals(propsTable) && f.gameId().equals(game.id()) && f.marketKey() != null)
			.count();
		boolean closing = lines.map(CoverageFacts::lastPreTip)
			.filter(last -> tipoff != null
					&& !last.isBefore(tipoff.minus(Duration.ofMinutes(AnalyticsSql.TRUE_CLOSE_MINUTES))))
			.isPresent();
		List<CoverageRow.Flag> flags = new ArrayList<>();
		if (tipoff != null && !now.isBefore(tipoff.minus(due))) {
			if (lines.isEmpty()) {
				flags.add(CoverageRow.Flag.NO_LINES);
			}
			else if (props.isEmpty()) {
				flags.add(CoverageRow.Flag.NO_PROPS);
			}
		}
		return new CoverageRow(gameDate, game.id(), tipoff, game.homeTeam(), game.awayTeam(), source,
				bookmakers(facts, game.id(), "h2h"), bookmakers(facts, game.id(), "spreads"),
				bookmakers(facts, game.id(), "totals"), propMarkets, props.map(CoverageFacts::selections).orElse(0L),
				props.map(CoverageFacts::bookmakers).orElse(0L), age(lines, tipoff), age(props, tipoff),
				lines.isPresent(), props.isPresent(), closing, !flags.isEmpty(),
				flags.isEmpty() ? null : String.join(",", flags.stream().map(Enum::name).toList()));
	}

	private long bookmakers(List<CoverageFacts> facts, String gameId, String market) {
		return find(facts, linesTable, gameId, market).map(CoverageFacts::bookmakers).orElse(0L);
	}

	private static Long age(Optional<CoverageFacts> facts, Instant tipoff) {
		return facts.map(CoverageFacts::lastPreTip)
			.filter(last -> tipoff != null)
			.map(last -> Duration.between(last, tipoff).toMinutes())
			.orElse(null);
	}

	private static Optional<CoverageFacts> find(List<CoverageFacts> facts, String table, String gameId, String market) {
		return facts.stream()
			.filter(f -> f.table().equals(table) && f.gameId().equals(gameId)
					&& (market == null ? f.marketKey() == null : market.equals(f.marketKey())))
			.findFirst();
	}

	/**
	 * Without an events file: every game a table holds pre-tip rows of, with the teams
	 * those rows name.
	 */
	private static List<ScheduledGame> seenIn(List<CoverageFacts> facts) {
		Map<String, ScheduledGame> games = new LinkedHashMap<>();
		facts.stream()
			.filter(f -> f.marketKey() == null)
			.forEach(f -> games.putIfAbsent(f.gameId(),
					new ScheduledGame(f.gameId(), f.commenceTime(), f.homeTeamAbbr(), f.awayTeamAbbr())));
		return List.copyOf(games.values());
	}

}
