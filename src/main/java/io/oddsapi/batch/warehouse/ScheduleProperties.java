package io.oddsapi.batch.warehouse;

import java.time.LocalDate;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code odds.schedule.*}: the platform's schedule table, whose official game ids become
 * the platform's {@code game_id} of the games it knows. Names only: they go into SQL as
 * they are, so they are checked here.
 *
 * @param table the schedule table in the warehouse's database ({@code schedule},
 * {@code schema.schedule}; on BigQuery {@code dataset.schedule} or
 * {@code project.dataset.schedule}, a bare name is in the job's dataset); empty: no
 * schedule, every game keeps {@code YYYYMMDD_AWAY_HOME}
 * @param idColumn the official game id (any type, read as text)
 * @param dateColumn the game's US Eastern date, a DATE
 * @param homeTeamColumn the home team, as its three-letter code or as the Odds API names
 * it
 * @param awayTeamColumn the away team, likewise
 */
@Validated
@ConfigurationProperties("odds.schedule")
public record ScheduleProperties(@Pattern(regexp = TABLE,
		message = "must be a table name, optionally qualified: schedule, dataset.schedule, project.dataset.schedule") String table,
		@NotNull @Pattern(regexp = COLUMN, message = COLUMN_MESSAGE) @DefaultValue("game_id") String idColumn,
		@NotNull @Pattern(regexp = COLUMN, message = COLUMN_MESSAGE) @DefaultValue("game_date") String dateColumn,
		@NotNull @Pattern(regexp = COLUMN,
				message = COLUMN_MESSAGE) @DefaultValue("home_team_tricode") String homeTeamColumn,
		@NotNull @Pattern(regexp = COLUMN,
				message = COLUMN_MESSAGE) @DefaultValue("away_team_tricode") String awayTeamColumn) {

	static final String COLUMN = "[A-Za-z_][A-Za-z0-9_]{0,127}";

	static final String COLUMN_MESSAGE = "must be a column name: letters, digits and _";

	static final String TABLE = "([A-Za-z0-9_-]{1,64}\\.){0,2}[A-Za-z_][A-Za-z0-9_]{0,127}";

	public boolean configured() {
		return table != null && !table.isBlank();
	}

	/**
	 * The schedule's games between two dates, in the dialect; {@code tableRef}: how the
	 * database names the table.
	 */
	public String query(SqlDialect dialect, String tableRef, LocalDate from, LocalDate to) {
		return "SELECT CAST(" + idColumn + " AS " + dialect.type(ColumnType.STRING) + ") AS official_id, " + dateColumn
				+ " AS game_date, " + awayTeamColumn + " AS away_team, " + homeTeamColumn + " AS home_team FROM "
				+ tableRef + " WHERE " + dateColumn + " BETWEEN " + dialect.dateLiteral(from) + " AND "
				+ dialect.dateLiteral(to);
	}
}
