package io.oddsapi.batch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A local bucket folder that tests fill with hand-written objects. */
public final class TestBucket {

	private static final DateTimeFormatter CAPTURE = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

	private final Path root;

	public TestBucket(Path root) {
		this.root = root;
	}

	public Path root() {
		return root;
	}

	/** The object name the scraper would give this capture. */
	public static String objectName(String endpoint, LocalDate gameDate, String eventFolder, Instant capture) {
		return "odds-api/" + endpoint + "/" + gameDate + "/" + eventFolder + "/" + CAPTURE.format(capture) + "-snap-"
				+ HHMM.format(capture) + ".json";
	}

	public String put(String endpoint, LocalDate gameDate, String eventFolder, Instant capture, String content) {
		String name = objectName(endpoint, gameDate, eventFolder, capture);
		put(name, content.getBytes(StandardCharsets.UTF_8));
		return name;
	}

	/**
	 * A copy of a bucket folder (the repository's {@code samples/bucket}, say), so that a
	 * test may add to it.
	 */
	public TestBucket copyOf(Path source) {
		try (var files = Files.walk(source)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path target = root.resolve(source.relativize(file).toString());
				Files.createDirectories(target.getParent());
				Files.copy(file, target);
			}
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void put(String name, byte[] content) {
		try {
			Path file = root.resolve(name);
			Files.createDirectories(file.getParent());
			FileTime previous = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
			Files.write(file, content);
			if (previous != null) {
				// file times are coarse (milliseconds apart can read the same): make the
				// new version visible
				Files.setLastModifiedTime(file, FileTime.from(previous.toInstant().plusSeconds(1)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
