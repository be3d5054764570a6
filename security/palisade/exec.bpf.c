// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: exec hooks.  bprm_creds_for_exec runs once per execve, before
 * the point of no return, with the file the user asked to run: it decides
 * whether a confined task may exec it and which profile the task will have
 * afterwards.  bprm_committed_creds applies that once the exec has succeeded,
 * so a failed exec changes nothing.
 */
#include "fcache.bpf.h"
#include "exec_request.bpf.h"

/* bprm->unsafe bit (include/linux/security.h); not part of BTF. */
#define PAL_LSM_UNSAFE_NO_NEW_PRIVS	4

/*
 * The decision on a confined task's exec whose transition is @xr: the
 * profile must allow x, and what AppArmor refuses besides.
 * Return: the error a refusal returns.
 */
static __always_inline int pal_exec_verdict(const struct linux_binprm *bprm,
					    const struct pal_task_ctx *tc,
					    __u32 mode,
					    const struct pal_xresult *xr,
					    struct pal_decision *d)
{
	pal_decide(&xr->perms, PAL_MAY_EXEC, mode, d);
	if (!d->denied && xr->type == PAL_X_NONE && mode != PAL_MODE_UNCONFINED) {
		/* x is allowed but the transition leads nowhere: refuse, as
		 * AppArmor refuses an exec whose target profile is missing
		 * (complain mode lets it run in the current profile). */
		d->denied = PAL_MAY_EXEC;
		d->error = mode != PAL_MODE_COMPLAIN;
		d->kill = mode == PAL_MODE_KILL;
		d->log = 1;
	}
	/*
	 * no_new_privs: an exec must not move the task to another profile
	 * or out of confinement, which could widen what it may do.  As in
	 * AppArmor (which allows only a subset of the confinement, and
	 * palisade cannot compare profiles) it fails with EPERM, in every
	 * mode: this is not a permission the profile could grant.
	 */
	if (!d->error && (bprm->unsafe & PAL_LSM_UNSAFE_NO_NEW_PRIVS) &&
	    mode != PAL_MODE_UNCONFINED &&
	    (xr->type == PAL_X_UX ||
	     (xr->type != PAL_X_NONE && xr->target_id != tc->profile_id))) {
		d->denied = PAL_MAY_EXEC;
		d->error = 1;
		d->kill = 0;
		d->log = 1;
		return -EPERM;
	}
	return -EACCES;
}

/* An allowed exec: note the label the task will have once it commits. */
static __always_inline int pal_exec_apply(const struct pal_policy_ref *ref,
					  struct linux_binprm *bprm,
					  struct pal_task_ctx *tc,
					  const struct pal_xresult *xr)
{
	switch (xr->type) {
	case PAL_X_PX:
	case PAL_X_CX:
		tc->pending_id = xr->target_id;
		tc->pending_since = ref->generation;
		break;
	case PAL_X_UX:
		tc->pending_id = 0;
		tc->pending_since = 0;
		break;
	default:
		/* ix, or an exec allowed without a transition (complain and
		 * unconfined mode): the task keeps its profile. */
		tc->pending_id = tc->profile_id;
		tc->pending_since = tc->since;
		break;
	}
	/*
	 * Px, Cx, Ux, ...: a secure exec, so the loader and libc drop
	 * LD_PRELOAD and friends (AT_SECURE).  The helper assigns the flag,
	 * so it is only ever called to set it: a secure exec another LSM
	 * asked for stays one.
	 */
	if (xr->secure && bpf_bprm_opts_set(bprm, BPF_F_BPRM_SECUREEXEC))
		return -EPERM;
	return 0;
}

/*
 * A confined task's exec, by the binary's @path: the matching rule's exec
 * mode says which profile the task has afterwards (match.h's
 * pal_exec_transition(), the code userspace's explain runs too).  The
 * accept entry the path reached is remembered under @k, as an open's.
 */
static __always_inline int pal_exec_confined(const struct pal_policy_ref *ref,
					     struct linux_binprm *bprm,
					     struct task_struct *task,
					     struct pal_task_ctx *tc,
					     __u32 prof, __u32 mode,
					     const struct pal_fcache_key *k,
					     const char *path, struct file *file)
{
	__u32 ouid = file->f_inode->i_uid.val;
	struct pal_audit_extra x = {};
	struct pal_decision d;
	struct pal_xresult xr;
	int errno_denied, ret;
	__u32 acc;

	acc = pal_file_accept(ref->blob, prof, path);
	if (path[0] == '/')
		pal_fcache_fill(k, acc);
	if (!pal_exec_transition_at(ref->blob, prof, acc,
				    task->cred->fsuid.val == ouid, &xr))
		pal_exec_target_by_path(ref->blob, prof, path, &xr);
	errno_denied = pal_exec_verdict(bprm, tc, mode, &xr, &d);
	x.peer_id = xr.target_id;
	x.info = xr.info;
	x.arg[0] = xr.xmode;
	ret = pal_enforce_ex(&d, PAL_OP_EXEC, tc->profile_id, PAL_MAY_EXEC,
			     ouid, path, &x, errno_denied);
	if (ret)
		return ret;
	return pal_exec_apply(ref, bprm, tc, &xr);
}

/* pal_exec_confined()'s answer when the remembered entry does not do. */
#define PAL_EXEC_NAME_IT	1

/*
 * The same from the accept entry @acc remembered for the binary under
 * the task's profile, when that decides it silently: an allowed exec with
 * nothing to audit, whose target is not found by the binary's name.
 * Return: the hook's return value, or PAL_EXEC_NAME_IT.
 */
static __always_inline int pal_exec_remembered(const struct pal_policy_ref *ref,
					       struct linux_binprm *bprm,
					       struct task_struct *task,
					       struct pal_task_ctx *tc,
					       __u32 prof, __u32 mode, __u32 acc,
					       struct file *file)
{
	struct pal_decision d;
	struct pal_xresult xr;
	struct pal_stats *stats;

	if (!pal_exec_transition_at(ref->blob, prof, acc,
				    task->cred->fsuid.val ==
				    file->f_inode->i_uid.val, &xr))
		return PAL_EXEC_NAME_IT;
	pal_exec_verdict(bprm, tc, mode, &xr, &d);
	if (d.log || d.error)
		return PAL_EXEC_NAME_IT;
	stats = pal_stats_get();
	if (stats)
		__sync_fetch_and_add(&stats->cache_hits, 1);
	return pal_exec_apply(ref, bprm, tc, &xr);
}

/*
 * A confined task execs a deleted file (by an fd, or /proc/PID/exe): only
 * a profile with flags=(mediate_deleted) decides it by the file's name;
 * else it is refused, audited with info "deleted file" (AppArmor's exec
 * fails its name lookup without that flag).
 */
static __always_inline int pal_exec_deleted(struct pal_task_ctx *tc, __u32 mode,
					    const char *path, struct file *file)
{
	struct pal_audit_extra x = { .info = PAL_INFO_DELETED };
	struct pal_perms none = {};
	struct pal_decision d;

	pal_decide(&none, PAL_MAY_EXEC, mode, &d);
	return pal_enforce_ex(&d, PAL_OP_EXEC, tc->profile_id, PAL_MAY_EXEC,
			      BPF_CORE_READ(file, f_inode, i_uid.val), path, &x,
			      -EACCES);
}

/*
 * An unconfined task's exec (or one whose profile was removed): the
 * profile attached to the binary, @prof, if any, becomes the task's.
 */
static __always_inline int pal_exec_attach(const struct pal_policy_ref *ref,
					   struct task_struct *task,
					   struct pal_task_ctx *tc, __u32 prof)
{
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
	tc->pending_id = PAL_FIELD(ref->blob, prof, struct pal_profile_rec, id);
	tc->pending_since = ref->generation;
	return 0;
}

static __always_inline int pal_exec_decide(const struct pal_policy_ref *ref,
					   struct linux_binprm *bprm,
					   struct task_struct *task,
					   struct pal_task_ctx *tc,
					   __u32 prof, __u32 mode,
					   struct pal_fcache_key *k,
					   const char *path, struct file *file)
{
	const __u8 *blob = ref->blob;

	/* prof is only ever found through tc: said again for the verifier. */
	if (!prof || !tc) {
		prof = pal_attach_find(blob, path);
		if (path[0] == '/')
			pal_fcache_fill(k, prof);
		return pal_exec_attach(ref, task, tc, prof);
	}
	if (pal_path_deleted(&file->f_path) &&
	    !(PAL_FIELD(blob, prof, struct pal_profile_rec, flags) &
	      PAL_PF_MEDIATE_DELETED))
		return pal_exec_deleted(tc, mode, path, file);
	return pal_exec_confined(ref, bprm, task, tc, prof, mode, k, path, file);
}

/*
 * Which profile attaches to a binary depends only on its name and the
 * policy: an unconfined task's exec remembers it in the binary's inode
 * (fcache.bpf.h, under profile 0, which no record has), and the next
 * exec of the same file by the same name neither names it nor walks the
 * attachment DFA.  A confined task's exec takes the accept entry its
 * profile reached for the binary from there too (remembered by an
 * earlier exec or open of it), and names the binary only when the
 * decision needs the name: a refusal or audit record, a target found by
 * the name.
 */
SEC("lsm.s/bprm_creds_for_exec")
int BPF_PROG(pal_bprm_creds_for_exec, struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_current_ctx();
	struct file *file = bprm->file;
	__u32 prof = 0, mode = PAL_MODE_ENFORCE, acc;
	struct pal_policy_ref ref;
	struct pal_fcache_key k;
	struct pal_scratch *sc;
	int ret;

	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EAGAIN : 0;
	if (tc)
		prof = pal_task_profile(&ref, tc, &mode);
	pal_fcache_key_init(&k, &ref, prof, &file->f_path, file->f_inode);
	if (pal_fcache_find(&k, &acc)) {
		if (!prof || !tc) {
			ret = pal_exec_attach(&ref, task, tc, acc);
			goto request;
		}
		ret = pal_exec_remembered(&ref, bprm, task, tc, prof, mode,
					  acc, file);
		if (ret != PAL_EXEC_NAME_IT)
			goto request;
	}
	sc = pal_scratch_get();
	if (!sc) {
		ret = -EAGAIN;
		goto out;
	}
	if (pal_path_of(&file->f_path, file->f_inode, sc->path) < 0)
		sc->path[0] = 0;
	ret = pal_exec_decide(&ref, bprm, task, tc, prof, mode, &k, sc->path,
			      file);
	pal_scratch_put(sc);
request:
	if (!ret)
		ret = pal_exec_request_apply(&ref, task);
out:
	pal_policy_put(&ref);
	return ret;
}

/* Called by the bprm_committed_creds program (hooks.bpf.c). */
static __always_inline int pal_exec_committed(struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_current_ctx();

	if (!tc)
		return 0;
	tc->profile_id = tc->pending_id;
	tc->since = tc->pending_since;
	if (!tc->profile_id)
		pal_task_ctx_drop(task);
	return 0;
}
