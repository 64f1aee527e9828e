package io.oddsapi.batch.samples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.oddsapi.batch.support.RequiredServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator writes what real NBA responses hold: every field path of the real samples
 * in {@code ../shared/oddsapi-samples} appears in the generated bucket (skipped where the
 * samples are not beside the clone).
 */
class SampleRealismTest {

	@Test
	void generatedFilesUseEveryFieldPathOfTheRealNbaSamples(@TempDir Path bucket) throws IOException {
		Path samples = Path.of("../shared/oddsapi-samples");
		if (!Files.isDirectory(samples)) {
			RequiredServices.unavailable("the real samples ../shared/oddsapi-samples are not beside this clone");
		}
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(bucket);
		Set<String> real = paths(samples, "nba_");
		Set<String> generated = paths(bucket, "");
		assertThat(real).isNotEmpty();
		assertThat(generated).containsAll(real);
	}

	@Test
	void theBenchmarkDayHasTheRealFeedsBookmakersAndPlayerMarkets(@TempDir Path bucket) throws IOException {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.fullDay(LocalDate.of(2026, 1, 14), 1)).writeTo(bucket);
		Set<String> bookmakers = new TreeSet<>();
		Set<String> playerMarkets = new TreeSet<>();
		try (Stream<Path> files = Files.walk(bucket.resolve("odds-api/player-props"))) {
			for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
				JsonNode event = new ObjectMapper().readTree(file.toFile());
				for (JsonNode bookmaker : event.path("bookmakers")) {
					bookmakers.add(bookmaker.path("key").asString());
					bookmaker.path("markets").forEach(market -> playerMarkets.add(market.path("key").asString()));
				}
			}
		}
		assertThat(bookmakers).hasSizeGreaterThanOrEqualTo(20);
		assertThat(playerMarkets).contains("player_points", "player_rebounds", "player_assists", "player_threes",
				"player_points_rebounds_assists", "player_blocks");
		assertThat(playerMarkets).anyMatch(market -> market.endsWith("_alternate"));
	}

	/**
	 * Field paths with array indices dropped and wrapper/list levels folded:
	 * {@code bookmakers.markets.key}.
	 */
	private static Set<String> paths(Path root, String prefix) throws IOException {
		Set<String> paths = new TreeSet<>();
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.filter(
					p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".json"))
				.toList()) {
				try (InputStream in = Files.newInputStream(file);
						JsonParser parser = JsonFactory.builder().build().createParser(ObjectReadContext.empty(), in)) {
					collect(parser, parser.nextToken(), "", paths);
				}
			}
		}
		return paths;
	}

	private static void collect(JsonParser parser, JsonToken token, String path, Set<String> paths) {
		if (token == JsonToken.START_ARRAY) {
			for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
				collect(parser, t, path, paths);
			}
		}
		else if (token == JsonToken.START_OBJECT) {
			for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
				String name = parser.currentName();
				// the wrapper's data is an event: fold it so wrapped and bare events
				// compare
				String child = name.equals("data") && path.isEmpty() ? "" : (path.isEmpty() ? name : path + "." + name);
				if (!child.isEmpty()) {
					paths.add(child);
				}
				collect(parser, parser.nextToken(), child, paths);
			}
		}
	}

}
