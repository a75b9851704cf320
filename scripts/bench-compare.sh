#!/bin/sh
# Before and after, side by side, with the same commands: the per-page profile (queries, SQL ms, median ms) at a
# scale and the load test (gunicorn + PostgreSQL + wrk) at each scale, on BASE (a git ref, default: main) and on
# this checkout; then one table. The measuring harness (bench/profiling.py, the benchprofile command) is this
# checkout's on both sides; the data builders, pages and the portal are each side's own.
#
#   scripts/bench-compare.sh [BASE_REF]
#
# Environment: DATABASE_URL (postgres://postgres@127.0.0.1:5432/NAME; NAME_base_bench and NAME_head_bench are made
# and dropped), CACHE_URL (default redis://127.0.0.1:6379/8: production's Redis cache, flushed before each side),
# PROFILE_SCALE (100), LOAD_SCALES ("1 100"), DURATION (15), USERS (2), PORT (8619), SKIP_LOAD=1 (profile only),
# OUT (folder for the JSON, default a temporary one).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE_REF=${1:-main}
DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/vudig_cmp}
CACHE_URL=${CACHE_URL:-redis://127.0.0.1:6379/8}
PROFILE_SCALE=${PROFILE_SCALE:-100}
LOAD_SCALES=${LOAD_SCALES:-1 100}
DURATION=${DURATION:-15}
USERS=${USERS:-2}
PORT=${PORT:-8619}
OUT=${OUT:-$(mktemp -d /tmp/bench-compare.XXXXXX)}
PY="$ROOT/.venv/bin/python"
mkdir -p "$OUT"
BASE_DIR="$OUT/base-tree"
rm -rf "$BASE_DIR" && mkdir -p "$BASE_DIR"
git -C "$ROOT" archive "$BASE_REF" | tar -x -C "$BASE_DIR"
cp "$ROOT/bench/profiling.py" "$BASE_DIR/bench/profiling.py"
cp "$ROOT/bench/management/commands/benchprofile.py" "$BASE_DIR/bench/management/commands/benchprofile.py"
echo "base: $BASE_REF ($(git -C "$ROOT" rev-parse --short "$BASE_REF")), head: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+changes'); out: $OUT"

run_side() { # side dir
  side=$1; dir=$2
  db_url="${DATABASE_URL%/*}/$(basename "${DATABASE_URL}")_$side"
  redis_db=${CACHE_URL##*/}
  redis-cli -n "$redis_db" flushdb >/dev/null 2>&1 || true
  echo "== $side: profile @$PROFILE_SCALE (load $(cut -d' ' -f1-3 /proc/loadavg))"
  (cd "$dir" && DATABASE_URL=$db_url CACHE_URL=$CACHE_URL DJANGO_SETTINGS_MODULE=vudig.settings.test \
    "$PY" manage.py benchprofile --scale "$PROFILE_SCALE" --repeat 5 --profile 0 --json "$OUT/profile-$side.json" \
    >"$OUT/profile-$side.log" 2>&1)
  if [ "${SKIP_LOAD:-0}" != 1 ]; then
    for scale in $LOAD_SCALES; do
      redis-cli -n "$redis_db" flushdb >/dev/null 2>&1 || true
      echo "== $side: loadtest @$scale (load $(cut -d' ' -f1-3 /proc/loadavg))"
      (cd "$dir" && DATABASE_URL=$db_url CACHE_URL=$CACHE_URL DJANGO_SETTINGS_MODULE=vudig.settings.test \
        "$PY" manage.py loadtest --scale "$scale" --duration "$DURATION" --users "$USERS" --port "$PORT" \
        --json "$OUT/load-$side-$scale.json" >"$OUT/load-$side-$scale.log" 2>&1) || echo "   (failed: $OUT/load-$side-$scale.log)"
      echo "   load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/load-$side-$scale.loadavg"
    done
  fi
}

run_side base "$BASE_DIR"
run_side head "$ROOT"
"$PY" "$ROOT/scripts/bench_compare_table.py" "$OUT" $LOAD_SCALES
