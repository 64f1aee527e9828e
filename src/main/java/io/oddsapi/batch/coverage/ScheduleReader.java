package io.oddsapi.batch.coverage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.oddsapi.batch.odds.IsoInstants;
import io.oddsapi.batch.odds.NbaTeams;
import io.oddsapi.batch.source.BlobObject;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.OddsObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A date's schedule: the Odds API's events list ({@code /v4/sports/{sport}/events}) that
 * the scraper saves under {@code odds-api/events/{date}/}, as an array of events or a
 * historical wrapper around one. Every file of the date is read in name order (capture
 * order); a later file's entry for an event replaces an earlier one. A file that cannot
 * be read is skipped with a warning naming it; the others still count.
 */
public class ScheduleReader {

	private static final Logger log = LoggerFactory.getLogger(ScheduleReader.class);

	public static final String FOLDER = OddsObjectName.ROOT + "events/";

	private final BlobSource source;

	private final JsonMapper json;

	public ScheduleReader(BlobSource source, JsonMapper json) {
		this.source = source;
		this.json = json;
	}

	/**
	 * The date's games, with the tables' team abbreviations; empty when the date has no
	 * readable events file.
	 */
	public Optional<List<ScheduledGame>> read(LocalDate gameDate) {
		List<BlobObject> files = source.list(FOLDER + gameDate + "/")
			.stream()
			.filter(object -> object.name().endsWith(".json"))
			.toList();
		Map<String, ScheduledGame> games = new LinkedHashMap<>();
		boolean anyRead = false;
		for (BlobObject file : files) {
			try (InputStream in = source.open(file)) {
				JsonNode root = json.readTree(in);
				JsonNode events = root.isObject() && root.has("data") ? root.get("data") : root;
				if (!events.isArray()) {
					throw new IllegalArgumentException("expected an array of events, or a wrapper with one in data");
				}
				for (JsonNode event : events) {
					ScheduledGame game = game(event);
					games.put(game.id(), abbreviated(game));
				}
				anyRead = true;
			}
			catch (IOException | JacksonException | IllegalArgumentException ex) {
				log.warn("schedule file {} skipped: {}", file.name(), ex.getMessage());
			}
		}
		return anyRead ? Optional.of(List.copyOf(games.values())) : Optional.empty();
	}

	private static ScheduledGame game(JsonNode event) {
		String id = text(event, "id");
		if (id == null || id.isBlank()) {
			throw new IllegalArgumentException("an event has no id");
		}
		JsonNode commence = event.get("commence_time");
		// dateFormat=unix writes whole seconds
		Instant tipoff = commence == null || commence.isNull() ? null : commence.isNumber()
				? Instant.ofEpochSecond(commence.asLong()) : IsoInstants.parse(commence.asString());
		return new ScheduledGame(id, tipoff, text(event, "home_team"), text(event, "away_team"));
	}

	/**
	 * The schedule's team names as the tables write them (another sport's names stay as
	 * they are).
	 */
	private static ScheduledGame abbreviated(ScheduledGame game) {
		return new ScheduledGame(game.id(), game.commenceTime(),
				NbaTeams.abbreviation(game.homeTeam()).orElse(game.homeTeam()),
				NbaTeams.abbreviation(game.awayTeam()).orElse(game.awayTeam()));
	}

	private static String text(JsonNode event, String field) {
		JsonNode value = event.get(field);
		return value == null || value.isNull() ? null : value.asString();
	}

}
