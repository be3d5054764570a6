/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: what the program-control hooks (progctl.bpf.c) and the identity
 * hooks (cred.bpf.c) share: the authority level, a file's marks and the
 * program-control state of the current process.
 */
#ifndef PALISADE_PROGCTL_BPF_H
#define PALISADE_PROGCTL_BPF_H

#include "common.bpf.h"
#include <asm-generic/errno.h>

/* include/uapi/asm-generic/mman-common.h, include/linux/mm.h, fs.h */
#define PAL_PROT_EXEC		0x4
#define PAL_VM_EXEC		0x4
#define PAL_PC_FMODE_WRITE	0x2
#define PAL_S_IFREG		0100000

static __always_inline __u32 pal_authority(void)
{
	struct pal_config *cfg;
	__u32 zero = 0;

	cfg = bpf_map_lookup_elem(&pal_config, &zero);
	return cfg && cfg->authority <= PAL_AUTH_LAST ? cfg->authority : PAL_AUTH_UNIX;
}

/*
 * The marks map's key of @inode, a BTF pointer (a hook's argument or a
 * field of one, perhaps untrusted).  Direct loads: the verifier makes
 * loads through a BTF pointer fault-handled ones, which cost an
 * instruction where a bpf_probe_read_kernel() call costs about eighty.
 */
static __always_inline void pal_mark_key_of(struct inode *inode,
					    struct pal_mark_key *key)
{
	key->ino = inode->i_ino;
	key->dev = inode->i_sb->s_dev;
	key->gen = inode->i_generation;
}

/* The same for an inode address read from memory (a plain scalar to the
 * verifier, as pal_fd_inode() returns), read with helpers. */
static __always_inline void pal_mark_key_read(struct inode *inode,
					      struct pal_mark_key *key)
{
	key->ino = BPF_CORE_READ(inode, i_ino);
	key->dev = BPF_CORE_READ(inode, i_sb, s_dev);
	key->gen = BPF_CORE_READ(inode, i_generation);
}

static __always_inline __u32 pal_marks_at(const struct pal_mark_key *key)
{
	__u32 *m = bpf_map_lookup_elem(&pal_marks, key);

	return m ? *m : 0;
}

/* PAL_MARK_* of @inode, a BTF pointer; 0 for NULL. */
static __always_inline __u32 pal_marks_of(struct inode *inode)
{
	struct pal_mark_key key;

	if (!inode)
		return 0;
	pal_mark_key_of(inode, &key);
	return pal_marks_at(&key);
}

/* The label holding the program-control state of the current task's
 * process: the thread group leader's (threads share one address space).
 * Most processes have one thread, the leader, and pal_current_ctx() then
 * skips the lookup when it has no label. */
static __always_inline struct pal_task_ctx *pal_current_proc_ctx(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	if (task->group_leader == task)
		return pal_current_ctx();
	return pal_task_ctx(task->group_leader);
}

/*
 * A program-control refusal under a profile in @mode: complain mode logs
 * and allows, kill mode kills, unconfined mode allows silently.
 */
static __always_inline void pal_pc_refuse(__u32 mode, struct pal_decision *d)
{
	d->denied = mode == PAL_MODE_UNCONFINED ? 0 : 1;
	d->error = d->denied && mode != PAL_MODE_COMPLAIN;
	d->kill = d->denied && mode == PAL_MODE_KILL;
	d->log = d->denied;
}

/*
 * The profile record and mode of @tc under @ref and its PAL_PC_* flags.
 * Return: the record's offset, 0 for unconfined (*pc = 0).
 */
static __always_inline __u32 pal_pc_profile(const struct pal_policy_ref *ref,
					    struct pal_task_ctx *tc,
					    __u32 *mode, __u32 *pc)
{
	__u32 prof = 0;

	*mode = PAL_MODE_ENFORCE;
	*pc = 0;
	if (tc && tc->profile_id)
		prof = pal_task_profile(ref, tc, mode);
	if (prof)
		*pc = PAL_FIELD(ref->blob, prof, struct pal_profile_rec, pc_flags);
	return prof;
}

#endif /* PALISADE_PROGCTL_BPF_H */
