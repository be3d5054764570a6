// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: mappings and locks of open files.
 *
 * mmap_file and file_mprotect: mapping a file executable (PROT_EXEC, or
 * mprotect adding PROT_EXEC to a file mapping) needs m.  Read and shared
 * write mappings need FMODE_READ / FMODE_WRITE, which the open already
 * decided, so they are not asked again.  The executable and its ELF
 * interpreter, which the kernel maps during exec, were decided by the exec
 * hook (x): files opened for exec (FMODE_EXEC) are not asked for m.
 *
 * file_mprotect is not a sleepable hook, so bpf_d_path() is not allowed
 * there: the file is named with pal_dpath() and decided with the policy in
 * force at that moment (the decision cache keys on the policy generation,
 * so nothing remembered from mmap time under an older policy applies).
 *
 * file_lock: k; a write lock also needs w, as in AppArmor.
 */
#include "fcache.bpf.h"

#define PAL_PROT_EXEC		0x4	/* include/uapi/asm-generic/mman-common.h */
#define PAL_VM_EXEC		0x4	/* include/linux/mm.h */
#define PAL_F_WRLCK		1	/* include/uapi/asm-generic/fcntl.h */
#define PAL_MMAP_FMODE_EXEC	0x20	/* FMODE_EXEC */
#define PAL_MMAP_O_EXEC		0x20	/* __FMODE_EXEC in f_flags before 6.8 */

/* Direct loads: a helper call per field would be most of what an
 * unconfined task's executable mapping pays here. */
static __always_inline int pal_file_is_exec_open(struct file *file)
{
	return (file->f_mode & PAL_MMAP_FMODE_EXEC) ||
	       (file->f_flags & PAL_MMAP_O_EXEC);
}

/*
 * Decide @requested on @file for the current task, naming it with
 * bpf_d_path() when @sleepable, else with pal_dpath().  When @pc is not
 * NULL, it gets the program-control flags of the profile that decided
 * (0 when unconfined), so that program control need not search the
 * profile table again; it is left alone when no profile was looked up.
 */
static __always_inline int pal_file_check(struct file *file, __u32 requested,
					  __u32 op, int sleepable, __u32 *pc)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_current_ctx();
	__u32 prof, mode = PAL_MODE_ENFORCE;
	struct pal_policy_ref ref;
	int ret;

	if (!tc || !tc->profile_id) {
		if (pc)
			*pc = 0;
		return 0;
	}
	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EACCES : 0;
	prof = pal_task_profile(&ref, tc, &mode);
	if (pc)
		*pc = prof ? PAL_FIELD(ref.blob, prof, struct pal_profile_rec,
				       pc_flags) : 0;
	ret = prof ? pal_file_decide(&ref, prof, mode, task, tc->profile_id,
				     &file->f_path, file->f_inode, requested,
				     op, sleepable) : 0;
	pal_policy_put(&ref);
	return ret;
}

/* The mmap_file and file_mprotect programs are in hooks.bpf.c; @pc as
 * for pal_file_check(). */
static __always_inline int pal_mmap_decide(struct file *file, unsigned long prot,
					   __u32 *pc)
{
	if (!file || !(prot & PAL_PROT_EXEC) || pal_file_is_exec_open(file))
		return 0;
	return pal_file_check(file, PAL_MAY_MMAP, PAL_OP_MMAP, 1, pc);
}

static __always_inline int pal_mprotect_decide(struct vm_area_struct *vma,
					       unsigned long prot, __u32 *pc)
{
	struct file *file = vma->vm_file;

	if (!file || !(prot & PAL_PROT_EXEC) || (vma->vm_flags & PAL_VM_EXEC) ||
	    pal_file_is_exec_open(file))
		return 0;
	return pal_file_check(file, PAL_MAY_MMAP, PAL_OP_MPROTECT, 0, pc);
}

SEC("lsm.s/file_lock")
int BPF_PROG(pal_file_lock, struct file *file, unsigned int cmd)
{
	__u32 requested = PAL_MAY_LOCK;

	if (cmd == PAL_F_WRLCK)
		requested |= PAL_MAY_WRITE;
	return pal_file_check(file, requested, PAL_OP_LOCK, 1, NULL);
}
