// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: exec hooks.  bprm_creds_for_exec runs once per execve, before
 * the point of no return, with the file the user asked to run: it decides
 * whether a confined task may exec it and which profile the task will have
 * afterwards.  bprm_committed_creds applies that once the exec has succeeded,
 * so a failed exec changes nothing.
 */
#include "common.bpf.h"

static __always_inline int pal_exec_decide(const __u8 *blob,
					   struct task_struct *task,
					   struct pal_task_ctx *tc,
					   struct file *file)
{
	__u32 prof;

	if (pal_path_of(&file->f_path, file->f_inode, tc->path) < 0)
		tc->path[0] = 0;

	prof = tc->profile_id ? pal_profile_find(blob, tc->profile_id) : 0;
	if (!prof) {
		/* Unconfined (or its profile was removed): attachment. */
		prof = pal_attach_find(blob, tc->path);
		if (!prof) {
			bpf_task_storage_delete(&pal_task, task);
			return 0;
		}
		tc->pending_id = PAL_FIELD(blob, prof, struct pal_profile_rec, id);
		return 0;
	}

	/* Confined: the profile must allow x; the task keeps its profile. */
	tc->pending_id = tc->profile_id;
	return pal_check_file(blob, prof, task, tc, file, PAL_MAY_EXEC,
			      PAL_OP_EXEC);
}

SEC("lsm.s/bprm_creds_for_exec")
int BPF_PROG(pal_bprm_creds_for_exec, struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_task_ctx(task);
	struct pal_policy_ref ref;
	int ret;

	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EAGAIN : 0;
	if (!tc) {
		/* Unconfined: the label is needed only if a profile attaches,
		 * but the path buffer lives in it; dropped if unused. */
		tc = bpf_task_storage_get(&pal_task, task, 0,
					  BPF_LOCAL_STORAGE_GET_F_CREATE);
	}
	ret = tc ? pal_exec_decide(ref.blob, task, tc, bprm->file) : -ENOMEM;
	pal_policy_put(&ref);
	return ret;
}

SEC("lsm/bprm_committed_creds")
int BPF_PROG(pal_bprm_committed_creds, struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_task_ctx(task);

	if (!tc)
		return 0;
	tc->profile_id = tc->pending_id;
	if (!tc->profile_id)
		bpf_task_storage_delete(&pal_task, task);
	return 0;
}
