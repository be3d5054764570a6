/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade BPF maps, shared by every hook family.
 *
 * The hook families are compiled as one translation unit (see the
 * Makefile), so each map is defined once, here.
 */
#ifndef PALISADE_MAPS_BPF_H
#define PALISADE_MAPS_BPF_H

/* Newer kernels' BTF dumps as tagged anonymous members, which clang flags. */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmissing-declarations"
#include "vmlinux.h"
#pragma clang diagnostic pop
#include <bpf/bpf_helpers.h>
#include "palisade.h"

/* Two banks of binary policy; pal_state.active says which is in force.
 * Mappable, so the installer writes a policy's own bytes, not 2 MiB. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, PAL_POLICY_BANKS);
	__type(key, __u32);
	__type(value, struct pal_policy_bank);
} pal_policy SEC(".maps");

/*
 * Segments 1.. of each bank's policy, one mappable single-element array
 * per segment: slot bank * (PAL_POLICY_SEGS - 1) + k - 1.  The loader
 * creates an inner map per used segment (same type, sizes and flags as
 * this template) and empties the slots a policy does not use.
 */
struct pal_policy_seg_map {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u8[PALISADE_POLICY_MAX]);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, PAL_POLICY_BANKS * (PAL_POLICY_SEGS - 1));
	__type(key, __u32);
	__array(values, struct pal_policy_seg_map);
} pal_policy_segs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_state);
} pal_state SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_readers);
} pal_readers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_stats);
} pal_stats SEC(".maps");

/* Run-time settings (audit rate). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_config);
} pal_config SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_ratelimit);
} pal_ratelimit SEC(".maps");

/* Mode switches and removals, by profile id: state that outlives a
 * replace of the policy text. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PAL_PROFILE_CTL_MAX);
	__type(key, __u32);
	__type(value, struct pal_profile_ctl);
} pal_profile_ctl SEC(".maps");

/* Non-zero while pal_profile_ctl may hold entries (most systems have
 * none): written by the installer and mode switches, under the install
 * lock (tools/lib/pal_loader.c); while 0 the hooks skip its lookup. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} pal_ctl_used SEC(".maps");

/* Path buffers (see struct pal_scratch). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PAL_SCRATCH_SLOTS);
	__type(key, __u32);
	__type(value, struct pal_scratch);
} pal_scratch SEC(".maps");

/*
 * The label of each confined task (unconfined tasks have no entry), keyed by
 * the address of its task_struct and removed when the task is freed.  A
 * preallocated hash map rather than task storage: hooks never allocate, so
 * fork and exec never fail with ENOMEM because of palisade, and it works on
 * kernels where task storage cannot be created at all (Debian's ppc64le 7.x).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PAL_TASKS_MAX);
	__type(key, __u64);
	__type(value, struct pal_task_ctx);
} pal_task SEC(".maps");

/*
 * struct pal_nolabel - a CPU's memory of a task found unlabelled
 * @task: the task's pal_task key, written only by that task's own hooks
 * @epoch: pal_label_epoch's value when that task's lookup found nothing
 *
 * Most hook calls are unconfined tasks', and for them the pal_task lookup
 * (hashing the key, walking a bucket) was most of what a hook cost.
 * See pal_current_ctx() for why a memo whose epoch is current is true.
 */
struct pal_nolabel {
	__u64 task;
	__u64 epoch;
};

/* Slots per CPU, by thread id (a power of two). */
#define PAL_NOLABEL_SLOTS	16

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_nolabel[PAL_NOLABEL_SLOTS]);
} pal_nolabel SEC(".maps");

/* Moved on by pal_task_ctx_add() each time a task gains a label; only the
 * hooks write it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pal_label_epoch SEC(".maps");

/* Audit records for palisaded. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} pal_events SEC(".maps");

/* palisade exec: profiles to enter at the next exec, by thread id. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PAL_EXEC_REQ_MAX);
	__type(key, __u32);
	__type(value, struct pal_exec_req);
} pal_exec_req SEC(".maps");
/* palisade's own processes (struct pal_self), for self-protection. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct pal_self);
} pal_self SEC(".maps");
/*
 * Program-control marks by inode (see struct pal_mark_key); the value is
 * the PAL_MARK_* bits.  Preallocated, so marking and clearing never
 * allocate.  Only the hooks write it: the task_prctl hook after checking
 * the caller's progctl authority, the write/truncate/rename hooks when
 * they clear marks; the bpf_map hook refuses every writable descriptor
 * of it (see progctl.bpf.c).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PAL_MARKS_MAX);
	__type(key, struct pal_mark_key);
	__type(value, __u32);
} pal_marks SEC(".maps");

/* The first unmarked program each dirty process loaded, by thread group
 * leader; LRU, so a flood of dirty processes only costs the names. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct pal_dirt);
} pal_dirt SEC(".maps");

/* Non-zero once any dirt was recorded (pal_dirt_record()): until then the
 * exec and exit hooks do not look pal_dirt up for every task, and most
 * systems never record any (only profiles with daemon or server flags
 * name their dirt).  Never cleared: a stale 1 only costs lookups. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} pal_dirt_used SEC(".maps");

/* The server identities of threads acting for clients under server read,
 * by task (struct pal_server_id). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PAL_SERVER_MAX);
	__type(key, __u64);
	__type(value, struct pal_server_id);
} pal_server SEC(".maps");

/* How many entries pal_server holds: while 0, the inode_permission hook
 * of server.bpf.c returns after one array lookup. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} pal_server_count SEC(".maps");

/* Remembered file decisions, by inode (see fcache.bpf.h).  Only the hooks
 * write it; the bpf_map hook refuses writable descriptors of it. */
struct {
	__uint(type, BPF_MAP_TYPE_INODE_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct pal_fcache);
} pal_fcache SEC(".maps");

#endif /* PALISADE_MAPS_BPF_H */
