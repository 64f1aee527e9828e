package io.oddsapi.batch.odds;

/**
 * A file that cannot be published as it is; the message is the reason recorded for a
 * person to read.
 */
public class OddsFileRejectedException extends RuntimeException {

	public OddsFileRejectedException(String reason) {
		super(reason);
	}

}
