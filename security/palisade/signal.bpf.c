// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: signals.  As in AppArmor, a signal from a task to another is
 * checked on both sides: the sender's profile needs ``send`` for the signal
 * to the target's profile name, the target's profile needs ``receive`` for
 * it from the sender's (``signal [(send receive)] [set=(...)] [peer=...]``).
 * A task without a profile is named "unconfined" and checks nothing
 * itself.  Only signals the kernel checks (sent by a task: kill(2),
 * tgkill(2), sigqueue(2), ...) reach this hook.
 *
 * The receiving side's kill mode does not kill: the task in the hook is the
 * sender, which the receiver's profile does not govern; its refusal is an
 * ordinary denial.
 */
#include "common.bpf.h"

/*
 * One side: profile @prof (id @id, mode @mode) asks @requested for signal
 * @sig to or from the task @peer_pid whose profile record is @peer_prof.
 */
static __always_inline int pal_signal_side(const __u8 *blob, __u32 prof,
					   __u32 id, __u32 mode,
					   __u32 peer_prof, __u32 peer_id,
					   __u32 peer_pid, int sig,
					   __u32 requested, char *buf,
					   int may_kill)
{
	struct pal_audit_extra x = { };
	struct pal_decision d;
	struct pal_perms perms;

	pal_peer_name(blob, peer_prof, buf);
	pal_signal_perms(blob, prof, (__u32)sig, buf, &perms);
	pal_decide_class(&perms, requested, mode, &d);
	if (!may_kill)
		d.kill = 0;
	x.peer_id = peer_id;
	x.peer_pid = peer_pid;
	x.arg[0] = (__u32)sig;
	return pal_enforce_ex(&d, PAL_OP_SIGNAL, id, requested, 0, "", &x,
			      -EACCES);
}

SEC("lsm/task_kill")
int BPF_PROG(pal_task_kill, struct task_struct *p, struct kernel_siginfo *info,
	     int sig, const struct cred *cred)
{
	struct task_struct *task = bpf_get_current_task_btf();
	__u32 smode = PAL_MODE_ENFORCE, tmode = PAL_MODE_ENFORCE;
	struct pal_task_ctx *stc = pal_current_ctx();
	struct pal_task_ctx *ttc = pal_task_ctx(p);
	__u32 sprof, tprof, sid, tid;
	struct pal_policy_ref ref;
	struct pal_scratch *sc;
	int ret;

	if ((!stc || !stc->profile_id) && (!ttc || !ttc->profile_id))
		return 0;
	/*
	 * @cred (the sender of an asynchronous USB I/O completion signal) is
	 * not looked at: on Debian's 6.12 kernel the program reads it as
	 * non-NULL for a plain kill(2), so the current task is the sender.
	 */
	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EACCES : 0;
	sprof = pal_peer_profile(&ref, task, &sid, &smode);
	tprof = pal_peer_profile(&ref, p, &tid, &tmode);
	ret = 0;
	if (!sprof && !tprof)
		goto out;
	sc = pal_scratch_get();
	if (!sc) {
		ret = -EACCES;
		goto out;
	}
	if (sprof)
		ret = pal_signal_side(ref.blob, sprof, sid, smode, tprof, tid,
				      p->tgid, sig, PAL_SIG_SEND, sc->path, 1);
	if (!ret && tprof)
		ret = pal_signal_side(ref.blob, tprof, tid, tmode, sprof, sid,
				      task->tgid, sig, PAL_SIG_RECEIVE, sc->path,
				      0);
	pal_scratch_put(sc);
out:
	pal_policy_put(&ref);
	return ret;
}
