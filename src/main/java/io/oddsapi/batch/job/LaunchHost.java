package io.oddsapi.batch.job;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who this process is, as a lock records its holder: host name and process id. */
public record LaunchHost(String name) {

	public static LaunchHost current() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return new LaunchHost(host + "/pid " + ProcessHandle.current().pid());
	}
}
