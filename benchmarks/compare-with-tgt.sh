#!/usr/bin/env bash
# compare-with-tgt.sh — the scsi4j example target and tgt side by side: same workloads, same
# clients (iscsi-perf, qemu-img bench via perf.sh), same RAM-backed LUN size, same machine, same
# run. Builds nothing; everything listens on 127.0.0.1 only.
#
#   benchmarks/compare-with-tgt.sh
#
#   scsi4j: java -jar examples/target/scsi4j-target.jar --listen 127.0.0.1:P1 --iqn IQN1 --ram SIZE
#           (LUN 0; build the jar first with `mvn -q -B package -DskipTests` at the repo root)
#   tgt:    $TOOLS/tgt-up.sh P2 IQN2 ram SIZE_MB  (LUN 1, backing file on /dev/shm)
#
# Method: one perf.sh call per (repetition, workload, target), PERF_ONLY set to that workload;
# which target goes first alternates per workload and per repetition, so slow drift of the
# machine's load hits both alike. Reported: the median over REPEAT runs of IOPS and target CPU%
# (one core = 100%), the ratio of medians scsi4j/tgt, and the range of the per-repetition ratios.
# Before measuring, each LUN is written once end to end (PREFILL) so reads touch real memory on
# both targets, and each target gets a short warm-up (JIT for the JVM).
#
# Writes OUTDIR/compare.tsv, OUTDIR/compare.txt (the table), OUTDIR/runs.tsv (every run),
# OUTDIR/raw/ (perf.sh output per run) and the targets' logs. Stops both targets on exit,
# failure or interrupt.
#
# Env knobs:
#   PERF_SECONDS  seconds per workload run (default 6)
#   REPEAT        repetitions of the workload set (default 3)
#   SIZE_MB       size of each RAM LUN in MiB (default 1024)
#   OUTDIR        output directory (default /tmp/scsi4j-compare-YYYYmmdd-HHMMSS)
#   WORKLOADS     subset of: ip-rr4k-qd1 ip-rr4k-qd32 ip-sr64k-qd8 ip-sr256k-qd8 qb-rw4k-qd32 qb-sw64k-qd8
#   TARGETS       "scsi4j tgt" (default), or "scsi4j" / "tgt" alone (the other's columns stay "-")
#   PREFILL       1 (default) or 0
#   WARMUP_SECONDS  warm-up read load per target before measuring (default 3)
#   MAX_SECONDS   hard time budget; runs that would not fit are skipped (default 2 x estimate)
#   JAVA, JAVA_OPTS  java binary and extra options for the scsi4j target
#   SCSI4J_JAR    default <repo>/examples/target/scsi4j-target.jar
#   TOOLS         directory holding perf.sh, tgt-up.sh, tgt-down.sh (default /work/shared/tools)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
TOOLS=${TOOLS:-/work/shared/tools}
JAR=${SCSI4J_JAR:-$ROOT/examples/target/scsi4j-target.jar}
JAVA=${JAVA:-java}
SECS=${PERF_SECONDS:-6}
REPEAT=${REPEAT:-3}
SIZE_MB=${SIZE_MB:-1024}
OUT=${OUTDIR:-/tmp/scsi4j-compare-$(date +%Y%m%d-%H%M%S)}
ALL_WORKLOADS="ip-rr4k-qd1 ip-rr4k-qd32 ip-sr64k-qd8 ip-sr256k-qd8 qb-rw4k-qd32 qb-sw64k-qd8"
read -r -a WL <<<"${WORKLOADS:-$ALL_WORKLOADS}"
read -r -a TG <<<"${TARGETS:-scsi4j tgt}"
PREFILL=${PREFILL:-1}
WARMUP=${WARMUP_SECONDS:-3}
read -r -a JOPTS <<<"${JAVA_OPTS:-}"
INIT=iqn.2026-11.org.scsi4j.bench:compare
IQN1=iqn.2026-11.org.scsi4j.bench:scsi4j-ram
IQN2=iqn.2026-11.org.scsi4j.bench:tgt-ram

die() { echo "compare-with-tgt: $*" >&2; exit 2; }
for v in SECS REPEAT SIZE_MB PREFILL WARMUP; do
  case "${!v}" in (''|*[!0-9]*) die "$v must be a non-negative integer, was '${!v}'";; esac
done
if [ "$SECS" -lt 1 ] || [ "$REPEAT" -lt 1 ] || [ "$SIZE_MB" -lt 16 ]; then die "need PERF_SECONDS>=1, REPEAT>=1, SIZE_MB>=16"; fi
for w in "${WL[@]}"; do
  case " $ALL_WORKLOADS " in (*" $w "*) ;; (*) die "unknown workload '$w' (known: $ALL_WORKLOADS)";; esac
done
HAVE_S=0 HAVE_T=0
for t in "${TG[@]}"; do
  case "$t" in scsi4j) HAVE_S=1;; tgt) HAVE_T=1;; *) die "TARGETS may hold scsi4j and tgt, not '$t'";; esac
done

# ---- prerequisites: tools and the example target jar -------------------------------------------
missing=()
for c in iscsi-perf iscsi-readcapacity16 qemu-img ss awk timeout; do command -v "$c" >/dev/null || missing+=("$c"); done
if [ "$HAVE_T" = 1 ]; then for c in tgtd tgtadm; do command -v "$c" >/dev/null || missing+=("$c"); done; fi
if [ ${#missing[@]} -gt 0 ]; then
  die "missing ${missing[*]}: apt-get install -y tgt libiscsi-bin qemu-utils qemu-block-extra"
fi
for f in perf.sh tgt-up.sh tgt-down.sh; do [ -x "$TOOLS/$f" ] || die "$TOOLS/$f not found (set TOOLS)"; done
if [ "$HAVE_S" = 1 ]; then
  command -v "$JAVA" >/dev/null || die "no java ('$JAVA'); set JAVA"
  [ -f "$JAR" ] || die "$JAR not found; build it with: (cd $ROOT && mvn -q -B package -DskipTests)"
fi

# ---- time budget ---------------------------------------------------------------------------
NT=${#TG[@]}
per_set=0
for w in "${WL[@]}"; do
  case "$w" in ip-*) per_set=$((per_set + SECS + 2));; qb-*) per_set=$((per_set + SECS + 5));; esac
done
EST=$((REPEAT * NT * per_set + NT * (WARMUP + 15) + 20))
[ "$PREFILL" = 1 ] && EST=$((EST + NT * (SIZE_MB / 200 + 3)))
MAX=${MAX_SECONDS:-$((EST * 2 + 60))}
T0=$(date +%s)
DEADLINE=$((T0 + MAX))
mkdir -p "$OUT/raw" || die "cannot create $OUT"
echo "compare-with-tgt: targets ${TG[*]}; workloads ${WL[*]}"
echo "  ${REPEAT} x ${#WL[@]} workloads x ${NT} targets, ${SECS}s each, LUNs ${SIZE_MB} MiB of RAM"
echo "  expected duration ~$(( (EST + 59) / 60 )) min (${EST}s), hard limit ${MAX}s; output in $OUT"

# ---- targets ------------------------------------------------------------------------------
S_PID='' T_PORT='' T_PID='' PERF_PID=''
stop_scsi4j() {
  [ -n "$S_PID" ] || return 0
  if kill -0 "$S_PID" 2>/dev/null; then
    kill -TERM "$S_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$S_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$S_PID" 2>/dev/null; then
      echo "scsi4j target $S_PID still running 10 s after SIGTERM; SIGKILL" >&2
      kill -KILL "$S_PID" 2>/dev/null
    fi
  fi
  wait "$S_PID" 2>/dev/null
  S_PID=
}
stop_tgt() {
  [ -n "$T_PORT" ] || return 0
  "$TOOLS/tgt-down.sh" "$T_PORT" >>"$OUT/tgt-down.log" 2>&1 || cat "$OUT/tgt-down.log" >&2
  T_PORT=
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$PERF_PID" ] && kill -0 "$PERF_PID" 2>/dev/null; then
    kill -TERM -- "-$PERF_PID" 2>/dev/null   # timeout(1) leads its own process group
  fi
  stop_scsi4j
  stop_tgt
  echo "compare-with-tgt: targets stopped ($(( $(date +%s) - T0 ))s elapsed)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() {
  ! ss -Hltn "sport = :$1" | grep -q . && [ ! -e "/var/run/tgtd/socket.$1" ] && [ ! -e "/tmp/scsi4j-peer-tgt-$1" ]
}
pick_port() { # tgtd's control port (= portal port here) must be below 32768
  local p
  for _ in $(seq 1 500); do
    p=$((20000 + RANDOM % 12000))
    if [ "$p" != "${1:-}" ] && port_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}

URL_S='' URL_T=''
if [ "$HAVE_S" = 1 ]; then
  P1=$(pick_port) || die "no free port"
  "$JAVA" "${JOPTS[@]}" -jar "$JAR" --listen "127.0.0.1:$P1" --iqn "$IQN1" --ram "${SIZE_MB}M" \
      </dev/null >"$OUT/scsi4j-target.log" 2>&1 &
  S_PID=$!
  for _ in $(seq 1 300); do
    URL_S=$(grep -m1 -E '^iscsi://[^ ]*/0$' "$OUT/scsi4j-target.log" 2>/dev/null)
    [ -n "$URL_S" ] && break
    kill -0 "$S_PID" 2>/dev/null || { tail -5 "$OUT/scsi4j-target.log" >&2; die "scsi4j target exited"; }
    sleep 0.1
  done
  [ -n "$URL_S" ] || { tail -5 "$OUT/scsi4j-target.log" >&2; die "scsi4j target printed no iscsi:// URL in 30 s"; }
  echo "  scsi4j: pid $S_PID  $URL_S"
fi
if [ "$HAVE_T" = 1 ]; then
  P2=$(pick_port "${P1:-}") || die "no free port"
  T_PORT=$P2
  "$TOOLS/tgt-up.sh" "$P2" "$IQN2" ram "$SIZE_MB" >"$OUT/tgt-up.log" 2>&1 || { cat "$OUT/tgt-up.log" >&2; die "tgt-up.sh failed"; }
  T_PID=$(cat "/tmp/scsi4j-peer-tgt-$P2/tgtd.pid")
  URL_T="iscsi://127.0.0.1:$P2/$IQN2/1"
  echo "  tgt:    pid $T_PID  $URL_T"
fi

url_of() { if [ "$1" = scsi4j ]; then echo "$URL_S"; else echo "$URL_T"; fi; }
pid_of() { if [ "$1" = scsi4j ]; then echo "$S_PID"; else echo "$T_PID"; fi; }

# same LUN size on both, or the "random" write stride and the sequential ranges would differ
for t in "${TG[@]}"; do
  sz=$(iscsi-readcapacity16 -i "$INIT" "$(url_of "$t")" 2>/dev/null | awk -F: '/Total size/{print $2}')
  [ -n "$sz" ] || die "cannot read the capacity of $t at $(url_of "$t")"
  echo "  $t LUN: $sz bytes"
  printf '%s\t%s\n' "$t" "$sz" >>"$OUT/lun-sizes.tsv"
done
if [ "$(cut -f2 "$OUT/lun-sizes.tsv" | sort -u | wc -l)" -ne 1 ]; then
  echo "WARNING: LUN sizes differ; the comparison is skewed" >&2
fi

# ---- prefill and warm-up --------------------------------------------------------------------
qopts() { # URL -> qemu --image-opts string
  local rest=${1#iscsi://} hp iqn lun
  hp=${rest%%/*}; rest=${rest#*/}; iqn=${rest%%/*}; lun=${rest#*/}
  echo "driver=iscsi,transport=tcp,portal=$hp,target=$iqn,lun=$lun,initiator-name=$INIT"
}
for t in "${TG[@]}"; do
  if [ "$PREFILL" = 1 ]; then
    echo "  prefill $t: writing ${SIZE_MB} MiB"
    timeout -k 5 180 qemu-img bench -w -t none -i native -c $((SIZE_MB * 4)) -d 8 -s 262144 -S 262144 \
        --image-opts "$(qopts "$(url_of "$t")")" >"$OUT/raw/prefill-$t.log" 2>&1 \
      || echo "WARNING: prefill of $t failed (see raw/prefill-$t.log)" >&2
  fi
  if [ "$WARMUP" -gt 0 ]; then
    timeout -k 5 $((WARMUP + 30)) iscsi-perf -i "$INIT" -m 32 -b 8 -t "$WARMUP" -r "$(url_of "$t")" \
        >"$OUT/raw/warmup-$t.log" 2>&1 || echo "WARNING: warm-up of $t failed (see raw/warmup-$t.log)" >&2
  fi
done

# ---- measurements --------------------------------------------------------------------------
printf 'rep\torder\ttarget\tworkload\tIOPS\ttarget_cpu_pct\tother_cpu_pct\tsys_busy_pct\tstatus\n' >"$OUT/runs.tsv"
run_one() { # rep order target workload
  local rep=$1 order=$2 t=$3 w=$4 dir row
  dir=$OUT/raw/rep$rep/$t/$w
  mkdir -p "$dir"
  if [ $(( $(date +%s) + SECS + 30 )) -gt "$DEADLINE" ]; then
    printf '%s\t%s\t%s\t%s\t-\t-\t-\t-\tskipped(time)\n' "$rep" "$order" "$t" "$w" >>"$OUT/runs.tsv"
    echo "  rep $rep $w $t: skipped, time budget exhausted"
    return
  fi
  PERF_ONLY="^$w\$" PERF_SECONDS=$SECS TARGET_PID=$(pid_of "$t") INITIATOR=$INIT \
    timeout -k 5 $((SECS * 4 + 90)) "$TOOLS/perf.sh" "$(url_of "$t")" "$dir" >"$dir/perf.log" 2>&1 &
  PERF_PID=$!
  wait "$PERF_PID"
  PERF_PID=
  row=$(awk -F'\t' -v w="$w" '$1 == w {print $7 "\t" $10 "\t" $12 "\t" $13 "\t" $14}' "$dir/perf.tsv" 2>/dev/null)
  [ -n "$row" ] || row=$(printf '0\t-\t-\t-\tnoresult')
  printf '%s\t%s\t%s\t%s\t%s\n' "$rep" "$order" "$t" "$w" "$row" >>"$OUT/runs.tsv"
  printf '  rep %s %-14s %-7s %s\n' "$rep" "$w" "$t" "$(awk -F'\t' '{printf "%8s IOPS  target cpu %s%%  other %s%%  %s", $1, $2, $3, $5}' <<<"$row")"
}
for rep in $(seq 1 "$REPEAT"); do
  i=0
  for w in "${WL[@]}"; do
    if [ $(( (rep + i) % 2 )) -eq 0 ]; then order=("${TG[@]}"); else order=(); for ((k=${#TG[@]}-1; k>=0; k--)); do order+=("${TG[k]}"); done; fi
    n=1
    for t in "${order[@]}"; do run_one "$rep" "$n" "$t" "$w"; n=$((n + 1)); done
    i=$((i + 1))
  done
done

# ---- summary: medians, ratio of medians, range of per-repetition ratios ---------------------
median() { sort -n | awk '{v[NR]=$1} END{ if (NR==0) {print "-"; exit} if (NR%2) print v[(NR+1)/2]; else printf "%.1f\n", (v[NR/2]+v[NR/2+1])/2 }'; }
col() { # target workload column -> values of successful runs
  awk -F'\t' -v t="$1" -v w="$2" -v c="$3" '$3==t && $4==w && $9=="ok" && $c != "-" {print $c}' "$OUT/runs.tsv"
}
bs_of() { case "$1" in *-?r256k-*|*-?w256k-*) echo 262144;; *-?r64k-*|*-?w64k-*) echo 65536;; *) echo 4096;; esac; }
printf 'workload\tbs\tscsi4j_IOPS\ttgt_IOPS\tratio\tratio_min\tratio_max\tscsi4j_MB_s\ttgt_MB_s\tscsi4j_cpu_pct\ttgt_cpu_pct\tscsi4j_cpu_us_per_io\ttgt_cpu_us_per_io\truns\n' >"$OUT/compare.tsv"
for w in "${WL[@]}"; do
  bs=$(bs_of "$w")
  si=$(col scsi4j "$w" 5 | median); ti=$(col tgt "$w" 5 | median)
  sc=$(col scsi4j "$w" 6 | median); tc=$(col tgt "$w" 6 | median)
  ratios=$(awk -F'\t' -v w="$w" '$4==w && $9=="ok" {v[$1 "," $3]=$5; r[$1]=1}
      END{for (k in r) if ((k ",scsi4j") in v && (k ",tgt") in v && v[k ",tgt"] > 0) printf "%.3f\n", v[k ",scsi4j"]/v[k ",tgt"]}' "$OUT/runs.tsv" | sort -n)
  rmin=$(head -1 <<<"$ratios"); rmax=$(tail -1 <<<"$ratios")
  nruns=$(awk -F'\t' -v w="$w" '$4==w && $9=="ok"' "$OUT/runs.tsv" | wc -l)
  awk -v w="$w" -v bs="$bs" -v si="$si" -v ti="$ti" -v sc="$sc" -v tc="$tc" -v rmin="${rmin:--}" -v rmax="${rmax:--}" -v n="$nruns" '
    function num(x) { return x != "-" && x != "" }
    function mbs(i) { return num(i) ? sprintf("%.1f", i * bs / 1e6) : "-" }
    function usio(c, i) { return (num(c) && num(i) && i > 0) ? sprintf("%.1f", c / 100 / i * 1e6) : "-" }
    BEGIN {
      ratio = (num(si) && num(ti) && ti > 0) ? sprintf("%.2f", si / ti) : "-"
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", w, bs, si, ti, ratio, rmin, rmax,
        mbs(si), mbs(ti), sc, tc, usio(sc, si), usio(tc, ti), n
    }' >>"$OUT/compare.tsv"
done

{
  echo "# compare-with-tgt.sh $(date -Is) host=$(hostname) cpus=$(nproc) loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# scsi4j: ${URL_S:--}   tgt: ${URL_T:--}   LUNs ${SIZE_MB} MiB RAM"
  echo "# medians of $REPEAT runs x ${SECS}s; ratio = median scsi4j IOPS / median tgt IOPS (range: per-repetition ratios);"
  echo "# cpu% = target process CPU, one core = 100%; cpu_us/io = target CPU time per I/O. Clients share the 2 cores."
  awk -F'\t' 'NR==1 {print "workload\tbs\tscsi4j IOPS\ttgt IOPS\tratio\tratio range\tscsi4j MB/s\ttgt MB/s\tscsi4j cpu%\ttgt cpu%\tscsi4j cpu us/io\ttgt cpu us/io"; next}
              {print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 ".." $7 "\t" $8 "\t" $9 "\t" $10 "\t" $11 "\t" $12 "\t" $13}' "$OUT/compare.tsv" \
    | awk -F'\t' '{for (i=1;i<=NF;i++) {cell[NR,i]=$i; if (length($i)>wd[i]) wd[i]=length($i)} if (NF>nf) nf=NF}
                  END{for (r=1;r<=NR;r++) {line=""; for (i=1;i<=nf;i++) line=line sprintf(i==1 ? "%-" wd[i] "s" : "  %" wd[i] "s", cell[r,i]); print line}}'
  skipped=$(awk -F'\t' 'NR>1 && $9!="ok"' "$OUT/runs.tsv" | wc -l)
  [ "$skipped" -gt 0 ] && echo "# $skipped run(s) failed or were skipped: see runs.tsv"
  echo "# total $(( $(date +%s) - T0 )) s"
} >"$OUT/compare.txt"
echo
cat "$OUT/compare.txt"
