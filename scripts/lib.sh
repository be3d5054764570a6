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
