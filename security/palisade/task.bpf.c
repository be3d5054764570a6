// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: task hooks.  Labels follow tasks across fork and clone: the new
 * task gets its parent's profile before it can run, and its label goes with
 * it when it is freed.  A profile's ``limit threads N,`` and ``limit
 * processes N,`` are enforced here too, before the task exists (EAGAIN, as
 * fork and clone fail at RLIMIT_NPROC).
 */
#include "common.bpf.h"

/* include/uapi/linux/sched.h */
#define PAL_CLONE_THREAD	0x00010000

/*
 * ``limit threads N``: the process may have at most N threads.
 * ``limit processes N``: the task's user may have at most N tasks, counted
 * as the kernel counts them for RLIMIT_NPROC (the real uid's tasks in its
 * user namespace) - z/OS's PROCUSERMAX, applied when a task of the profile
 * creates another.
 * Return: 0, or -EAGAIN after auditing the refusal.
 */
static __always_inline int pal_task_limits(struct pal_task_ctx *parent,
					   unsigned long clone_flags)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	struct pal_audit_extra x = { .info = PAL_INFO_LIMIT };
	__u32 mode = PAL_MODE_ENFORCE, prof, limit, which;
	struct pal_policy_ref ref;
	struct pal_decision d = {};
	__u64 count;

	if (pal_policy_get(&ref))
		return 0;
	prof = pal_task_profile(&ref, parent, &mode);
	if (!prof)
		goto out;
	which = !(clone_flags & PAL_CLONE_THREAD);
	limit = which ? PAL_FIELD(ref.blob, prof, struct pal_profile_rec, limit_procs) :
			PAL_FIELD(ref.blob, prof, struct pal_profile_rec, limit_threads);
	/* Most profiles set no limit: the count is read only under one. */
	if (!limit || mode == PAL_MODE_UNCONFINED)
		goto out;
	if (which)
		count = BPF_CORE_READ(cur, real_cred, ucounts, rlimit[0].counter);
	else
		count = cur->signal->nr_threads;
	if (count < limit)
		goto out;
	d.denied = 1;
	d.error = mode != PAL_MODE_COMPLAIN;
	d.kill = mode == PAL_MODE_KILL;
	d.log = 1;
	x.arg[0] = limit;
	x.arg[1] = which;
	pal_policy_put(&ref);
	return pal_enforce_ex(&d, PAL_OP_LIMIT, parent->profile_id, 1, 0,
			      which ? "processes" : "threads", &x, -EAGAIN);
out:
	pal_policy_put(&ref);
	return 0;
}

/* Called by the task_alloc program (hooks.bpf.c). */
static __always_inline int pal_task_alloc_label(struct task_struct *task,
						unsigned long clone_flags)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	struct pal_task_ctx *parent = pal_current_ctx();
	struct pal_task_ctx *leader;
	struct pal_task_ctx init = {};
	int ret;

	if (!parent || !parent->profile_id)
		return 0;
	ret = pal_task_limits(parent, clone_flags);
	if (ret)
		return ret;
	init.profile_id = parent->profile_id;
	init.pending_id = parent->profile_id;
	init.since = parent->since;
	init.pending_since = parent->since;
	init.prof_hint = parent->prof_hint;
	/* A new process has its parent's image: the same program-control
	 * state.  A thread reads its leader's. */
	if (!(clone_flags & PAL_CLONE_THREAD)) {
		leader = cur->group_leader == cur ? parent :
			 pal_task_ctx(cur->group_leader);
		if (leader)
			init.proc = leader->proc;
	}
	/* Never let a confined task spawn an unconfined one. */
	return pal_task_ctx_add(task, &init) ? -EAGAIN : 0;
}

/* Called by the task_free program (hooks.bpf.c). */
static __always_inline int pal_task_free_label(struct task_struct *task)
{
	__u64 key = pal_task_key(task);

	pal_dirt_forget(key);
	/* Most exiting tasks have no label: a lookup takes no bucket lock,
	 * a delete does. */
	if (bpf_map_lookup_elem(&pal_task, &key))
		bpf_map_delete_elem(&pal_task, &key);
	return 0;
}
