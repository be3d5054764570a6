/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: naming objects where bpf_d_path() is not allowed.
 *
 * bpf_d_path() works only in the hooks of the kernel's sleepable set
 * (kernel/bpf/bpf_lsm.c) and only on a struct path the kernel handed over.
 * Some hooks need a name anyway: path_mknod (every creation, O_CREAT opens
 * included) and file_mprotect are not in the set, and path_link gives the
 * link target as a bare dentry.  pal_dpath() builds the name the same way
 * d_path() does: up the dentries to the root of each mount, across the
 * mount to its mountpoint in the parent mount, until the task's root.
 *
 * It differs from d_path() in two documented ways (README.md, Limits):
 * a deleted object gets no " (deleted)" suffix here (callers that care
 * check d_unhashed() themselves), and a path that does not lead back to the
 * task's root (disconnected, or outside a chroot) is reported so, and the
 * callers give it no name: it matches no rule.
 */
#ifndef PALISADE_DPATH_BPF_H
#define PALISADE_DPATH_BPF_H

#include "common.bpf.h"

/* Deepest path (components) pal_dpath() names; deeper ones get no name. */
#define PAL_DPATH_DEPTH		64
/* The component stack lives at the end of the output buffer. */
#define PAL_DPATH_STACK_OFF	(PALISADE_PATH_MAX - PAL_DPATH_DEPTH * 8)
/* Longest name written: the stack and one NAME_MAX component stay clear. */
#define PAL_DPATH_NAME_MAX	(PAL_DPATH_STACK_OFF - 257)
_Static_assert(PAL_DPATH_STACK_OFF % 8 == 0, "aligned component stack");

#define PAL_DPATH_OK		0
#define PAL_DPATH_DISCONNECTED	1	/* never reached the task's root */
#define PAL_DPATH_TOO_LONG	2

struct pal_dpath_up {
	__u64 dentry;		/* struct dentry * */
	__u64 mnt;		/* struct mount * */
	__u64 root_dentry;
	__u64 root_mnt;		/* struct vfsmount * */
	__u64 *stack;
	__u32 n;
	__u32 status;
	__u32 done;
};

static long pal_dpath_up_step(__u32 index, void *data)
{
	struct pal_dpath_up *u = data;
	struct dentry *d = (struct dentry *)u->dentry;
	struct mount *m = (struct mount *)u->mnt;
	struct dentry *mnt_root, *parent;
	struct mount *mparent;

	if (d == (struct dentry *)u->root_dentry &&
	    (__u64)&m->mnt == u->root_mnt) {
		u->done = 1;
		return 1;
	}
	mnt_root = BPF_CORE_READ(m, mnt.mnt_root);
	if (d == mnt_root) {
		mparent = BPF_CORE_READ(m, mnt_parent);
		if (mparent == m || !mparent) {
			/* The root of the mount namespace, but not the task's
			 * root: the task is chrooted below it, or the object
			 * lies outside the task's root. */
			u->status = PAL_DPATH_DISCONNECTED;
			u->done = 1;
			return 1;
		}
		u->dentry = (__u64)BPF_CORE_READ(m, mnt_mountpoint);
		u->mnt = (__u64)mparent;
		return 0;
	}
	parent = BPF_CORE_READ(d, d_parent);
	if (parent == d) {
		/* A root dentry that is not its mount's root. */
		u->status = PAL_DPATH_DISCONNECTED;
		u->done = 1;
		return 1;
	}
	if (u->n >= PAL_DPATH_DEPTH) {
		u->status = PAL_DPATH_TOO_LONG;
		u->done = 1;
		return 1;
	}
	u->stack[u->n & (PAL_DPATH_DEPTH - 1)] = (__u64)d;
	u->n++;
	u->dentry = (__u64)parent;
	return 0;
}

struct pal_dpath_down {
	char *buf;
	__u64 *stack;
	__u32 n;
	__u32 pos;
	__u32 status;
};

static long pal_dpath_down_step(__u32 index, void *data)
{
	struct pal_dpath_down *w = data;
	struct dentry *d;
	const unsigned char *name;
	__u32 pos = w->pos;
	long len;

	if (index >= w->n)
		return 1;
	d = (struct dentry *)w->stack[(w->n - 1 - index) & (PAL_DPATH_DEPTH - 1)];
	name = BPF_CORE_READ(d, d_name.name);
	if (pos > PAL_DPATH_NAME_MAX) {
		w->status = PAL_DPATH_TOO_LONG;
		return 1;
	}
	w->buf[pos & (PALISADE_PATH_MAX - 1)] = '/';
	pos++;
	/* Checked again where the verifier sees it: clang folds the first. */
	pal_opaque(pos);
	if (pos > PAL_DPATH_NAME_MAX + 1)
		return 1;
	len = bpf_probe_read_kernel_str(w->buf + pos, 256, name);
	if (len <= 1) {
		w->status = PAL_DPATH_TOO_LONG;
		return 1;
	}
	w->pos = pos + (__u32)len - 1;
	return 0;
}

/*
 * Name (@mnt, @dentry) into @buf (PALISADE_PATH_MAX bytes), absolute from
 * the current task's root.  Directories get no trailing '/' here.
 * @lenp: the name's length, without the NUL.
 * Return: PAL_DPATH_OK, or why there is no name (@buf is then empty).
 */
static __always_inline int pal_dpath(struct vfsmount *mnt, struct dentry *dentry,
				     char *buf, long *lenp)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_dpath_up u = {
		.dentry = (__u64)dentry,
		.mnt = (__u64)mnt - bpf_core_field_offset(struct mount, mnt),
		.root_dentry = (__u64)BPF_CORE_READ(task, fs, root.dentry),
		.root_mnt = (__u64)BPF_CORE_READ(task, fs, root.mnt),
		.stack = (__u64 *)(buf + PAL_DPATH_STACK_OFF),
	};
	struct pal_dpath_down w = { .buf = buf, .stack = u.stack };

	*lenp = 0;
	buf[0] = 0;
	/*
	 * 6.1's verifier checks a bpf_loop() callback as if it ran once.
	 * With the component count entering the loop as the known constant
	 * 0, the count read after the loop was 0 at run time on 6.1 (every
	 * name came out as "/"; 6.12 was right).  The counters start as
	 * values loaded from the map, which the verifier cannot know, as the
	 * DFA walk's state does.  Each mount crossed costs a step too.
	 */
	*(volatile __u32 *)buf = 0;
	u.n = *(volatile __u32 *)buf;
	bpf_loop(PAL_DPATH_DEPTH * 2, pal_dpath_up_step, &u, 0);
	if (!u.done)
		u.status = PAL_DPATH_TOO_LONG;
	if (u.status)
		return u.status;
	if (!u.n) {
		buf[0] = '/';
		buf[1] = 0;
		*lenp = 1;
		return PAL_DPATH_OK;
	}
	w.n = u.n;
	w.pos = *(volatile __u32 *)buf;
	bpf_loop(PAL_DPATH_DEPTH, pal_dpath_down_step, &w, 0);
	if (w.status) {
		buf[0] = 0;
		return w.status;
	}
	buf[w.pos & (PALISADE_PATH_MAX - 1)] = 0;
	*lenp = w.pos;
	return PAL_DPATH_OK;
}

#endif /* PALISADE_DPATH_BPF_H */
