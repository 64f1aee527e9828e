package io.oddsapi.batch.source;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The folders the scraper writes under {@code odds-api/}. A backfill twin feeds the same
 * tables as its live endpoint, and shares its lock.
 */
public enum OddsEndpoint {

	GAME_LINES("game-lines", Family.GAME_LINES, false),
	GAME_LINES_HISTORY("game-lines-history", Family.GAME_LINES, true),
	PLAYER_PROPS("player-props", Family.PLAYER_PROPS, false),
	PLAYER_PROPS_HISTORY("player-props-history", Family.PLAYER_PROPS, true);

	/** Endpoints that publish to the same target table. */
	public enum Family {

		GAME_LINES("game-lines"), PLAYER_PROPS("player-props");

		private final String id;

		Family(String id) {
			this.id = id;
		}

		public String id() {
			return id;
		}

	}

	private final String folder;

	private final Family family;

	private final boolean historical;

	OddsEndpoint(String folder, Family family, boolean historical) {
		this.folder = folder;
		this.family = family;
		this.historical = historical;
	}

	public String folder() {
		return folder;
	}

	public Family family() {
		return family;
	}

	/**
	 * This endpoint first, then the others that share its tables and lock (the live
	 * scrape and its backfill).
	 */
	public List<OddsEndpoint> withItsFamily() {
		return Stream.concat(Stream.of(this), Arrays.stream(values()).filter(o -> o != this && o.family == family))
			.toList();
	}

	/**
	 * The {@code data_source} column: backfills are 'historical', live scrapes 'current'.
	 */
	public String dataSource() {
		return historical ? "historical" : "current";
	}

	public static Optional<OddsEndpoint> fromFolder(String folder) {
		return Arrays.stream(values()).filter(e -> e.folder.equals(folder)).findFirst();
	}

	public static String knownFolders() {
		return Arrays.stream(values()).map(OddsEndpoint::folder).collect(Collectors.joining(", "));
	}

	@Override
	public String toString() {
		return folder;
	}

}
