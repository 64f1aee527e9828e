package io.oddsapi.batch.launch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.oddsapi.batch.support.ApiClient;
import io.oddsapi.batch.support.AppProcess;
import io.oddsapi.batch.support.Backend;
import io.oddsapi.batch.support.FunctionalTest;
import io.oddsapi.batch.support.RequiredServices;
import io.oddsapi.batch.support.ServedModes;
import io.oddsapi.batch.support.TestBucket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image's own configuration, from the tar Jib builds
 * ({@code target/jib-image.tar}): its layers unpacked, its entrypoint, class path file,
 * working directory and environment as the image gives them, and nothing of the host's
 * environment. Only the image's root moves (its {@code /app} becomes the unpacked
 * folder's) and the host's {@code java} stands in for the base image's. {@code .ci/run}
 * builds the tar first, on a {@code scratch} base.
 */
class ImageEntrypointIT extends FunctionalTest {

	static final Path IMAGE = Path.of("target/jib-image.tar");

	static final String TOKEN = "image-entrypoint-token-0123456789";

	private TestBucket samples;

	private Image image;

	@BeforeEach
	void unpackTheImage() throws IOException, InterruptedException {
		if (!Files.isRegularFile(IMAGE)) {
			RequiredServices.unavailable("no container image at " + IMAGE
					+ " (build it with ./mvnw -DskipTests package jib:buildTar -Djib.from.image=scratch)");
		}
		samples = bucket().copyOf(Path.of("samples/bucket"));
		image = Image.unpack(IMAGE, tempDir.resolve("image"));
	}

	@Test
	void theImageDefaultsToCloudRunModeAndItsTaskExitsZeroOnceTheDateIsPublished() {
		Map<String, String> task = Map.of("ODDS_ENDPOINT", "game-lines", "ODDS_GAME_DATE", "2026-01-14");
		AppProcess first = image.start(tempDir.resolve("task"), database(Backend.H2), samples, task);
		assertThat(first.waitFor()).as(first.output()).isZero();
		assertThat(first.output()).contains("game-lines 2026-01-14 run 1 (execution 1): COMPLETED");
	}

	@Test
	void theImageServesTheApiAndTheConsoleWithTheServicesSettings() {
		// what job-config/deploy/cloud-run-service.yaml sets, PORT chosen by the server
		// here as Cloud Run chooses it
		AppProcess server = image.start(tempDir.resolve("server"), database(Backend.H2), samples,
				Map.of("ODDS_MODE", "server", "PORT", "0", "ODDS_API_TOKEN", TOKEN));
		try {
			ServedModes.servesTheApiAndTheConsole(server, ApiClient.at(server.readyPort(), TOKEN));
		}
		finally {
			server.terminate();
		}
		assertThat(server.waitFor()).as(server.output()).isIn(0, 143);
	}

	/**
	 * An unpacked image: its entrypoint with {@code /app} moved under {@code root}, and
	 * its environment.
	 */
	record Image(Path root, List<String> entrypoint, Map<String, String> env, String workingDir) {

		static Image unpack(Path tar, Path root) throws IOException, InterruptedException {
			Path archive = root.resolve("archive");
			Files.createDirectories(archive);
			untar(tar, archive);
			JsonMapper json = JsonMapper.builder().build();
			JsonNode manifest = json.readTree(archive.resolve("manifest.json").toFile()).get(0);
			for (JsonNode layer : manifest.path("Layers")) {
				untar(archive.resolve(layer.asString()), root);
			}
			JsonNode config = json.readTree(archive.resolve(manifest.path("Config").asString()).toFile())
				.path("config");
			String app = root.resolve("app").toAbsolutePath().toString();
			Path classpathFile = root.resolve("app/jib-classpath-file");
			Files.writeString(classpathFile, Files.readString(classpathFile).replace("/app/", app + "/"));
			List<String> entrypoint = new ArrayList<>();
			config.path("Entrypoint")
				.forEach(part -> entrypoint.add(part.asString().replace("@/app/", "@" + app + "/")));
			Map<String, String> env = new HashMap<>();
			config.path("Env").forEach(variable -> {
				String[] pair = variable.asString().split("=", 2);
				env.put(pair[0], pair[1]);
			});
			return new Image(root, entrypoint, env, config.path("WorkingDir").asString());
		}

		private static void untar(Path tar, Path into) throws IOException, InterruptedException {
			Process untar = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", into.toString())
				.redirectErrorStream(true)
				.start();
			String output;
			try (InputStream out = untar.getInputStream()) {
				output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
			}
			assertThat(untar.waitFor()).as("tar -xf " + tar + ": " + output).isZero();
		}

		/**
		 * The entrypoint in a fresh working directory (the image's is {@code /tmp}), with
		 * the image's environment, the host's {@code java} on the path, and
		 * {@code extra}; the database and bucket as arguments.
		 */
		AppProcess start(Path workDir, Backend.TestDatabase database, TestBucket bucket, Map<String, String> extra) {
			assertThat(workingDir).isEqualTo("/tmp");
			Map<String, String> environment = new HashMap<>(env);
			environment.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
			environment.putAll(extra);
			return AppProcess.startCommand(entrypoint, false, workDir, database, bucket.root(), environment);
		}
	}

}
