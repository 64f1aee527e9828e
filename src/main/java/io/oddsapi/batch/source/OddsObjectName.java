package io.oddsapi.batch.source;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of
 * {@code odds-api/{endpoint}/{gameDate}/{eventId}-{AWAYHOME}/{YYYYMMDD_HHMMSS}-snap-{HHMM}.json};
 * any other name under a date folder is not a scrape and is ignored.
 *
 * @param snapshotTag the scrape cycle's tag, {@code snap-2130}
 */
public record OddsObjectName(String name, OddsEndpoint endpoint, LocalDate gameDate, String eventFolder,
		Instant captureTime, String snapshotTag) {

	public static final String ROOT = "odds-api/";

	private static final Pattern PATTERN = Pattern.compile(
			"odds-api/([a-z-]+)/(\\d{4}-\\d{2}-\\d{2})/([A-Za-z0-9]+-[A-Za-z0-9]+)/(\\d{8}_\\d{6})-(snap-\\d{4})\\.json");

	private static final DateTimeFormatter CAPTURE = DateTimeFormatter.ofPattern("uuuuMMdd_HHmmss")
		.withResolverStyle(ResolverStyle.STRICT);

	public static Optional<OddsObjectName> parse(String name) {
		Matcher m = PATTERN.matcher(name);
		if (!m.matches()) {
			return Optional.empty();
		}
		Optional<OddsEndpoint> endpoint = OddsEndpoint.fromFolder(m.group(1));
		try {
			return endpoint.map(e -> new OddsObjectName(name, e, LocalDate.parse(m.group(2)), m.group(3),
					LocalDateTime.parse(m.group(4), CAPTURE).toInstant(ZoneOffset.UTC), m.group(5)));
		}
		catch (DateTimeParseException ex) {
			return Optional.empty();
		}
	}

	/** The folder holding one endpoint's objects of one date, with its trailing slash. */
	public static String datePrefix(OddsEndpoint endpoint, LocalDate gameDate) {
		return ROOT + endpoint.folder() + "/" + gameDate + "/";
	}
}
