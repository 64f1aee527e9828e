#!/usr/bin/env bash
# Cloud Scheduler -> the sweep Cloud Run Job (job-config/deploy/cloud-run-sweep-job.yaml), every hour, so that objects
# that landed without a trigger are published within the hour and a game without lines is flagged (an ERROR line
# the coverage alert matches, see docs/data-model.md, "Coverage") while there is still time before tip-off.
# Usage: PROJECT=my-project REGION=us-central1 bash job-config/deploy/cloud-scheduler-sweep.sh
# Safe to run again: what exists is left as it is.
set -euo pipefail
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}"
JOB=${JOB:-oddsapi-batch-sweep}
SCHEDULE=${SCHEDULE:-"5 * * * *"}
TIME_ZONE=${TIME_ZONE:-America/New_York}
INVOKER=oddsapi-scheduler@${PROJECT}.iam.gserviceaccount.com

exists() { "$@" >/dev/null 2>&1; }

exists gcloud iam service-accounts describe "$INVOKER" --project="$PROJECT" ||
  gcloud iam service-accounts create oddsapi-scheduler --project="$PROJECT" --display-name="oddsapi-batch sweep"
# running a job with its own settings needs run.jobs.run on it: roles/run.invoker
gcloud run jobs add-iam-policy-binding "$JOB" --project="$PROJECT" --region="$REGION" \
  --member="serviceAccount:$INVOKER" --role=roles/run.invoker >/dev/null

# the Cloud Run Admin API's jobs.run, with an OAuth token for INVOKER; a run still going when the next one starts is
# harmless: each date's lock coalesces the second launch into the first
exists gcloud scheduler jobs describe "$JOB" --project="$PROJECT" --location="$REGION" ||
  gcloud scheduler jobs create http "$JOB" --project="$PROJECT" --location="$REGION" \
    --schedule="$SCHEDULE" --time-zone="$TIME_ZONE" --http-method=POST \
    --uri="https://run.googleapis.com/v2/projects/${PROJECT}/locations/${REGION}/jobs/${JOB}:run" \
    --oauth-service-account-email="$INVOKER" --oauth-token-scope=https://www.googleapis.com/auth/cloud-platform
