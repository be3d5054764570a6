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
 * mount to its mountpoint in the parent mount, until the root of the task's
 * mount namespace.  Names are absolute in the namespace, as AppArmor names
 * them, whatever the task's root: a chroot does not rename files (where
 * d_path(), and so bpf_d_path(), names them from the task's root).
 *
 * It differs from d_path() in two documented ways (README.md, Limits):
 * a deleted object gets no " (deleted)" suffix here (pal_path_of() strips
 * the one bpf_d_path() adds, so every hook names it alike), and a path that does not lead back to the
 * namespace's root (disconnected, or another namespace's) is reported so,
 * and the callers give it no name: it matches no rule.
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
#define PAL_DPATH_DISCONNECTED	1	/* never reached the namespace's root */
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
			/* A root mount that is not the task's namespace's:
			 * the object lies in another namespace. */
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

/* The root mount of the current task's mount namespace, NULL if none. */
static __always_inline struct mount *pal_ns_root(struct task_struct *task)
{
	return BPF_CORE_READ(task, nsproxy, mnt_ns, root);
}

/*
 * Name (@mnt, @dentry) into @buf (PALISADE_PATH_MAX bytes), absolute in
 * the current task's mount namespace.  Directories get no trailing '/' here.
 * @lenp: the name's length, without the NUL.
 * Return: PAL_DPATH_OK, or why there is no name (@buf is then empty).
 */
static __always_inline int pal_dpath_ex(struct vfsmount *mnt,
					struct dentry *dentry, char *buf,
					long *lenp, int attach)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct mount *root = pal_ns_root(task);
	struct pal_dpath_up u = {
		.dentry = (__u64)dentry,
		.mnt = (__u64)mnt - bpf_core_field_offset(struct mount, mnt),
		.root_dentry = (__u64)BPF_CORE_READ(root, mnt.mnt_root),
		.root_mnt = (__u64)root + bpf_core_field_offset(struct mount, mnt),
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
	/* attach_disconnected: named from the root the walk stopped at. */
	if (u.status == PAL_DPATH_DISCONNECTED && attach)
		u.status = PAL_DPATH_OK;
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

/*
 * pal_dpath_ex() without attach_disconnected: a disconnected object has
 * no name.  With @attach (the profile's flags=(attach_disconnected)) it is
 * named from the root the walk reached, as if that were "/" (AppArmor
 * connects such paths to "/" under the flag).
 */
static __always_inline int pal_dpath(struct vfsmount *mnt, struct dentry *dentry,
				     char *buf, long *lenp)
{
	return pal_dpath_ex(mnt, dentry, buf, lenp, 0);
}

/*
 * Is the current task's root elsewhere than its mount namespace's root
 * (chroot)?  bpf_d_path() would then name files from the task's root.
 */
static __always_inline int pal_task_chrooted(struct task_struct *task)
{
	struct mount *root = pal_ns_root(task);

	if (!root)
		return 0;
	return BPF_CORE_READ(task, fs, root.dentry) !=
		       BPF_CORE_READ(root, mnt.mnt_root) ||
	       (__u64)BPF_CORE_READ(task, fs, root.mnt) !=
		       (__u64)root + bpf_core_field_offset(struct mount, mnt);
}

/* A kernel-internal mount (include/linux/mount.h; memfd, pipes, ...). */
#define PAL_MNT_INTERNAL	0x4000

/*
 * Is @path a deleted file (unlinked while open: its dentry unhashed, not a
 * root, with an inode) on a mount of the task's own mount namespace?
 * Objects of internal mounts (memfd, pipes) are unhashed too but belong
 * to no namespace: they are not "deleted" here.
 */
static __always_inline int pal_path_deleted(const struct path *path)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct dentry *d = BPF_CORE_READ(path, dentry);
	struct mount *m = (struct mount *)((__u64)BPF_CORE_READ(path, mnt) -
					   bpf_core_field_offset(struct mount, mnt));

	if (BPF_CORE_READ(d, d_hash.pprev) || BPF_CORE_READ(d, d_parent) == d ||
	    !BPF_CORE_READ(d, d_inode) ||
	    (BPF_CORE_READ(path, mnt, mnt_flags) & PAL_MNT_INTERNAL))
		return 0;
	return BPF_CORE_READ(m, mnt_ns) == BPF_CORE_READ(task, nsproxy, mnt_ns);
}

#define PAL_DELETED_SUFFIX	" (deleted)"
#define PAL_DELETED_LEN		(sizeof(PAL_DELETED_SUFFIX) - 1)

/*
 * d_path() (so bpf_d_path()) names a deleted file with a " (deleted)"
 * suffix; palisade decides it by its name without one, as AppArmor does
 * and as pal_dpath() names it.  Return: the new length.
 */
static __always_inline long pal_strip_deleted(char *buf, long len)
{
	const char suffix[] = PAL_DELETED_SUFFIX;
	long i, at = len - (long)PAL_DELETED_LEN;

	pal_opaque(at);
	if (at < 1 || at > PALISADE_PATH_MAX - 1)
		return len;
	for (i = 0; i < (long)PAL_DELETED_LEN; i++)
		if (buf[(at + i) & (PALISADE_PATH_MAX - 1)] != suffix[i])
			return len;
	buf[at & (PALISADE_PATH_MAX - 1)] = 0;
	return at;
}

/*
 * Put the path of @path into @buf as AppArmor names it: absolute in the
 * task's mount namespace, directories with a trailing '/'.  Only in the
 * hooks where bpf_d_path() is allowed (the sleepable set); a chrooted task's
 * names are built with pal_dpath(), so that a chroot renames nothing.
 * Return: length without the NUL, or a negative errno.
 */
static __always_inline long pal_path_of(const struct path *path,
					struct inode *inode, char *buf)
{
	struct task_struct *task = bpf_get_current_task_btf();
	long len;
	__u16 mode;

	/*
	 * Objects that are not reachable from the namespace's root (memfd,
	 * pipes, sockets: names of their own, which d_path() makes up) are
	 * named by bpf_d_path() whatever the task's root.  Since 7.0 every
	 * task's root lies above the namespace's (a nullfs) root, so this
	 * is the common case there, not only under chroot.
	 */
	if (pal_task_chrooted(task) &&
	    pal_dpath(BPF_CORE_READ(path, mnt), BPF_CORE_READ(path, dentry),
		      buf, &len) == PAL_DPATH_OK) {
		/* named from the namespace's root */
	} else {
		/* f_path is const since 6.13; the helper only reads it. */
		len = bpf_d_path((struct path *)path, buf, PALISADE_PATH_MAX);
		if (len <= 0)
			return len < 0 ? len : -ENOENT;
		len -= 1; /* bpf_d_path counts the NUL */
		if (pal_path_deleted(path))
			len = pal_strip_deleted(buf, len);
	}
	mode = BPF_CORE_READ(inode, i_mode);
	/* "/" is already a directory name. */
	pal_opaque(len);
	if ((mode & PAL_S_IFMT) == PAL_S_IFDIR && len > 1 &&
	    len < PALISADE_PATH_MAX - 1) {
		buf[len & (PALISADE_PATH_MAX - 1)] = '/';
		buf[(len + 1) & (PALISADE_PATH_MAX - 1)] = 0;
		len += 1;
	}
	return len;
}

#endif /* PALISADE_DPATH_BPF_H */
