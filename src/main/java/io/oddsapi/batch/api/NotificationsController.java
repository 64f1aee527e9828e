package io.oddsapi.batch.api;

import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.oddsapi.batch.OddsProperties;
import io.oddsapi.batch.run.LaunchRequest;
import io.oddsapi.batch.source.OddsObjectName;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/notifications/gcs}: a file landed. Its name gives the endpoint and
 * date, whose runs are launched (or coalesced into the date's holder) without waiting, so
 * the push is answered at once and not redelivered. A redelivery does no harm: it
 * coalesces, or finds nothing new. Objects that are not scrapes, or of another bucket,
 * get 204; a body that is no notification at all gets 200 with why it was dropped: a
 * redelivery could not fix either.
 */
@ServerMode
@Tag(name = "notifications", description = "Cloud Storage object notifications (Pub/Sub push, Eventarc)")
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationsController {

	private static final Logger log = LoggerFactory.getLogger(NotificationsController.class);

	private final PooledLaunches launches;

	private final JsonMapper json;

	private final Optional<String> bucket;

	private final MeterRegistry meters;

	NotificationsController(PooledLaunches launches, JsonMapper json, OddsProperties properties, MeterRegistry meters) {
		this.launches = launches;
		this.json = json;
		this.bucket = properties.gcsBucket();
		this.meters = meters;
	}

	private void dropped(String reason) {
		Counter.builder("odds.notifications.dropped")
			.description("notifications acknowledged without a launch: malformed, another bucket's, not a scrape")
			.tag("reason", reason)
			.register(meters)
			.increment();
	}

	/**
	 * What a push that can never launch anything was acknowledged as (so that Pub/Sub
	 * does not redeliver it).
	 */
	record Dropped(String dropped) {
	}

	@Operation(operationId = "receiveGcsNotification", summary = "Launch the date of a finalized scrape object",
			description = "A Pub/Sub push envelope, or a CloudEvent (ce-type, ce-subject). Never answered 4xx: a "
					+ "redelivery could not fix the body, so what launches nothing is acknowledged.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the notification",
			content = @Content(mediaType = "application/json",
					schema = @Schema(type = "object",
							description = "a Pub/Sub push envelope, or a Cloud Storage object's metadata")))
	@ApiResponse(responseCode = "202", description = "A run started for the object's date",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = BatchesController.LaunchResponse.class)))
	@ApiResponse(responseCode = "200", description = "Coalesced into the date's run, or acknowledged and dropped",
			content = @Content(mediaType = "application/json",
					schema = @Schema(oneOf = { BatchesController.LaunchResponse.class, Dropped.class })))
	@ApiResponse(responseCode = "204", description = "Not a finalized scrape object of this bucket: nothing to do")
	@ApiResponse(responseCode = "503", ref = OpenApiConfiguration.BUSY)
	@PostMapping("/gcs")
	ResponseEntity<?> gcs(@RequestBody byte[] body, @RequestHeader(name = "ce-type", required = false) String ceType,
			@RequestHeader(name = "ce-subject", required = false) String ceSubject) {
		GcsNotification notification;
		try {
			notification = GcsNotification.parse(json, body, ceType, ceSubject);
		}
		catch (IllegalArgumentException malformed) {
			// a redelivery cannot make it readable: acknowledged, logged and counted
			// instead of answered 400 forever
			log.warn("notification acknowledged and dropped: {}", malformed.getMessage());
			dropped("malformed");
			return ResponseEntity.ok(new Dropped(malformed.getMessage()));
		}
		if (!notification.finalized()) {
			return ResponseEntity.noContent().build();
		}
		if (bucket.isPresent() && notification.bucket() != null && !bucket.get().equals(notification.bucket())) {
			log.info("notification for gs://{}/{} ignored: this server reads gs://{}", notification.bucket(),
					notification.objectName(), bucket.get());
			dropped("other bucket");
			return ResponseEntity.noContent().build();
		}
		Optional<OddsObjectName> name = OddsObjectName.parse(notification.objectName());
		if (name.isEmpty()) {
			log.info("notification for {} ignored: not a scrape's object", notification.objectName());
			dropped("not a scrape");
			return ResponseEntity.noContent().build();
		}
		LaunchRequest request = new LaunchRequest(name.get().endpoint(), name.get().gameDate());
		PooledLaunches.Launched launched = launches.launch(request, "gcs notification", false);
		log.info("{}: {}", notification.objectName(), launched.detail());
		if (launched.status() == PooledLaunches.Launched.Status.STARTED) {
			return ResponseEntity.accepted().body(BatchesController.response(launched));
		}
		return ResponseEntity.ok(BatchesController.response(launched));
	}

}
