#!/usr/bin/env bash
# Throwaway engines for cluster mode, without Docker: a PostgreSQL and a one-node Ceph (mon, memstore
# OSD, mgr, radosgw), all on 127.0.0.1, all state in one temp directory.
#
#   dev/engines.sh start   installs what is missing (Debian), starts both, waits until both answer
#   dev/engines.sh env     prints the serve flags and the PERMAFROST_TEST_* exports (eval "$(... env)")
#   dev/engines.sh stop    stops everything started here and removes the temp directory
#
# Every setting below can be overridden from the environment. `start` is idempotent: engines that
# already answer are left alone. Ceph's memstore keeps objects in RAM: the data is gone at stop,
# which is the point (tests only).
set -euo pipefail

STATE_DIR=${PERMAFROST_ENGINES_DIR:-/tmp/permafrost-engines}
PG_PORT=${PERMAFROST_ENGINES_PG_PORT:-55434}
MON_PORT=${PERMAFROST_ENGINES_MON_PORT:-36789}
RGW_PORT=${PERMAFROST_ENGINES_RGW_PORT:-7480}
BUCKET=${PERMAFROST_ENGINES_BUCKET:-permafrost-archives}
REGION=${PERMAFROST_ENGINES_REGION:-default}
# Fixed test credentials: these engines only listen on loopback and hold nothing worth keeping.
S3_ACCESS_KEY=${PERMAFROST_ENGINES_S3_ACCESS_KEY:-PERMAFROSTDEVKEY0001}
S3_SECRET_KEY=${PERMAFROST_ENGINES_S3_SECRET_KEY:-permafrost-dev-secret-key-not-for-production}
PG_DB=permafrost
PG_USER=pf
PG_PASSWORD=pf
# RAM the OSD may use for objects; the 100+ MiB streaming tests need a few hundred MiB.
MEMSTORE_BYTES=${PERMAFROST_ENGINES_MEMSTORE_BYTES:-$((4 * 1024 * 1024 * 1024))}

PG_DIR=$STATE_DIR/pg
CEPH_DIR=$STATE_DIR/ceph
CEPH_CONF=$CEPH_DIR/ceph.conf
PG_BIN=${PERMAFROST_ENGINES_PG_BIN:-}

log() { echo "engines: $*" >&2; }
die() { log "$*"; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# PostgreSQL refuses to run as root: as root it runs as the postgres user, else as the caller.
pg_user() { if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi; }
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

find_pg_bin() {
  if [ -n "$PG_BIN" ]; then return; fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$dir" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
  PG_BIN=$dir
}

install_missing() {
  local missing=()
  ls -d /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v ceph-mon >/dev/null || missing+=(ceph-mon)
  command -v ceph-osd >/dev/null || missing+=(ceph-osd)
  command -v ceph-mgr >/dev/null || missing+=(ceph-mgr)
  command -v radosgw >/dev/null || missing+=(radosgw)
  command -v curl >/dev/null || missing+=(curl)
  command -v uuidgen >/dev/null || missing+=(uuid-runtime)
  command -v pgrep >/dev/null || missing+=(procps)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # The Debian postgresql package starts a cluster of its own on 5432; it does not get in our way.
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

wait_for() { # description, tries (1 s apart), command...
  local what=$1 tries=$2
  shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  die "$what did not come up; logs in $STATE_DIR"
}

pg_answers() { as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

start_postgres() {
  find_pg_bin
  if pg_answers; then log "PostgreSQL already answers on $PG_PORT"; return; fi
  if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR"
    chown "$(pg_user)" "$PG_DIR"
    as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log"
  fi
  # fsync on: the cluster tests kill nodes and expect acknowledged writes to be there.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -c fsync=on -c unix_socket_directories=$PG_DIR -c max_connections=300" >/dev/null
  wait_for PostgreSQL 60 pg_answers
  local psql=("$PG_BIN/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres)
  if ! as_pg "${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'" | grep -q 1; then
    as_pg "${psql[@]}" -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'"
  fi
  if ! as_pg "${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname='$PG_DB'" | grep -q 1; then
    as_pg "${psql[@]}" -c "CREATE DATABASE $PG_DB OWNER $PG_USER"
  fi
}

ceph_cmd() { ceph -c "$CEPH_CONF" --connect-timeout 5 "$@"; }

write_ceph_conf() {
  local fsid
  fsid=$(uuidgen)
  mkdir -p "$CEPH_DIR"/{mon,osd,mgr,rgw,run,log}
  cat >"$CEPH_CONF" <<EOF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$MON_PORT
public_network = 127.0.0.0/8
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_mon_client_mode = crc
ms_client_mode = crc
ms_bind_msgr1 = false
run_dir = $CEPH_DIR/run
admin_socket = $CEPH_DIR/run/\$name.asok
log_file = $CEPH_DIR/log/\$name.log
pid_file = $CEPH_DIR/run/\$name.pid
keyring = $CEPH_DIR/keyring
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_allow_pool_size_one = true
mon_max_pg_per_osd = 1000
mon_warn_on_pool_no_redundancy = false

[mon]
mon_data = $CEPH_DIR/mon/\$name

[osd]
osd_data = $CEPH_DIR/osd/\$name
osd_objectstore = memstore
memstore_device_bytes = $MEMSTORE_BYTES
osd_max_object_size = 134217728

[mgr]
mgr_data = $CEPH_DIR/mgr/\$name

[client.rgw.permafrost]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw_data = $CEPH_DIR/rgw
rgw_dns_name = 127.0.0.1
EOF
}

rgw_answers() { curl -fs -o /dev/null "http://127.0.0.1:$RGW_PORT/" 2>/dev/null; }

start_ceph() {
  if rgw_answers && [ -f "$CEPH_CONF" ] && ceph_cmd -s >/dev/null 2>&1; then
    log "Ceph and radosgw already answer on $RGW_PORT"
    return
  fi
  local fresh=false
  if [ ! -f "$CEPH_DIR/mon/mon.a/store.db/CURRENT" ]; then
    rm -rf "$CEPH_DIR"
    write_ceph_conf
    fresh=true
    local fsid
    fsid=$(sed -n 's/^fsid = //p' "$CEPH_CONF")
    monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_PORT]" "$CEPH_DIR/monmap" >/dev/null
    ceph-authtool --create-keyring "$CEPH_DIR/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    ceph-mon -c "$CEPH_CONF" --mkfs -i a --monmap "$CEPH_DIR/monmap" --keyring "$CEPH_DIR/keyring"
  fi
  pgrep -f "ceph-mon -c $CEPH_CONF" >/dev/null || ceph-mon -c "$CEPH_CONF" -i a
  wait_for ceph-mon 60 ceph_cmd mon stat
  ceph_cmd config set mon auth_allow_insecure_global_id_reclaim true >/dev/null 2>&1 || true

  pgrep -f "ceph-mgr -c $CEPH_CONF" >/dev/null || ceph-mgr -c "$CEPH_CONF" -i x

  if $fresh; then
    local uuid
    uuid=$(uuidgen)
    ceph_cmd osd new "$uuid" >/dev/null
    mkdir -p "$CEPH_DIR/osd/osd.0"
    ceph-osd -c "$CEPH_CONF" -i 0 --mkfs --osd-uuid "$uuid" 2>>"$CEPH_DIR/log/osd-mkfs.log"
  fi
  pgrep -f "ceph-osd -c $CEPH_CONF" >/dev/null || ceph-osd -c "$CEPH_CONF" -i 0 2>>"$CEPH_DIR/log/osd-start.log"
  wait_for ceph-osd 120 osd_up

  pgrep -f "radosgw -c $CEPH_CONF" >/dev/null || radosgw -c "$CEPH_CONF" -n client.rgw.permafrost \
    --ms_mon_client_mode=crc --ms_client_mode=crc
  wait_for radosgw 180 rgw_answers

  if ! radosgw-admin -c "$CEPH_CONF" user info --uid=permafrost >/dev/null 2>&1; then
    radosgw-admin -c "$CEPH_CONF" user create --uid=permafrost --display-name="Permafrost tests" \
      --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" >/dev/null
  fi
  create_bucket
}

osd_up() { ceph_cmd osd stat | grep -q '1 up'; }

# curl signs with SigV4 itself (no AWS CLI needed); the payload hash is the empty body's.
s3_curl() {
  curl -sS --aws-sigv4 "aws:amz:$REGION:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "$@"
}

create_bucket() {
  local status
  status=$(s3_curl -o /dev/null -w '%{http_code}' -I "http://127.0.0.1:$RGW_PORT/$BUCKET")
  if [ "$status" != 200 ]; then
    # Object Lock can only be enabled when the bucket is created (it also turns on versioning).
    status=$(s3_curl -o "$CEPH_DIR/create-bucket.out" -w '%{http_code}' -X PUT \
      -H "x-amz-bucket-object-lock-enabled: true" "http://127.0.0.1:$RGW_PORT/$BUCKET")
    [ "$status" = 200 ] || die "creating bucket $BUCKET failed ($status): $(cat "$CEPH_DIR/create-bucket.out")"
  fi
  s3_curl "http://127.0.0.1:$RGW_PORT/$BUCKET?object-lock=" | grep -q '<ObjectLockEnabled>Enabled' \
    || die "bucket $BUCKET has no Object Lock"
}

print_env() {
  find_pg_bin
  local pg_url="jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB?user=$PG_USER&password=$PG_PASSWORD"
  cat <<EOF
# serve flags: java -jar target/permafrost.jar serve --port 8701 \\
#   --metadata '$pg_url' \\
#   --blobs s3://$BUCKET --s3-endpoint http://127.0.0.1:$RGW_PORT --s3-region $REGION
export PERMAFROST_S3_ACCESS_KEY_ID='$S3_ACCESS_KEY'
export PERMAFROST_S3_SECRET_ACCESS_KEY='$S3_SECRET_KEY'
export PERMAFROST_TEST_PG_URL='$pg_url'
export PERMAFROST_TEST_S3_ENDPOINT='http://127.0.0.1:$RGW_PORT'
export PERMAFROST_TEST_S3_BUCKET='$BUCKET'
export PERMAFROST_TEST_S3_REGION='$REGION'
export PERMAFROST_TEST_S3_ACCESS_KEY='$S3_ACCESS_KEY'
export PERMAFROST_TEST_S3_SECRET_KEY='$S3_SECRET_KEY'
EOF
}

stop_all() {
  if [ -f "$CEPH_CONF" ]; then
    for daemon in radosgw ceph-osd ceph-mgr ceph-mon; do
      pkill_exact "$daemon -c $CEPH_CONF"
    done
  fi
  if [ -f "$PG_DIR/data/PG_VERSION" ]; then
    find_pg_bin
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE_DIR"
  log "stopped; $STATE_DIR removed"
}

# Stops the processes whose command line starts with exactly this (our config path): never a
# daemon of another Ceph on the machine.
pkill_exact() {
  local pids
  pids=$(pgrep -f "^$1" || true)
  [ -z "$pids" ] && return
  kill $pids 2>/dev/null || true
  for _ in $(seq 20); do
    pgrep -f "^$1" >/dev/null || return 0
    sleep 0.5
  done
  kill -9 $(pgrep -f "^$1") 2>/dev/null || true
}

case "${1:-}" in
  start)
    began=$(date +%s)
    install_missing
    installed=$(date +%s)
    mkdir -p "$STATE_DIR"
    start_postgres
    start_ceph
    log "up in $(($(date +%s) - installed)) s (install: $((installed - began)) s)"
    ;;
  env) print_env ;;
  stop) stop_all ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
