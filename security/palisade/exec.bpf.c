// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: exec hooks.  bprm_creds_for_exec runs once per execve, before
 * the point of no return, with the file the user asked to run: it decides
 * whether a confined task may exec it and which profile the task will have
 * afterwards.  bprm_committed_creds applies that once the exec has succeeded,
 * so a failed exec changes nothing.
 */
#include "common.bpf.h"
#include "exec_request.bpf.h"

static __always_inline int pal_exec_decide(const struct pal_policy_ref *ref,
					   struct task_struct *task,
					   struct pal_task_ctx *tc,
					   const char *path, struct file *file)
{
	const __u8 *blob = ref->blob;
	__u32 prof = 0, mode = PAL_MODE_ENFORCE;

	if (tc)
		prof = pal_task_profile(ref, tc, &mode);
	if (!prof) {
		/* Unconfined (or its profile was removed): attachment. */
		prof = pal_attach_find(blob, path);
		if (!prof) {
			if (tc)
				pal_task_ctx_drop(task);
			return 0;
		}
		if (!tc) {
			struct pal_task_ctx init = {};

			tc = pal_task_ctx_set(task, &init);
		}
		/* Never let an attached program run unconfined. */
		if (!tc)
			return -EAGAIN;
		tc->pending_id = PAL_FIELD(blob, prof, struct pal_profile_rec, id);
		tc->pending_since = ref->generation;
		return 0;
	}

	/* Confined: the profile must allow x; the task keeps its profile. */
	tc->pending_id = tc->profile_id;
	tc->pending_since = tc->since;
	return pal_check_file(blob, prof, mode, task, tc, path, file,
			      PAL_MAY_EXEC, PAL_OP_EXEC);
}

SEC("lsm.s/bprm_creds_for_exec")
int BPF_PROG(pal_bprm_creds_for_exec, struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_task_ctx(task);
	struct file *file = bprm->file;
	struct pal_policy_ref ref;
	struct pal_scratch *sc;
	int ret;

	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EAGAIN : 0;
	sc = pal_scratch_get();
	if (sc) {
		if (pal_path_of(&file->f_path, file->f_inode, sc->path) < 0)
			sc->path[0] = 0;
		ret = pal_exec_decide(&ref, task, tc, sc->path, file);
		if (!ret)
			ret = pal_exec_request_apply(&ref, task);
		pal_scratch_put(sc);
	} else {
		ret = -EAGAIN;
	}
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
	tc->since = tc->pending_since;
	if (!tc->profile_id)
		pal_task_ctx_drop(task);
	return 0;
}
