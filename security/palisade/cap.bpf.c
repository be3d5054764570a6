// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: capabilities.  A confined task's use of a capability is
 * decided by its profile's capability words (``capability NAME,``) after
 * the kernel's own capability check has found the task holds it.
 *
 * AppArmor decides by the label of the credentials being checked.  palisade
 * labels tasks, not credentials, so it decides only when those credentials
 * are the current task's own (its subjective credentials, the common
 * capable()/ns_capable() case).  A check of another task's or an opened
 * file's credentials (has_capability(), file_ns_capable()) is left to the
 * kernel: palisade cannot name the profile such credentials belong to.
 */
#include "common.bpf.h"

/* include/linux/security.h (not in BTF) */
#define PAL_CAP_OPT_NOAUDIT	(1U << 1)

SEC("lsm/capable")
int BPF_PROG(pal_capable, const struct cred *cred, struct user_namespace *ns,
	     int cap, unsigned int opts)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_audit_extra x = { };
	struct pal_policy_ref ref;
	struct pal_decision d;
	struct pal_perms perms;
	struct pal_task_ctx *tc;
	__u32 mode = PAL_MODE_ENFORCE, prof;
	int ret;

	tc = pal_current_ctx();
	if (!tc || !tc->profile_id)
		return 0;
	if ((unsigned long)cred != (unsigned long)task->cred)
		return 0;
	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EPERM : 0;
	prof = pal_task_profile(&ref, tc, &mode);
	if (!prof) {
		pal_policy_put(&ref);
		return 0;
	}
	pal_cap_perms(ref.blob, prof, (__u32)cap, &perms);
	pal_decide_class(&perms, PAL_CAP_USE, mode, &d);
	/* A probe the kernel makes without auditing (has_capability_noaudit,
	 * ns_capable_noaudit) is decided the same way, but as in AppArmor it
	 * is neither logged nor punished by kill mode: the kernel may ask
	 * without the task having asked for anything. */
	if (opts & PAL_CAP_OPT_NOAUDIT) {
		d.log = 0;
		d.kill = 0;
	}
	x.arg[0] = (__u32)cap;
	ret = pal_enforce_ex(&d, PAL_OP_CAPABLE, tc->profile_id, PAL_CAP_USE, 0,
			     "", &x, -EPERM);
	pal_policy_put(&ref);
	return ret;
}
