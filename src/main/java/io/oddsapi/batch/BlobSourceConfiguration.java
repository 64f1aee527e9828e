package io.oddsapi.batch;

import java.nio.file.Path;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.oddsapi.batch.source.BlobSource;
import io.oddsapi.batch.source.GcsBlobSource;
import io.oddsapi.batch.source.LocalFolderBlobSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the blob source from {@code odds.bucket}: {@code file:/path} a local folder,
 * {@code gs://bucket} GCS through the {@link Storage} client of Spring Cloud GCP (the
 * {@code gcp} profile switches it on). Beside {@link OddsProperties} at the root, so that
 * {@code source/} depends on nothing of the application.
 */
@Configuration(proxyBeanMethods = false)
public class BlobSourceConfiguration {

	@Bean
	BlobSource blobSource(OddsProperties properties, ObjectProvider<Storage> storage) {
		String bucket = properties.bucket();
		if (bucket.startsWith("file:")) {
			return new LocalFolderBlobSource(Path.of(bucket.substring("file:".length())));
		}
		String name = properties.gcsBucket().orElseThrow();
		Storage client = properties.gcsEmulatorHost() == null || properties.gcsEmulatorHost().isBlank()
				? storage.getIfAvailable()
				: StorageOptions.newBuilder()
					.setHost(properties.gcsEmulatorHost())
					.setProjectId("local")
					.setCredentials(NoCredentials.getInstance())
					.build()
					.getService();
		if (client == null) {
			throw new IllegalStateException("odds.bucket=" + bucket + " needs Google Cloud Storage: run with "
					+ "--spring.profiles.active=gcp (which enables spring.cloud.gcp.*) and Application Default Credentials");
		}
		return new GcsBlobSource(client, name);
	}

}
