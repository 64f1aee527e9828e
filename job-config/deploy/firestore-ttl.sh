#!/usr/bin/env bash
# Firestore, home of the date locks (ODDS_LOCK_PROVIDER=firestore): a TTL policy on the locks' expireAt field deletes
# locks left behind by holders that died. The lock never relies on it (an expired lease is taken over at once; TTL
# deletion can lag a day); it only keeps the collection small.
# Usage: PROJECT=my-project [COLLECTION=batch_processing_locks] bash job-config/deploy/firestore-ttl.sh
set -euo pipefail
: "${PROJECT:?set PROJECT}"
COLLECTION=${COLLECTION:-batch_processing_locks}   # ODDS_LOCK_COLLECTION
LOCK_EXPIRY_FIELD=expireAt

gcloud firestore databases describe --project="$PROJECT" --database='(default)' >/dev/null 2>&1 ||
  gcloud firestore databases create --project="$PROJECT" --location="${LOCATION:-nam5}" --type=firestore-native
gcloud firestore fields ttls update "$LOCK_EXPIRY_FIELD" --project="$PROJECT" \
  --collection-group="$COLLECTION" --enable-ttl --async
gcloud projects add-iam-policy-binding "$PROJECT" \
  --member="serviceAccount:oddsapi-batch@${PROJECT}.iam.gserviceaccount.com" \
  --role=roles/datastore.user --condition=None >/dev/null
echo "TTL on $COLLECTION.$LOCK_EXPIRY_FIELD requested"
