#!/usr/bin/env bash
# Bounded GraphQL fuzz run with schemathesis against a local server on a fresh SQLite database.
#
#   scripts/fuzz.sh                                   # 180 s against target/debug/gecrm
#   FUZZ_SECONDS=120 GECRM_BIN=/tmp/gecrm scripts/fuzz.sh
#
# Environment:
#   GECRM_BIN      server binary (default target/debug/gecrm; it is not built here)
#   GECRM_SCHEMA   SDL to fuzz from (default schema.graphql; must match the binary)
#   FUZZ_SECONDS   time budget of the fuzzing itself (default 180)
#   FUZZ_WORKERS   concurrent schemathesis workers (default 2)
#   FUZZ_SEED      schemathesis seed, to replay a run
#   FUZZ_KEEP=1    keep the temporary directory (database, logs, reports) after a pass
#
# Fails (exit 1) on any 5xx, any response mentioning INTERNAL_SERVER_ERROR, any GraphQL error
# whose code is not an expected answer, or any ERROR line or panic in the server log. Expected
# answers (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, ...) pass: see scripts/fuzz_hooks.py.
#
# No operation is excluded. The ones that could end the fuzz session cannot here: `logout` and
# `refreshToken` need the refresh token, which is never handed to schemathesis; `disableUser`
# refuses to disable the caller; `disableOrgUnit` refuses a unit with active users. Should the
# session end anyway, every later answer is UNAUTHENTICATED, which fails the run.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD

SCHEMATHESIS_VERSION=4.32.5
VENV=$ROOT/target/fuzz-venv
GECRM_BIN=${GECRM_BIN:-target/debug/gecrm}
GECRM_SCHEMA=${GECRM_SCHEMA:-schema.graphql}
FUZZ_SECONDS=${FUZZ_SECONDS:-180}
FUZZ_WORKERS=${FUZZ_WORKERS:-2}

log() { printf 'fuzz: %s\n' "$*" >&2; }

[[ -x $GECRM_BIN ]] || { log "no server binary at $GECRM_BIN (build it first, or set GECRM_BIN)"; exit 2; }
[[ -f $GECRM_SCHEMA ]] || { log "no schema at $GECRM_SCHEMA"; exit 2; }
GECRM_BIN=$(realpath "$GECRM_BIN")
GECRM_SCHEMA=$(realpath "$GECRM_SCHEMA")

# 1. schemathesis in its own virtualenv, reused while it has the pinned version.
installed=$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true)
if [[ $installed != "$SCHEMATHESIS_VERSION" ]]; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
PY=$VENV/bin/python

# 2. The server on a fresh database and a free port; always stopped on exit.
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gecrm-fuzz.XXXXXX")
SERVER_PID=
RESULT=fail
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ $RESULT == pass && ${FUZZ_KEEP:-} != 1 ]]; then
    rm -rf "$TMP"
  else
    log "database, server log and reports kept in $TMP"
  fi
}
trap cleanup EXIT

PORT=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE=http://127.0.0.1:$PORT
SERVER_LOG=$TMP/server.log
log "starting $GECRM_BIN on $BASE (log: $SERVER_LOG)"
# Started in $TMP, so that no .env of the working directory applies; the access token must
# outlive the run (the default lifetime is 15 minutes).
cd "$TMP"
env -u CONFIG_FILE \
  DATABASE_URL="sqlite://$TMP/fuzz.sqlite?mode=rwc" \
  BIND_ADDR="127.0.0.1:$PORT" \
  SEED_DEMO=true \
  APP_ENV=development \
  LOGIN_MAX_ATTEMPTS_PER_IP=100000 \
  LOGIN_MAX_FAILURES_PER_USER=100000 \
  ACCESS_TOKEN_TTL_SECS=$((FUZZ_SECONDS + 3600)) \
  RUST_LOG=warn \
  LOG_FORMAT=text \
  NO_COLOR=1 \
  "$GECRM_BIN" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
cd "$ROOT"

# The first start migrates and seeds the demo data.
for _ in $(seq 120); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server exited during start:"
    cat "$SERVER_LOG" >&2
    exit 1
  fi
  if [[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" || true) == 200 ]]; then
    break
  fi
  sleep 0.5
done
[[ $(curl -s -o /dev/null -w '%{http_code}' "$BASE/readyz" || true) == 200 ]] || { log "server not ready after 60 s"; exit 1; }

# 3. Sign in as the admin.
LOGIN='{"query":"mutation { login(input:{username:\"admin\", password:\"demo123456\"}) { session { accessToken } userErrors { code } } }"}'
TOKEN=$(curl -sf "$BASE/graphql" -H 'Content-Type: application/json' -d "$LOGIN" |
  "$PY" -c 'import json, sys; print(json.load(sys.stdin)["data"]["login"]["session"]["accessToken"])') ||
  { log "admin sign-in failed"; exit 1; }

# 4. Real ids for the hooks to put into ID arguments.
"$PY" scripts/fuzz_ids.py "$BASE/graphql" "$TOKEN" "$TMP/ids.json"

# 5. The fuzz run. --max-time bounds it; `timeout` only guards against a hang, with room for
#    shrinking and reports. Run from $TMP so that schemathesis keeps its files out of the repo.
seed_args=()
[[ -n ${FUZZ_SEED:-} ]] && seed_args=(--seed "$FUZZ_SEED")
log "fuzzing $BASE/graphql for ${FUZZ_SECONDS}s with $FUZZ_WORKERS worker(s)"
started=$SECONDS
st_status=0
(
  cd "$TMP"
  export SCHEMATHESIS_HOOKS=fuzz_hooks PYTHONPATH="$ROOT/scripts" PYTHONDONTWRITEBYTECODE=1 \
    FUZZ_IDS_FILE="$TMP/ids.json" FUZZ_SCHEMA="$GECRM_SCHEMA" \
    FUZZ_GRAPHQL_URL="$BASE/graphql" FUZZ_TOKEN="$TOKEN"
  timeout --kill-after=30 $((FUZZ_SECONDS + 600)) \
    "$VENV/bin/schemathesis" run "$GECRM_SCHEMA" \
    --url "$BASE/graphql" \
    --header "Authorization: Bearer $TOKEN" \
    --checks not_a_server_error,no_internal_server_error \
    --mode positive \
    --max-time "$FUZZ_SECONDS" \
    --continue-on-failure \
    --workers "$FUZZ_WORKERS" \
    --request-timeout 60 \
    --generation-database none \
    --report json,har \
    --report-dir "$TMP/report" \
    --report-json-path "$TMP/report/run.json" \
    --report-har-path "$TMP/report/requests.har" \
    --no-color "${seed_args[@]}"
) || st_status=$?
elapsed=$((SECONDS - started))

# 6. Summary, and the server's own errors.
echo
echo "=== fuzz summary ==="
if [[ -f $TMP/report/run.json ]]; then
  "$PY" - "$TMP/report/run.json" <<'EOF'
import json, sys
run = json.load(open(sys.argv[1]))
ops, cases = run["operations"], run["test_cases"]
print(f"operations tested: {ops['tested']} of {ops['selected']} ({ops['errored']} errored)")
print(f"examples:          {cases['generated']} generated, {run.get('filtered', 0)} expected GraphQL errors dropped")
print(f"failures:          {cases['unique_failures']} unique, in {cases['with_failures']} examples; errors: {len(run['errors'])}")
print(f"stopped:           {run['stop_reason']} after {run['running_time']:.0f}s")
for failure in run["failures"]:
    where = ", ".join(failure.get("operations") or [])
    print(f"  - {failure.get('code')} {failure.get('title')} (x{failure.get('count')}): {where}")
for error in run["errors"]:
    print(f"  - error: {str(error)[:300]}")
EOF
else
  echo "no schemathesis report (exit status $st_status)"
fi
echo "wall clock:        ${elapsed}s (schemathesis exit status $st_status)"

server_errors=$TMP/server-errors.log
sed 's/\x1b\[[0-9;]*m//g' "$SERVER_LOG" | grep -E ' ERROR |panicked' >"$server_errors" || true
if [[ -s $server_errors ]]; then
  echo "server ERROR lines: $(wc -l <"$server_errors")"
  head -n 50 "$server_errors"
else
  echo "server ERROR lines: none"
fi

if [[ $st_status == 124 || $st_status == 137 ]]; then
  log "FAIL: schemathesis did not stop within its time budget"
elif [[ $st_status != 0 ]]; then
  log "FAIL: schemathesis reported failures (exit status $st_status)"
elif [[ -s $server_errors ]]; then
  log "FAIL: the server logged errors"
else
  RESULT=pass
  log "PASS"
  exit 0
fi
exit 1
