package io.oddsapi.batch.odds;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Exact rows for small hand-written events, every value worked out by hand. */
class EventRowMapperTest {

	static final LocalDate GAME_DATE = LocalDate.of(2026, 1, 14);

	static final Instant SNAPSHOT = Instant.parse("2026-01-14T23:00:00Z");

	static final Instant COMMENCE = Instant.parse("2026-01-15T00:10:00Z");

	static final String FILE = "odds-api/x/2026-01-14/e1-MIABOS/20260114_230000-snap-2300.json";

	static SnapshotContext context(PriceFormat format) {
		return new SnapshotContext(GAME_DATE, SNAPSHOT, null, null, FILE, "current", format, SNAPSHOT, "snap-2300");
	}

	@Test
	void gameLinesFallBackMarketToBookmakerToSnapshotForLastUpdate() {
		Instant bookUpdate = Instant.parse("2026-01-14T22:58:00Z");
		Instant marketUpdate = Instant.parse("2026-01-14T22:59:00Z");
		OddsEvent event = new OddsEvent(
				"e1", "basketball_nba", "NBA", COMMENCE, "Boston Celtics", "Miami Heat", List.of(
						new OddsEvent.Bookmaker("fanduel", "FanDuel", bookUpdate,
								List.of(new OddsEvent.Market("h2h", null,
										List.of(new OddsEvent.Outcome("Miami Heat", null, 3.1, null))),
										new OddsEvent.Market("spreads", marketUpdate,
												List.of(new OddsEvent.Outcome("Boston Celtics", null, 1.8, -8.0))))),
						new OddsEvent.Bookmaker("bovada", "Bovada", null, List.of(new OddsEvent.Market("totals", null,
								List.of(new OddsEvent.Outcome("Over", null, 2.5, 221.0)))))));
		EventRows rows = EventRowMapper.map(event, context(PriceFormat.DECIMAL), OfficialGameIds.NONE, true, true);
		assertThat(rows.gameLines()).containsExactly(
				new GameLineRow(SNAPSHOT, null, null, "e1", "basketball_nba", "NBA", COMMENCE, GAME_DATE,
						"Boston Celtics", "Miami Heat", "BOS", "MIA", "fanduel", "FanDuel", bookUpdate, "h2h",
						bookUpdate, "Miami Heat", 3.1, 210L, null, FILE, "current", "20260114_MIA_BOS"),
				new GameLineRow(SNAPSHOT, null, null, "e1", "basketball_nba", "NBA", COMMENCE, GAME_DATE,
						"Boston Celtics", "Miami Heat", "BOS", "MIA", "fanduel", "FanDuel", bookUpdate, "spreads",
						marketUpdate, "Boston Celtics", 1.8, -125L, -8.0, FILE, "current", "20260114_MIA_BOS"),
				new GameLineRow(SNAPSHOT, null, null, "e1", "basketball_nba", "NBA", COMMENCE, GAME_DATE,
						"Boston Celtics", "Miami Heat", "BOS", "MIA", "bovada", "Bovada", SNAPSHOT, "totals", SNAPSHOT,
						"Over", 2.5, 150L, 221.0, FILE, "current", "20260114_MIA_BOS"));
		assertThat(rows.playerProps()).isEmpty();
		assertThat(rows.unknownTeam()).isFalse();
	}

	@Test
	void overAndUnderPairIntoOneRowAlternatesApartMissingSideNull() {
		Instant update = Instant.parse("2026-01-14T22:50:00Z");
		OddsEvent event = new OddsEvent("e1", "basketball_nba", "NBA", COMMENCE, "LA Clippers", "Miami Heat",
				List.of(new OddsEvent.Bookmaker("draftkings", "DraftKings", update, List.of(
						new OddsEvent.Market("player_points", update,
								List.of(new OddsEvent.Outcome("Over", "Nikola Jokić", -110, 25.5),
										new OddsEvent.Outcome("Under", "Nikola Jokić", -120, 25.5),
										new OddsEvent.Outcome("Over", "Bruce Brown Jr", 250, 11.5))),
						new OddsEvent.Market("player_points_alternate", update,
								List.of(new OddsEvent.Outcome("Over", "Nikola Jokić", 150, 30.5),
										new OddsEvent.Outcome("Over", "Nikola Jokić", 300, 35.5),
										new OddsEvent.Outcome("Over", null, 300, 35.5))),
						new OddsEvent.Market("h2h", update,
								List.of(new OddsEvent.Outcome("Miami Heat", null, 150, null)))))));
		EventRows rows = EventRowMapper.map(event, context(PriceFormat.AMERICAN), OfficialGameIds.NONE, false, true);
		// minutes before tip-off: 23:00 -> 00:10 is 70
		assertThat(rows.playerProps()).containsExactly(
				prop("player_points", "Nikola Jokić", "nikolajokic", 25.5, 1.9091, -110L, 1.8333, -120L, update),
				prop("player_points", "Bruce Brown Jr", "brucebrownjr", 11.5, 3.5, 250L, null, null, update),
				prop("player_points_alternate", "Nikola Jokić", "nikolajokic", 30.5, 2.5, 150L, null, null, update),
				prop("player_points_alternate", "Nikola Jokić", "nikolajokic", 35.5, 4.0, 300L, null, null, update));
		assertThat(rows.skippedOutcomes()).isEqualTo(1);
		assertThat(rows.gameLines()).as("game lines not asked for").isEmpty();
	}

	@Test
	void pointsLinesRepeatInTheLegacyShapeWithThePlatformsGameIdOrTheSchedulesOfficialOne() {
		Instant update = Instant.parse("2026-01-14T22:50:00Z");
		OddsEvent event = new OddsEvent("e1", "basketball_nba", "NBA", COMMENCE, "LA Clippers", "Miami Heat",
				List.of(new OddsEvent.Bookmaker("draftkings", "DraftKings", update, List.of(
						new OddsEvent.Market("player_points", update,
								List.of(new OddsEvent.Outcome("Over", "Nikola Jokić", -110, 25.5),
										new OddsEvent.Outcome("Under", "Nikola Jokić", -120, 25.5))),
						new OddsEvent.Market("player_rebounds", update,
								List.of(new OddsEvent.Outcome("Over", "Nikola Jokić", -110, 11.5)))))));
		EventRows rows = EventRowMapper.map(event, context(PriceFormat.AMERICAN), OfficialGameIds.NONE, false, true);
		assertThat(rows.playerPointsProps()).as("points only, its two sides in one row")
			.containsExactly(new PlayerPointsPropRow("20260114_MIA_LAC", "e1", GAME_DATE, COMMENCE, "LAC", "MIA",
					SNAPSHOT, "snap-2300", SNAPSHOT, 70L, "draftkings", "Nikola Jokić", "nikolajokic", 25.5, 1.9091,
					1.8333, -110L, -120L, update, FILE, "current"));

		OfficialGameIds schedule = OfficialGameIds
			.of(List.of(new OfficialGameIds.ScheduledGame("0022500612", GAME_DATE, "MIA", "Los Angeles Clippers"),
					new OfficialGameIds.ScheduledGame("0022500613", GAME_DATE, "Nowhere", "BOS")));
		assertThat(schedule.size()).as("a game with an unknown team matches no event").isEqualTo(1);
		EventRows official = EventRowMapper.map(event, context(PriceFormat.AMERICAN), schedule, false, true);
		assertThat(official.playerPointsProps()).extracting(PlayerPointsPropRow::gameId).containsExactly("0022500612");
		assertThat(official.playerProps()).extracting(PlayerPropRow::platformGameId).containsOnly("0022500612");
		assertThat(official.playerProps()).extracting(PlayerPropRow::gameId)
			.as("the event id stays")
			.containsOnly("e1");
		assertThat(schedule.resolve("20260114_LAL_DEN")).as("a game the schedule lacks keeps the platform's id")
			.isEqualTo("20260114_LAL_DEN");
	}

	private static PlayerPropRow prop(String market, String player, String lookup, double line, Double over,
			Long overAmerican, Double under, Long underAmerican, Instant bookUpdate) {
		return new PlayerPropRow(GAME_DATE, "e1", SNAPSHOT, COMMENCE, "LAC", "MIA", "draftkings", bookUpdate, market,
				player, lookup, line, over, overAmerican, under, underAmerican, 70L, FILE, "current",
				"20260114_MIA_LAC");
	}

	@Test
	void thePlatformsGameIdTakesTheUsEasternDateOfTipOff() {
		assertThat(PlatformGameId.of(Instant.parse("2023-10-24T23:30:00Z"), "LAL", "DEN"))
			.isEqualTo("20231024_LAL_DEN");
		assertThat(PlatformGameId.of(Instant.parse("2026-01-15T04:59:00Z"), "MIA", "BOS"))
			.as("11:59 pm in New York is still the 14th")
			.isEqualTo("20260114_MIA_BOS");
		assertThat(PlatformGameId.of(Instant.parse("2026-07-15T03:59:00Z"), "MIA", "BOS"))
			.as("daylight saving: 11:59 pm EDT")
			.isEqualTo("20260714_MIA_BOS");
		assertThat(PlatformGameId.of(Instant.parse("2026-01-15T05:00:00Z"), "MIA", "BOS"))
			.isEqualTo("20260115_MIA_BOS");
		assertThat(PlatformGameId.of(null, "MIA", "BOS")).isNull();
	}

	@Test
	void unknownTeamsGiveNullAbbreviationsAndAWarning() {
		OddsEvent event = new OddsEvent("n1", "icehockey_nhl", "NHL", COMMENCE, "Boston Bruins", "New York Rangers",
				List.of(new OddsEvent.Bookmaker("unibet_us", "Unibet", null, List.of(new OddsEvent.Market("h2h", null,
						List.of(new OddsEvent.Outcome("Boston Bruins", null, 1.7, null)))))));
		EventRows rows = EventRowMapper.map(event, context(PriceFormat.DECIMAL), OfficialGameIds.NONE, true, false);
		assertThat(rows.unknownTeam()).isTrue();
		assertThat(rows.gameLines().get(0).platformGameId()).as("no platform id without both abbreviations").isNull();
		assertThat(rows.gameLines()).singleElement().satisfies(row -> {
			assertThat(row.homeTeamAbbr()).isNull();
			assertThat(row.awayTeamAbbr()).isNull();
			assertThat(row.outcomePriceAmerican()).isEqualTo(-143L); // -100 / 0.7
		});
	}

	@Test
	void historicalSnapshotTimesComeThroughTheContext() {
		Instant previous = SNAPSHOT.minusSeconds(300);
		Instant next = SNAPSHOT.plusSeconds(300);
		SnapshotContext historical = new SnapshotContext(GAME_DATE, SNAPSHOT, previous, next, FILE, "historical",
				PriceFormat.DECIMAL, null, null);
		OddsEvent event = new OddsEvent("e1", null, null, COMMENCE, "Boston Celtics", "Miami Heat",
				List.of(new OddsEvent.Bookmaker("b", null, null, List.of(new OddsEvent.Market("h2h", null,
						List.of(new OddsEvent.Outcome("Miami Heat", null, 2.0, null)))))));
		GameLineRow row = EventRowMapper.map(event, historical, OfficialGameIds.NONE, true, false).gameLines().get(0);
		assertThat(row.previousSnapshotTimestamp()).isEqualTo(previous);
		assertThat(row.nextSnapshotTimestamp()).isEqualTo(next);
		assertThat(row.dataSource()).isEqualTo("historical");
	}

	@Test
	void playerLookupKeepsLowerCaseLettersAndDigits() {
		assertThat(EventRowMapper.playerLookup("De'Aaron Fox")).isEqualTo("deaaronfox");
		assertThat(EventRowMapper.playerLookup("P.J. Washington Jr.")).isEqualTo("pjwashingtonjr");
		assertThat(EventRowMapper.playerLookup("Nikola Jokić")).isEqualTo("nikolajokic");
	}

	@Test
	void everyNbaTeamHasItsCode() {
		// the league's own three-letter codes (nba.com team pages), written out here
		// rather than read from NbaTeams;
		// the Odds API has sent the Clippers under both names
		String league = """
				Atlanta Hawks ATL, Boston Celtics BOS, Brooklyn Nets BKN, Charlotte Hornets CHA, Chicago Bulls CHI,
				Cleveland Cavaliers CLE, Dallas Mavericks DAL, Denver Nuggets DEN, Detroit Pistons DET,
				Golden State Warriors GSW, Houston Rockets HOU, Indiana Pacers IND, LA Clippers LAC,
				Los Angeles Clippers LAC, Los Angeles Lakers LAL, Memphis Grizzlies MEM, Miami Heat MIA,
				Milwaukee Bucks MIL, Minnesota Timberwolves MIN, New Orleans Pelicans NOP, New York Knicks NYK,
				Oklahoma City Thunder OKC, Orlando Magic ORL, Philadelphia 76ers PHI, Phoenix Suns PHX,
				Portland Trail Blazers POR, Sacramento Kings SAC, San Antonio Spurs SAS, Toronto Raptors TOR,
				Utah Jazz UTA, Washington Wizards WAS""";
		Map<String, String> codes = new LinkedHashMap<>();
		for (String team : league.split(",\\s*")) {
			String name = team.strip();
			codes.put(name.substring(0, name.lastIndexOf(' ')), name.substring(name.lastIndexOf(' ') + 1));
		}
		assertThat(codes).hasSize(31);
		assertThat(codes.values().stream().distinct()).hasSize(30);
		codes.forEach((name, code) -> assertThat(NbaTeams.abbreviation(name)).as(name).contains(code));
		assertThat(NbaTeams.all()).isEqualTo(codes);
		assertThat(NbaTeams.abbreviation("Seattle SuperSonics")).isEmpty();
	}

}
