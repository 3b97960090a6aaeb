#!/usr/bin/env bash
# Usage: tools/studio-throughput.sh [--workers N] [--jobs M] [--iterations I] [--octaves O] [--width PX] [--clients C] [--keep]
#   Measures a studio spread over processes: a throwaway PostgreSQL 15 cluster (unix socket only, in a temp folder),
#   one API node (serve --workers 0) and N worker processes (worker --workers 1), M small dreams submitted from
#   C concurrent curl loops (distinct seeds). Prints jobs/minute (first submit to last done) and the database
#   traffic per job (pg_stat_database deltas, WAL bytes, bytes kept in job_files, job_progress writes).
#   Defaults: --workers 1 --jobs 40 --iterations 10 --octaves 3 --width 256 --clients 4.
#   Needs: the CLI built in Release (dotnet build src/DeepDream.Cli -c Release), root (PostgreSQL runs as the
#   postgres user via runuser), /usr/lib/postgresql/15/bin, curl, jq, /usr/bin/python3 with PIL.
#   --keep leaves the temp folder (logs, cluster) behind; otherwise everything is stopped and removed on exit.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dll="$root/src/DeepDream.Cli/bin/Release/net10.0/DeepDream.Cli.dll"
pgbin=/usr/lib/postgresql/15/bin

workers=1 jobs=40 iterations=10 octaves=3 width=256 clients=4 keep=0
while (($#)); do
  case "$1" in
    --workers) workers="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --iterations) iterations="$2"; shift 2 ;;
    --octaves) octaves="$2"; shift 2 ;;
    --width) width="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

[[ -f "$dll" ]] || { echo "no $dll: run 'dotnet build src/DeepDream.Cli -c Release' first" >&2; exit 1; }
[[ $EUID -eq 0 ]] || { echo "run as root (PostgreSQL is started as the postgres user with runuser)" >&2; exit 1; }

tmp="$(mktemp -d /tmp/studio-throughput.XXXXXX)"
chmod 755 "$tmp"
chown postgres: "$tmp"
pids=()
pg_started=0

cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((pg_started)); then runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -m fast -w stop >/dev/null 2>&1 || true; fi
  if ((keep)); then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "[$(date +%T)] $*" >&2; }

# --- PostgreSQL: trust auth, superuser deepdream, unix socket in $tmp only -----------------------------------------
log "starting PostgreSQL in $tmp/pg"
runuser -u postgres -- "$pgbin/initdb" -D "$tmp/pg" -A trust -U deepdream >"$tmp/initdb.log" 2>&1
runuser -u postgres -- "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pg.log" -w \
  -o "-c listen_addresses='' -k $tmp -p 5432" start >/dev/null
pg_started=1
psql_db() { "$pgbin/psql" -h "$tmp" -p 5432 -U deepdream -d "$1" -X -q -A -t -v ON_ERROR_STOP=1 -F ' ' -c "$2"; }
psql_db postgres "CREATE DATABASE studio" >/dev/null
store="Host=$tmp;Port=5432;Username=deepdream;Database=studio"

# --- The photo ---------------------------------------------------------------------------------------------------
/usr/bin/python3 - "$root/docs/examples/rocket.jpg" "$tmp/photo.jpg" "$width" <<'EOF'
import sys
from PIL import Image
src, dst, width = sys.argv[1], sys.argv[2], int(sys.argv[3])
im = Image.open(src).convert("RGB")
im = im.resize((width, max(1, round(im.height * width / im.width))), Image.LANCZOS)
im.save(dst, quality=90)
print(f"photo {im.width}x{im.height}", file=sys.stderr)
EOF

# --- Nodes -------------------------------------------------------------------------------------------------------
port="$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

wait_for() { # log file, text, pid
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { echo "node stopped before it was ready:" >&2; cat "$1" >&2; return 1; }
    sleep 0.1
  done
  echo "node not ready after 60 s:" >&2; cat "$1" >&2; return 1
}

log "starting the API node on $base"
dotnet "$dll" serve --store "$store" --workers 0 --urls "$base" --data "$tmp/api" --uploads-per-minute 0 >"$tmp/api.log" 2>&1 &
pids+=($!)
wait_for "$tmp/api.log" "deepdream studio on" "$!"

log "starting $workers worker process(es)"
for ((w = 1; w <= workers; w++)); do
  dotnet "$dll" worker --store "$store" --data "$tmp/worker$w" --workers 1 >"$tmp/worker$w.log" 2>&1 &
  pids+=($!)
done
for ((w = 1; w <= workers; w++)); do wait_for "$tmp/worker$w.log" "deepdream worker:" "${pids[$w]}"; done

# --- Baseline ----------------------------------------------------------------------------------------------------
# PostgreSQL 15 flushes a backend's counters at transaction end, at most once a second, and an idle backend's
# pending ones after up to 10 s: wait that out before the baseline. Each read is a new session (no cached snapshot).
sleep 11
db_stats() {
  psql_db postgres "SELECT pg_stat_clear_snapshot(); SELECT xact_commit + xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned + tup_fetched,
    pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint FROM pg_stat_database WHERE datname = 'studio'" | tail -n 1
}
read -r x0 i0 u0 d0 r0 wal0 <<<"$(db_stats)"

# --- Submit ------------------------------------------------------------------------------------------------------
log "submitting $jobs dreams (iterations=$iterations octaves=$octaves) from $clients concurrent loops"
t0="$(date +%s.%N)"
submit_loop() { # client number
  local k="$1" i out
  for ((i = k; i < jobs; i += clients)); do
    out="$(curl -sS -w '\n%{http_code}' -F "image=@$tmp/photo.jpg" -F "iterations=$iterations" -F "octaves=$octaves" -F "seed=$((1000 + i))" "$base/api/dreams")"
    if [[ "$(tail -n 1 <<<"$out")" != 202 ]]; then echo "submit $i failed: $out" >&2; return 1; fi
    head -n 1 <<<"$out" | jq -r .id >>"$tmp/ids.$k"
  done
}
loops=()
for ((k = 0; k < clients; k++)); do submit_loop "$k" & loops+=($!); done
for pid in "${loops[@]}"; do wait "$pid"; done
t_submitted="$(date +%s.%N)"
log "all submitted in $(awk -v a="$t0" -v b="$t_submitted" 'BEGIN { printf "%.2f", b - a }') s; waiting for them to finish"

# --- Wait (one query a second; its transactions are subtracted below) -------------------------------------------
polls=0
: >"$tmp/progress-rows"
while :; do
  read -r finished progress_size <<<"$(psql_db studio "SELECT count(*) FILTER (WHERE status IN ('Done', 'Failed', 'Cancelled')),
    coalesce((SELECT avg(pg_column_size(p.*))::int FROM job_progress AS p)::text, '-') FROM jobs")"
  polls=$((polls + 1))
  [[ "$progress_size" != - ]] && echo "$progress_size" >>"$tmp/progress-rows"
  ((finished >= jobs)) && break
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a node stopped during the run (pid $pid); logs in $tmp" >&2; keep=1; exit 1; }; done
  sleep 1
done
log "all finished; stopping the nodes so their last counters reach the statistics"

# --- Final reads -------------------------------------------------------------------------------------------------
for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
sleep 2
read -r x1 i1 u1 d1 r1 wal1 <<<"$(db_stats)"

# How many transactions one of this script's polls adds (a psql session doing one query), measured now.
read -r xa _ <<<"$(db_stats)"
psql_db studio "SELECT 1" >/dev/null
sleep 2
read -r xb _ <<<"$(db_stats)"
per_poll=$((xb - xa))

read -r done failed cancelled t_first t_last run_avg wait_avg <<<"$(psql_db studio "SELECT count(*) FILTER (WHERE status = 'Done'),
  count(*) FILTER (WHERE status = 'Failed'), count(*) FILTER (WHERE status = 'Cancelled'), min(queued), max(finished),
  round(avg(finished - started)::numeric, 3), round(avg(started - queued)::numeric, 3) FROM jobs")"
# Submit rate (first to last queued) and the queue's own gap: a job's start less its worker's previous finish, where it was already waiting then.
read -r t_lastq gap_avg gap_n <<<"$(psql_db studio "SELECT (SELECT max(queued) FROM jobs), coalesce(round(avg(started - prev)::numeric * 1000, 1), 0), count(prev)
  FROM (SELECT started, queued, lag(finished) OVER (PARTITION BY worker ORDER BY started) AS prev FROM jobs WHERE status = 'Done') AS g WHERE queued <= prev")"
read -r files_bytes input_bytes result_bytes file_rows <<<"$(psql_db studio "SELECT coalesce(sum(octet_length(content)), 0),
  coalesce(sum(octet_length(content)) FILTER (WHERE name = 'input.png'), 0), coalesce(sum(octet_length(content)) FILTER (WHERE name = 'result.png'), 0),
  count(*) FROM job_files")"
read -r progress_writes progress_deletes <<<"$(psql_db studio "SELECT n_tup_ins + n_tup_upd, n_tup_del FROM pg_stat_user_tables WHERE relname = 'job_progress'")"
# Bytea values over ~2 KB go to the table's TOAST table in ~2 KB chunks: there most of the inserted and deleted rows are.
table_rows="$(psql_db studio "SELECT coalesce(owner.relname || '(toast)', s.relname), s.n_tup_ins, s.n_tup_upd, s.n_tup_del
  FROM pg_stat_all_tables AS s LEFT JOIN pg_class AS owner ON owner.reltoastrelid = s.relid
  WHERE s.schemaname IN ('public', 'pg_toast') AND s.n_tup_ins + s.n_tup_upd + s.n_tup_del > 0 ORDER BY 1")"
failures="$(psql_db studio "SELECT id || ': ' || coalesce(error, '') FROM jobs WHERE status <> 'Done'")"
progress_row="$(awk '{ s += $1; n++ } END { if (n) printf "%d", s / n; else print 0 }' "$tmp/progress-rows")"

# --- Report ------------------------------------------------------------------------------------------------------
awk -v jobs="$jobs" -v workers="$workers" -v it="$iterations" -v oc="$octaves" -v width="$width" \
    -v t0="$t0" -v t_first="$t_first" -v t_last="$t_last" -v run_avg="$run_avg" -v wait_avg="$wait_avg" \
    -v done_="$done" -v failed="$failed" -v cancelled="$cancelled" -v polls="$polls" -v per_poll="$per_poll" \
    -v dx="$((x1 - x0))" -v di="$((i1 - i0))" -v du="$((u1 - u0))" -v dd="$((d1 - d0))" -v dr="$((r1 - r0))" -v dwal="$((wal1 - wal0))" \
    -v files_bytes="$files_bytes" -v input_bytes="$input_bytes" -v result_bytes="$result_bytes" -v file_rows="$file_rows" \
    -v t_lastq="$t_lastq" -v gap_avg="$gap_avg" -v gap_n="$gap_n" -v pw="$progress_writes" -v pd="$progress_deletes" -v prow="$progress_row" 'BEGIN {
  span = t_last - t0; server_span = t_last - t_first
  own = polls * per_poll; x = dx - own
  printf "config: %d worker process(es), %d dreams, iterations=%d octaves=%d, photo width %d px\n", workers, jobs, it, oc, width
  printf "jobs: %d done, %d failed, %d cancelled\n", done_, failed, cancelled
  printf "time: %.1f s from first submit to last done (%.1f s from first queued to last done, database clock)\n", span, server_span
  printf "throughput: %.2f jobs/min (mean run %.2f s a job, mean wait in queue %.1f s)\n", jobs * 60 / span, run_avg, wait_avg
  printf "submits: %.1f s from first submit to last queued (%.1f jobs/s); first job queued %.1f s after the first submit\n", t_lastq - t0, jobs / (t_lastq - t0), t_first - t0
  printf "queue gap: %.1f ms mean from a worker'"'"'s finish to its next start, over the %d jobs already waiting then\n", gap_avg, gap_n
  printf "db per job: %.1f transactions (%d in all, less %d of this script'"'"'s %d polls), rows %.1f inserted, %.1f updated, %.1f deleted, %.0f read\n", \
    x / jobs, dx, own, polls, di / jobs, du / jobs, dd / jobs, dr / jobs
  printf "db per job: %.0f KiB of WAL\n", dwal / jobs / 1024
  printf "bytes kept per job: %.1f KiB in job_files (%d rows; input.png %.1f KiB, result.png %.1f KiB)\n", \
    files_bytes / jobs / 1024, file_rows, input_bytes / jobs / 1024, result_bytes / jobs / 1024
  printf "job_progress per job: %.1f writes (insert or update) x ~%d bytes a row = ~%.1f KiB written, %.1f deletes\n", \
    pw / jobs, prow, pw / jobs * prow / 1024, pd / jobs
  printf "RESULT workers=%d jobs=%d iterations=%d octaves=%d width=%d done=%d failed=%d seconds=%.1f jobs_per_min=%.2f run_s=%.2f submit_s=%.1f gap_ms=%.1f xacts_per_job=%.1f ins_per_job=%.1f upd_per_job=%.1f del_per_job=%.1f wal_kib_per_job=%.0f files_kib_per_job=%.1f progress_writes_per_job=%.1f progress_row_bytes=%d\n", \
    workers, jobs, it, oc, width, done_, failed, span, jobs * 60 / span, run_avg, t_lastq - t0, gap_avg, x / jobs, di / jobs, du / jobs, dd / jobs, dwal / jobs / 1024, files_bytes / jobs / 1024, pw / jobs, prow
}'
echo "rows by table: inserted updated deleted, since the database was made (schema and run):"
sed 's/^/  /' <<<"$table_rows"
[[ -n "$failures" ]] && { echo "jobs not done:"; sed 's/^/  /' <<<"$failures"; }
problems="$(grep -hiE 'warn|fail|error|exception' "$tmp"/api.log "$tmp"/worker*.log || true)"
if [[ -n "$problems" ]]; then echo "node log lines with warn/fail/error/exception:"; head -n 20 <<<"$problems" | sed 's/^/  /'; else echo "node logs: no warnings or errors"; fi
