// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: program control (DESIGN.md section 4).
 *
 * Marks.  Files carry PAL_MARK_* bits in the pal_marks map, keyed by inode
 * (device, number, generation).  Marks change only through prctl(2)
 * options this file answers (PAL_PRCTL_MARK on an open file descriptor):
 * the hook itself decides whether the caller holds progctl authority and
 * computes the key from the kernel's own inode, so a caller can neither
 * forge a key nor skip the check.  No one else writes the map: the bpf_map
 * hook refuses every writable descriptor of it, including to root (the
 * loader's own descriptor from map creation is the one exception, and it
 * only ever restores the registry through the same prctl).  Opening a
 * marked file for writing, truncating it or renaming another file over it
 * clears its marks.
 *
 * Persistence (userspace, tools/lib/pal_marks.c): the CLI keeps a file's
 * marks in its security.palisade attribute ("MARKS sha256:DIGEST", which
 * only CAP_SYS_ADMIN may set) where the filesystem has security.*
 * attributes, and in the registry everywhere; palisaded restores them at
 * start through the same prctl, file by file, only for files whose
 * contents are those marked (the attribute's digest, or the registry's
 * inode and times) and never more marks than the registry names.  The
 * hooks do not read the attribute: bpf_get_file_xattr reads only user.*
 * names before 6.15 (which a file's owner may set), and the security.bpf.*
 * names 6.15 lets BPF read are not probed for yet.
 *
 * Clean and dirty.  A process is clean while every program it loaded into
 * its current image - the exec'd binary, its interpreter, every library,
 * every executable mapping or mprotect(PROT_EXEC) - carries +p; anonymous
 * and memfd executable memory never does.  The state lives in the thread
 * group leader's label (threads share the address space) and starts anew
 * at every exec: a new image holds nothing of the old one, and everything
 * it maps is checked again, so dirt does not survive exec.  Only confined
 * processes are tracked; an unconfined process can hold no daemon or
 * server authority at levels daemon and maincheck anyway.
 */
#include "progctl.bpf.h"

/*
 * An execute-controlled program (+xc) may be loaded at level maincheck only
 * into a process whose first program is MAIN (or an xc program a MAIN one
 * ran).  Is a file with @marks refused to the process @lc?
 */
static __always_inline int pal_pc_xc_refused(const struct pal_task_ctx *lc,
					     __u32 marks)
{
	if (!(marks & PAL_MARK_XC) || pal_authority() != PAL_AUTH_MAINCHECK)
		return 0;
	return !lc || !(lc->proc & (PAL_PROC_MAIN | PAL_PROC_XC_OK));
}

/* Refuse such a load, as @op of @name by a task of profile @id, and audit
 * it.  Return: -EACCES. */
static __always_inline int pal_pc_xc_refuse(__u32 id, const char *name,
					    __u32 op)
{
	struct pal_audit_extra x = { .info = PAL_INFO_XC };
	struct pal_decision d;

	pal_pc_refuse(PAL_MODE_ENFORCE, &d);
	return pal_enforce_ex(&d, op, id, PAL_MAY_EXEC, 0, name, &x, -EACCES);
}

/* The profile flags under which a process's dirt is worth naming: the
 * identity switches they allow are refused to a dirty process, and the
 * refusal's record names what made it dirty (cred.bpf.c). */
#define PAL_PC_NAMES_DIRT	(PAL_PC_DAEMON | PAL_PC_SERVER_READ | \
				 PAL_PC_SERVER_UPDATE)

/**
 * struct pal_pc_plan - what an executable load does to a tracked process,
 *	worked out before the file is named: most loads need no name
 * @xc: refused, an execute-controlled program outside a MAIN process
 * @stay: refused (or complained about) because the process must stay clean
 * @dirt: the process becomes dirty
 * @name: the records need the file's name
 * @mode: the mode of the task's profile
 * @pc: its PAL_PC_* flags
 * @id: its id, for the records
 */
struct pal_pc_plan {
	__u32 xc;
	__u32 stay;
	__u32 dirt;
	__u32 name;
	__u32 mode;
	__u32 pc;
	__u32 id;
};

/*
 * Plan the load of a file with @marks (0 for anonymous memory) by @task
 * whose process label is @lc.  The name is needed for a refusal's record,
 * and for the dirt only under a profile that names it (PAL_PC_NAMES_DIRT):
 * the first unmarked load of every confined image is the exec'd binary
 * or a library, and naming it cost more than the rest of the exec's
 * program control.  A process that became dirty under another profile
 * has no dirt name; a refused switch's record then has none.
 */
static __always_inline void pal_pc_plan_load(struct task_struct *task,
					     struct pal_task_ctx *lc,
					     __u32 marks, struct pal_pc_plan *p)
{
	struct pal_policy_ref ref;
	struct pal_task_ctx *tc;

	__builtin_memset(p, 0, sizeof(*p));
	p->mode = PAL_MODE_ENFORCE;
	if (pal_pc_xc_refused(lc, marks)) {
		p->xc = 1;
		p->name = 1;
		p->id = lc ? lc->profile_id : 0;
		return;
	}
	if ((marks & PAL_MARK_P) || !lc || !(lc->proc & PAL_PROC_TRACKED))
		return;
	tc = pal_task_ctx(task);
	p->id = tc ? tc->profile_id : 0;
	if (!pal_policy_get(&ref)) {
		pal_pc_profile(&ref, tc, &p->mode, &p->pc);
		pal_policy_put(&ref);
	}
	p->stay = (lc->proc & PAL_PROC_STAY_CLEAN) ||
		  (p->pc & PAL_PC_MUST_STAY_CLEAN);
	p->dirt = !(lc->proc & PAL_PROC_DIRTY);
	p->name = p->stay || (p->dirt && (p->pc & PAL_PC_NAMES_DIRT));
}

/*
 * Carry out the plan @p for @task whose process label is @lc: the refusal,
 * then the dirt.  @sc: the file's name in @sc->path when @p->name, else
 * NULL.  Return: 0 or -EACCES.
 */
static __always_inline int pal_pc_load_apply(struct task_struct *task,
					     struct pal_task_ctx *lc,
					     const struct pal_pc_plan *p,
					     struct pal_scratch *sc, __u32 op)
{
	struct pal_audit_extra x = { .info = PAL_INFO_NOT_CLEAN };
	__u64 key = pal_task_key(task->group_leader);
	const char *name = sc ? sc->path : "";
	struct pal_decision d;
	int ret;

	if (p->xc)
		return pal_pc_xc_refuse(p->id, name, op);
	if (!lc)
		return 0;
	if (p->stay) {
		/* The process's own request is never merely complained about. */
		pal_pc_refuse(lc->proc & PAL_PROC_STAY_CLEAN ?
			      PAL_MODE_ENFORCE : p->mode, &d);
		ret = pal_enforce_ex(&d, op, p->id, PAL_MAY_EXEC, 0, name, &x,
				     -EACCES);
		if (ret)
			return ret;
	}
	if (!p->dirt)
		return 0;
	__sync_fetch_and_or(&lc->proc, PAL_PROC_DIRTY);
	if (sc)
		pal_dirt_record(key, sc->path);
	/* Worth a record where it changes what the process may do later. */
	if (p->pc & PAL_PC_NAMES_DIRT)
		pal_audit(PAL_OP_CLEAN, PAL_VERDICT_AUDIT, p->id, PAL_MAY_EXEC,
			  0, 0, 0, name, &x);
	return 0;
}

/*
 * Must the current process stay clean under its profile, whose
 * program-control flags are @pc when the caller looked them up (else
 * PAL_PC_NOT_LOOKED_UP)?  Fails closed (1) when the policy cannot be read.
 */
static __always_inline int pal_pc_must_stay_clean(struct task_struct *task,
						  __u32 pc)
{
	struct pal_policy_ref ref;
	__u32 mode;

	if (pc != PAL_PC_NOT_LOOKED_UP)
		return !!(pc & PAL_PC_MUST_STAY_CLEAN);
	if (pal_policy_get(&ref))
		return 1;
	pal_pc_profile(&ref, pal_task_ctx(task), &mode, &pc);
	pal_policy_put(&ref);
	return !!(pc & PAL_PC_MUST_STAY_CLEAN);
}

/*
 * Does an executable load of @inode (NULL for anonymous memory) into the
 * process @lc (its leader's label, NULL when it has none) need deciding at
 * all?  Most do not - unconfined processes are not tracked, a process
 * already dirty stays so, +p files keep a process clean - and the hooks ask
 * before they pay for the file's name.  The file's marks (in *@marks, 0
 * when not looked up) are looked up last, and only when they can change
 * the answer: +p only ever lowers it, +xc only matters at level maincheck.
 * Every confined process is tracked, and most are dirty after their first
 * library: for them an executable mapping costs no marks lookup.  @pc: the
 * task's profile's program-control flags when the caller already looked
 * them up, else PAL_PC_NOT_LOOKED_UP.
 */
static __always_inline int pal_pc_load_matters(struct task_struct *task,
					       struct pal_task_ctx *lc,
					       struct inode *inode, __u32 pc,
					       __u32 *marks)
{
	int maincheck = pal_authority() == PAL_AUTH_MAINCHECK;
	int unmarked;	/* would the load of an unmarked file matter? */

	*marks = 0;
	if (!lc || !(lc->proc & PAL_PROC_TRACKED))
		unmarked = 0;
	else if (!(lc->proc & PAL_PROC_DIRTY) || (lc->proc & PAL_PROC_STAY_CLEAN))
		unmarked = 1;
	else
		/* Already dirty: only a profile that must stay clean
		 * (perhaps since a replace) has anything more to say. */
		unmarked = pal_pc_must_stay_clean(task, pc);
	if (!unmarked && !maincheck)
		return 0;
	*marks = inode ? pal_marks_of(inode) : 0;
	if ((*marks & PAL_MARK_XC) && maincheck)
		return 1;
	return !(*marks & PAL_MARK_P) && unmarked;
}

#define PAL_ANON_NAME "[anonymous executable memory]"

/*
 * An executable load of @file (NULL for anonymous memory) into the current
 * process, as @op; @pc as for pal_pc_load_matters().  The file is named
 * only when the plan needs it: with bpf_d_path() when @sleepable, else by
 * its last component (bpf_d_path() is not allowed outside the kernel's
 * sleepable hooks).
 */
static __always_inline int pal_pc_load_file(struct file *file, __u32 pc,
					    int sleepable, __u32 op)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *lc = pal_current_proc_ctx();
	struct pal_scratch *sc = NULL;
	struct pal_pc_plan p;
	__u32 marks;
	int ret;

	if (!pal_pc_load_matters(task, lc, file ? file->f_inode : NULL, pc,
				 &marks))
		return 0;
	pal_pc_plan_load(task, lc, marks, &p);
	if (!p.xc && !p.stay && !p.dirt)
		return 0;
	if (p.name) {
		sc = pal_scratch_get();
		if (!sc)
			return -EAGAIN;
		if (!file)
			__builtin_memcpy(sc->path, PAL_ANON_NAME,
					 sizeof(PAL_ANON_NAME));
		else if (sleepable ?
			 pal_path_of(&file->f_path, file->f_inode, sc->path) < 0 :
			 bpf_probe_read_kernel_str(sc->path, PAL_DIRT_NAME_MAX,
						   file->f_path.dentry->d_name.name) < 0)
			sc->path[0] = 0;
	}
	ret = pal_pc_load_apply(task, lc, &p, sc, op);
	if (sc)
		pal_scratch_put(sc);
	return ret;
}

/* Called by the mmap_file program (hooks.bpf.c) once the profile allowed
 * the mapping. */
static __always_inline int pal_pc_mmap(struct file *file, unsigned long prot,
				       __u32 pc)
{
	if (!(prot & PAL_PROT_EXEC))
		return 0;
	return pal_pc_load_file(file, pc, 1, PAL_OP_MMAP);
}

/* Called by the file_mprotect program (hooks.bpf.c), which is not
 * sleepable: the record names the file's last component. */
static __always_inline int pal_pc_mprotect(struct vm_area_struct *vma,
					   unsigned long prot, __u32 pc)
{
	if (!(prot & PAL_PROT_EXEC) || (vma->vm_flags & PAL_VM_EXEC))
		return 0;
	return pal_pc_load_file(vma->vm_file, pc, 0, PAL_OP_MPROTECT);
}

/*
 * Before the point of no return: refuse an xc program exec'd by a process
 * that is not MAIN, and an unmarked program for a profile that must stay
 * clean; note what the new image starts as.  Runs once per binary handler
 * pass (a script, then its interpreter): the last pass decides.  The
 * binary is named only for a refusal's record: every confined exec passes
 * here, few are refused.
 */
SEC("lsm.s/bprm_check_security")
int BPF_PROG(pal_pc_bprm_check, struct linux_binprm *bprm)
{
	struct pal_task_ctx *tc = pal_current_ctx();
	struct pal_audit_extra x = { .info = PAL_INFO_NOT_CLEAN };
	__u32 marks = pal_marks_of(bprm->file->f_inode), proc, prof, pc = 0;
	struct pal_policy_ref ref;
	struct pal_task_ctx *lc;
	struct pal_decision d;
	struct pal_scratch *sc;
	__u32 mode = PAL_MODE_ENFORCE;
	int ret, xc;

	if (!(marks & (PAL_MARK_XC | PAL_MARK_P)) && !tc)
		return 0;
	lc = pal_current_proc_ctx();
	xc = pal_pc_xc_refused(lc, marks);
	if (!xc && !tc)
		return 0;
	if (!xc) {
		proc = PAL_PROC_TRACKED;
		if (marks & PAL_MARK_MAIN)
			proc |= PAL_PROC_MAIN;
		if ((marks & PAL_MARK_XC) && lc &&
		    (lc->proc & (PAL_PROC_MAIN | PAL_PROC_XC_OK)))
			proc |= PAL_PROC_XC_OK;
		tc->pending_proc = proc;
		if ((marks & PAL_MARK_P) || !tc->pending_id || pal_policy_get(&ref))
			return 0;
		/* Most execs keep the profile (ix): its offset is known. */
		prof = pal_profile_find_hint(ref.blob, tc->pending_id,
					     tc->prof_hint);
		if (prof) {
			pc = PAL_FIELD(ref.blob, prof, struct pal_profile_rec, pc_flags);
			mode = PAL_FIELD(ref.blob, prof, struct pal_profile_rec, mode);
		}
		pal_policy_put(&ref);
		if (!(pc & PAL_PC_MUST_STAY_CLEAN))
			return 0;
	}
	sc = pal_scratch_get();
	if (!sc)
		return -EAGAIN;
	if (pal_path_of(&bprm->file->f_path, bprm->file->f_inode, sc->path) < 0)
		sc->path[0] = 0;
	if (xc) {
		ret = pal_pc_xc_refuse(lc ? lc->profile_id : 0, sc->path,
				       PAL_OP_EXEC);
	} else {
		pal_pc_refuse(mode, &d);
		ret = pal_enforce_ex(&d, PAL_OP_EXEC, tc->pending_id,
				     PAL_MAY_EXEC, 0, sc->path, &x, -EACCES);
	}
	pal_scratch_put(sc);
	return ret;
}

/* The exec committed: the new image starts clean (the mappings of the
 * binary and its interpreter, which follow, are checked one by one).
 * Called by the bprm_committed_creds program (hooks.bpf.c). */
static __always_inline int pal_pc_bprm_committed(struct linux_binprm *bprm)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_current_ctx();

	pal_dirt_forget(pal_task_key(task));
	if (!tc)
		return 0;
	tc->proc = tc->pending_proc | PAL_PROC_TRACKED;
	tc->pending_proc = 0;
	return 0;
}

/* Drop the marks of @inode because of @op; audited with the path. */
static __always_inline void pal_pc_clear(struct inode *inode, const char *name)
{
	struct pal_audit_extra x = { .info = PAL_INFO_MARK_CLEARED };
	struct pal_task_ctx *tc = pal_current_ctx();
	struct pal_mark_key key;
	__u32 *m, old;

	pal_mark_key_of(inode, &key);
	m = bpf_map_lookup_elem(&pal_marks, &key);
	if (!m)
		return;
	old = *m;
	bpf_map_delete_elem(&pal_marks, &key);
	x.arg[0] = old;
	pal_audit(PAL_OP_PROGCTL, PAL_VERDICT_AUDIT, tc ? tc->profile_id : 0,
		  PAL_MAY_WRITE, 0, 0, BPF_CORE_READ(inode, i_uid.val), name, &x);
}

/* Called by the file_open program (hooks.bpf.c) once the open is allowed:
 * a marked file opened for writing loses its marks. */
static __always_inline int pal_pc_file_open(struct file *file)
{
	struct pal_scratch *sc;

	if (!(file->f_mode & PAL_PC_FMODE_WRITE) || !pal_marks_of(file->f_inode))
		return 0;
	sc = pal_scratch_get();
	if (!sc) {
		pal_pc_clear(file->f_inode, "");
		return 0;
	}
	if (pal_path_of(&file->f_path, file->f_inode, sc->path) < 0)
		sc->path[0] = 0;
	pal_pc_clear(file->f_inode, sc->path);
	pal_scratch_put(sc);
	return 0;
}

/*
 * Clear the marks of @dentry's file, if it has any.  For the hooks that
 * are not sleepable (path_truncate on 6.1, inode_rename): the record names
 * the file's last component.
 */
static __always_inline void pal_pc_clear_dentry(struct dentry *dentry)
{
	struct inode *inode = dentry->d_inode;
	struct pal_scratch *sc;

	if (!pal_marks_of(inode))
		return;
	sc = pal_scratch_get();
	if (!sc) {
		pal_pc_clear(inode, "");
		return;
	}
	if (bpf_probe_read_kernel_str(sc->path, PAL_DIRT_NAME_MAX,
				      dentry->d_name.name) < 0)
		sc->path[0] = 0;
	pal_pc_clear(inode, sc->path);
	pal_scratch_put(sc);
}

SEC("lsm/path_truncate")
int BPF_PROG(pal_pc_path_truncate, const struct path *path)
{
	pal_pc_clear_dentry(path->dentry);
	return 0;
}

/* Replacing a marked file by renaming another over it. */
SEC("lsm/inode_rename")
int BPF_PROG(pal_pc_inode_rename, struct inode *old_dir,
	     struct dentry *old_dentry, struct inode *new_dir,
	     struct dentry *new_dentry)
{
	pal_pc_clear_dentry(new_dentry);
	return 0;
}

/*
 * The marks map is written by these hooks only: no descriptor of it may be
 * opened for writing (BPF_OBJ_GET of the pin, BPF_MAP_GET_FD_BY_ID), so no
 * process - root included - can write marks past the progctl check.  The
 * decision cache (fcache.bpf.h) likewise: a planted entry would be an
 * allow no policy gave.
 */
/* Called by the bpf_map program (hooks.bpf.c). */
static __always_inline int pal_pc_bpf_map(struct bpf_map *map, fmode_t fmode)
{
	__u32 write = fmode & PAL_PC_FMODE_WRITE;

	if ((void *)map != (void *)&pal_marks &&
	    (void *)map != (void *)&pal_fcache)
		return 0;
	/* Kept a branch: clang would otherwise compute the result from the
	 * pointers, a value the 6.12 verifier cannot bound to an errno. */
	pal_opaque(write);
	if (write)
		return -EPERM;
	return 0;
}

/*
 * The inode behind descriptor @fd of the current task, read through the
 * descriptor table (there is no helper for it on 6.1).  A plain address
 * to the verifier: read it with helpers (pal_mark_key_read(),
 * BPF_CORE_READ()), never pass it to one that needs a trusted pointer.
 */
static __always_inline struct inode *pal_fd_inode(unsigned long fd)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *f = NULL;

	if (!fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return NULL;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) || !f)
		return NULL;
	return BPF_CORE_READ(f, f_inode);
}

/* May the current task change marks?  Audits the attempt. */
static __always_inline int pal_may_mark(__u32 set, __u32 clear, const char *name)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_audit_extra x = { .arg = { set, clear } };
	struct pal_task_ctx *tc = pal_current_ctx();
	__u32 mode = PAL_MODE_ENFORCE, pc = 0, prof = 0, id = 0;
	struct pal_policy_ref ref;
	struct pal_decision d = {};

	if (tc && tc->profile_id && !pal_policy_get(&ref)) {
		prof = pal_pc_profile(&ref, tc, &mode, &pc);
		pal_policy_put(&ref);
	}
	if (prof) {
		id = tc->profile_id;
		if (!(pc & PAL_PC_PROGCTL))
			pal_pc_refuse(mode, &d);
	} else if (pal_authority() != PAL_AUTH_UNIX || task->cred->euid.val) {
		pal_pc_refuse(PAL_MODE_ENFORCE, &d);
	}
	if (!d.denied) {
		pal_audit(PAL_OP_PROGCTL, PAL_VERDICT_AUDIT, id, set | clear, 0,
			  0, 0, name, &x);
		return 0;
	}
	return pal_enforce_ex(&d, PAL_OP_PROGCTL, id, set | clear, 0, name,
			      &x, -EPERM);
}

/* PAL_PRCTL_MARK (success is -PAL_PRCTL_DONE, see palisade.h); @uname: the file's name for the audit record (the
 * caller's word: it only labels the record, the key is the inode's). */
static __always_inline int pal_prctl_mark(unsigned long fd, __u32 set,
					  __u32 clear, const char *uname)
{
	struct inode *inode = pal_fd_inode(fd);
	struct pal_mark_key key;
	struct pal_scratch *sc;
	__u32 marks, *m;
	int ret;

	if ((set | clear) & ~PAL_MARK_MASK)
		return -EINVAL;
	if (!inode)
		return -EBADF;
	if ((BPF_CORE_READ(inode, i_mode) & PAL_S_IFMT) != PAL_S_IFREG ||
	    !BPF_CORE_READ(inode, __i_nlink))
		return -EINVAL;
	sc = pal_scratch_get();
	if (!sc)
		return -EAGAIN;
	if (!uname || bpf_probe_read_user_str(sc->path, PAL_DIRT_NAME_MAX, uname) < 0)
		sc->path[0] = 0;
	ret = pal_may_mark(set, clear, sc->path);
	pal_scratch_put(sc);
	if (ret)
		return ret;
	/* A writer could change the program after it was vouched for. */
	if ((set & PAL_MARK_P) && BPF_CORE_READ(inode, i_writecount.counter) > 0)
		return -ETXTBSY;
	pal_mark_key_read(inode, &key);
	m = bpf_map_lookup_elem(&pal_marks, &key);
	marks = ((m ? *m : 0) | set) & ~clear;
	/* Constant returns: 6.12's verifier bounds a hook's result. */
	if (!marks) {
		if (m)
			bpf_map_delete_elem(&pal_marks, &key);
		return -PAL_PRCTL_DONE;
	}
	if (bpf_map_update_elem(&pal_marks, &key, &marks, BPF_ANY))
		return -ENOSPC;
	return -PAL_PRCTL_DONE;
}

SEC("lsm.s/task_prctl")
int BPF_PROG(pal_pc_task_prctl, int option, unsigned long arg2,
	     unsigned long arg3, unsigned long arg4, unsigned long arg5)
{
	struct pal_mark_key key;
	struct pal_task_ctx *lc;
	struct inode *inode;
	__u32 marks;

	switch (option) {
	case PAL_PRCTL_MARK:
		return pal_prctl_mark(arg2, (__u32)arg3, (__u32)arg4,
				      (const char *)arg5);
	case PAL_PRCTL_HAS_MARKS:
		inode = pal_fd_inode(arg2);
		if (!inode)
			return -EBADF;
		marks = (__u32)arg3;
		pal_mark_key_read(inode, &key);
		if ((pal_marks_at(&key) & marks) != marks)
			return -ENODATA;
		return -PAL_PRCTL_DONE;
	case PAL_PRCTL_STAY_CLEAN:
		lc = pal_current_proc_ctx();
		/* An untracked process: nothing vouches for what it loaded. */
		if (!lc || !(lc->proc & PAL_PROC_TRACKED) ||
		    (lc->proc & PAL_PROC_DIRTY))
			return -EACCES;
		__sync_fetch_and_or(&lc->proc, PAL_PROC_STAY_CLEAN);
		return -PAL_PRCTL_DONE;
	case PAL_PRCTL_IS_CLEAN:
		lc = pal_current_proc_ctx();
		if (!lc || !(lc->proc & PAL_PROC_TRACKED) ||
		    (lc->proc & PAL_PROC_DIRTY))
			return -ENODATA;
		return -PAL_PRCTL_DONE;
	}
	return -ENOSYS;
}
