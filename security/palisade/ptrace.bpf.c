// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: ptrace.  As in AppArmor, the tracer's profile needs ``trace``
 * (attaching) or ``read`` (read-only access such as /proc/PID/environ) to
 * the tracee's profile name, and the tracee's profile ``tracedby`` or
 * ``readby`` from the tracer's (``ptrace [(access)] [peer=...]``).  An
 * unconfined tracer is not checked on either side, as in AppArmor.
 * PTRACE_TRACEME asks for ``trace`` with the parent as the tracer.
 *
 * The tracee side's kill mode does not kill: the task in the hook is not
 * the one its profile governs (see signal.bpf.c).
 */
#include "common.bpf.h"

/* include/linux/ptrace.h (not in BTF) */
#define PAL_PTRACE_MODE_READ	0x01

/* The tracee's permission for a tracer's request (READ -> READBY, ...). */
#define PAL_PTRACE_BY_SHIFT	2
_Static_assert((PAL_PTRACE_READ << PAL_PTRACE_BY_SHIFT) == PAL_PTRACE_READBY &&
	       (PAL_PTRACE_TRACE << PAL_PTRACE_BY_SHIFT) == PAL_PTRACE_TRACEDBY,
	       "tracee permissions mirror the tracer's");

static __always_inline int pal_ptrace_side(const __u8 *blob, __u32 prof,
					   __u32 id, __u32 mode,
					   __u32 peer_prof, __u32 peer_id,
					   __u32 peer_pid, __u32 requested,
					   char *buf, int may_kill)
{
	struct pal_audit_extra x = { };
	struct pal_decision d;
	struct pal_perms perms;

	pal_peer_name(blob, peer_prof, buf);
	pal_ptrace_perms(blob, prof, buf, &perms);
	pal_decide_class(&perms, requested, mode, &d);
	if (!may_kill)
		d.kill = 0;
	x.peer_id = peer_id;
	x.peer_pid = peer_pid;
	return pal_enforce_ex(&d, PAL_OP_PTRACE, id, requested, 0, "", &x,
			      -EACCES);
}

/*
 * @tracer asks @request of @tracee; @current_is_tracer says which of the
 * two is the current task (kill mode applies to that one's profile only).
 */
static __always_inline int pal_ptrace_check(struct task_struct *tracer,
					    struct task_struct *tracee,
					    __u32 request, int current_is_tracer)
{
	__u32 rmode = PAL_MODE_ENFORCE, emode = PAL_MODE_ENFORCE;
	struct pal_task_ctx *rtc = pal_task_ctx(tracer);
	__u32 rprof, eprof, rid, eid;
	struct pal_policy_ref ref;
	struct pal_scratch *sc;
	int ret;

	if (!rtc || !rtc->profile_id)
		return 0;
	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EACCES : 0;
	rprof = pal_peer_profile(&ref, tracer, &rid, &rmode);
	ret = 0;
	if (!rprof)
		goto out;
	eprof = pal_peer_profile(&ref, tracee, &eid, &emode);
	sc = pal_scratch_get();
	if (!sc) {
		ret = -EACCES;
		goto out;
	}
	ret = pal_ptrace_side(ref.blob, rprof, rid, rmode, eprof, eid,
			      tracee->tgid, request, sc->path,
			      current_is_tracer);
	if (!ret && eprof)
		ret = pal_ptrace_side(ref.blob, eprof, eid, emode, rprof, rid,
				      tracer->tgid,
				      request << PAL_PTRACE_BY_SHIFT, sc->path,
				      !current_is_tracer);
	pal_scratch_put(sc);
out:
	pal_policy_put(&ref);
	return ret;
}

SEC("lsm/ptrace_access_check")
int BPF_PROG(pal_ptrace_access_check, struct task_struct *child,
	     unsigned int mode)
{
	__u32 request = (mode & PAL_PTRACE_MODE_READ) ? PAL_PTRACE_READ :
							PAL_PTRACE_TRACE;

	return pal_ptrace_check(bpf_get_current_task_btf(), child, request, 1);
}

SEC("lsm/ptrace_traceme")
int BPF_PROG(pal_ptrace_traceme, struct task_struct *parent)
{
	return pal_ptrace_check(parent, bpf_get_current_task_btf(),
				PAL_PTRACE_TRACE, 0);
}
