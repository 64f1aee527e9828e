package io.oddsapi.batch.odds;

import java.io.Closeable;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import com.google.common.io.CountingInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Streams the events out of one Odds API response, whatever its shape: a bare event (the
 * live scraper's file), the historical wrapper whose {@code data} is an event or an array
 * of events, or a top-level array of events. Only one event is held in memory at a time.
 * <p>
 * A file is read twice: {@link #scan} validates the whole file and learns its price
 * format and envelope, so that a broken file is rejected before any of its rows is
 * staged; {@link #open} then hands out its events.
 */
public final class OddsFileParser {

	private static final Set<String> ENVELOPE_FIELDS = Set.of("timestamp", "previous_timestamp", "next_timestamp",
			"data");

	/**
	 * Duplicate keys are found by the readers below for the fields they read (Jackson's
	 * strict detection keeps a set of names per object, a third of the parse); a repeated
	 * field nobody reads changes nothing.
	 */
	private static final JsonFactory JSON = JsonFactory.builder().build();

	/**
	 * The largest event read: events are held whole (one at a time), so this bounds the
	 * heap a file can take, whatever its size. Real events are well under a megabyte; a
	 * file of many events may be any size.
	 */
	static final long MAX_EVENT_BYTES = 16L * 1024 * 1024;

	private OddsFileParser() {
	}

	/**
	 * Files up to this size keep the events their scan parsed, so the second pass is not
	 * a second parse (nor a second download); larger ones are read again, which bounds
	 * the heap a file can take.
	 */
	static final long MAX_KEPT_BYTES = 4L * 1024 * 1024;

	/** The events of one file, in order. */
	public interface Events extends Closeable {

		/** The next event, or null at the end of the file. */
		OddsEvent next();

		@Override
		void close();

	}

	/**
	 * What the first pass learned of a valid file, and its events when the file was small
	 * enough to keep them.
	 */
	public record FileScan(HistoricalEnvelope envelope, int eventCount, PriceStats prices, List<OddsEvent> kept) {

		/**
		 * The second pass: the kept events, or the bytes parsed again from
		 * {@code reopen}.
		 */
		public Events replay(Supplier<InputStream> reopen) {
			if (kept == null) {
				return open(reopen.get());
			}
			Iterator<OddsEvent> events = kept.iterator();
			return new Events() {
				@Override
				public OddsEvent next() {
					return events.hasNext() ? events.next() : null;
				}

				@Override
				public void close() {
				}
			};
		}
	}

	/**
	 * Reads the whole file; throws {@link OddsFileRejectedException} with a reason when
	 * it cannot be published.
	 */
	public static FileScan scan(InputStream in) {
		try (EventCursor cursor = new EventCursor(in)) {
			PriceStats prices = new PriceStats();
			int events = 0;
			List<OddsEvent> kept = new ArrayList<>();
			for (OddsEvent event = cursor.next(); event != null; event = cursor.next()) {
				events++;
				if (kept != null) {
					kept.add(event);
					if (cursor.bytesRead() > MAX_KEPT_BYTES) {
						kept = null;
					}
				}
				for (OddsEvent.Bookmaker bookmaker : event.bookmakers()) {
					for (OddsEvent.Market market : bookmaker.markets()) {
						for (OddsEvent.Outcome outcome : market.outcomes()) {
							prices.accept(outcome.price());
						}
					}
				}
			}
			return new FileScan(cursor.envelope(), events, prices, kept);
		}
	}

	/** Opens the second pass over a file that {@link #scan} accepted. */
	public static EventCursor open(InputStream in) {
		return new EventCursor(in);
	}

	/** Pull-style cursor over the events of one file. */
	public static final class EventCursor implements Events {

		private enum State {

			START, TOP_ARRAY, DATA_ARRAY, DATA_OBJECT, BARE_EVENT, WRAPPER_REST, DONE

		}

		private final JsonParser parser;

		/**
		 * Counts the bytes the parser takes, which bounds an event's size without asking
		 * the parser for its location.
		 */
		private final CountingInputStream counted;

		private State state = State.START;

		/**
		 * Depths of {@link #where}: wrapper fields, an event's, a bookmaker's, a
		 * market's, an outcome's.
		 */
		private static final int ENVELOPE = -1, IN_EVENT = 0, IN_BOOKMAKER = 1, IN_MARKET = 2, IN_OUTCOME = 3;

		private String eventPath;

		private int bookmakerIndex;

		private int marketIndex;

		private int outcomeIndex;

		private int index;

		/**
		 * Where the event being read starts, in bytes: an event is held whole, so its
		 * size is bounded.
		 */
		private long eventStart;

		private Instant timestamp;

		private Instant previousTimestamp;

		private Instant nextTimestamp;

		EventCursor(InputStream in) {
			this.counted = new CountingInputStream(in);
			this.parser = JSON.createParser(ObjectReadContext.empty(), counted);
		}

		/**
		 * Bytes taken from the stream so far: the parser's position plus at most one
		 * buffer ahead.
		 */
		long bytesRead() {
			return counted.getCount();
		}

		public HistoricalEnvelope envelope() {
			return timestamp == null && previousTimestamp == null && nextTimestamp == null ? HistoricalEnvelope.NONE
					: new HistoricalEnvelope(timestamp, previousTimestamp, nextTimestamp);
		}

		@Override
		public OddsEvent next() {
			try {
				return advance();
			}
			catch (JacksonIOException ex) {
				// the bytes could not be read: a failure to retry, not a verdict on the
				// file
				throw ex;
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

		/**
		 * Reads wrapper fields until {@code data} (which decides the next state) or the
		 * end of the wrapper.
		 */
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
				case "timestamp" -> timestamp = readInstant(ENVELOPE, "timestamp", value, timestamp);
				case "previous_timestamp" ->
					previousTimestamp = readInstant(ENVELOPE, "previous_timestamp", value, previousTimestamp);
				case "next_timestamp" -> nextTimestamp = readInstant(ENVELOPE, "next_timestamp", value, nextTimestamp);
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
			eventPath = path;
			eventStart = counted.getCount();
			String id = null;
			String sportKey = null;
			String sportTitle = null;
			Instant commence = null;
			String home = null;
			String away = null;
			List<OddsEvent.Bookmaker> bookmakers = null;
			for (String field = firstField; field != null; field = nextField()) {
				JsonToken value = parser.nextToken();
				switch (field) {
					case "id" -> id = readString(IN_EVENT, "id", value, id);
					case "sport_key" -> sportKey = readString(IN_EVENT, "sport_key", value, sportKey);
					case "sport_title" -> sportTitle = readString(IN_EVENT, "sport_title", value, sportTitle);
					case "commence_time" -> commence = readInstant(IN_EVENT, "commence_time", value, commence);
					case "home_team" -> home = readString(IN_EVENT, "home_team", value, home);
					case "away_team" -> away = readString(IN_EVENT, "away_team", value, away);
					case "bookmakers" -> bookmakers = once(IN_EVENT, "bookmakers", bookmakers, readBookmakers(value));
					default -> parser.skipChildren();
				}
			}
			require(IN_EVENT, "id", id);
			require(IN_EVENT, "commence_time", commence);
			require(IN_EVENT, "home_team", home);
			require(IN_EVENT, "away_team", away);
			index++;
			return new OddsEvent(id, sportKey, sportTitle, commence, home, away,
					bookmakers == null ? List.of() : bookmakers);
		}

		private List<OddsEvent.Bookmaker> readBookmakers(JsonToken value) {
			List<OddsEvent.Bookmaker> bookmakers = new ArrayList<>();
			bookmakerIndex = 0;
			for (JsonToken token : elements(IN_EVENT, "bookmakers", value)) {
				expectObject(IN_BOOKMAKER, token);
				String key = null;
				String title = null;
				Instant lastUpdate = null;
				List<OddsEvent.Market> markets = null;
				for (String field = nextField(); field != null; field = nextField()) {
					JsonToken v = parser.nextToken();
					switch (field) {
						case "key" -> key = readString(IN_BOOKMAKER, "key", v, key);
						case "title" -> title = readString(IN_BOOKMAKER, "title", v, title);
						case "last_update" -> lastUpdate = readInstant(IN_BOOKMAKER, "last_update", v, lastUpdate);
						case "markets" -> markets = once(IN_BOOKMAKER, "markets", markets, readMarkets(v));
						default -> parser.skipChildren();
					}
				}
				require(IN_BOOKMAKER, "key", key);
				bookmakers.add(new OddsEvent.Bookmaker(key, title, lastUpdate, markets == null ? List.of() : markets));
				bookmakerIndex++;
			}
			return bookmakers;
		}

		private List<OddsEvent.Market> readMarkets(JsonToken value) {
			List<OddsEvent.Market> markets = new ArrayList<>();
			marketIndex = 0;
			for (JsonToken token : elements(IN_BOOKMAKER, "markets", value)) {
				expectObject(IN_MARKET, token);
				String key = null;
				Instant lastUpdate = null;
				List<OddsEvent.Outcome> outcomes = null;
				for (String field = nextField(); field != null; field = nextField()) {
					JsonToken v = parser.nextToken();
					switch (field) {
						case "key" -> key = readString(IN_MARKET, "key", v, key);
						case "last_update" -> lastUpdate = readInstant(IN_MARKET, "last_update", v, lastUpdate);
						case "outcomes" -> outcomes = once(IN_MARKET, "outcomes", outcomes, readOutcomes(v));
						default -> parser.skipChildren();
					}
				}
				require(IN_MARKET, "key", key);
				markets.add(new OddsEvent.Market(key, lastUpdate, outcomes == null ? List.of() : outcomes));
				marketIndex++;
			}
			return markets;
		}

		private List<OddsEvent.Outcome> readOutcomes(JsonToken value) {
			List<OddsEvent.Outcome> outcomes = new ArrayList<>();
			outcomeIndex = 0;
			for (JsonToken token : elements(IN_MARKET, "outcomes", value)) {
				expectObject(IN_OUTCOME, token);
				String name = null;
				String description = null;
				Double price = null;
				Double point = null;
				for (String field = nextField(); field != null; field = nextField()) {
					JsonToken v = parser.nextToken();
					switch (field) {
						case "name" -> name = readString(IN_OUTCOME, "name", v, name);
						case "description" -> description = readString(IN_OUTCOME, "description", v, description);
						case "price" -> price = readNumber(IN_OUTCOME, "price", v, price);
						case "point" -> point = readNumber(IN_OUTCOME, "point", v, point);
						default -> parser.skipChildren();
					}
				}
				require(IN_OUTCOME, "name", name);
				require(IN_OUTCOME, "price", price);
				outcomes.add(new OddsEvent.Outcome(name, description, price, point));
				outcomeIndex++;
			}
			return outcomes;
		}

		/**
		 * Where a value is, for a reason a person reads, e.g.
		 * {@code event.bookmakers[2].markets[0].outcomes[1].price}: built only when
		 * something is rejected, from the indices of the elements being read.
		 */
		private String where(int depth, String leaf) {
			if (depth == ENVELOPE) {
				return leaf;
			}
			StringBuilder path = new StringBuilder(eventPath);
			if (depth >= IN_BOOKMAKER) {
				path.append(".bookmakers[").append(bookmakerIndex).append(']');
			}
			if (depth >= IN_MARKET) {
				path.append(".markets[").append(marketIndex).append(']');
			}
			if (depth >= IN_OUTCOME) {
				path.append(".outcomes[").append(outcomeIndex).append(']');
			}
			return leaf == null ? path.toString() : path.append('.').append(leaf).toString();
		}

		/**
		 * {@code value}, or a rejection when the object already gave the field a value: a
		 * duplicated key, which JSON leaves undefined. (A repeated field nobody reads, or
		 * one that was null the first time, changes nothing.)
		 */
		private <T> T once(int depth, String field, T previous, T value) {
			if (previous != null) {
				throw reject(where(depth, field) + " appears twice in its object (a duplicated key)");
			}
			return value;
		}

		/** The next field name of the current object, or null at its end. */
		private String nextField() {
			// inside an object the next token is a name or its end (null)
			return parser.nextName();
		}

		/**
		 * Iterates the start tokens of the elements of the array {@code field} of the
		 * element at {@code depth}; a JSON null counts as an empty array.
		 */
		private Iterable<JsonToken> elements(int depth, String field, JsonToken value) {
			if (value == JsonToken.VALUE_NULL) {
				return List.of();
			}
			if (value != JsonToken.START_ARRAY) {
				throw reject(where(depth, field) + " is " + describe(value) + ", expected an array");
			}
			return () -> new Iterator<>() {
				private JsonToken peeked;

				@Override
				public boolean hasNext() {
					if (peeked == null) {
						// only now: the caller has consumed the previous element
						peeked = parser.nextToken();
						if (counted.getCount() - eventStart > MAX_EVENT_BYTES) {
							throw reject(where(depth, field) + " makes its event larger than "
									+ MAX_EVENT_BYTES / (1024 * 1024)
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

		private void expectObject(int depth, JsonToken token) {
			if (token != JsonToken.START_OBJECT) {
				throw reject(where(depth, null) + " is " + describe(token) + ", expected an object");
			}
		}

		private String readString(int depth, String leaf, JsonToken value, String previous) {
			once(depth, leaf, previous, value);
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value != JsonToken.VALUE_STRING) {
				throw reject(where(depth, leaf) + " is " + describe(value) + ", expected a string");
			}
			return parser.getString();
		}

		private Double readNumber(int depth, String leaf, JsonToken value, Double previous) {
			once(depth, leaf, previous, value);
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value != JsonToken.VALUE_NUMBER_INT && value != JsonToken.VALUE_NUMBER_FLOAT) {
				throw reject(where(depth, leaf) + " is " + describe(value) + ", expected a number");
			}
			double number = parser.getDoubleValue();
			if (!Double.isFinite(number)) {
				throw reject(where(depth, leaf) + " is not a finite number");
			}
			return number;
		}

		/** ISO-8601 text or Unix seconds ({@code dateFormat=unix}). */
		private Instant readInstant(int depth, String leaf, JsonToken value, Instant previous) {
			once(depth, leaf, previous, value);
			if (value == JsonToken.VALUE_NULL) {
				return null;
			}
			if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
				return Instant.ofEpochMilli(Math.round(parser.getDoubleValue() * 1000));
			}
			if (value != JsonToken.VALUE_STRING) {
				throw reject(
						where(depth, leaf) + " is " + describe(value) + ", expected an ISO-8601 time or Unix seconds");
			}
			String text = parser.getString();
			Instant instant = IsoInstants.parse(text);
			if (instant == null) {
				throw reject(where(depth, leaf) + " is \"" + abbreviate(text) + "\", not an ISO-8601 time");
			}
			return instant;
		}

		private void require(int depth, String leaf, Object value) {
			if (value == null) {
				throw new OddsFileRejectedException(where(depth, leaf) + " is missing");
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
