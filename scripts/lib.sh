# SPDX-License-Identifier: GPL-2.0
# Shared helpers of palisade's shell scripts (sourced, not run).

: "${PALISADE_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/palisade}"
export PALISADE_CACHE

log() { printf 'palisade: %s\n' "$*" >&2; }
die() { printf 'palisade: error: %s\n' "$*" >&2; exit 1; }

# retry N CMD...: run CMD up to N times, pausing between tries (mirror hiccups).
retry() {
	local n=$1 i=1
	shift
	until "$@"; do
		[ "$i" -ge "$n" ] && return 1
		log "retrying ($i/$n): $*"
		sleep $((i * 5))
		i=$((i + 1))
	done
}

# The machine's Debian mirror URIs ("main" archive, then the security one),
# read from its own apt sources so a local mirror is honoured.
debian_uris() {
	local f
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -f "$f" ] && awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -f "$f" ] && awk '$1 == "deb" {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; break}}' "$f"
		done
	} | grep -v -- '-security' | awk '!seen[$0]++' | head -n 1
}

# pal_apt NAME ARCH "SUITE..." apt-get|apt-cache ARGS...: apt with a private
# state directory under the cache, for another architecture and/or suite,
# without touching the machine's own apt configuration.
pal_apt() {
	local name=$1 arch=$2 suites=$3 cmd=$4
	shift 4
	local d="$PALISADE_CACHE/apt/$name" uri s
	if [ ! -f "$d/sources.list" ]; then
		uri=$(debian_uris)
		[ -n "$uri" ] || die "no Debian mirror found in the apt sources"
		mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
		: > "$d/sources.list.tmp"
		for s in $suites; do
			case "$s" in
			*-security) echo "deb [arch=$arch] ${uri%/debian}/debian-security $s main" ;;
			*) echo "deb [arch=$arch] $uri $s main" ;;
			esac >> "$d/sources.list.tmp"
		done
		mv "$d/sources.list.tmp" "$d/sources.list"
	fi
	"$cmd" -q -o Dir::State="$d" -o Dir::State::Lists="$d/lists" \
		-o Dir::State::status=/dev/null \
		-o Dir::Cache="$d/cache" -o Dir::Etc::SourceList="$d/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o APT::Architecture="$arch" -o APT::Architectures="$arch" \
		-o APT::Sandbox::User=root "$@"
}

# Debian's linux-source-6.12, unpacked once into the cache; prints the tree.
pal_kernel_source() {
	local tree="$PALISADE_CACHE/src/linux-source-6.12" tarball
	if [ ! -f "$tree/Makefile" ]; then
		tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n 1)
		[ -n "$tarball" ] || die "linux-source-6.12 is not installed"
		log "unpacking $tarball"
		mkdir -p "$PALISADE_CACHE/src"
		tar -xf "$tarball" -C "$PALISADE_CACHE/src"
	fi
	echo "$tree"
}
