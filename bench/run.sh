#!/usr/bin/env bash
# Builds the server jar and the bench module, runs both benchmarks on this machine and prints the
# results table. Not part of `mvn verify` or CI. Takes about 5 minutes on a quiet 2-core machine
# and needs ~3 GiB free on the filesystem of the work folder (a 1 GiB payload, dd's 1 GiB, the upload).
#
#   bench/run.sh                          # everything, defaults below
#   BUILD_DIR=target-x bench/run.sh       # build into target-x/ of both modules (parallel work trees)
#   BENCH_WORK=/mnt/disk/bench bench/run.sh   # measure another filesystem (payload, dd and server data go there)
#   CEILING_ARGS="--rounds 1" bench/run.sh  # the server's own upload ceiling, one round
#   UPLOAD_ARGS="--threads 8" RATE_ARGS="--duration-s 20 --generator sdk" bench/run.sh
#   CLUSTER=1 bench/run.sh                # also cluster mode against embedded (needs the engines:
#                                         #   dev/engines.sh start; eval "$(dev/engines.sh env)")
set -euo pipefail
if [[ "${CLUSTER:-0}" == 1 && -z "${PERMAFROST_TEST_PG_URL:-}" ]]; then
  echo "CLUSTER=1 needs PostgreSQL and Ceph RGW running and named in the environment:" >&2
  echo '  dev/engines.sh start && eval "$(dev/engines.sh env)"' >&2
  exit 1
fi

bench="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$bench")"
build_dir="${BUILD_DIR:-target}"
build_flag=()
if [[ -n "${BUILD_DIR:-}" ]]; then
  build_flag=("-DbuildDir=$BUILD_DIR")
fi
work="${BENCH_WORK:-$bench/$build_dir/work}"
mkdir -p "$work"

echo "== building target/permafrost.jar and the bench module"
(cd "$root" && mvn -B -q -DskipTests "${build_flag[@]}" package)
(cd "$bench" && mvn -B -q "${build_flag[@]}" package)
server_jar="$root/$build_dir/permafrost.jar"
bench_jar="$bench/$build_dir/permafrost-bench.jar"
command -v moto_server >/dev/null || { echo "moto_server is not on PATH (pip install 'moto[server]')" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(uname -srm), load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | sed -n 1p)"
echo "== upload-throughput (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java -cp "$bench_jar" io.permafrost.bench.UploadThroughput --jar "$server_jar" --work "$work" ${UPLOAD_ARGS:-} \
  | tee "$work/upload-throughput.txt"
echo "== server-ceiling (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java -cp "$bench_jar" io.permafrost.bench.ServerCeiling --jar "$server_jar" --work "$work" ${CEILING_ARGS:-} \
  | tee "$work/server-ceiling.txt"
# The upload phase leaves gigabytes of freed page cache and writeback behind; in one run the next
# phase measured DescribeVault at half its rate (2,841/s, 277 µs CPU/req) while the kernel caught up,
# against 5,657/s right after. Let the machine settle before measuring requests.
sync; sleep 10
echo "== request-rate (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java -cp "$bench_jar" io.permafrost.bench.RequestRate --jar "$server_jar" --work "$work" ${RATE_ARGS:-} \
  | tee "$work/request-rate.txt"
echo "== migration (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
# The issue's full case (10,000 archives and 1 GiB) takes ~11 minutes here: see bench/README.md for its command.
java -cp "$bench_jar" io.permafrost.bench.MigrationThroughput --jar "$server_jar" --work "$work" ${MIGRATION_ARGS:---archives 1000 --size-mib 256} \
  | tee "$work/migration.txt"
echo "== start-up (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java -cp "$bench_jar" io.permafrost.bench.StartupTime --jar "$server_jar" --work "$work" --seeder "$bench/startup/SeedStore.java" ${STARTUP_ARGS:-} \
  | tee "$work/startup.txt"
echo "== large-delete (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java -cp "$bench_jar" io.permafrost.bench.LargeDelete --jar "$server_jar" --work "$work" --seeder "$bench/startup/SeedStore.java" ${DELETE_ARGS:-} \
  | tee "$work/large-delete.txt"
echo "== download-throughput (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
# shellcheck disable=SC2086
java -cp "$bench_jar" io.permafrost.bench.DownloadThroughput --jar "$server_jar" --work "$work" ${DOWNLOAD_ARGS:-} \
  | tee "$work/download-throughput.txt"
echo "== inventory-jobs (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"; java -cp "$bench_jar" io.permafrost.bench.InventoryJobs --jar "$server_jar" --work "$work" --seeder "$bench/inventory/SeedArchives.java" ${INVENTORY_ARGS:-} | tee "$work/inventory-jobs.txt"

if [[ "${CLUSTER:-0}" == 1 ]]; then
  echo "== cluster (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086
  java -cp "$bench_jar" io.permafrost.bench.ClusterThroughput --jar "$server_jar" --work "$work" ${CLUSTER_ARGS:-} \
    | tee "$work/cluster.txt"
fi

echo
echo "================ results ($(date -u +%Y-%m-%dT%H:%MZ), load average now $(cut -d' ' -f1-3 /proc/loadavg))"
# Each program ends with its table after a blank line.
awk 'found; /^$/ {found=1}' "$work/upload-throughput.txt"
echo
awk 'found; /^$/ {found=1}' "$work/server-ceiling.txt"
echo
awk 'found; /^$/ {found=1}' "$work/request-rate.txt"
echo
awk 'found; /^$/ {found=1}' "$work/migration.txt"
echo
awk 'found; /^$/ {found=1}' "$work/startup.txt"
echo
awk 'found; /^$/ {found=1}' "$work/large-delete.txt"
echo
awk 'found; /^$/ {found=1}' "$work/download-throughput.txt"
if [[ "${CLUSTER:-0}" == 1 ]]; then
  echo
  awk 'found; /^$/ {found=1}' "$work/cluster.txt"
fi
