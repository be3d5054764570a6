/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: ``palisade exec -p PROFILE -- CMD``.  The administrator's tool
 * leaves a request for its own thread in pal_exec_req and execs CMD; the
 * exec hook turns the request into the task's pending label, which
 * bprm_committed_creds applies as for any other transition, so a failed
 * exec changes nothing.
 */
#ifndef PALISADE_EXEC_REQUEST_BPF_H
#define PALISADE_EXEC_REQUEST_BPF_H

#include "common.bpf.h"

/*
 * Apply a pending request of @task under the policy @ref, after the exec
 * decision proper allowed the exec.  Return: 0, or -EACCES when the
 * requested profile is not in the policy (the exec fails rather than run
 * the command unconfined), -EAGAIN when the label map is full.
 */
static __always_inline int pal_exec_request_apply(const struct pal_policy_ref *ref,
						  struct task_struct *task)
{
	__u32 tid = task->pid, id;
	struct pal_exec_req *rq;
	struct pal_task_ctx *tc;
	__u64 ticks;

	rq = bpf_map_lookup_elem(&pal_exec_req, &tid);
	if (!rq)
		return 0;
	id = rq->profile_id;
	ticks = task->start_boottime / (1000000000ULL / PAL_USER_HZ);
	if (ticks != rq->start_ticks) {
		/* Left behind by a dead thread whose id was reused. */
		bpf_map_delete_elem(&pal_exec_req, &tid);
		return 0;
	}
	bpf_map_delete_elem(&pal_exec_req, &tid);
	if (!id || !pal_profile_find(ref->blob, id))
		return -EACCES;
	tc = pal_task_ctx(task);
	if (!tc) {
		struct pal_task_ctx init = {};

		tc = pal_task_ctx_set(task, &init);
		if (!tc)
			return -EAGAIN;
	}
	tc->pending_id = id;
	tc->pending_since = ref->generation;
	return 0;
}

#endif /* PALISADE_EXEC_REQUEST_BPF_H */
