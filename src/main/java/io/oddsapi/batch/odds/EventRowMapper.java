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

/**
 * Turns one event into table rows: every non-player market into game lines, every {@code player_*} market into player
 * props with Over and Under of the same player and line paired into one row.
 */
public final class EventRowMapper {

	private EventRowMapper() {
	}

	public static EventRows map(OddsEvent event, SnapshotContext context, boolean gameLines, boolean playerProps) {
		String homeAbbr = NbaTeams.abbreviation(event.homeTeam()).orElse(null);
		String awayAbbr = NbaTeams.abbreviation(event.awayTeam()).orElse(null);
		boolean unknownTeam = homeAbbr == null || awayAbbr == null;
		List<GameLineRow> lines = new ArrayList<>();
		List<PlayerPropRow> props = new ArrayList<>();
		int skipped = 0;
		Instant snapshot = context.snapshotTimestamp();
		for (OddsEvent.Bookmaker bookmaker : event.bookmakers()) {
			Instant bookmakerUpdate = Objects.requireNonNullElse(bookmaker.lastUpdate(), snapshot);
			for (OddsEvent.Market market : bookmaker.markets()) {
				Instant marketUpdate = Objects.requireNonNullElse(market.lastUpdate(), bookmakerUpdate);
				if (market.isPlayerMarket()) {
					if (playerProps) {
						skipped += pairPlayerLines(event, context, homeAbbr, awayAbbr, bookmaker, bookmakerUpdate, market,
								props);
					}
				}
				else if (gameLines) {
					for (OddsEvent.Outcome outcome : market.outcomes()) {
						PriceFormat.Price price = context.priceFormat().convert(outcome.price());
						lines.add(new GameLineRow(snapshot, context.previousSnapshotTimestamp(),
								context.nextSnapshotTimestamp(), event.id(), event.sportKey(), event.sportTitle(),
								event.commenceTime(), context.gameDate(), event.homeTeam(), event.awayTeam(), homeAbbr,
								awayAbbr, bookmaker.key(), bookmaker.title(), bookmakerUpdate, market.key(), marketUpdate,
								outcome.name(), price.decimal(), price.american(), outcome.point(),
								context.sourceFilePath(), context.dataSource()));
					}
				}
			}
		}
		return new EventRows(lines, props, unknownTeam, skipped);
	}

	private record PlayerLine(String player, Double line) {
	}

	private static final class Sides {

		PriceFormat.Price over;

		PriceFormat.Price under;

	}

	/** Returns the number of outcomes that name no player and so cannot be placed. */
	private static int pairPlayerLines(OddsEvent event, SnapshotContext context, String homeAbbr, String awayAbbr,
			OddsEvent.Bookmaker bookmaker, Instant bookmakerUpdate, OddsEvent.Market market, List<PlayerPropRow> out) {
		Map<PlayerLine, Sides> byLine = new LinkedHashMap<>();
		int skipped = 0;
		for (OddsEvent.Outcome outcome : market.outcomes()) {
			Side side = Side.of(outcome.name());
			// Over/Under and Yes/No name the player in description; other markets (first basket) name them as the outcome
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
				context.snapshotTimestamp(), event.commenceTime(), homeAbbr, awayAbbr, bookmaker.key(),
				bookmakerUpdate, market.key(), key.player(), playerLookup(key.player()), key.line(),
				sides.over == null ? null : sides.over.decimal(), sides.over == null ? null : sides.over.american(),
				sides.under == null ? null : sides.under.decimal(),
				sides.under == null ? null : sides.under.american(), minutesBefore, context.sourceFilePath(),
				context.dataSource())));
		return skipped;
	}

	private enum Side {

		OVER, UNDER, NAMED_PLAYER;

		static Side of(String outcomeName) {
			return switch (outcomeName.toLowerCase(Locale.ROOT)) {
				case "over", "yes" -> OVER;
				case "under", "no" -> UNDER;
				default -> NAMED_PLAYER;
			};
		}
	}

	/** Lower-case letters and digits only, accents folded: "Nikola Jokić" and "Nikola Jokic" meet as "nikolajokic". */
	public static String playerLookup(String playerName) {
		String folded = Normalizer.normalize(playerName, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		return folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}
}
