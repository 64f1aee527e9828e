package io.oddsapi.batch.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user documentation describes the software as it is: no date of a run, no session,
 * no issue number, no word about the machine it was written on. Results live in
 * docs/results/, written by the benchmarks; changes in CHANGELOG.md.
 */
class DocumentationIsNoDiaryTest {

	static final Pattern DIARY = Pattern.compile("(?i)this session|earlier session|previous (full )?run"
			+ "|earlier runs?\\b|this machine|build machine|machine (here|the docs)|reverted|not traced"
			+ "|issue #?\\d+|(?<![\\w(/])#\\d+\\b|no docker engine"
			+ "|(measured|runs?|figures|tried|results?) (on|of|from) \\d{4}-\\d{2}-\\d{2}");

	@Test
	void noPageReadsLikeALog() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path page : DocumentationLinksTest.pages()) {
			if (page.startsWith(Path.of("docs", "results")) || page.equals(Path.of("CHANGELOG.md"))) {
				continue;
			}
			List<String> lines = Files.readAllLines(page);
			for (int i = 0; i < lines.size(); i++) {
				Matcher diary = DIARY.matcher(lines.get(i));
				while (diary.find()) {
					found.add(page + ":" + (i + 1) + ": " + diary.group());
				}
			}
		}
		assertThat(found).isEmpty();
	}

	@Test
	void recognisesWhatItRefuses() {
		assertThat(DIARY.matcher("Every figure below is from one run of 2026-12-02").find()).isTrue();
		assertThat(DIARY.matcher("earlier runs gave 0.5x").find()).isTrue();
		assertThat(DIARY.matcher("found in issue 31").find()).isTrue();
		assertThat(DIARY.matcher("see #34").find()).isTrue();
		assertThat(DIARY.matcher("no Docker engine runs here").find()).isTrue();
		assertThat(DIARY.matcher("game-lines 2026-01-14 run 1 (execution 1): COMPLETED").find()).isFalse();
		assertThat(DIARY.matcher("[the section](#exit-codes)").find()).isFalse();
	}

}
