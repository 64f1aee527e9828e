package io.oddsapi.batch.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/configuration.md} lists exactly the application's properties, from the
 * configuration metadata that the build generates out of the
 * {@code @ConfigurationProperties} records' Javadoc (and
 * {@code additional-spring-configuration-metadata.json} for the few read with
 * {@code @Value}). After changing a property,
 * {@code ODDS_WRITE_DOCS=true ./mvnw test -Dtest=ConfigurationReferenceTest} rewrites the
 * table.
 */
class ConfigurationReferenceTest {

	static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	static final Path PAGE = Path.of("docs/configuration.md");

	static final String START = "<!-- properties: generated from the configuration metadata -->";

	static final String END = "<!-- properties: end -->";

	@Test
	void theConfigurationPageListsEveryPropertyWithItsDefault() throws IOException {
		String page = Files.readString(PAGE);
		int start = page.indexOf(START);
		int end = page.indexOf(END);
		assertThat(start).as(PAGE + " has the generated table's markers").isNotNegative();
		String expected = page.substring(0, start + START.length()) + "\n" + table() + page.substring(end);
		if ("true".equals(System.getenv("ODDS_WRITE_DOCS"))) {
			Files.writeString(PAGE, expected);
			page = expected;
		}
		assertThat(page).as("docs/configuration.md: ODDS_WRITE_DOCS=true rewrites it").isEqualTo(expected);
	}

	static String table() throws IOException {
		JsonNode metadata = JsonMapper.builder().build().readTree(METADATA.toFile());
		List<JsonNode> properties = new ArrayList<>();
		metadata.path("properties").forEach(properties::add);
		properties.sort(Comparator.comparing(property -> property.path("name").asString()));
		StringBuilder table = new StringBuilder("| property | environment variable | default | |\n|---|---|---|---|\n");
		for (JsonNode property : properties) {
			String name = property.path("name").asString();
			table.append("| `")
				.append(name)
				.append("` | `")
				.append(environmentVariable(name))
				.append("` | ")
				.append(defaultValue(property.path("defaultValue")))
				.append(" | ")
				.append(text(property.path("description").asString("")))
				.append(" |\n");
		}
		assertThat(properties).as("the metadata's properties").hasSizeGreaterThan(30);
		return table.toString();
	}

	/** Spring Boot's relaxed binding: dots and dashes to underscores, upper case. */
	static String environmentVariable(String property) {
		return property.replace('.', '_').replace("-", "").toUpperCase(Locale.ROOT);
	}

	static String defaultValue(JsonNode value) {
		if (value.isMissingNode() || value.isNull()) {
			return "";
		}
		List<String> values = new ArrayList<>();
		if (value.isArray()) {
			value.forEach(v -> values.add(v.asString()));
		}
		else {
			values.add(value.asString());
		}
		return "`" + String.join(", ", values) + "`";
	}

	/** Javadoc to Markdown: code spans, one line, pipes escaped. */
	static String text(String javadoc) {
		return javadoc.replaceAll("\\{@code ([^}]*)}", "`$1`")
			.replaceAll("\\{@link ([^}]*)}", "`$1`")
			.replaceAll("\\s+", " ")
			.replace("|", "\\|")
			.strip();
	}

}
