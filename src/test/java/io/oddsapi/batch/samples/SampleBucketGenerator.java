package io.oddsapi.batch.samples;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import io.oddsapi.batch.odds.NbaTeams;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes a bucket of Odds API files shaped like the real ones (see
 * {@code ../shared/oddsapi-samples}): for each date and event, live game-lines files as
 * bare event objects (one as a top-level array, one with Unix timestamps), backfill files
 * in the historical wrapper (one with {@code data} as an array), player props with
 * American prices in the live files and decimal in the backfills, alternate lines, an
 * Over without its Under, a bookmaker without {@code last_update}, and a stray
 * {@code .tmp} file. Deterministic: the same spec writes the same bytes.
 * <p>
 * {@code ./mvnw test-compile exec:java}-free regeneration: run {@link #main} with the
 * target folder, or let {@code SampleBucketTest} tell you the checked-in bucket is stale.
 */
public final class SampleBucketGenerator {

	/** How much to write. */
	public record Spec(List<LocalDate> dates, int eventsPerDate, int snapshotsPerEvent, int bookmakers,
			int playersPerTeam, int playerMarkets, long seed) {

		public Spec {
			if (bookmakers > BOOKMAKERS.length || playerMarkets > PLAYER_MARKETS.size()) {
				throw new IllegalArgumentException("at most " + BOOKMAKERS.length + " bookmakers and "
						+ PLAYER_MARKETS.size() + " player markets");
			}
		}

		/**
		 * A small day: 3 player markets (points, rebounds, alternate points), as the
		 * tests' counts assume.
		 */
		public Spec(List<LocalDate> dates, int eventsPerDate, int snapshotsPerEvent, int bookmakers, int playersPerTeam,
				long seed) {
			this(dates, eventsPerDate, snapshotsPerEvent, bookmakers, playersPerTeam, 3, seed);
		}

		/**
		 * The bundled sample bucket: small enough to read, with every shape and quirk.
		 */
		public static Spec bundled() {
			return new Spec(List.of(LocalDate.of(2026, 1, 14), LocalDate.of(2026, 1, 15)), 3, 2, 3, 3, 20260114L);
		}

		/**
		 * A full NBA day as the real feeds bring it: 14 events, 20 bookmakers, 4 players
		 * a team, and 9 player markets (points, rebounds, assists, threes,
		 * points+rebounds+assists, blocks, and three alternate-line markets).
		 */
		public static Spec fullDay(LocalDate date, int snapshotsPerEvent) {
			return new Spec(List.of(date), 14, snapshotsPerEvent, BOOKMAKERS.length, 4, PLAYER_MARKETS.size(), 7L);
		}
	}

	private static final String[][] BOOKMAKERS = { { "draftkings", "DraftKings" }, { "fanduel", "FanDuel" },
			{ "betmgm", "BetMGM" }, { "williamhill_us", "Caesars" }, { "betrivers", "BetRivers" },
			{ "bovada", "Bovada" }, { "pointsbetus", "PointsBet (US)" }, { "espnbet", "ESPN BET" },
			{ "fliff", "Fliff" }, { "betonlineag", "BetOnline.ag" }, { "lowvig", "LowVig.ag" },
			{ "mybookieag", "MyBookie.ag" }, { "betus", "BetUS" }, { "superbook", "SuperBook" },
			{ "wynnbet", "WynnBET" }, { "unibet_us", "Unibet" }, { "hardrockbet", "Hard Rock Bet" },
			{ "ballybet", "Bally Bet" }, { "betparx", "betPARX" }, { "fanatics", "Fanatics" } };

	/**
	 * The first three are the small days' markets, kept first so that those days' bytes
	 * do not change.
	 */
	private static final List<String> PLAYER_MARKETS = List.of("player_points", "player_rebounds",
			"player_points_alternate", "player_assists", "player_threes", "player_points_rebounds_assists",
			"player_blocks", "player_rebounds_alternate", "player_threes_alternate");

	private static final String[] FIRST = { "Jalen", "Marcus", "Tyrese", "Scotty", "Nikola", "Luka", "Bruce", "Kelly",
			"Desmond", "Jose", "Yves", "De'Aaron" };

	private static final String[] LAST = { "Brown Jr", "Jokić", "Wells", "Pippen Jr", "Olynyk", "Bane", "Alvarado",
			"Missi", "Fox", "Williams III", "Harris", "O'Neale" };

	private static final DateTimeFormatter CAPTURE = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private final Spec spec;

	private final Random random;

	public SampleBucketGenerator(Spec spec) {
		this.spec = spec;
		this.random = new Random(spec.seed());
	}

	public static void main(String[] args) {
		Path target = Path.of(args.length > 0 ? args[0] : "samples/bucket");
		new SampleBucketGenerator(Spec.bundled()).writeTo(target);
		System.out.println("wrote " + target.toAbsolutePath());
	}

	/** One event of one date, with the teams and players it keeps across snapshots. */
	private record Game(String id, String home, String away, Instant commence, List<String> players) {

		String folder() {
			return id + "-" + NbaTeams.abbreviation(away).orElseThrow() + NbaTeams.abbreviation(home).orElseThrow();
		}
	}

	public void writeTo(Path root) {
		List<String> teams = new ArrayList<>(
				NbaTeams.all().keySet().stream().filter(t -> !t.equals("LA Clippers")).sorted().toList());
		for (LocalDate date : spec.dates()) {
			List<String> shuffled = new ArrayList<>(teams);
			Collections.shuffle(shuffled, random);
			for (int e = 0; e < spec.eventsPerDate(); e++) {
				Game game = game(date, shuffled.get(2 * e), shuffled.get(2 * e + 1), e);
				for (int s = 0; s < spec.snapshotsPerEvent(); s++) {
					Instant capture = game.commence().minusSeconds(3600L * (spec.snapshotsPerEvent() - s) + 37 * e);
					writeGameLines(root, date, game, capture, e, s);
					writeProps(root, date, game, capture, s);
				}
			}
			write(root, "odds-api/game-lines/" + date + "/upload-in-progress.json.tmp", "{\"partial\":",
					date.atStartOfDay(ZoneOffset.UTC).toInstant());
		}
	}

	private Game game(LocalDate date, String home, String away, int index) {
		byte[] id = new byte[16];
		random.nextBytes(id);
		Instant commence = date.atTime(19 + index % 3, index % 2 == 0 ? 0 : 30)
			.atZone(ZoneId.of("America/New_York"))
			.toInstant();
		List<String> players = new ArrayList<>();
		for (int p = 0; p < 2 * spec.playersPerTeam(); p++) {
			players.add(FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)]);
		}
		return new Game(HexFormat.of().formatHex(id), home, away, commence, players.stream().distinct().toList());
	}

	private void writeGameLines(Path root, LocalDate date, Game game, Instant capture, int eventIndex, int snapshot) {
		boolean unix = eventIndex == 1 && snapshot == 0;
		String live = json(g -> {
			boolean asArray = eventIndex == 2 && snapshot == 0;
			if (asArray) {
				g.writeStartArray();
			}
			writeEvent(g, game, capture, false, false, unix);
			if (asArray) {
				g.writeEndArray();
			}
		});
		write(root, objectName("game-lines", date, game, capture), live, capture);
		Instant historical = capture.minusSeconds(300);
		String backfill = json(g -> writeWrapper(g, historical, () -> {
			boolean dataArray = eventIndex == 0;
			if (dataArray) {
				g.writeStartArray();
			}
			writeEvent(g, game, historical, false, false, false);
			if (dataArray) {
				g.writeEndArray();
			}
		}));
		write(root, objectName("game-lines-history", date, game, historical), backfill, historical);
	}

	private void writeProps(Path root, LocalDate date, Game game, Instant capture, int snapshot) {
		write(root, objectName("player-props", date, game, capture),
				json(g -> writeEvent(g, game, capture, true, true, false)), capture);
		Instant historical = capture.minusSeconds(300);
		write(root, objectName("player-props-history", date, game, historical),
				json(g -> writeWrapper(g, historical, () -> writeEvent(g, game, historical, true, false, false))),
				historical);
	}

	private static String objectName(String endpoint, LocalDate date, Game game, Instant capture) {
		return "odds-api/" + endpoint + "/" + date + "/" + game.folder() + "/" + CAPTURE.format(capture) + "-snap-"
				+ HHMM.format(capture) + ".json";
	}

	private interface Body {

		void write(JsonGenerator g);

	}

	private interface Nested {

		void write();

	}

	private void writeWrapper(JsonGenerator g, Instant timestamp, Nested data) {
		g.writeStartObject();
		g.writeName("timestamp");
		g.writeString(timestamp.toString());
		g.writeName("previous_timestamp");
		g.writeString(timestamp.minusSeconds(300).toString());
		g.writeName("next_timestamp");
		g.writeString(timestamp.plusSeconds(300).toString());
		g.writeName("data");
		data.write();
		g.writeEndObject();
	}

	private void writeEvent(JsonGenerator g, Game game, Instant at, boolean props, boolean american, boolean unix) {
		g.writeStartObject();
		g.writeName("id");
		g.writeString(game.id());
		g.writeName("sport_key");
		g.writeString("basketball_nba");
		g.writeName("sport_title");
		g.writeString("NBA");
		g.writeName("commence_time");
		writeTime(g, game.commence(), unix);
		g.writeName("home_team");
		g.writeString(game.home());
		g.writeName("away_team");
		g.writeString(game.away());
		g.writeName("bookmakers");
		g.writeStartArray();
		for (int b = 0; b < spec.bookmakers(); b++) {
			Instant update = at.minusSeconds(20 + random.nextInt(200));
			g.writeStartObject();
			g.writeName("key");
			g.writeString(BOOKMAKERS[b % BOOKMAKERS.length][0]);
			g.writeName("title");
			g.writeString(BOOKMAKERS[b % BOOKMAKERS.length][1]);
			if (b != 1) { // real files omit last_update at bookmaker level now and then
				g.writeName("last_update");
				writeTime(g, update, unix);
			}
			g.writeName("markets");
			g.writeStartArray();
			if (props) {
				writePlayerMarkets(g, game, update, american, b);
			}
			else {
				writeGameMarkets(g, game, update, unix, b);
			}
			g.writeEndArray();
			g.writeEndObject();
		}
		g.writeEndArray();
		g.writeEndObject();
	}

	private void writeGameMarkets(JsonGenerator g, Game game, Instant update, boolean unix, int bookmaker) {
		double spread = 0.5 + random.nextInt(12);
		double total = 210.5 + random.nextInt(30);
		market(g, "h2h", update, unix, bookmaker == 2, () -> {
			outcome(g, game.away(), null, decimal(), null);
			outcome(g, game.home(), null, decimal(), null);
		});
		market(g, "spreads", update, unix, false, () -> {
			outcome(g, game.away(), null, decimal(), spread);
			outcome(g, game.home(), null, decimal(), -spread);
		});
		market(g, "totals", update, unix, false, () -> {
			outcome(g, "Over", null, decimal(), total);
			outcome(g, "Under", null, decimal(), total);
		});
		market(g, "alternate_spreads", update, unix, false, () -> {
			for (int step = 1; step <= 2; step++) {
				outcome(g, game.away(), null, decimal(), spread + step);
				outcome(g, game.home(), null, decimal(), -(spread + step));
			}
		});
		if (bookmaker == 0) { // integer points and a decimal price written as an integer
			market(g, "alternate_totals", update, unix, false, () -> {
				outcome(g, "Over", null, 2.0, (double) Math.round(total + 5));
				outcome(g, "Under", null, 1.8, (double) Math.round(total + 5));
			});
		}
	}

	private void writePlayerMarkets(JsonGenerator g, Game game, Instant update, boolean american, int bookmaker) {
		for (String market : PLAYER_MARKETS.subList(0, spec.playerMarkets())) {
			market(g, market, update, false, false, () -> {
				for (int p = 0; p < game.players().size(); p++) {
					String player = game.players().get(p);
					double line = line(market, p);
					if (market.endsWith("_alternate")) {
						// alternate lines: several points per player, Over only, as books
						// offer them
						double step = line < 10 ? 1 : 5;
						outcome(g, "Over", player, price(american), line + step);
						outcome(g, "Over", player, price(american), line + 2 * step);
						continue;
					}
					outcome(g, "Over", player, price(american), line);
					if (!(p == 0 && bookmaker == 1)) { // one book quotes only the Over
						outcome(g, "Under", player, price(american), line);
					}
				}
			});
		}
	}

	private static double line(String market, int player) {
		return switch (market.replace("_alternate", "")) {
			case "player_rebounds" -> 3.5 + player % 6;
			case "player_assists" -> 1.5 + player % 8;
			case "player_threes" -> 0.5 + player % 4;
			case "player_points_rebounds_assists" -> 18.5 + (player * 5) % 25;
			case "player_blocks" -> 0.5 + player % 2;
			default -> 10.5 + (player * 3) % 20;
		};
	}

	private void market(JsonGenerator g, String key, Instant update, boolean unix, boolean omitUpdate,
			Nested outcomes) {
		g.writeStartObject();
		g.writeName("key");
		g.writeString(key);
		if (!omitUpdate) {
			g.writeName("last_update");
			writeTime(g, update, unix);
		}
		g.writeName("outcomes");
		g.writeStartArray();
		outcomes.write();
		g.writeEndArray();
		g.writeEndObject();
	}

	private static void outcome(JsonGenerator g, String name, String description, double price, Double point) {
		g.writeStartObject();
		g.writeName("name");
		g.writeString(name);
		if (description != null) {
			g.writeName("description");
			g.writeString(description);
		}
		g.writeName("price");
		if (price == Math.rint(price)) {
			g.writeNumber((long) price);
		}
		else {
			g.writeNumber(price);
		}
		if (point != null) {
			g.writeName("point");
			if (point == Math.rint(point)) {
				g.writeNumber(point.longValue());
			}
			else {
				g.writeNumber(point);
			}
		}
		g.writeEndObject();
	}

	private double decimal() {
		return 1.5 + random.nextInt(100) / 100.0;
	}

	private double price(boolean american) {
		if (!american) {
			return decimal();
		}
		int magnitude = 100 + 5 * random.nextInt(30);
		return random.nextBoolean() ? -magnitude : magnitude;
	}

	private static void writeTime(JsonGenerator g, Instant time, boolean unix) {
		if (unix) {
			g.writeNumber(time.getEpochSecond());
		}
		else {
			g.writeString(time.toString());
		}
	}

	private static String json(Body body) {
		StringWriter out = new StringWriter();
		try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
			body.write(g);
		}
		return out.toString();
	}

	/**
	 * Written as uploaded at its capture time: the local bucket's generation is the
	 * file's modification time, so the same spec gives the same generations (and ledgers)
	 * in every bucket it is written to.
	 */
	private static void write(Path root, String name, String content, Instant uploaded) {
		try {
			Path file = root.resolve(name);
			Files.createDirectories(file.getParent());
			Files.writeString(file, content, StandardCharsets.UTF_8);
			Files.setLastModifiedTime(file, FileTime.from(uploaded));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
