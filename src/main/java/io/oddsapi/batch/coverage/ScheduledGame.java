package io.oddsapi.batch.coverage;

import java.time.Instant;

/**
 * A game of a date's schedule: the Odds API's event id (the tables' {@code game_id}),
 * tip-off and teams.
 */
public record ScheduledGame(String id, Instant commenceTime, String homeTeam, String awayTeam) {
}
