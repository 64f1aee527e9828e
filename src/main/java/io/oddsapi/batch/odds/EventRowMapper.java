package io.oddsapi.batch.odds;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Turns one event into table rows: every non-player market into game lines, every
 * {@code player_*} market into player props with Over and Under of the same player and
 * line paired into one row, and the {@code player_points} props once more in the
 * platform's legacy shape.
 */
public final class EventRowMapper {

	private EventRowMapper() {
	}

	/**
	 * @param officialIds the schedule's official ids: the platform's game id where it
	 * knows the game
	 */
	public static EventRows map(OddsEvent event, SnapshotContext context, OfficialGameIds officialIds,
			boolean gameLines, boolean playerProps) {
		String homeAbbr = NbaTeams.abbreviation(event.homeTeam()).orElse(null);
		String awayAbbr = NbaTeams.abbreviation(event.awayTeam()).orElse(null);
		boolean unknownTeam = homeAbbr == null || awayAbbr == null;
		String platformGameId = officialIds.resolve(PlatformGameId.of(event.commenceTime(), awayAbbr, homeAbbr));
		List<GameLineRow> lines = new ArrayList<>();
		List<PlayerPropRow> props = new ArrayList<>();
		List<PlayerPointsPropRow> pointsProps = new ArrayList<>();
		int skipped = 0;
		Instant snapshot = context.snapshotTimestamp();
		for (OddsEvent.Bookmaker bookmaker : event.bookmakers()) {
			Instant bookmakerUpdate = Objects.requireNonNullElse(bookmaker.lastUpdate(), snapshot);
			for (OddsEvent.Market market : bookmaker.markets()) {
				Instant marketUpdate = Objects.requireNonNullElse(market.lastUpdate(), bookmakerUpdate);
				if (market.isPlayerMarket()) {
					if (playerProps) {
						int first = props.size();
						skipped += pairPlayerLines(event, context, homeAbbr, awayAbbr, platformGameId, bookmaker,
								bookmakerUpdate, market, props);
						if (PlayerPointsPropRow.MARKET.equals(market.key())) {
							props.subList(first, props.size())
								.forEach(prop -> pointsProps.add(PlayerPointsPropRow.of(prop, context)));
						}
					}
				}
				else if (gameLines) {
					for (OddsEvent.Outcome outcome : market.outcomes()) {
						PriceFormat.Price price = context.priceFormat().convert(outcome.price());
						lines.add(new GameLineRow(snapshot, context.previousSnapshotTimestamp(),
								context.nextSnapshotTimestamp(), event.id(), event.sportKey(), event.sportTitle(),
								event.commenceTime(), context.gameDate(), event.homeTeam(), event.awayTeam(), homeAbbr,
								awayAbbr, bookmaker.key(), bookmaker.title(), bookmakerUpdate, market.key(),
								marketUpdate, outcome.name(), price.decimal(), price.american(), outcome.point(),
								context.sourceFilePath(), context.dataSource(), platformGameId));
					}
				}
			}
		}
		return new EventRows(lines, props, pointsProps, unknownTeam, skipped);
	}

	private record PlayerLine(String player, Double line) {
	}

	private static final class Sides {

		PriceFormat.Price over;

		PriceFormat.Price under;

	}

	/** Returns the number of outcomes that name no player and so cannot be placed. */
	private static int pairPlayerLines(OddsEvent event, SnapshotContext context, String homeAbbr, String awayAbbr,
			String platformGameId, OddsEvent.Bookmaker bookmaker, Instant bookmakerUpdate, OddsEvent.Market market,
			List<PlayerPropRow> out) {
		Map<PlayerLine, Sides> byLine = new LinkedHashMap<>();
		int skipped = 0;
		for (OddsEvent.Outcome outcome : market.outcomes()) {
			Side side = Side.of(outcome.name());
			// Over/Under and Yes/No name the player in description; other markets (first
			// basket) name them as the outcome
			String player = side == Side.NAMED_PLAYER ? outcome.name() : outcome.description();
			if (player == null || player.isBlank()) {
				skipped++;
				continue;
			}
			Sides sides = byLine.computeIfAbsent(new PlayerLine(player, outcome.point()), key -> new Sides());
			PriceFormat.Price price = context.priceFormat().convert(outcome.price());
			if (side == Side.UNDER) {
				sides.under = price;
			}
			else {
				sides.over = price;
			}
		}
		Long minutesBefore = Duration.between(context.snapshotTimestamp(), event.commenceTime()).toMinutes();
		byLine.forEach((key, sides) -> out.add(new PlayerPropRow(context.gameDate(), event.id(),
				context.snapshotTimestamp(), event.commenceTime(), homeAbbr, awayAbbr, bookmaker.key(), bookmakerUpdate,
				market.key(), key.player(), playerLookup(key.player()), key.line(),
				sides.over == null ? null : sides.over.decimal(), sides.over == null ? null : sides.over.american(),
				sides.under == null ? null : sides.under.decimal(), sides.under == null ? null : sides.under.american(),
				minutesBefore, context.sourceFilePath(), context.dataSource(), platformGameId)));
		return skipped;
	}

	private enum Side {

		OVER, UNDER, NAMED_PLAYER;

		static Side of(String outcomeName) {
			if (outcomeName.equalsIgnoreCase("over") || outcomeName.equalsIgnoreCase("yes")) {
				return OVER;
			}
			if (outcomeName.equalsIgnoreCase("under") || outcomeName.equalsIgnoreCase("no")) {
				return UNDER;
			}
			return NAMED_PLAYER;
		}

	}

	private static final Pattern MARKS = Pattern.compile("\\p{M}");

	/**
	 * A day names a few hundred players over and over: each is folded once (the map is
	 * dropped if it ever grows).
	 */
	private static final Map<String, String> LOOKUPS = new ConcurrentHashMap<>();

	private static final int MAX_LOOKUPS = 10_000;

	/**
	 * Lower-case letters and digits only, accents folded: "Nikola Jokić" and "Nikola
	 * Jokic" meet as "nikolajokic".
	 */
	public static String playerLookup(String playerName) {
		String lookup = LOOKUPS.get(playerName);
		if (lookup == null) {
			if (LOOKUPS.size() >= MAX_LOOKUPS) {
				LOOKUPS.clear();
			}
			lookup = fold(playerName);
			LOOKUPS.put(playerName, lookup);
		}
		return lookup;
	}

	private static String fold(String playerName) {
		StringBuilder lookup = new StringBuilder(playerName.length());
		for (int i = 0; i < playerName.length(); i++) {
			char c = playerName.charAt(i);
			if (c >= 0x80) {
				// rare: fold the accents of the whole name, then keep what is left of a-z
				// and 0-9
				return asciiLowerAlphanumerics(
						MARKS.matcher(Normalizer.normalize(playerName, Normalizer.Form.NFD)).replaceAll(""));
			}
			if (c >= 'A' && c <= 'Z') {
				lookup.append((char) (c + ('a' - 'A')));
			}
			else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				lookup.append(c);
			}
		}
		return lookup.toString();
	}

	private static String asciiLowerAlphanumerics(String text) {
		StringBuilder kept = new StringBuilder(text.length());
		text.toLowerCase(Locale.ROOT)
			.chars()
			.filter(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			.forEach(c -> kept.append((char) c));
		return kept.toString();
	}

}
