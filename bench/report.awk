# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's report: medians of the BENCH lines (see bench.sh and run)
# as Markdown tables.  Portable awk (mawk): no asort.

function add(key, v) {
	n[key]++
	val[key, n[key]] = v + 0
	if (!(key in seen)) { seen[key] = 1; order[++nkeys] = key }
}

# Fill @a[1..k] with @key's values in ascending order; return k.
function sorted(key, a,    i, j, k, t) {
	k = n[key]
	for (i = 1; i <= k; i++)
		a[i] = val[key, i]
	for (i = 2; i <= k; i++) {
		t = a[i]
		for (j = i - 1; j >= 1 && a[j] > t; j--)
			a[j + 1] = a[j]
		a[j + 1] = t
	}
	return k
}

function median(key,    k, a) {
	k = sorted(key, a)
	if (!k)
		return -1
	return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
}

# The @q quantile (0..1, nearest rank) of @key's values, -1 when none.
function quantile(key, q,    k, a) {
	k = sorted(key, a)
	if (!k)
		return -1
	return a[int(q * (k - 1) + 0.5) + 1]
}

# Run-to-run spread of @key: interquartile range over the median, in %.
function spread(key,    m) {
	m = median(key)
	return m > 0 ? (quantile(key, 0.75) - quantile(key, 0.25)) / m * 100 : -1
}

# A median in unit @div with @fmt, or "failed" when there is none.
function med(key, div, fmt,    m) {
	m = median(key)
	return m < 0 ? "failed" : sprintf(fmt, m / div)
}

function pct(x, base) {
	if (base <= 0 || x < 0)
		return "n/a"
	return sprintf("%+.1f%%", (x / base - 1) * 100)
}

/^BENCH op / { add("op " $3 " " $4 " " $5 " " $6, $7); if (!(($3 " " $4 " " $5) in opseen)) { opseen[$3 " " $4 " " $5] = 1; ops[++nops] = $3 " " $4 " " $5 } }
/^BENCH unconfined / { add("un " $3 " " $4 " " $5, $6); if (!(($3 " " $4) in unseen)) { unseen[$3 " " $4] = 1; uns[++nuns] = $3 " " $4 } }
/^BENCH load / { add("load " $3 " " $4, $5) }
/^BENCH compile / { add("compile " $3 " " $4, $5); if (!($3 in cseen)) { cseen[$3] = 1; cs[++ncs] = $3 } }
/^BENCH size / { add("size " $3 " " $4, $5) }
/^BENCH start / { add("start", $4) }
/^BENCH-BEGIN/ { header = $0 }

END {
	print "## Confined overhead (median ns per operation; overhead against no profile)"
	print ""
	print header
	print ""
	print "| workload | path components | rules | none ns | AppArmor ns | palisade ns | AppArmor overhead | palisade overhead | palisade/AppArmor overhead |"
	print "|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nops; i++) {
		split(ops[i], f, " ")
		a = median("op " ops[i] " none")
		b = median("op " ops[i] " aa")
		c = median("op " ops[i] " pal")
		ratio = (b > a && a > 0) ? sprintf("%.2f", (c - a) / (b - a)) : "n/a"
		printf "| %s | %s | %s | %d | %d | %d | %s | %s | %s |\n", f[1], f[2], f[3], a, b, c, pct(b, a), pct(c, a), ratio
	}
	# Single cells swing with the emulator's noise; pooled over every
	# path depth and profile size (sums of medians), a workload's
	# overheads are steadier, and the spread of the unconfined runs says
	# how much of a difference is noise.
	print ""
	print "## Confined overhead per workload, all depths and profile sizes pooled"
	print ""
	print "| workload | cells | AppArmor overhead | palisade overhead | palisade/AppArmor overhead | spread of no-profile runs (median IQR) |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= nops; i++) {
		split(ops[i], f, " ")
		w = f[1]
		if (!(w in wseen)) { wseen[w] = 1; ws[++nws] = w }
		A[w] += median("op " ops[i] " none")
		B[w] += median("op " ops[i] " aa")
		C[w] += median("op " ops[i] " pal")
		cells[w]++
		sp[w, cells[w]] = spread("op " ops[i] " none")
	}
	for (i = 1; i <= nws; i++) {
		w = ws[i]
		for (j = 1; j <= cells[w]; j++)
			add("spread " w, sp[w, j])
		ratio = (B[w] > A[w] && A[w] > 0) ? sprintf("%.2f", (C[w] - A[w]) / (B[w] - A[w])) : "n/a"
		printf "| %s | %d | %s | %s | %s | %.1f%% |\n", w, cells[w], pct(B[w], A[w]), pct(C[w], A[w]), ratio, median("spread " w)
	}
	print ""
	# The floor is what any BPF-LSM on palisade's hooks costs (empty
	# programs: the trampolines' entry and exit); "above the floor" is
	# palisade's own part of its unconfined cost.
	print "## Unconfined tasks: palisade's programs detached, empty programs on its hooks (floor), palisade attached (medians)"
	print ""
	print "| workload | path components | off ns | floor ns | on ns | floor overhead | palisade overhead | palisade above the floor | spread of off runs (IQR) |"
	print "|---|---|---|---|---|---|---|---|---|"
	for (i = 1; i <= nuns; i++) {
		split(uns[i], f, " ")
		a = median("un " uns[i] " off")
		fl = median("un " uns[i] " floor")
		b = median("un " uns[i] " on")
		printf "| %s | %s | %d | %d | %d | %s | %s | %s | %.1f%% |\n", f[1], f[2], a, fl, b, pct(fl, a), pct(b, a), pct(b, fl), spread("un " uns[i] " off")
	}
	print ""
	print "## Loading 1,000 profiles (10 rules each), in the VM"
	print ""
	print "| tool | load ms | replace ms |"
	print "|---|---|---|"
	printf "| apparmor_parser | %s | %s |\n", med("load apparmor load", 1e6, "%.0f"), med("load apparmor replace", 1e6, "%.0f")
	printf "| palisade | %s | %s |\n", med("load palisade load", 1e6, "%.0f"), med("load palisade replace", 1e6, "%.0f")
	print ""
	print "## Compile time (median of 11, this machine) and compiled size"
	print ""
	print "| profile | apparmor_parser ms | palisade_parser ms | speed-up | AppArmor bytes | palisade bytes |"
	print "|---|---|---|---|---|---|"
	for (i = 1; i <= ncs; i++) {
		a = median("compile " cs[i] " apparmor")
		b = median("compile " cs[i] " palisade")
		label = cs[i] == "many" ? "1,000 profiles x 10 rules" : cs[i] " rules"
		printf "| %s | %s | %s | %s | %s | %s |\n", label, med("compile " cs[i] " apparmor", 1e6, "%.1f"), med("compile " cs[i] " palisade", 1e6, "%.1f"), ((a > 0 && b > 0) ? sprintf("%.1fx", a / b) : "n/a"), med("size " cs[i] " apparmor", 1, "%d"), med("size " cs[i] " palisade", 1, "%d")
	}
	s = median("start")
	if (s > 0) {
		a = median("compile 10 apparmor") - s
		b = median("compile 10 palisade") - s
		print ""
		printf "Starting a process (/bin/true, timed the same way): %.1f ms of each time above", s / 1e6
		if (a > 0 && b > 0)
			printf "; without it, 10 rules take %.1f and %.1f ms (%.1fx)", a / 1e6, b / 1e6, a / b
		print "."
	}
}
