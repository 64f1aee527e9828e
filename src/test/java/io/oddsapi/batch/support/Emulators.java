package io.oddsapi.batch.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Google's emulators installed with the Cloud SDK, started once per test JVM on free
 * ports and stopped when it ends. Where an emulator is not installed (a user's laptop)
 * the tests that need it skip with a message; CI requires them.
 */
public final class Emulators {

	public static final Path FIRESTORE = Path.of(System.getenv()
		.getOrDefault("ODDS_FIRESTORE_EMULATOR",
				"/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator"));

	public static final Path PUBSUB = Path.of(System.getenv()
		.getOrDefault("ODDS_PUBSUB_EMULATOR",
				"/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator"));

	private static String firestoreHost;

	private static String pubSubHost;

	private Emulators() {
	}

	/** host:port of a running Firestore emulator, started on first use. */
	public static synchronized String firestore() {
		if (firestoreHost == null) {
			if (!Files.isExecutable(FIRESTORE)) {
				RequiredServices.unavailable("the Firestore emulator is not installed at " + FIRESTORE);
			}
			int port = freePort();
			start(List.of(FIRESTORE.toString(), "start", "--host=127.0.0.1", "--port=" + port), port, "Firestore");
			firestoreHost = "127.0.0.1:" + port;
		}
		return firestoreHost;
	}

	/** host:port of a running Pub/Sub emulator, started on first use. */
	public static synchronized String pubSub() {
		if (pubSubHost == null) {
			if (!Files.isExecutable(PUBSUB)) {
				RequiredServices.unavailable("the Pub/Sub emulator is not installed at " + PUBSUB);
			}
			int port = freePort();
			start(List.of(PUBSUB.toString(), "--host=127.0.0.1", "--port=" + port), port, "PubSub");
			pubSubHost = "127.0.0.1:" + port;
		}
		return pubSubHost;
	}

	private static void start(List<String> command, int port, String name) {
		try {
			Path log = Files.createTempFile("emulator-" + name, ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}));
			try {
				Awaitility.await(name + " emulator's port")
					.atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> accepts(port) || !process.isAlive());
			}
			catch (ConditionTimeoutException ex) {
				// reported below, with the emulator's log
			}
			if (!accepts(port)) {
				RequiredServices.unavailable(name + " emulator did not start: " + Files.readString(log));
			}
		}
		catch (IOException ex) {
			RequiredServices.unavailable(name + " emulator cannot be started: " + ex.getMessage());
		}
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
