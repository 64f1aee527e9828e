package io.oddsapi.batch.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checked-in sample bucket is exactly what the generator writes, so neither drifts
 * from the other.
 */
class SampleBucketTest {

	static final Path CHECKED_IN = Path.of("samples/bucket");

	@Test
	void checkedInBucketIsTheGeneratorsOutput(@TempDir Path fresh) throws IOException {
		new SampleBucketGenerator(SampleBucketGenerator.Spec.bundled()).writeTo(fresh);
		List<Path> expected = files(fresh);
		assertThat(files(CHECKED_IN)).as("regenerate with SampleBucketGenerator.main(\"samples/bucket\")")
			.isEqualTo(expected);
		for (Path file : expected) {
			assertThat(Files.readString(CHECKED_IN.resolve(file))).as(file.toString())
				.isEqualTo(Files.readString(fresh.resolve(file)));
		}
	}

	private static List<Path> files(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
		}
	}

}
