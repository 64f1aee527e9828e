package io.oddsapi.batch.job;

import java.util.List;

/** Too much of a run was rejected to publish the rest without a person looking first. */
public class RejectedRatioExceededException extends RuntimeException {

	public RejectedRatioExceededException(int rejected, int objects, double maxRatio, List<String> rejections) {
		super(rejected + " of " + objects + " files rejected, more than odds.max-rejected-ratio=" + maxRatio
				+ " allows; nothing was published. Rejected: " + String.join("; ", rejections));
	}

}
