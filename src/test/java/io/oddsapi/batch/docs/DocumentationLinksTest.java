package io.oddsapi.batch.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user documentation points only at what exists: every relative link (and its heading
 * anchor) and every file path it names in backticks, in README.md, CONTRIBUTING.md,
 * CHANGELOG.md and docs/.
 */
class DocumentationLinksTest {

	static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	/**
	 * A path of this repository in backticks: starts with one of its top folders, no
	 * placeholder in it; not what {@code .ci/run} installs ({@code .ci/tools/}, ignored
	 * by git).
	 */
	static final Pattern PATH = Pattern.compile("`((?:docs|job-config|samples|src|\\.ci(?!/tools/))/[^`\\s<>{}*]*)`");

	static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>(
				List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md"), Path.of("CHANGELOG.md")));
		try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
			docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	@Test
	void everyRelativeLinkAndAnchorResolves() throws IOException {
		List<String> broken = new ArrayList<>();
		int links = 0;
		for (Path page : pages()) {
			Matcher link = LINK.matcher(Files.readString(page));
			while (link.find()) {
				String target = link.group(1);
				if (target.matches("^[a-z]+:.*")) {
					continue; // https:, mailto:
				}
				links++;
				String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
				Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
				if (!Files.exists(resolved)) {
					broken.add(page + ": " + target);
				}
				else if (target.contains("#")
						&& !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
					broken.add(page + ": " + target + " (no such heading)");
				}
			}
		}
		assertThat(links).isGreaterThan(20);
		assertThat(broken).isEmpty();
	}

	@Test
	void everyFilePathNamedExists() throws IOException {
		List<String> missing = new ArrayList<>();
		for (Path page : pages()) {
			Matcher path = PATH.matcher(Files.readString(page));
			while (path.find()) {
				String named = path.group(1).replaceAll("[.,:;)]+$", "");
				if (!Files.exists(Path.of(named))) {
					missing.add(page + ": " + named);
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens. */
	static List<String> anchors(Path page) throws IOException {
		if (!page.toString().endsWith(".md")) {
			return List.of();
		}
		List<String> anchors = new ArrayList<>();
		boolean code = false;
		for (String line : Files.readAllLines(page)) {
			code ^= line.startsWith("```");
			if (!code && line.startsWith("#")) {
				anchors.add(line.replaceFirst("^#+\\s*", "")
					.toLowerCase(Locale.ROOT)
					.replaceAll("[^a-z0-9 _-]", "")
					.replace(' ', '-'));
			}
		}
		return anchors;
	}

}
