package io.oddsapi.batch.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.oddsapi.batch.odds.EventRowMapper;
import io.oddsapi.batch.odds.EventRows;
import io.oddsapi.batch.odds.OddsEvent;
import io.oddsapi.batch.odds.OddsFileParser;
import io.oddsapi.batch.odds.OfficialGameIds;
import io.oddsapi.batch.odds.PriceFormat;
import io.oddsapi.batch.odds.SnapshotContext;
import io.oddsapi.batch.samples.SampleBucketGenerator;
import io.oddsapi.batch.source.OddsObjectName;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.file.MultiResourceItemReader;
import org.springframework.batch.infrastructure.item.file.ResourceAwareItemReaderItemStream;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/**
 * Read + transform of one day's live objects (14 events x 12 snapshots x 2 endpoints, 10
 * bookmakers), from bytes in memory to rows, three ways: each operation is the whole day.
 * {@link ReadTransformBenchmarkTests} runs it and prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadTransformBenchmark {

	static final LocalDate DATE = LocalDate.of(2026, 1, 14);

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	List<String> names;

	List<byte[]> files;

	@Setup
	public void generateDay() throws IOException {
		Path corpus = Files.createTempDirectory("read-transform");
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(DATE, 12)).writeTo(corpus);
		names = new ArrayList<>();
		files = new ArrayList<>();
		for (String endpoint : List.of("game-lines", "player-props")) {
			try (Stream<Path> walk = Files.walk(corpus.resolve("odds-api/" + endpoint + "/" + DATE))) {
				for (Path file : walk.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
					names.add(corpus.relativize(file).toString());
					files.add(Files.readAllBytes(file));
				}
			}
		}
	}

	long bytes() {
		return files.stream().mapToLong(f -> f.length).sum();
	}

	/** The floor for JSON: every token of every file, nothing built. */
	@Benchmark
	public long rawJacksonStreaming() {
		long tokens = 0;
		for (byte[] file : files) {
			try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), file)) {
				for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
					tokens++;
				}
			}
		}
		return tokens;
	}

	/**
	 * The floor with every value taken out of the parser (strings as Strings, numbers as
	 * doubles), as any reader that makes rows of them must: what the raw floor leaves
	 * out, for the explanation in docs/benchmarks.md of the ratios.
	 */
	@Benchmark
	public long jacksonTokensAndValues() {
		long sink = 0;
		for (byte[] file : files) {
			try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), file)) {
				for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
					if (token == JsonToken.VALUE_STRING) {
						sink += parser.getString().length();
					}
					else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
						sink += (long) parser.getDoubleValue();
					}
				}
			}
		}
		return sink;
	}

	/**
	 * This job's path: validating scan, then its events (kept or parsed again) and the
	 * row mapper, as the stage step does.
	 */
	@Benchmark
	public long oddsapiBatch() {
		long rows = 0;
		for (int i = 0; i < files.size(); i++) {
			String name = names.get(i);
			boolean props = name.startsWith("odds-api/player-props/");
			OddsFileParser.FileScan scan = OddsFileParser.scan(new ByteArrayInputStream(files.get(i)));
			PriceFormat format = scan.prices().detect();
			SnapshotContext context = new SnapshotContext(DATE, OddsObjectName.parse(name).orElseThrow().captureTime(),
					null, null, name, "current", format, null, null);
			byte[] file = files.get(i);
			try (OddsFileParser.Events cursor = scan.replay(() -> new ByteArrayInputStream(file))) {
				for (OddsEvent event = cursor.next(); event != null; event = cursor.next()) {
					EventRows mapped = EventRowMapper.map(event, context, OfficialGameIds.NONE, !props, props);
					rows += mapped.gameLines().size() + mapped.playerProps().size();
				}
			}
		}
		return rows;
	}

	/**
	 * What one would write first with Spring Batch: a MultiResourceItemReader over the
	 * objects, each read whole into a Jackson tree (JsonItemReader wants a top-level
	 * array, which the scraper's files are not), and a mapper that walks the tree into a
	 * map per outcome.
	 */
	@Benchmark
	public long obviousSpringBatch() throws Exception {
		MultiResourceItemReader<JsonNode> reader = new MultiResourceItemReader<>(new TreeReader());
		Resource[] resources = new Resource[files.size()];
		for (int i = 0; i < resources.length; i++) {
			String name = names.get(i);
			resources[i] = new ByteArrayResource(files.get(i)) {
				@Override
				public String getFilename() {
					// MultiResourceItemReader orders resources by file name
					return name;
				}
			};
		}
		reader.setResources(resources);
		reader.open(new ExecutionContext());
		long rows = 0;
		for (JsonNode file = reader.read(); file != null; file = reader.read()) {
			rows += treeWalkingMapper(file).size();
		}
		reader.close();
		return rows;
	}

	static List<Map<String, Object>> treeWalkingMapper(JsonNode file) {
		List<Map<String, Object>> rows = new ArrayList<>();
		JsonNode events = file.has("data") ? file.get("data") : file;
		for (JsonNode event : events.isArray() ? events : List.of(events)) {
			for (JsonNode bookmaker : event.path("bookmakers")) {
				for (JsonNode market : bookmaker.path("markets")) {
					for (JsonNode outcome : market.path("outcomes")) {
						Map<String, Object> row = new LinkedHashMap<>();
						row.put("game_id", event.path("id").asString());
						row.put("home_team", event.path("home_team").asString());
						row.put("away_team", event.path("away_team").asString());
						row.put("commence_time", event.path("commence_time").asString());
						row.put("bookmaker_key", bookmaker.path("key").asString());
						row.put("market_key", market.path("key").asString());
						row.put("outcome_name", outcome.path("name").asString());
						row.put("description", outcome.path("description").asString(null));
						row.put("price", outcome.path("price").asDouble());
						row.put("point", outcome.has("point") ? outcome.path("point").asDouble() : null);
						rows.add(row);
					}
				}
			}
		}
		return rows;
	}

	/** One tree per resource. */
	static final class TreeReader implements ResourceAwareItemReaderItemStream<JsonNode> {

		private Resource resource;

		private boolean read;

		@Override
		public void setResource(Resource resource) {
			this.resource = resource;
			this.read = false;
		}

		@Override
		public JsonNode read() {
			if (read) {
				return null;
			}
			read = true;
			try {
				return MAPPER.readTree(resource.getInputStream());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
