/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: helpers shared by the hook families: the policy in force, the
 * task label, path lookup and audit records.
 */
#ifndef PALISADE_COMMON_BPF_H
#define PALISADE_COMMON_BPF_H

#include "maps.bpf.h"
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <asm-generic/errno-base.h>
#include "match.h"

#define PAL_S_IFMT	00170000
#define PAL_S_IFDIR	0040000
#define PAL_SIGKILL	9

/**
 * struct pal_policy_ref - a hook's hold on the policy bank in force
 * @blob: the binary policy
 * @readers: this CPU's reader count of the bank, dropped by pal_policy_put()
 * @generation: generation the bank's policy was installed as
 */
struct pal_policy_ref {
	const __u8 *blob;
	__u64 *readers;
	__u64 generation;
};

/*
 * Take the policy in force.  The hook announces itself as a reader of the
 * bank, then checks the bank is still the active one: an installer flips
 * the index first and rewrites a bank only when no reader counts it, so
 * after this a hook sees one whole policy, never a half-written one.
 * Return: 0 with @ref filled, -ENOENT when no policy is loaded yet, or
 * -EBUSY when the policy kept changing under the hook (callers fail closed).
 */
static __always_inline int pal_policy_get(struct pal_policy_ref *ref)
{
	struct pal_policy_bank *pb;
	struct pal_readers *rd;
	struct pal_state *st;
	__u32 zero = 0, bank, key, try;
	__u64 *count;

	st = bpf_map_lookup_elem(&pal_state, &zero);
	rd = bpf_map_lookup_elem(&pal_readers, &zero);
	if (!st || !rd || !st->loaded)
		return -ENOENT;
	/* A flip between the two reads is rare; two flips rarer still. */
	for (try = 0; try < 3; try++) {
		bank = *(volatile __u32 *)&st->active & 1;
		/* Constant offsets: the verifier loses a spilled index's bounds. */
		count = bank ? &rd->n[1] : &rd->n[0];
		__sync_fetch_and_add(count, 1);
		if ((*(volatile __u32 *)&st->active & 1) == bank) {
			key = bank;
			pb = bpf_map_lookup_elem(&pal_policy, &key);
			if (!pb) {
				__sync_fetch_and_sub(count, 1);
				return -ENOENT;
			}
			ref->blob = pb->blob;
			ref->readers = count;
			ref->generation = pb->generation;
			return 0;
		}
		__sync_fetch_and_sub(count, 1);
	}
	return -EBUSY;
}

static __always_inline void pal_policy_put(struct pal_policy_ref *ref)
{
	__sync_fetch_and_sub(ref->readers, 1);
}

/* A live task's key in pal_task: its address (unique while it lives). */
static __always_inline __u64 pal_task_key(struct task_struct *task)
{
	return (__u64)(unsigned long)task;
}

static __always_inline struct pal_task_ctx *pal_task_ctx(struct task_struct *task)
{
	__u64 key = pal_task_key(task);

	return bpf_map_lookup_elem(&pal_task, &key);
}

/*
 * The current task's label, or NULL: pal_task_ctx() for the current task,
 * answered from the CPU's &struct pal_nolabel slot for the task when it
 * says the task has none.  A few slots per CPU, by thread id:
 * with one, two unconfined tasks taking turns on a CPU (a parent and the
 * child it waits for) would each find the other's memo.
 *
 * Why a memo whose epoch is still current is true: a memo is written
 * only by its own task, after a lookup that found no label, with the
 * epoch read after that lookup - nothing gives a task a label while the
 * task itself runs a hook.  A task gains a label only in its own exec or
 * in task_alloc, before it first runs, and pal_task_ctx_add() moves the
 * epoch on after each.  The task's next hook reads the new epoch: by
 * program order on the same CPU, through the barriers of migration on
 * another, through those of a new task's first wake-up.  Labels other
 * tasks gain move the epoch on too, which only costs lookups.
 *
 * Tasks share a CPU's slots and may preempt one another between a slot's
 * loads and stores (a hook in interrupt context acts for the task it
 * interrupted, and may write that task's memo).  A writer clears the task
 * field before writing the epoch, and no task writes another's address:
 * a reader that finds its own address before and after loading the epoch
 * loaded the epoch written with it.
 */
static __always_inline struct pal_task_ctx *pal_current_ctx(void)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 key = pal_task_key(task), seen;
	volatile struct pal_nolabel *memo;
	struct pal_task_ctx *tc;
	__u32 zero = 0;
	__u64 *now;

	memo = bpf_map_lookup_elem(&pal_nolabel, &zero);
	if (!memo)
		return pal_task_ctx(task);
	/* By thread id: the verifier allows no arithmetic on the address. */
	memo += task->pid & (PAL_NOLABEL_SLOTS - 1);
	/* A labelled task finds no slot of its own (it drops the one it had
	 * before its label, below): it pays one compare. */
	if (memo->task == key) {
		seen = memo->epoch;
		now = bpf_map_lookup_elem(&pal_label_epoch, &zero);
		if (now && memo->task == key && seen == *(volatile __u64 *)now)
			return NULL;
	}
	tc = bpf_map_lookup_elem(&pal_task, &key);
	if (tc) {
		/* The task's memo from before its label: dropped, so that its
		 * next hook stops at the first compare. */
		if (memo->task == key)
			memo->task = 0;
	} else {
		now = bpf_map_lookup_elem(&pal_label_epoch, &zero);
		if (now) {
			seen = *(volatile __u64 *)now;
			memo->task = 0;
			memo->epoch = seen;
			memo->task = key;
		}
	}
	return tc;
}

/*
 * Give @task the label @init.  Return: 0, or an error when the map is full.
 * The label epoch moves on (see pal_current_ctx()), atomically: it never
 * goes back to a value a memo may hold.
 */
static __always_inline long pal_task_ctx_add(struct task_struct *task,
					     const struct pal_task_ctx *init)
{
	__u64 key = pal_task_key(task);
	__u32 zero = 0;
	__u64 *epoch;
	long err;

	err = bpf_map_update_elem(&pal_task, &key, init, BPF_ANY);
	if (err)
		return err;
	epoch = bpf_map_lookup_elem(&pal_label_epoch, &zero);
	if (epoch)
		__sync_fetch_and_add(epoch, 1);
	return 0;
}

/* The same, for a caller that goes on with the label.  Return: the label,
 * or NULL when the map is full. */
static __always_inline struct pal_task_ctx *
pal_task_ctx_set(struct task_struct *task, const struct pal_task_ctx *init)
{
	__u64 key = pal_task_key(task);

	if (pal_task_ctx_add(task, init))
		return NULL;
	return bpf_map_lookup_elem(&pal_task, &key);
}

static __always_inline void pal_task_ctx_drop(struct task_struct *task)
{
	__u64 key = pal_task_key(task);

	bpf_map_delete_elem(&pal_task, &key);
}

/*
 * pal_ctl_used and pal_dirt_used: one-entry flags that let the hooks skip
 * a hash lookup while its map has never held anything.  Read once
 * (volatile); a flag the kernel cannot find counts as raised, so the
 * caller then makes the lookup the flag would have saved.
 */
static __always_inline bool pal_flag_raised(void *flag)
{
	__u32 zero = 0, *f = bpf_map_lookup_elem(flag, &zero);

	return !f || *(volatile __u32 *)f;
}

static __always_inline void pal_flag_raise(void *flag)
{
	__u32 zero = 0, *f = bpf_map_lookup_elem(flag, &zero);

	if (f && !*(volatile __u32 *)f)
		*(volatile __u32 *)f = 1;
}

/* Remember @name as what made the process led by the task of @key dirty. */
static __always_inline void pal_dirt_record(__u64 key, const char *name)
{
	/* Raised first: the process's own exec and exit, which forget the
	 * entry, come after its hooks wrote it. */
	pal_flag_raise(&pal_dirt_used);
	bpf_map_update_elem(&pal_dirt, &key, name, BPF_ANY);
}

/* Forget the dirt of the process led by the task of @key, if any. */
static __always_inline void pal_dirt_forget(__u64 key)
{
	if (!pal_flag_raised(&pal_dirt_used))
		return;
	/* A lookup takes no bucket lock, a delete does: most processes
	 * have no dirt to forget. */
	if (bpf_map_lookup_elem(&pal_dirt, &key))
		bpf_map_delete_elem(&pal_dirt, &key);
}

static __always_inline struct pal_stats *pal_stats_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&pal_stats, &zero);
}

/*
 * The profile a confined task is decided by under the policy @ref, and the
 * mode in force for it: the compiled mode unless the administrator switched
 * it (&struct pal_profile_ctl explains when a switch survives a replace).
 *
 * A task whose profile is not in the policy, or was removed after the task
 * entered it, runs unconfined, as in AppArmor, which replaces a removed
 * profile by ``unconfined`` in the label of every task that had it.  The
 * task's label is dropped here so it stays unconfined when a profile of the
 * same name comes back (a profile brought back is marked with the
 * generation it was born in, &pal_profile_ctl.born).  Only marks the policy
 * @ref already includes count, so each decision sees one policy: never a
 * return that is still being installed.
 * Return: byte offset of the profile record, or 0 for unconfined.
 */
static __always_inline __u32 pal_task_profile(const struct pal_policy_ref *ref,
					      struct pal_task_ctx *tc,
					      __u32 *mode)
{
	__u32 id = tc->profile_id, prof;
	struct pal_profile_ctl *ctl;

	prof = id ? pal_profile_find_hint(ref->blob, id, tc->prof_hint) : 0;
	if (!prof)
		goto unconfined;
	if (prof != tc->prof_hint)
		tc->prof_hint = prof;
	*mode = PAL_FIELD(ref->blob, prof, struct pal_profile_rec, mode);
	if (!pal_flag_raised(&pal_ctl_used))
		return prof;
	ctl = bpf_map_lookup_elem(&pal_profile_ctl, &id);
	if (!ctl)
		return prof;
	if ((ctl->flags & PAL_CTL_BORN) && ctl->born > tc->since &&
	    ctl->born <= ref->generation)
		goto unconfined;
	if ((ctl->flags & PAL_CTL_MODE) && ctl->base == *mode &&
	    ctl->mode <= PAL_MODE_LAST)
		*mode = ctl->mode;
	return prof;
unconfined:
	/* An exec in flight keeps its pending label: it is checked again
	 * at the task's next access. */
	tc->profile_id = 0;
	return 0;
}

/* A profile's program-control flags (PAL_PC_*) not yet looked up: a value
 * no policy can hold (the loader refuses flags outside PAL_PC_MASK). */
#define PAL_PC_NOT_LOOKED_UP	0xffffffffU

/*
 * Take a free path buffer of this CPU.
 * Return: the slot, or NULL when all are held (callers fail closed).
 */
static __always_inline struct pal_scratch *pal_scratch_get(void)
{
	__u64 me = bpf_get_current_pid_tgid() | 1;
	struct pal_scratch *sc;
	__u32 slot, key;

	for (slot = 0; slot < PAL_SCRATCH_SLOTS; slot++) {
		key = slot;
		sc = bpf_map_lookup_elem(&pal_scratch, &key);
		if (sc && __sync_val_compare_and_swap(&sc->owner, 0, me) == 0)
			return sc;
	}
	return NULL;
}

static __always_inline void pal_scratch_put(struct pal_scratch *sc)
{
	__sync_fetch_and_and(&sc->owner, 0);
}

#define PAL_NSEC_PER_SEC	1000000000ULL

/* Compare-and-swap attempts before a record gives way to the hooks
 * racing it on this CPU (it is then counted as suppressed). */
#define PAL_RL_TRIES		4

/*
 * The audit rate limit: at most &pal_config.audit_rate records per second
 * on each CPU (a per-CPU window keeps one busy CPU from silencing the
 * others).  The window and its count change together in one
 * compare-and-swap (&struct pal_ratelimit), so hooks preempting each other
 * on one CPU never let more through.  Return: non-zero when the record may
 * be sent.
 */
static __always_inline int pal_audit_ratelimit(struct pal_stats *stats)
{
	struct pal_ratelimit *rl;
	struct pal_config *cfg;
	__u64 sec, old, next, rate;
	__u32 zero = 0, try;

	cfg = bpf_map_lookup_elem(&pal_config, &zero);
	if (!cfg || !cfg->audit_rate)
		return 1;
	rl = bpf_map_lookup_elem(&pal_ratelimit, &zero);
	if (!rl)
		return 1;
	rate = cfg->audit_rate < PAL_RL_COUNT_MASK ? cfg->audit_rate :
						     PAL_RL_COUNT_MASK;
	sec = bpf_ktime_get_ns() / PAL_NSEC_PER_SEC;
	for (try = 0; try < PAL_RL_TRIES; try++) {
		old = *(volatile __u64 *)&rl->window;
		if ((old >> PAL_RL_COUNT_BITS) != sec)
			next = (sec << PAL_RL_COUNT_BITS) | 1;
		else if ((old & PAL_RL_COUNT_MASK) >= rate)
			break;
		else
			next = old + 1;
		if (__sync_val_compare_and_swap(&rl->window, old, next) == old)
			return 1;
	}
	if (stats)
		__sync_fetch_and_add(&stats->events_suppressed, 1);
	return 0;
}

/**
 * struct pal_audit_extra - the fields of an audit record beyond a file access
 * @peer_id: &pal_event.peer_id
 * @peer_pid: &pal_event.peer_pid
 * @info: &enum pal_info
 * @arg: &pal_event.arg
 */
struct pal_audit_extra {
	__u32 peer_id;
	__u32 peer_pid;
	__u32 info;
	__u32 arg[4];
};

/*
 * Send one audit record; @x may be NULL.  Losing it (rate limit, ring
 * buffer full) is counted and never changes the decision, which the caller
 * has already made.
 */
static __always_inline void pal_audit(__u32 op, __u32 verdict, __u32 profile_id,
				      __u32 requested, __u32 denied, int error,
				      __u32 ouid, const char *name,
				      const struct pal_audit_extra *x)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_stats *stats = pal_stats_get();
	struct pal_event *e;

	if (!pal_audit_ratelimit(stats))
		return;
	e = bpf_ringbuf_reserve(&pal_events, sizeof(*e), 0);
	if (!e) {
		if (stats)
			__sync_fetch_and_add(&stats->events_dropped, 1);
		return;
	}
	e->op = op;
	e->verdict = verdict;
	e->profile_id = profile_id;
	e->pid = task->tgid;
	e->fsuid = task->cred->fsuid.val;
	e->ouid = ouid;
	e->requested = requested;
	e->denied = denied;
	e->error = error;
	if (x) {
		e->peer_id = x->peer_id;
		e->peer_pid = x->peer_pid;
		e->info = x->info;
		e->arg[0] = x->arg[0];
		e->arg[1] = x->arg[1];
		e->arg[2] = x->arg[2];
		e->arg[3] = x->arg[3];
	} else {
		e->peer_id = 0;
		e->peer_pid = 0;
		e->info = 0;
		e->arg[0] = e->arg[1] = e->arg[2] = e->arg[3] = 0;
	}
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_kernel_str(e->name, sizeof(e->name), name) < 0)
		e->name[0] = 0;
	bpf_ringbuf_submit(e, 0);
	if (stats)
		__sync_fetch_and_add(&stats->events, 1);
}

/*
 * Apply a decision: audit it (with @x, which may be NULL), count it, kill
 * in kill mode; a refusal returns @errno_denied (-EACCES for files, -EPERM
 * for capabilities and identity switches, ...).
 * Return: the hook's return value.
 */
static __always_inline int pal_enforce_ex(const struct pal_decision *d, __u32 op,
					  __u32 profile_id, __u32 requested,
					  __u32 ouid, const char *name,
					  const struct pal_audit_extra *x,
					  int errno_denied)
{
	struct pal_stats *stats;
	__u32 verdict;

	if (d->log) {
		if (d->kill)
			verdict = PAL_VERDICT_KILLED;
		else if (d->error)
			verdict = PAL_VERDICT_DENIED;
		else if (d->denied)
			verdict = PAL_VERDICT_ALLOWED;
		else
			verdict = PAL_VERDICT_AUDIT;
		pal_audit(op, verdict, profile_id, requested, d->denied,
			  d->error ? errno_denied : 0, ouid, name, x);
	}
	if (!d->error)
		return 0;
	stats = pal_stats_get();
	if (stats)
		__sync_fetch_and_add(&stats->denials, 1);
	if (d->kill) {
		/* The access fails too: the signal is delivered on the way
		 * back to user space, after this hook returns. */
		bpf_send_signal(PAL_SIGKILL);
		if (stats)
			__sync_fetch_and_add(&stats->kills, 1);
	}
	return errno_denied;
}

/* pal_enforce_ex() for a file access: no extra fields, -EACCES. */
static __always_inline int pal_enforce(const struct pal_decision *d, __u32 op,
				       __u32 profile_id, __u32 requested,
				       __u32 ouid, const char *name)
{
	return pal_enforce_ex(d, op, profile_id, requested, ouid, name, NULL,
			      -EACCES);
}

/*
 * The profile of another task @t (the peer of a signal or ptrace check)
 * under @ref: its record offset, 0 when @t is unconfined, with its id in
 * *@id (0 when unconfined) and its mode in *@mode.
 */
static __always_inline __u32 pal_peer_profile(const struct pal_policy_ref *ref,
					      struct task_struct *t, __u32 *id,
					      __u32 *mode)
{
	struct pal_task_ctx *tc = pal_task_ctx(t);
	__u32 prof;

	*id = 0;
	if (!tc || !tc->profile_id)
		return 0;
	prof = pal_task_profile(ref, tc, mode);
	if (prof)
		*id = tc->profile_id;
	return prof;
}

/*
 * Put the name a rules-DFA query uses for the profile record @prof into
 * the PALISADE_PATH_MAX buffer @buf: the name from the policy's string
 * table, or PAL_UNCONFINED_NAME when @prof is 0.
 */
static __always_inline void pal_peer_name(const __u8 *blob, __u32 prof,
					  char *buf)
{
	__u32 off;

	if (!prof) {
		__builtin_memcpy(buf, PAL_UNCONFINED_NAME,
				 sizeof(PAL_UNCONFINED_NAME));
		return;
	}
	off = pal_profile_name(blob, prof);
	pal_opaque(off);
	off &= PALISADE_POLICY_MAX - 1;
	/* The loader checked that every name ends inside the table. */
	if (bpf_probe_read_kernel_str(buf, PALISADE_PATH_MAX, blob + off) < 0)
		buf[0] = 0;
}

#endif /* PALISADE_COMMON_BPF_H */
