/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade BPF maps, shared by every hook family.
 *
 * Every hook family's object carries the same weak definitions; the BPF
 * static linker (bpftool gen object) merges them into one map each.
 * (libbpf 1.1's linker does not resolve extern map declarations.)
 */
#ifndef PALISADE_MAPS_BPF_H
#define PALISADE_MAPS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "palisade.h"

#define PAL_MAP __attribute__((weak))

/* Two banks of binary policy; pal_state.active says which is in force. */
PAL_MAP struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PAL_POLICY_BANKS);
	__type(key, __u32);
	__type(value, struct pal_policy_bank);
} pal_policy SEC(".maps");

PAL_MAP struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_state);
} pal_state SEC(".maps");

PAL_MAP struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_readers);
} pal_readers SEC(".maps");

PAL_MAP struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_stats);
} pal_stats SEC(".maps");

/* The label of each confined task (unconfined tasks have no entry). */
PAL_MAP struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pal_task_ctx);
} pal_task SEC(".maps");

/* Audit records for palisaded. */
PAL_MAP struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} pal_events SEC(".maps");

#endif /* PALISADE_MAPS_BPF_H */
