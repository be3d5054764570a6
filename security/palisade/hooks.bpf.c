// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: the hooks more than one concern needs.
 *
 * Every BPF program attached to a hook costs a trampoline entry and exit
 * on every call, whether it has anything to decide or not.
 * inode_permission runs once per path component of every lookup,
 * file_open and mmap_file on every open and executable mapping, the task
 * hooks on every fork, bprm_committed_creds on every exec, for confined
 * and unconfined tasks alike: so each gets one program, which asks each
 * concern in turn, as an in-tree LSM's hook function would.
 * The first refusal wins; a concern with a side effect (program control
 * clearing marks, marking a process dirty) runs only once the access is
 * allowed.  The concerns stay in their files; this file only orders them.
 *
 * file_open and mmap_file stay sleepable programs: a kill-mode refusal's
 * bpf_send_signal() then queues SIGKILL at once.  Run as plain programs
 * (bpf_d_path() only needs the hook in the sleepable set), a refused task
 * on 7.2 (ppc64le) was once seen to exit with the error before the
 * signal came.
 */
#include "common.bpf.h"

/* Defined by the concerns' files (one translation unit, see Makefile). */
static __always_inline int pal_self_file_open(struct file *file);
static __always_inline int pal_self_bpf_map(struct bpf_map *map);
static __always_inline int pal_pc_bpf_map(struct bpf_map *map, fmode_t fmode);
static __always_inline int pal_server_inode_permission(struct inode *inode,
						       int mask);
static __always_inline int pal_file_open_decide(struct file *file);
static __always_inline int pal_pc_file_open(struct file *file);
static __always_inline int pal_mmap_decide(struct file *file,
					   unsigned long prot, __u32 *pc);
static __always_inline int pal_pc_mmap(struct file *file, unsigned long prot,
				       __u32 pc);
static __always_inline int pal_mprotect_decide(struct vm_area_struct *vma,
					       unsigned long prot, __u32 *pc);
static __always_inline int pal_pc_mprotect(struct vm_area_struct *vma,
					   unsigned long prot, __u32 pc);
static __always_inline int pal_task_alloc_label(struct task_struct *task,
						unsigned long clone_flags);
static __always_inline int pal_server_task_alloc(struct task_struct *task,
						 unsigned long clone_flags);
static __always_inline int pal_task_free_label(struct task_struct *task);
static __always_inline int pal_server_task_free(struct task_struct *task);
static __always_inline int pal_exec_committed(struct linux_binprm *bprm);
static __always_inline int pal_pc_bprm_committed(struct linux_binprm *bprm);

/*
 * Server read (server.bpf.c), the one concern that needs every path
 * component's check.  This program is loaded but attached only while the
 * policy in force has a server profile or a task holds a server identity
 * (tools/lib/pal_loader.c): otherwise its trampoline would cost every
 * lookup of every task a round trip per component for nothing.
 */
SEC("lsm/inode_permission")
int BPF_PROG(pal_inode_permission, struct inode *inode, int mask)
{
	return pal_server_inode_permission(inode, mask);
}

/* Self-protection (selfprotect.bpf.c), the profile (file.bpf.c), then
 * program control's marks (progctl.bpf.c). */
SEC("lsm.s/file_open")
int BPF_PROG(pal_file_open, struct file *file)
{
	int ret = pal_self_file_open(file);

	if (ret)
		return ret;
	ret = pal_file_open_decide(file);
	if (ret)
		return ret;
	return pal_pc_file_open(file);
}

/* Self-protection, then the marks and decision-cache maps' writers. */
SEC("lsm/bpf_map")
int BPF_PROG(pal_bpf_map, struct bpf_map *map, fmode_t fmode)
{
	int ret = pal_self_bpf_map(map);

	if (ret)
		return ret;
	return pal_pc_bpf_map(map, fmode);
}

/*
 * The profile's m (mmap.bpf.c), then clean/dirty (progctl.bpf.c).  The
 * first hands the second the profile's program-control flags it found,
 * so that a confined mapping searches the profile table once.
 */
SEC("lsm.s/mmap_file")
int BPF_PROG(pal_mmap_file, struct file *file, unsigned long reqprot,
	     unsigned long prot, unsigned long flags)
{
	__u32 pc = PAL_PC_NOT_LOOKED_UP;
	int ret = pal_mmap_decide(file, prot, &pc);

	if (ret)
		return ret;
	return pal_pc_mmap(file, prot, pc);
}

SEC("lsm/file_mprotect")
int BPF_PROG(pal_file_mprotect, struct vm_area_struct *vma,
	     unsigned long reqprot, unsigned long prot)
{
	__u32 pc = PAL_PC_NOT_LOOKED_UP;
	int ret = pal_mprotect_decide(vma, prot, &pc);

	if (ret)
		return ret;
	return pal_pc_mprotect(vma, prot, pc);
}

/* The label (task.bpf.c: copies the profile, checks limits), then a server
 * identity the child inherits (server.bpf.c). */
SEC("lsm/task_alloc")
int BPF_PROG(pal_task_alloc, struct task_struct *task, unsigned long clone_flags)
{
	int ret = pal_task_alloc_label(task, clone_flags);

	if (ret)
		return ret;
	return pal_server_task_alloc(task, clone_flags);
}

SEC("lsm/task_free")
int BPF_PROG(pal_task_free, struct task_struct *task)
{
	pal_task_free_label(task);
	pal_server_task_free(task);
	return 0;
}

/* The new profile (exec.bpf.c), then the new image's clean state
 * (progctl.bpf.c). */
SEC("lsm/bprm_committed_creds")
int BPF_PROG(pal_bprm_committed_creds, struct linux_binprm *bprm)
{
	pal_exec_committed(bprm);
	pal_pc_bprm_committed(bprm);
	return 0;
}
