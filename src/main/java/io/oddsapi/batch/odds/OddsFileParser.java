package io.oddsapi.batch.odds;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Streams the events out of one Odds API response, whatever its shape: a bare event (the live scraper's file), the
 * historical wrapper whose {@code data} is an event or an array of events, or a top-level array of events. Only one
 * event is held in memory at a time.
 * <p>
 * A file is read twice: {@link #scan} validates the whole file and learns its price format and envelope, so that a
 * broken file is rejected before any of its rows is staged; {@link #open} then hands out its events.
 */
public final class OddsFileParser {

	private static final Set<String> ENVELOPE_FIELDS = Set.of("timestamp", "previous_timestamp", "next_timestamp",
			"data");

	private static final JsonFactory JSON = JsonFactory.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	/**
	 * The largest event read: events are held whole (one at a time), so this bounds the heap a file can take, whatever
	 * its size. Real events are well under a megabyte; a file of many events may be any size.
	 */
	static final long MAX_EVENT_BYTES = 16L * 1024 * 1024;

	private OddsFileParser() {
	}

	/** What the first pass learned of a valid file. */
	public record FileScan(HistoricalEnvelope envelope, int eventCount, PriceStats prices) {
	}

	/** Reads the whole file; throws {@link OddsFileRejectedException} with a reason when it cannot be published. */
	public static FileScan scan(InputStream in) {
		try (EventCursor cursor = new EventCursor(in)) {
			PriceStats prices = new PriceStats();
			int events = 0;
			for (OddsEvent event = cursor.next(); event != null; event = cursor.next()) {
				events++;
				for (OddsEvent.Bookmaker bookmaker : event.bookmakers()) {
					for (OddsEvent.Market market : bookmaker.markets()) {
						for (OddsEvent.Outcome outcome : market.outcomes()) {
							prices.accept(outcome.price());
						}
					}
				}
			}
			return new FileScan(cursor.envelope(), events, prices);
		}
	}

	/** Opens the second pass over a file that {@link #scan} accepted. */
	public static EventCursor open(InputStream in) {
		return new EventCursor(in);
	}

	/** Pull-style cursor over the events of one file. */
	public static final class EventCursor implements Closeable {

		private enum State {
			START, TOP_ARRAY, DATA_ARRAY, DATA_OBJECT, BARE_EVENT, WRAPPER_REST, DONE
		}

		private final JsonParser parser;

		private State state = State.START;

		private int index;

		/** Where the event being read starts, in bytes: an event is held whole, so its size is bounded. */
		private long eventStart;

		private Instant timestamp;

		private Instant previousTimestamp;

		private Instant nextTimestamp;

		EventCursor(InputStream in) {
			this.parser = JSON.createParser(ObjectReadContext.empty(), in);
		}

		public HistoricalEnvelope envelope() {
			return timestamp == null && previousTimestamp == null && nextTimestamp == null ? HistoricalEnvelope.NONE
					: new HistoricalEnvelope(timestamp, previousTimestamp, nextTimestamp);
		}

		/** The next event, or null at the end of the file. */
		public OddsEvent next() {
			try {
				return advance();
			}
			catch (JacksonIOException ex) {
				throw ex; // the bytes could not be read: a failure to retry, not a verdict on the file
			}
			catch (UnexpectedEndOfInputException ex) {
				throw new OddsFileRejectedException("truncated JSON: the file ends in the middle of a value (after "
						+ parser.currentLocation().getByteOffset() + " bytes)");
			}
			catch (StreamConstraintsException ex) {
				throw new OddsFileRejectedException("JSON exceeds a safety limit: " + ex.getOriginalMessage());
			}
			catch (JacksonException ex) {
				throw new OddsFileRejectedException(describeSyntaxError(ex));
			}
		}

		private OddsEvent advance() {
			switch (state) {
				case START -> {
					start();
					return advance();
				}
				case TOP_ARRAY, DATA_ARRAY -> {
					JsonToken token = parser.nextToken();
					if (token == JsonToken.END_ARRAY) {
						state = state == State.TOP_ARRAY ? State.DONE : State.WRAPPER_REST;
						return advance();
					}
					if (token != JsonToken.START_OBJECT) {
						throw reject("events[" + index + "] is " + describe(token) + ", expected an event object");
					}
					return readEvent("events[" + index + "]");
				}
				case DATA_OBJECT -> {
					state = State.WRAPPER_REST;
					return readEvent("data");
				}
				case BARE_EVENT -> {
					state = State.DONE;
					return readEventFields("event", parser.currentName());
				}
				case WRAPPER_REST -> {
					readEnvelopeFields();
					state = State.DONE;
					return advance();
				}
				case DONE -> {
					JsonToken trailing = parser.nextToken();
					if (trailing != null) {
						throw reject("unexpected content after the JSON value: " + describe(trailing));
					}
					return null;
				}
				default -> throw new IllegalStateException(state.name());
			}
		}

		private void start() {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw reject("empty file: no JSON value");
			}
			if (first == JsonToken.START_ARRAY) {
				state = State.TOP_ARRAY;
				return;
			}
			if (first != JsonToken.START_OBJECT) {
				throw reject("expected an event object or an array of events, found " + describe(first));
			}
			JsonToken field = parser.nextToken();
			if (field == JsonToken.END_OBJECT) {
				throw reject("empty JSON object: expected an event or a historical wrapper");
			}
			String name = parser.currentName();
			if ("message".equals(name)) {
				throw reject("API error body instead of odds: " + readErrorMessage());
			}
			if (ENVELOPE_FIELDS.contains(name)) {
				readEnvelopeField(name);
				readEnvelopeFields();
				return;
			}
			state = State.BARE_EVENT;
		}

		/** Reads wrapper fields until {@code data} (which decides the next state) or the end of the wrapper. */
		private void readEnvelopeFields() {
			while (state != State.DATA_ARRAY && state != State.DATA_OBJECT) {
				JsonToken token = parser.nextToken();
				if (token == JsonToken.END_OBJECT) {
					state = State.DONE;
					return;
				}
				readEnvelopeField(parser.currentName());
			}
		}

		private void readEnvelopeField(String name) {
			JsonToken value = parser.nextToken();
			switch (name) {
				case "timestamp" -> timestamp = readInstant("timestamp", value);
				case "previous_timestamp" -> previousTimestamp = readInstant("previous_timestamp", value);
				case "next_timestamp" -> nextTimestamp = readInstant("next_timestamp", value);
				case "data" -> {
					if (state == State.WRAPPER_REST) {
						throw reject("historical wrapper has two data fields");
					}
					if (value == JsonToken.START_OBJECT) {
						state = State.DATA_OBJECT;
					}
					else if (value == JsonToken.START_ARRAY) {
						state = State.DATA_ARRAY;
					}
					else if (value != JsonToken.VALUE_NULL) {
						throw reject("data is " + describe(value) + ", expected an event object or an array of events");
					}
				}
				default -> parser.skipChildren();
			}
		}

		private String readErrorMessage() {
			JsonToken value = parser.nextToken();
			String message = value == JsonToken.VALUE_STRING ? parser.getString() : describe(value);
			return '"' + message + '"';
		}

		private OddsEvent readEvent(String path) {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.END_OBJECT) {
				throw reject(path + " is an empty object, expected an event");
			}
			return readEventFields(path, parser.currentName());
		}

		/** Parses the fields of an event; the parser stands on its first field name. */
		private OddsEvent readEventFields(String path, String firstField) {
			eventStart = parser.currentLocation().getByteOffset();
			String id = null;
			String sportKey = null;
			String sportTitle = null;
			Instant commence = null;
			String home = null;
			String away = null;
			List<OddsEvent.Bookmaker> bookmakers = List.of();
			for (String field = firstField; field != null; field = nextField()) {
				JsonToken value = parser.nextToken();
				switch (field) {
					case "id" -> id = readString(path + ".id", value);
					case "sport_key" -> sportKey = readString(path + ".sport_key", value);
					case "sport_title" -> sportTitle = readString(path + ".sport_title", value);
					case "commence_time" -> commence = readInstant(path + ".commence_time", value);
					case "home_team" -> home = readString(path + ".home_team", value);
					case "away_team" -> away = readString(path + ".away_team", value);
					case "bookmakers" -> bookmakers = readBookmakers(path + ".bookmakers", value);
					default -> parser.skipChildren();
				}
			}
			require(path + ".id", id);
			require(path + ".commence_time", commence);
			require(path + ".home_team", home);
			require(path + ".away_team", away);
			index++;
			return new OddsEvent(id, sportKey, sportTitle, commence, home, away, bookmakers);
		}

		private List<OddsEvent.Bookmaker> readBookmakers(String path, JsonToken value) {
			List<OddsEvent.Bookmaker> bookmakers = new ArrayList<>();
			int i = 0;
			for (JsonToken token : elements(path, value)) {
				String at = path + "[" + i++ + "]";
				expectObject(at, token);
				String key = null;
				String title = null;
				Instant lastUpdate = null;
				List<OddsEvent.Market> markets = List.of();
				for (String field = nextField(); field != null; field = nextField()) {
					JsonToken v = parser.nextToken();
					switch (field) {
						case "key" -> key = readString(at + ".key", v);
						case "title" -> title = readString(at + ".title", v);
						case "last_update" -> lastUpdate = readInstant(at + ".last_update", v);
						case "markets" -> markets = readMarkets(at + ".markets", v);
						default -> parser.skipChildren();
					}
				}
				require(at + ".key", key);
				bookmakers.add(new OddsEvent.Bookmaker(key, title, lastUpdate, markets));
			}
			return bookmakers;
		}

		private List<OddsEvent.Market> readMarkets(String path, JsonToken value) {
			List<OddsEvent.Market> markets = new ArrayList<>();
			int i = 0;
			for (JsonToken token : elements(path, value)) {
				String at = path + "[" + i++ + "]";
				expectObject(at, token);
				String key = null;
				Instant lastUpdate = null;
				List<OddsEvent.Outcome> outcomes = List.of();
				for (String field = nextField(); field != null; field = nextField()) {
					JsonToken v = parser.nextToken();
					switch (field) {
						case "key" -> key = readString(at + ".key", v);
						case "last_update" -> lastUpdate = readInstant(at + ".last_update", v);
						case "outcomes" -> outcomes = readOutcomes(at + ".outcomes", v);
						default -> parser.skipChildren();
					}
				}
				require(at + ".key", key);
				markets.add(new OddsEvent.Market(key, lastUpdate, outcomes));
			}
			return markets;
		}

		private List<OddsEvent.Outcome> readOutcomes(String path, JsonToken value) {
			List<OddsEvent.Outcome> outcomes = new ArrayList<>();
			int i = 0;
			for (JsonToken token : elements(path, value)) {
				String at = path + "[" + i++ + "]";
				expectObject(at, token);
				String name = null;
				String description = null;
				Double price = null;
				Double point = null;
				for (String field = nextField(); field != null; field = nextField()) {
					JsonToken v = parser.nextToken();
					switch (field) {
						case "name" -> name = readString(at + ".name", v);
						case "description" -> description = readString(at + ".description", v);
						case "price" -> price = readNumber(at + ".price", v);
						case "point" -> point = readNumber(at + ".point", v);
						default -> parser.skipChildren();
					}
				}
				require(at + ".name", name);
				require(at + ".price", price);
				outcomes.add(new OddsEvent.Outcome(name, description, price, point));
			}
			return outcomes;
		}

		/** The next field name of the current object, or null at its end. */
		private String nextField() {
			JsonToken token = parser.nextToken();
			return token == JsonToken.END_OBJECT ? null : parser.currentName();
		}

		/** Iterates the start tokens of the elements of an array value; a JSON null counts as an empty array. */
		private Iterable<JsonToken> elements(String path, JsonToken value) {
			if (value == JsonToken.VALUE_NULL) {
				return List.of();
			}
			if (value != JsonToken.START_ARRAY) {
				throw reject(path + " is " + describe(value) + ", expected an array");
			}
			return () -> new Iterator<>() {
				private JsonToken peeked;

				@Override
				public boolean hasNext() {
					if (peeked == null) {
						peeked = parser.nextToken(); // only now: the caller has consumed the previous element
						if (parser.currentLocation().getByteOffset() - eventStart > MAX_EVENT_BYTES) {
							throw reject(path + " makes its event larger than " + MAX_EVENT_BYTES / (1024 * 1024)
									+ " MB, far beyond any Odds API event; not read further");
						}
					}
					return peeked != JsonToken.END_ARRAY;
				}

				@Override
				public JsonToken next() {
					JsonToken current = peeked;
					peeked = null;
					return current;
				}
			};
		}

		private void expectObject(String path, JsonToken token) {
			if (token != JsonToken.START_OBJECT) {
				throw reject(path + " is " + describe(token) + ", expected an object");
			}
		}

		private String readString(String path, JsonToken value) {
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value != JsonToken.VALUE_STRING) {
				throw reject(path + " is " + describe(value) + ", expected a string");
			}
			return parser.getString();
		}

		private Double readNumber(String path, JsonToken value) {
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
				throw reject(path + " is " + describe(value) + ", expected a number");
			}
			double number = parser.getDoubleValue();
			if (!Double.isFinite(number)) {
				throw reject(path + " is not a finite number");
			}
			return number;
		}

		/** ISO-8601 text or Unix seconds ({@code dateFormat=unix}). */
		private Instant readInstant(String path, JsonToken value) {
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
				return Instant.ofEpochMilli(Math.round(parser.getDoubleValue() * 1000));
			}
			if (value != JsonToken.VALUE_STRING) {
				throw reject(path + " is " + describe(value) + ", expected an ISO-8601 time or Unix seconds");
			}
			String text = parser.getString();
			try {
				return OffsetDateTime.parse(text).toInstant();
			}
			catch (DateTimeParseException ex) {
				throw reject(path + " is \"" + abbreviate(text) + "\", not an ISO-8601 time");
			}
		}

		private static void require(String path, Object value) {
			if (value == null) {
				throw new OddsFileRejectedException(path + " is missing");
			}
		}

		private String describe(JsonToken token) {
			if (token == null) {
				return "the end of the file";
			}
			return switch (token) {
				case START_OBJECT -> "an object";
				case START_ARRAY -> "an array";
				case VALUE_STRING -> "a string (\"" + abbreviate(parser.getString()) + "\")";
				case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number (" + parser.getText() + ")";
				case VALUE_TRUE, VALUE_FALSE -> "a boolean";
				case VALUE_NULL -> "null";
				default -> token.name();
			};
		}

		private String describeSyntaxError(JacksonException ex) {
			String original = ex.getOriginalMessage() == null ? ex.getClass().getSimpleName() : ex.getOriginalMessage();
			String firstLine = original.lines().findFirst().orElse(original);
			String hint = firstLine.contains("character ('<'") ? " (looks like an HTML page, not an API response)" : "";
			long offset = ex.getLocation() == null ? -1 : ex.getLocation().getByteOffset();
			return "not valid JSON" + hint + ": " + firstLine + (offset >= 0 ? " (at byte " + offset + ")" : "");
		}

		private static String abbreviate(String text) {
			return text.length() <= 40 ? text : text.substring(0, 40) + "...";
		}

		private static OddsFileRejectedException reject(String reason) {
			return new OddsFileRejectedException(reason);
		}

		@Override
		public void close() {
			parser.close();
		}
	}
}
