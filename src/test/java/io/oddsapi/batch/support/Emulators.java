package io.oddsapi.batch.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

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
			firestoreHost = startOnAFreePort("Firestore",
					port -> List.of(FIRESTORE.toString(), "start", "--host=127.0.0.1", "--port=" + port),
					port -> "API endpoint: http://127.0.0.1:" + port);
		}
		return firestoreHost;
	}

	/** host:port of a running Pub/Sub emulator, started on first use. */
	public static synchronized String pubSub() {
		if (pubSubHost == null) {
			if (!Files.isExecutable(PUBSUB)) {
				RequiredServices.unavailable("the Pub/Sub emulator is not installed at " + PUBSUB);
			}
			pubSubHost = startOnAFreePort("PubSub",
					port -> List.of(PUBSUB.toString(), "--host=127.0.0.1", "--port=" + port),
					port -> "Server started, listening on " + port);
		}
		return pubSubHost;
	}

	/**
	 * The emulators print the port they were given, not the one they took, so they cannot
	 * be started on port 0: a free port is chosen, and should another process take it
	 * before the emulator does (the emulator then exits), another.
	 */
	private static String startOnAFreePort(String name, IntFunction<List<String>> command,
			IntFunction<String> readyLine) {
		StringBuilder failures = new StringBuilder();
		for (int attempt = 1; attempt <= 3; attempt++) {
			int port = freePort();
			Optional<String> failure = start(command.apply(port), port, name, readyLine.apply(port));
			if (failure.isEmpty()) {
				return "127.0.0.1:" + port;
			}
			failures.append("\n--- port ").append(port).append(":\n").append(failure.get());
		}
		RequiredServices.unavailable(name + " emulator did not start:" + failures);
		throw new IllegalStateException("unreachable");
	}

	/** Empty once the emulator says it serves the port; else its log. */
	private static Optional<String> start(List<String> command, int port, String name, String readyLine) {
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
				Awaitility.await(name + " emulator on port " + port)
					.atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(100))
					.until(() -> !process.isAlive() || (Files.readString(log).contains(readyLine) && accepts(port)));
			}
			catch (ConditionTimeoutException ex) {
				// reported with the emulator's log
			}
			if (process.isAlive() && Files.readString(log).contains(readyLine) && accepts(port)) {
				return Optional.empty();
			}
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			return Optional.of(Files.readString(log));
		}
		catch (IOException ex) {
			return Optional.of("cannot be started: " + ex.getMessage());
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
