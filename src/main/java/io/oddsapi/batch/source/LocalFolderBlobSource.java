package io.oddsapi.batch.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A folder laid out like the bucket: {@code <root>/odds-api/...}. The embedded default.
 */
public class LocalFolderBlobSource implements BlobSource {

	private final Path root;

	public LocalFolderBlobSource(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	@Override
	public String describe() {
		return "file:" + root;
	}

	@Override
	public void checkReadable() {
		if (!Files.isDirectory(root)) {
			throw new BlobSourceException("bucket folder " + root + " does not exist or is not a folder");
		}
		if (!Files.isReadable(root)) {
			throw new BlobSourceException("bucket folder " + root + " is not readable");
		}
	}

	@Override
	public List<BlobObject> list(String prefix) {
		Path folder = resolveInside(prefix.endsWith("/") ? prefix : prefix.substring(0, prefix.lastIndexOf('/') + 1));
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
				.map(this::toObject)
				.filter(o -> o.name().startsWith(prefix))
				.sorted(Comparator.comparing(BlobObject::name))
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + folder, ex);
		}
	}

	@Override
	public InputStream open(BlobObject object) throws IOException {
		Path file = resolveInside(object.name());
		if (!file.toRealPath().startsWith(root.toRealPath())) {
			throw new NoSuchFileException(object.name(), null, "resolves outside the bucket folder");
		}
		return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
	}

	@Override
	public List<String> listDateFolders() {
		Path top = root.resolve(OddsObjectName.ROOT);
		if (!Files.isDirectory(top)) {
			return List.of();
		}
		try (Stream<Path> folders = Files.walk(top, 2)) {
			return folders.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
				.filter(p -> top.relativize(p).getNameCount() == 2)
				.map(p -> OddsObjectName.ROOT + top.relativize(p).toString().replace('\\', '/') + "/")
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list " + top, ex);
		}
	}

	private Path resolveInside(String name) {
		Path path = root.resolve(name).normalize();
		if (!path.startsWith(root)) {
			throw new IllegalArgumentException("object name escapes the bucket folder: " + name);
		}
		return path;
	}

	private BlobObject toObject(Path file) {
		try {
			BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS);
			long modifiedMicros = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
			return new BlobObject(root.relativize(file).toString().replace('\\', '/'), modifiedMicros,
					attributes.size(), attributes.lastModifiedTime().toInstant());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read attributes of " + file, ex);
		}
	}

}
