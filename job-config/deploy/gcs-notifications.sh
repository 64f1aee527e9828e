#!/usr/bin/env bash
# Cloud Storage -> Pub/Sub -> the server's POST /api/v1/notifications/gcs, with Google-signed OIDC tokens.
# Usage: PROJECT=my-project BUCKET=my-odds-bucket SERVICE_URL=https://oddsapi-batch-xyz-uc.a.run.app \
#        bash job-config/deploy/gcs-notifications.sh
# Safe to run again: what exists is left as it is.
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${BUCKET:?set BUCKET}" "${SERVICE_URL:?set SERVICE_URL (the Cloud Run service URL)}"
TOPIC=${TOPIC:-odds-files}
SUBSCRIPTION=${SUBSCRIPTION:-oddsapi-batch-push}
DEAD_LETTER_TOPIC=${DEAD_LETTER_TOPIC:-odds-files-dead-letter}
MAX_DELIVERY_ATTEMPTS=${MAX_DELIVERY_ATTEMPTS:-10}
PUSHER=oddsapi-pusher@${PROJECT}.iam.gserviceaccount.com   # must be in ODDS_API_OIDC_ALLOWED_EMAILS
PUSH_PATH=/api/v1/notifications/gcs

exists() { "$@" >/dev/null 2>&1; }

exists gcloud pubsub topics describe "$TOPIC" --project="$PROJECT" ||
  gcloud pubsub topics create "$TOPIC" --project="$PROJECT"

# the bucket's service agent publishes OBJECT_FINALIZE events of scrape files only
gcloud storage buckets notifications list "gs://$BUCKET" --format='value(topic)' | grep -q "/topics/$TOPIC\$" ||
  gcloud storage buckets notifications create "gs://$BUCKET" --topic="projects/$PROJECT/topics/$TOPIC" \
    --event-types=OBJECT_FINALIZE --object-prefix=odds-api/ --payload-format=json

exists gcloud iam service-accounts describe "$PUSHER" --project="$PROJECT" ||
  gcloud iam service-accounts create oddsapi-pusher --project="$PROJECT" --display-name="oddsapi-batch push"
gcloud run services add-iam-policy-binding oddsapi-batch --project="$PROJECT" --region="${REGION:-us-central1}" \
  --member="serviceAccount:$PUSHER" --role=roles/run.invoker >/dev/null

# Pub/Sub signs an OIDC token for PUSHER with SERVICE_URL as audience (ODDS_API_OIDC_AUDIENCES); the server answers at
# once, so a 20 s ack deadline is plenty, and a redelivery coalesces or finds nothing new
exists gcloud pubsub subscriptions describe "$SUBSCRIPTION" --project="$PROJECT" ||
  gcloud pubsub subscriptions create "$SUBSCRIPTION" --project="$PROJECT" --topic="$TOPIC" \
    --push-endpoint="${SERVICE_URL}${PUSH_PATH}" \
    --push-auth-service-account="$PUSHER" --push-auth-token-audience="$SERVICE_URL" \
    --ack-deadline=20 --min-retry-delay=10s --max-retry-delay=600s

# what the server keeps refusing (5xx: it is down or failing) is redelivered at most MAX_DELIVERY_ATTEMPTS times, then
# parked on a dead-letter topic whose subscription keeps it (7 days) for a person to look at; what no retry can fix
# (malformed, another bucket's, not a scrape) the server acknowledges itself
exists gcloud pubsub topics describe "$DEAD_LETTER_TOPIC" --project="$PROJECT" ||
  gcloud pubsub topics create "$DEAD_LETTER_TOPIC" --project="$PROJECT"
exists gcloud pubsub subscriptions describe "$DEAD_LETTER_TOPIC-kept" --project="$PROJECT" ||
  gcloud pubsub subscriptions create "$DEAD_LETTER_TOPIC-kept" --project="$PROJECT" --topic="$DEAD_LETTER_TOPIC" \
    --message-retention-duration=7d
gcloud pubsub subscriptions update "$SUBSCRIPTION" --project="$PROJECT" \
  --dead-letter-topic="$DEAD_LETTER_TOPIC" --max-delivery-attempts="$MAX_DELIVERY_ATTEMPTS"
# Pub/Sub's own service agent moves the message: it must publish to the topic and acknowledge on the subscription
PUBSUB_AGENT="service-$(gcloud projects describe "$PROJECT" --format='value(projectNumber)')@gcp-sa-pubsub.iam.gserviceaccount.com"
gcloud pubsub topics add-iam-policy-binding "$DEAD_LETTER_TOPIC" --project="$PROJECT" \
  --member="serviceAccount:$PUBSUB_AGENT" --role=roles/pubsub.publisher >/dev/null
gcloud pubsub subscriptions add-iam-policy-binding "$SUBSCRIPTION" --project="$PROJECT" \
  --member="serviceAccount:$PUBSUB_AGENT" --role=roles/pubsub.subscriber >/dev/null

echo "gs://$BUCKET/odds-api/** -> $TOPIC -> ${SERVICE_URL}${PUSH_PATH}"
# Eventarc instead of Pub/Sub push (CloudEvents, also accepted by the same endpoint):
#   gcloud eventarc triggers create oddsapi-batch-files --location=REGION --destination-run-service=oddsapi-batch \
#     --destination-run-path=$PUSH_PATH --event-filters=type=google.cloud.storage.object.v1.finalized \
#     --event-filters=bucket=$BUCKET --service-account=$PUSHER
