#!/usr/bin/env bash
# The BigQuery dataset and the job's rights on it. The job creates its tables and views itself (from
# job-config/tables) on its first run, and checks them against the definitions on every start.
# Usage: PROJECT=my-project [DATASET=odds] [LOCATION=US] bash job-config/deploy/bigquery-dataset.sh
set -euo pipefail
: "${PROJECT:?set PROJECT}"
DATASET=${DATASET:-odds}        # ODDS_BIGQUERY_DATASET
LOCATION=${LOCATION:-US}        # ODDS_BIGQUERY_LOCATION
RUNNER=oddsapi-batch@${PROJECT}.iam.gserviceaccount.com

bq --project_id="$PROJECT" show --dataset "$PROJECT:$DATASET" >/dev/null 2>&1 ||
  bq --project_id="$PROJECT" --location="$LOCATION" mk --dataset \
    --description="The Odds API: game lines and player props, published by oddsapi-batch" "$PROJECT:$DATASET"

# load and query jobs in the project; read and write in this dataset only (GRANT ... ON SCHEMA, BigQuery's data control
# language). The job's staging tables expire by themselves a week after they are created.
gcloud projects add-iam-policy-binding "$PROJECT" --member="serviceAccount:$RUNNER" \
  --role=roles/bigquery.jobUser --condition=None >/dev/null
bq --project_id="$PROJECT" --location="$LOCATION" query --nouse_legacy_sql --quiet \
  "GRANT \`roles/bigquery.dataEditor\` ON SCHEMA \`$PROJECT.$DATASET\` TO \"serviceAccount:$RUNNER\"" >/dev/null
echo "dataset $PROJECT:$DATASET ready in $LOCATION for $RUNNER"
