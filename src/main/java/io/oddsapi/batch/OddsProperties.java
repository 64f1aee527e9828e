package io.oddsapi.batch;

import java.util.Map;
import java.util.Optional;

import io.oddsapi.batch.odds.PriceFormat;
import io.oddsapi.batch.source.OddsEndpoint;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code odds.*}, checked at start-up.
 *
 * @param mode {@code cli} runs the job for the command line's endpoint and date (or every
 * date in the bucket) and exits; {@code cloud-run} runs a Cloud Run Jobs task (endpoints
 * and dates from arguments or {@code ODDS_*} variables, split across tasks);
 * {@code server} serves the REST API until SIGTERM; {@code coverage} records and prints
 * the coverage of dates; {@code sweep} launches every endpoint and date of a range that
 * has unpublished objects; {@code none} starts the context only (tests, tools)
 * @param bucket {@code file:/path} (a folder laid out like the bucket)
 * @param tableConfig where the table definitions are: a folder or classpath location
 * ending in {@code /}
 * @param chunkSize events per staging transaction
 * @param maxRejectedRatio the share of a run's files that may be rejected before the run
 * fails instead of publishing
 * @param maxRejectedRatioMinFiles the ratio is checked on runs of at least this many
 * files; a smaller run (the usual incremental run of a scrape cycle) publishes its good
 * files and records the rejected ones, whatever their share
 * @param priceFormat per endpoint, {@code DECIMAL} or {@code AMERICAN} instead of
 * detecting per file
 * @param workers dates launched at once by the command line and Cloud Run modes (a
 * backfill); each date has its own lock, so they never wait for each other
 * @param gcsEmulatorHost the URL of a Cloud Storage emulator (docker-compose's
 * fake-gcs-server) for a gs:// bucket, used without credentials; empty: Google's
 */
@Validated
@ConfigurationProperties("odds")
public record OddsProperties(@NotNull @DefaultValue("cli") Mode mode, @NotBlank @Pattern(regexp = "(file:|gs://).+",
		message = "must be file:/path/to/folder or gs://bucket") @DefaultValue("file:./samples/bucket") String bucket,
		@NotBlank @DefaultValue("classpath:job-config/tables/") String tableConfig,
		@Min(1) @DefaultValue("20") int chunkSize,
		@DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.2") double maxRejectedRatio,
		@Min(1) @DefaultValue("10") int maxRejectedRatioMinFiles, Map<String, PriceFormat> priceFormat,
		@Min(1) @Max(16) @DefaultValue("1") int workers, String gcsEmulatorHost) {

	public enum Mode {

		CLI, CLOUD_RUN, SERVER, COVERAGE, SWEEP, NONE

	}

	public OddsProperties {
		priceFormat = priceFormat == null ? Map.of() : Map.copyOf(priceFormat);
		priceFormat.keySet()
			.stream()
			.filter(key -> OddsEndpoint.fromFolder(key).isEmpty())
			.findFirst()
			.ifPresent(key -> {
				throw new IllegalArgumentException(
						"odds.price-format." + key + ": unknown endpoint (known: " + OddsEndpoint.knownFolders() + ")");
			});
	}

	/**
	 * The bucket's name when {@code bucket} is a {@code gs://} one; empty for a local
	 * folder.
	 */
	public Optional<String> gcsBucket() {
		if (!bucket.startsWith("gs://")) {
			return Optional.empty();
		}
		String rest = bucket.substring("gs://".length());
		int slash = rest.indexOf('/');
		return Optional.of(slash < 0 ? rest : rest.substring(0, slash));
	}

	/** The forced price format of an endpoint, or null to detect it per file. */
	public PriceFormat priceFormatOf(OddsEndpoint endpoint) {
		return priceFormat.get(endpoint.folder());
	}
}
