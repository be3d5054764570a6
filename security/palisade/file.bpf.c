// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: file hooks.  A confined task's open is decided by walking its
 * profile's file DFA over the path of the opened file, or by the decision
 * remembered for that file (fcache.bpf.h).
 */
#include "fcache.bpf.h"

/* Kernel-internal file mode bits and open flags (include/linux/fs.h,
 * include/uapi/asm-generic/fcntl.h); not part of BTF. */
#define PAL_FMODE_READ		0x1
#define PAL_FMODE_WRITE		0x2
#define PAL_FMODE_EXEC		0x20
#define PAL_O_APPEND		02000
#define PAL_O_TRUNC		01000
/* The open flag exec and uselib open with; before 6.8 FMODE_EXEC reaches
 * only f_flags, not f_mode. */
#define PAL___FMODE_EXEC	0x20

/* Permissions an open asks for, AppArmor's way: append-only writers ask
 * for 'a', other writers and truncating opens for 'w'.  Creating the file
 * (O_CREAT) is decided before, by path_mknod (path.bpf.c). */
static __always_inline __u32 pal_open_request(struct file *file)
{
	unsigned int fmode = file->f_mode;
	__u32 req = 0;

	if (fmode & PAL_FMODE_READ)
		req |= PAL_MAY_READ;
	if (fmode & PAL_FMODE_WRITE)
		req |= (file->f_flags & PAL_O_APPEND) ? PAL_MAY_APPEND : PAL_MAY_WRITE;
	/* Truncating writes, whatever the access mode (O_RDONLY|O_TRUNC
	 * too); the flag is still set when file_open runs. */
	if (file->f_flags & PAL_O_TRUNC)
		req |= PAL_MAY_WRITE;
	return req;
}

static __always_inline int pal_open_decide(const struct pal_policy_ref *ref,
					   struct task_struct *task,
					   struct pal_task_ctx *tc,
					   struct file *file, __u32 requested)
{
	__u32 mode = PAL_MODE_ENFORCE;
	/* A task whose profile was removed runs unconfined, as in AppArmor. */
	__u32 prof = pal_task_profile(ref, tc, &mode);

	if (!prof)
		return 0;
	return pal_file_decide(ref, prof, mode, task, tc->profile_id,
			       &file->f_path, file->f_inode, requested,
			       PAL_OP_OPEN, 1);
}

/* The file_open program is in hooks.bpf.c: this decides first. */
static __always_inline int pal_file_open_decide(struct file *file)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_current_ctx();
	struct pal_policy_ref ref;
	__u32 requested;
	int ret;

	if (!tc || !tc->profile_id)
		return 0;
	/* The exec'd binary and its interpreter are decided by the exec hooks. */
	if ((file->f_mode & PAL_FMODE_EXEC) || (file->f_flags & PAL___FMODE_EXEC))
		return 0;
	requested = pal_open_request(file);
	if (!requested)
		return 0;
	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EACCES : 0;
	ret = pal_open_decide(&ref, task, tc, file, requested);
	pal_policy_put(&ref);
	return ret;
}
