package io.oddsapi.batch.source;

import java.nio.file.Path;

import io.oddsapi.batch.OddsProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the blob source from {@code odds.bucket}. */
@Configuration(proxyBeanMethods = false)
public class BlobSourceConfiguration {

	@Bean
	BlobSource blobSource(OddsProperties properties) {
		String bucket = properties.bucket();
		if (bucket.startsWith("file:")) {
			return new LocalFolderBlobSource(Path.of(bucket.substring("file:".length())));
		}
		throw new IllegalStateException("odds.bucket=" + bucket
				+ ": gs:// buckets need the Google Cloud backend, which this build does not have yet; use file:/path");
	}
}
