#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark inside the VM (booted with AppArmor and BPF both active).
# Prints "BENCH ..." lines; bench/run turns them into the table.
#
#   BENCH op WORKLOAD DEPTH RULES CONFIG NS   one timed run (ns per operation)
#   BENCH unconfined WORKLOAD DEPTH PHASE NS  unconfined: palisade off, on, or
#                                             empty programs on its hooks (floor)
#   BENCH load TOOL WHAT NS                   loading 1,000 profiles
#
# Every comparison is made within this one boot, runs interleaved round by
# round, so that drift of the emulated machine hits all configurations alike.
set -u
B=/bench
T=/usr/lib/palisade/bench
ROUNDS=${ROUNDS:-5}
CLOCK=${CLOCK:-host}
MODE=${MODE:-table}
WORKLOADS=${WORKLOADS:-"open stat mmap connect fork exec"}
RULES="10 100 1000"
DEPTHS="2 8 16 30"
now() { $T/pal_bench time "$@"; }
fail() { echo "BENCH-ERROR $*"; }
# timed KEY CMD...: "BENCH KEY NS", or an error line when CMD fails.
timed() {
	local key=$1 t
	shift
	if t=$(now "$@" 2>/tmp/timed.err); then
		echo "BENCH $key $t"
	else
		fail "$key: $(tail -n 1 /tmp/timed.err)"
	fi
}

ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up

# Data files at 2 to 30 path components: /bench/f, /bench/d/.../f.
mkdir -p $B/none $B/prof/aa $B/prof/pal $B/prof/aa1k $B/prof/pal1k
for depth in $DEPTHS; do
	dir=$B k=2
	while [ $k -lt "$depth" ]; do dir=$dir/c$k; k=$((k + 1)); done
	mkdir -p "$dir"
	head -c 8192 /dev/zero > "$dir/f$depth"
	eval "path_$depth=$dir/f$depth"
done
cp $T/pal_bench $B/none/pal_bench
for n in $RULES; do
	for cfg in aa pal; do
		mkdir -p $B/$cfg$n
		cp $T/pal_bench $B/$cfg$n/pal_bench
		$T/gen-profile bench_$cfg$n $B/$cfg$n/pal_bench $n > $B/prof/$cfg/$cfg$n
	done
done

# 1,000 profiles of 10 rules each, for load and replace times (5.5 MB
# compiled: three policy segments for palisade).
i=0
while [ $i -lt 1000 ]; do
	$T/gen-profile aa_many$i /bench/many/aa$i 10 > $B/prof/aa1k/p$i
	$T/gen-profile pal_many$i /bench/many/pal$i 10 > $B/prof/pal1k/p$i
	i=$((i + 1))
done

# Iterations per timed run: each run takes 50-100 ms of emulated time, long
# enough that a timer tick or a translation-cache flush is a small part.
iters() {
	case $1 in
	open|stat) echo 6000 ;;
	mmap) echo 2000 ;;
	connect) echo 400 ;;
	fork) echo 100 ;;
	exec) echo 40 ;;
	esac
}

run1() { # PROGRAM WORKLOAD DEPTH
	local p=""
	[ "$3" != - ] && eval "p=\$path_$3"
	"$1" "$2" "$(iters "$2")" $p 2>>/tmp/bench.err </dev/null
}

# The three configurations in the order of round $1: rotated each round,
# so that none of them is always the first (cold) run.
cfgs() {
	case $(($1 % 3)) in
	0) echo none aa pal ;;
	1) echo aa pal none ;;
	2) echo pal none aa ;;
	esac
}

unconfined_round() { # PHASE
	for w in open stat mmap; do
		echo "BENCH unconfined $w 8 $1 $(run1 $B/none/pal_bench $w 8)"
	done
	for w in connect fork exec; do
		echo "BENCH unconfined $w - $1 $(run1 $B/none/pal_bench $w -)"
	done
}

# Let deferred work (RCU callbacks freeing programs and maps, writeback)
# finish before the next timed run rather than during it.
settle() {
	sync
	sleep 2
}

palisade_on() {
	palisaded -f -l /var/log/palisade/audit.log > /run/palisaded.err 2>&1 &
	i=0
	while [ ! -e /run/palisaded.pid ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	if ! palisade load $B/prof/pal/* > /dev/null; then
		fail "palisade load"
		tail -n 30 /run/palisaded.err | sed 's/^/BENCH-STDERR /'
	fi
	settle
}

# Until no program named pal_* is left in the kernel: the last link's
# release frees a program seconds later (after RCU grace periods), and
# until then its trampoline stays in the hook and costs every call.
programs_gone() {
	i=0
	while bpftool prog show 2>/dev/null | grep -q " name pal_" && [ $i -lt 120 ]; do
		sleep 1
		i=$((i + 1))
	done
	[ $i -lt 120 ] || fail "palisade's programs still loaded 120 s after detaching"
	settle
}

palisade_off() {
	kill "$(cat /run/palisaded.pid)" 2>/dev/null
	i=0
	while [ -e /run/palisaded.pid ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	rm -rf /sys/fs/bpf/palisade /run/palisaded.pid
	programs_gone
}

# The floor (bench/pal_floor.c): an empty program on each hook palisade
# attaches to.  What it costs is what any BPF-LSM on those hooks costs,
# the trampolines' entry and exit; palisade's cost above it is its own.
FLOOR=/sys/fs/bpf/palisade-floor
floor_on() {
	$T/pal_floor $FLOOR > /dev/null || fail "pal_floor"
	settle
}
floor_off() {
	rm -rf $FLOOR
	programs_gone
}

# Probe mode (bench/run --probe): where palisade's cost goes.  With
# kernel.bpf_stats_enabled each program counts its calls and the time
# spent in it; under -icount that time is instructions (the trampoline's
# own entry and exit are not in it).  Per workload, unconfined and under
# the 100-rule profile, the programs that ran and what each cost per
# operation of the workload, beside the whole operation's cost.
prog_stats() { # -> "NAME NS CNT" per palisade program
	bpftool prog show 2>/dev/null | awk '
		/ name pal_/ { for (i = 1; i <= NF; i++) if ($i == "name") n = $(i + 1); c = 1 }
		c && /run_time_ns/ { for (i = 1; i <= NF; i++) { if ($i == "run_time_ns") t = $(i + 1); if ($i == "run_cnt") k = $(i + 1) }; print n, t, k; c = 0 }'
}
# The decision cache's hits and fills so far: "HITS FILLS".
cache_stats() {
	palisade --json status 2>/dev/null |
		sed -n 's/.*"cache_hits":\([0-9]*\),"cache_fills":\([0-9]*\).*/\1 \2/p'
}
probe() { # LABEL PROGRAM WORKLOAD DEPTH
	local n a c0 c1
	n=$(iters "$3")
	c0=$(cache_stats)
	prog_stats > /tmp/p0
	a=$(run1 "$2" "$3" "$4")
	prog_stats > /tmp/p1
	c1=$(cache_stats)
	echo "BENCH probe $1 $3 op $a"
	echo "$c0 $c1" | awk -v n="$n" -v l="$1" -v w="$3" 'NF == 4 {
		printf "BENCH probe %s %s cache-hit %.2f\nBENCH probe %s %s cache-fill %.2f\n", l, w, ($3 - $1) / n, l, w, ($4 - $2) / n }'
	awk -v n="$n" -v l="$1" -v w="$3" 'NR == FNR { t[$1] = $2; c[$1] = $3; next }
		($3 - c[$1]) > 0 { printf "BENCH probe %s %s %s %.0f %.2f\n", l, w, $1, ($2 - t[$1]) / n, ($3 - c[$1]) / n }' /tmp/p0 /tmp/p1
}
# The path depth a workload runs at in probe mode ("-": it takes no path).
probe_depth() {
	case $1 in connect|fork|exec) echo - ;; *) echo 8 ;; esac
}
if [ "$MODE" = probe ]; then
	echo "BENCH-BEGIN mode=probe clock=$CLOCK kernel=$(uname -r)"
	for w in $WORKLOADS; do
		echo "BENCH probe detached $w op $(run1 $B/none/pal_bench $w "$(probe_depth $w)")"
	done
	floor_on
	for w in $WORKLOADS; do
		echo "BENCH probe floor $w op $(run1 $B/none/pal_bench $w "$(probe_depth $w)")"
	done
	floor_off
	palisade_on
	sysctl -w kernel.bpf_stats_enabled=1 > /dev/null || echo 1 > /proc/sys/kernel/bpf_stats_enabled
	for w in $WORKLOADS; do
		probe unconfined $B/none/pal_bench $w "$(probe_depth $w)"
		probe confined $B/pal100/pal_bench $w "$(probe_depth $w)"
	done
	echo "BENCH-END"
	exit 0
fi

echo "BENCH-BEGIN rounds=$ROUNDS clock=$CLOCK kernel=$(uname -r) lsm=$(cat /sys/kernel/security/lsm)"

# AppArmor's profiles: load times first (1,000 profiles), then the three.
timed "load apparmor load" apparmor_parser -a -T $B/prof/aa1k
timed "load apparmor replace" apparmor_parser -r -T $B/prof/aa1k
# Then removed: AppArmor searches every loaded profile's attachment at an
# unconfined task's exec (about 400,000 instructions with these 1,000),
# which would be counted in the no-profile runs and make AppArmor's
# confined exec (which does not search) look faster than none.
apparmor_parser -R -T $B/prof/aa1k > /dev/null 2>&1 || fail "apparmor_parser -R"
apparmor_parser -r -T $B/prof/aa/* || fail "apparmor_parser"
settle

# Unconfined cost of palisade: its programs detached, the floor (empty
# programs on its hooks) and palisade attached, as many rounds as the
# confined runs get.  The order rotates round by round: the first run of
# a round pays for caches the others find warm.
unconfined_phase() { # off | floor | on
	case $1 in
	floor) floor_on ;;
	on) palisade_on ;;
	esac
	unconfined_round $1
	case $1 in
	floor) floor_off ;;
	on) palisade_off ;;
	esac
}
r=0
while [ $r -lt "$ROUNDS" ]; do
	case $((r % 3)) in
	0) phases="off floor on" ;;
	1) phases="floor on off" ;;
	2) phases="on off floor" ;;
	esac
	for phase in $phases; do
		unconfined_phase $phase
	done
	r=$((r + 1))
done

palisade_on
timed "load palisade load" palisade load $B/prof/pal1k/*
timed "load palisade replace" palisade load $B/prof/pal1k/*
palisade load $B/prof/pal/* > /dev/null || fail "palisade load"
grep -q bench_aa10 /sys/kernel/security/apparmor/profiles || fail "AppArmor profiles not loaded"

r=0
while [ $r -lt "$ROUNDS" ]; do
	for n in $RULES; do
		for w in open stat mmap; do
			for depth in $DEPTHS; do
				for cfg in $(cfgs $r); do
					prog=$B/$cfg$n/pal_bench
					[ $cfg = none ] && prog=$B/none/pal_bench
					echo "BENCH op $w $depth $n $cfg $(run1 $prog $w $depth)"
				done
			done
		done
		for w in connect fork exec; do
			for cfg in $(cfgs $r); do
				prog=$B/$cfg$n/pal_bench
				[ $cfg = none ] && prog=$B/none/pal_bench
				echo "BENCH op $w - $n $cfg $(run1 $prog $w -)"
			done
		done
	done
	r=$((r + 1))
done
echo "BENCH-END"
[ -s /tmp/bench.err ] && sed 's/^/BENCH-STDERR /' /tmp/bench.err | head -20
grep -c DENIED /var/log/palisade/audit.log 2>/dev/null | sed 's/^/BENCH-DENIALS /'
