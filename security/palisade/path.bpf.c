// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: path hooks (CONFIG_SECURITY_PATH).  Creation, removal, rename,
 * link, symlink and attribute changes of a confined task are decided on the
 * object's name, with AppArmor's meaning of the profile letters:
 *
 *   mknod (creating open too), mkdir, symlink, rename_dest	w (create)
 *   unlink, rmdir						w (delete)
 *   rename_src							r w
 *   chmod, chown, truncate					w
 *   link							l, and the link may
 *	grant no more than its target (the subset rule: every permission the
 *	profile gives the new name, l aside, the target's name must have too,
 *	and an exec transition must be the same)
 *
 * ``owner`` rules apply when the task's fsuid owns the object; a new object
 * (creation) is owned by the task, as in AppArmor.  Directories are named
 * with a trailing '/'.
 *
 * The path hooks are not sleepable on 6.1 (6.2 added most of them to the
 * sleepable set, never path_mknod), so bpf_d_path() is not allowed there:
 * every name here comes from pal_dpath(), the same on every kernel.  An
 * entry being created or removed is named as its parent's name + '/' + the
 * entry's own name.
 */
#include "dpath.bpf.h"
#include <asm-generic/errno.h>

#define PAL_RENAME_EXCHANGE	(1 << 1)	/* include/uapi/linux/fs.h */

/**
 * struct pal_fs_ctx - what a path hook holds while it decides
 * @ref: the policy in force
 * @tc: the task's label
 * @prof: the task's profile record
 * @mode: the profile's mode
 */
struct pal_fs_ctx {
	struct pal_policy_ref ref;
	struct pal_task_ctx *tc;
	__u32 prof;
	__u32 mode;
};

/*
 * Start a decision for the current task.  Return: 1 with @c filled (the
 * caller must pal_fs_end()), 0 when the task is unconfined, or a negative
 * errno to return (the policy kept changing: fail closed).
 */
static __always_inline int pal_fs_begin(struct pal_fs_ctx *c)
{
	int ret;

	/* The plain lookup, not pal_current_ctx(): these hooks are not hot,
	 * and inode_setattr's program is at the 7.2 verifier's budget. */
	c->tc = pal_task_ctx(bpf_get_current_task_btf());
	if (!c->tc || !c->tc->profile_id)
		return 0;
	ret = pal_policy_get(&c->ref);
	if (ret)
		return ret == -EBUSY ? -EACCES : 0;
	c->mode = PAL_MODE_ENFORCE;
	c->prof = pal_task_profile(&c->ref, c->tc, &c->mode);
	if (!c->prof) {
		pal_policy_put(&c->ref);
		return 0;
	}
	return 1;
}

static __always_inline void pal_fs_end(struct pal_fs_ctx *c)
{
	pal_policy_put(&c->ref);
}

/* Does the profile name disconnected objects (flags=(attach_disconnected))? */
static __always_inline int pal_fs_attach(const struct pal_fs_ctx *c)
{
	return !!(PAL_FIELD(c->ref.blob, c->prof, struct pal_profile_rec, flags) &
		  PAL_PF_ATTACH_DISCONNECTED);
}

static __always_inline __u32 pal_fsuid(void)
{
	struct task_struct *task = bpf_get_current_task_btf();

	return task->cred->fsuid.val;
}

static __always_inline __u32 pal_dentry_uid(struct dentry *dentry)
{
	return BPF_CORE_READ(dentry, d_inode, i_uid.val);
}

static __always_inline int pal_dentry_is_dir(struct dentry *dentry)
{
	__u16 mode = BPF_CORE_READ(dentry, d_inode, i_mode);

	return (mode & PAL_S_IFMT) == PAL_S_IFDIR;
}

/*
 * Append '/' + @dentry's name (+ '/' when @dir) to the directory name of
 * @len bytes in @buf.  Return: the new length, or -ENAMETOOLONG.
 */
static __always_inline long pal_name_append(char *buf, long len,
					    struct dentry *dentry, int dir)
{
	const unsigned char *name = BPF_CORE_READ(dentry, d_name.name);
	long n;

	pal_opaque(len);
	if (len < 1 || len > PALISADE_PATH_MAX - 260)
		return -ENAMETOOLONG;
	/* Only "/" already ends in '/'. */
	if (buf[(len - 1) & (PALISADE_PATH_MAX - 1)] != '/') {
		buf[len & (PALISADE_PATH_MAX - 1)] = '/';
		len++;
	}
	n = bpf_probe_read_kernel_str(buf + (len & (PALISADE_PATH_MAX - 1)),
				      256, name);
	if (n <= 1)
		return -ENAMETOOLONG;
	len += n - 1;
	if (dir && len < PALISADE_PATH_MAX - 2) {
		buf[len & (PALISADE_PATH_MAX - 1)] = '/';
		buf[(len + 1) & (PALISADE_PATH_MAX - 1)] = 0;
		len++;
	}
	return len;
}

/*
 * Name the entry @dentry of the directory @dir into @buf.  An unnamed
 * object gets the empty name, which no rule matches.
 */
static __always_inline void pal_child_name(const struct path *dir,
					   struct dentry *dentry, int is_dir,
					   char *buf, int attach)
{
	long len;

	if (pal_dpath_ex(BPF_CORE_READ(dir, mnt), BPF_CORE_READ(dir, dentry),
			 buf, &len, attach) != PAL_DPATH_OK ||
	    pal_name_append(buf, len, dentry, is_dir) < 0)
		buf[0] = 0;
}

/* Name the object @path into @buf; directories end in '/'. */
static __always_inline void pal_object_name(const struct path *path, char *buf,
					    int attach)
{
	struct dentry *dentry = BPF_CORE_READ(path, dentry);
	long len;

	if (pal_dpath_ex(BPF_CORE_READ(path, mnt), dentry, buf, &len, attach) !=
	    PAL_DPATH_OK) {
		buf[0] = 0;
		return;
	}
	pal_opaque(len);
	if (pal_dentry_is_dir(dentry) && len > 1 && len < PALISADE_PATH_MAX - 2) {
		buf[len & (PALISADE_PATH_MAX - 1)] = '/';
		buf[(len + 1) & (PALISADE_PATH_MAX - 1)] = 0;
	}
}

/* Decide @requested on @name with owner uid @ouid, audit as @op. */
static __always_inline int pal_fs_decide(struct pal_fs_ctx *c, const char *name,
					 __u32 ouid, __u32 requested, __u32 op)
{
	struct pal_decision d;
	struct pal_perms perms;

	pal_file_perms(c->ref.blob, c->prof, name, pal_fsuid() == ouid, &perms);
	pal_decide(&perms, requested, c->mode, &d);
	return pal_enforce(&d, op, c->tc->profile_id, requested, ouid, name);
}

/*
 * The common shape: name the entry @dentry of @dir and decide @requested.
 * @ouid: owner for ``owner`` rules.
 */
static __always_inline int pal_entry_check(const struct path *dir,
					   struct dentry *dentry, int is_dir,
					   __u32 ouid, __u32 requested, __u32 op)
{
	struct pal_fs_ctx c;
	struct pal_scratch *sc;
	int ret;

	ret = pal_fs_begin(&c);
	if (ret <= 0)
		return ret;
	sc = pal_scratch_get();
	if (!sc) {
		pal_fs_end(&c);
		return -EAGAIN;
	}
	pal_child_name(dir, dentry, is_dir, sc->path, pal_fs_attach(&c));
	ret = pal_fs_decide(&c, sc->path, ouid, requested, op);
	pal_scratch_put(sc);
	pal_fs_end(&c);
	return ret;
}

/* An object named by a whole struct path (chmod, chown, truncate). */
static __always_inline int pal_object_check(const struct path *path,
					    __u32 requested, __u32 op)
{
	struct dentry *dentry = BPF_CORE_READ(path, dentry);
	struct pal_fs_ctx c;
	struct pal_scratch *sc;
	int ret;

	ret = pal_fs_begin(&c);
	if (ret <= 0)
		return ret;
	sc = pal_scratch_get();
	if (!sc) {
		pal_fs_end(&c);
		return -EAGAIN;
	}
	pal_object_name(path, sc->path, pal_fs_attach(&c));
	ret = pal_fs_decide(&c, sc->path, pal_dentry_uid(dentry), requested, op);
	pal_scratch_put(sc);
	pal_fs_end(&c);
	return ret;
}

SEC("lsm/path_mknod")
int BPF_PROG(pal_path_mknod, const struct path *dir, struct dentry *dentry,
	     umode_t mode, unsigned int dev)
{
	struct pal_fs_ctx c;
	struct pal_scratch *sc;
	int ret;

	ret = pal_fs_begin(&c);
	if (ret <= 0)
		return ret;
	sc = pal_scratch_get();
	if (!sc) {
		pal_fs_end(&c);
		return -EAGAIN;
	}
	pal_child_name(dir, dentry, 0, sc->path, pal_fs_attach(&c));
	ret = pal_fs_decide(&c, sc->path, pal_fsuid(), PAL_MAY_WRITE, PAL_OP_MKNOD);
	pal_scratch_put(sc);
	pal_fs_end(&c);
	return ret;
}

SEC("lsm/path_mkdir")
int BPF_PROG(pal_path_mkdir, const struct path *dir, struct dentry *dentry,
	     umode_t mode)
{
	return pal_entry_check(dir, dentry, 1, pal_fsuid(), PAL_MAY_WRITE,
			       PAL_OP_MKDIR);
}

SEC("lsm/path_rmdir")
int BPF_PROG(pal_path_rmdir, const struct path *dir, struct dentry *dentry)
{
	return pal_entry_check(dir, dentry, 1, pal_dentry_uid(dentry),
			       PAL_MAY_WRITE, PAL_OP_RMDIR);
}

SEC("lsm/path_unlink")
int BPF_PROG(pal_path_unlink, const struct path *dir, struct dentry *dentry)
{
	return pal_entry_check(dir, dentry, 0, pal_dentry_uid(dentry),
			       PAL_MAY_WRITE, PAL_OP_UNLINK);
}

SEC("lsm/path_symlink")
int BPF_PROG(pal_path_symlink, const struct path *dir, struct dentry *dentry,
	     const char *old_name)
{
	return pal_entry_check(dir, dentry, 0, pal_fsuid(), PAL_MAY_WRITE,
			       PAL_OP_SYMLINK);
}

SEC("lsm/path_rename")
int BPF_PROG(pal_path_rename, const struct path *old_dir,
	     struct dentry *old_dentry, const struct path *new_dir,
	     struct dentry *new_dentry, unsigned int flags)
{
	int src_dir = pal_dentry_is_dir(old_dentry);
	__u32 src_uid = pal_dentry_uid(old_dentry);
	int ret;

	if (flags & PAL_RENAME_EXCHANGE) {
		/* Both ends move: each is a source and a destination. */
		int dst_dir = pal_dentry_is_dir(new_dentry);
		__u32 dst_uid = pal_dentry_uid(new_dentry);

		ret = pal_entry_check(new_dir, new_dentry, dst_dir, dst_uid,
				      PAL_MAY_READ | PAL_MAY_WRITE,
				      PAL_OP_RENAME_SRC);
		if (ret)
			return ret;
		ret = pal_entry_check(old_dir, old_dentry, src_dir, dst_uid,
				      PAL_MAY_WRITE, PAL_OP_RENAME_DEST);
		if (ret)
			return ret;
	}
	ret = pal_entry_check(old_dir, old_dentry, src_dir, src_uid,
			      PAL_MAY_READ | PAL_MAY_WRITE, PAL_OP_RENAME_SRC);
	if (ret)
		return ret;
	/* The destination is named by what arrives there. */
	return pal_entry_check(new_dir, new_dentry, src_dir, src_uid,
			       PAL_MAY_WRITE, PAL_OP_RENAME_DEST);
}

/*
 * link: the new name needs l, and the permissions the profile grants the
 * new name (l aside) must all be granted to the target's name, with the
 * same exec transition; else the link would widen access to the target.
 */
static __always_inline int pal_link_decide(struct pal_fs_ctx *c,
					   const char *lname, const char *tname,
					   __u32 ouid)
{
	const __u8 *blob = c->ref.blob;
	int owner = pal_fsuid() == ouid;
	struct pal_perms lp, tp;
	struct pal_decision d;
	__u32 lacc, tacc, lx, tx, requested = PAL_MAY_LINK, extra;

	lacc = pal_file_accept(blob, c->prof, lname);
	tacc = pal_file_accept(blob, c->prof, tname);
	pal_accept_perms(blob, lacc, owner, &lp);
	pal_accept_perms(blob, tacc, owner, &tp);
	lx = pal_accept_xmode(blob, lacc, 0);
	tx = pal_accept_xmode(blob, tacc, 0);
	if (owner) {
		lx = pal_accept_xmode(blob, lacc, 1) ?: lx;
		tx = pal_accept_xmode(blob, tacc, 1) ?: tx;
	}
	/* What the link would grant beyond its target: asked for, so the
	 * decision denies it and the audit line names it. */
	extra = (lp.allow & ~lp.deny & ~PAL_MAY_LINK) & ~(tp.allow & ~tp.deny);
	if ((lp.allow & ~lp.deny & PAL_MAY_EXEC) && lx != tx)
		extra |= PAL_MAY_EXEC;
	requested |= extra;
	lp.allow &= ~extra;
	pal_decide(&lp, requested, c->mode, &d);
	return pal_enforce(&d, PAL_OP_LINK, c->tc->profile_id, requested, ouid,
			   lname);
}

SEC("lsm/path_link")
int BPF_PROG(pal_path_link, struct dentry *old_dentry,
	     const struct path *new_dir, struct dentry *new_dentry)
{
	struct pal_scratch *ls, *ts;
	struct pal_fs_ctx c;
	long len;
	int ret;

	ret = pal_fs_begin(&c);
	if (ret <= 0)
		return ret;
	ls = pal_scratch_get();
	ts = pal_scratch_get();
	if (!ls || !ts) {
		ret = -EAGAIN;
		goto out;
	}
	pal_child_name(new_dir, new_dentry, 0, ls->path, pal_fs_attach(&c));
	/* The target is on the same mount as the new name. */
	if (pal_dpath(BPF_CORE_READ(new_dir, mnt), old_dentry, ts->path,
		      &len) != PAL_DPATH_OK)
		ts->path[0] = 0;
	ret = pal_link_decide(&c, ls->path, ts->path, pal_dentry_uid(old_dentry));
out:
	if (ts)
		pal_scratch_put(ts);
	if (ls)
		pal_scratch_put(ls);
	pal_fs_end(&c);
	return ret;
}

SEC("lsm/path_truncate")
int BPF_PROG(pal_path_truncate, const struct path *path)
{
	return pal_object_check(path, PAL_MAY_WRITE, PAL_OP_TRUNCATE);
}

SEC("lsm/path_chmod")
int BPF_PROG(pal_path_chmod, const struct path *path, umode_t mode)
{
	return pal_object_check(path, PAL_MAY_WRITE, PAL_OP_CHMOD);
}

SEC("lsm/path_chown")
int BPF_PROG(pal_path_chown, const struct path *path)
{
	return pal_object_check(path, PAL_MAY_WRITE, PAL_OP_CHOWN);
}

/*
 * ftruncate(2), and the truncation of an O_TRUNC open (the open itself
 * asked for w already, so this only repeats the decision): 6.2+.  6.1 has
 * no such hook and calls path_truncate on the file's path for both, so
 * palisaded leaves this program out there and nothing is lost.
 */
SEC("lsm/file_truncate")
int BPF_PROG(pal_file_truncate, struct file *file)
{
	return pal_object_check(&file->f_path, PAL_MAY_WRITE, PAL_OP_TRUNCATE);
}

/* iattr.ia_valid bits (include/linux/fs.h; macros, not in BTF). */
#define PAL_ATTR_MODE		(1U << 0)
#define PAL_ATTR_UID		(1U << 1)
#define PAL_ATTR_GID		(1U << 2)
#define PAL_ATTR_SIZE		(1U << 3)
#define PAL_ATTR_ATIME		(1U << 4)
#define PAL_ATTR_MTIME		(1U << 5)
#define PAL_ATTR_CTIME		(1U << 6)
#define PAL_ATTR_KILL_SUID	(1U << 11)
#define PAL_ATTR_KILL_SGID	(1U << 12)
#define PAL_ATTR_KILL_PRIV	(1U << 14)
/*
 * Changes decided elsewhere: mode, owner and size by path_chmod,
 * path_chown, path_truncate/file_truncate and the open's O_TRUNC; the
 * set-id bits a write drops were decided by the write's open.
 */
#define PAL_ATTR_ELSEWHERE	(PAL_ATTR_MODE | PAL_ATTR_UID | PAL_ATTR_GID | \
				 PAL_ATTR_SIZE | PAL_ATTR_KILL_SUID | \
				 PAL_ATTR_KILL_SGID | PAL_ATTR_KILL_PRIV)
#define PAL_ATTR_TIMES		(PAL_ATTR_ATIME | PAL_ATTR_MTIME | PAL_ATTR_CTIME)

/*
 * inode_setattr gets a dentry without its mount, so the object's names are
 * those it has in the task's mount namespace: one per mount of its
 * filesystem there that reaches it.  The change needs w on every one of
 * them; with more mounts of the filesystem in the namespace than are
 * looked at, it is refused (fail closed).
 */
#define PAL_ATTR_NAMES		4	/* the switches below name each */
#define PAL_ATTR_MOUNTS_MAX	256

/* The mount list of a superblock: a list_head up to 6.x, a singly linked
 * list through the mounts in 7.x. */
struct super_block___next {
	struct mount *s_mounts;
} __attribute__((preserve_access_index));

struct mount___next {
	struct mount *mnt_next_for_sb;
} __attribute__((preserve_access_index));

/* Both flavours spelled out: the build's vmlinux.h has only one of them. */
struct super_block___list {
	struct list_head s_mounts;
} __attribute__((preserve_access_index));

struct mount___list {
	struct list_head mnt_instance;
} __attribute__((preserve_access_index));

struct pal_sb_walk {
	__u64 cur;		/* struct mount * being looked at, 0 at the end */
	__u64 head;		/* &sb->s_mounts (list_head flavour) */
	__u64 ns;		/* the task's struct mnt_namespace * */
	__u64 found[PAL_ATTR_NAMES];
	__u32 n;
	__u32 more;
};

static long pal_sb_walk_step(__u32 index, void *data)
{
	struct pal_sb_walk *w = data;
	struct mount *m = (struct mount *)w->cur;
	struct list_head *next;

	if (!m)
		return 1;
	if ((__u64)BPF_CORE_READ(m, mnt_ns) == w->ns) {
		/* Constant offsets: the verifier refuses a variable one
		 * into the caller's stack. */
		switch (w->n) {
		case 0: w->found[0] = (__u64)m; break;
		case 1: w->found[1] = (__u64)m; break;
		case 2: w->found[2] = (__u64)m; break;
		case 3: w->found[3] = (__u64)m; break;
		default: w->more = 1; break;
		}
		w->n++;
	}
	if (bpf_core_field_exists(struct mount___next, mnt_next_for_sb)) {
		w->cur = (__u64)BPF_CORE_READ((struct mount___next *)m,
					      mnt_next_for_sb);
		return 0;
	}
	next = BPF_CORE_READ((struct mount___list *)m, mnt_instance.next);
	if (!next || (__u64)next == w->head)
		w->cur = 0;
	else
		w->cur = (__u64)next - bpf_core_field_offset(struct mount___list,
							     mnt_instance);
	return 0;
}

/* Collect the mounts of @dentry's filesystem in the task's namespace. */
static __always_inline void pal_sb_mounts(struct dentry *dentry,
					  struct pal_sb_walk *w)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct super_block *sb = BPF_CORE_READ(dentry, d_sb);
	struct list_head *first;

	w->ns = (__u64)BPF_CORE_READ(task, nsproxy, mnt_ns);
	if (bpf_core_field_exists(struct mount___next, mnt_next_for_sb)) {
		w->cur = (__u64)BPF_CORE_READ((struct super_block___next *)sb,
					      s_mounts);
	} else {
		w->head = (__u64)sb +
			  bpf_core_field_offset(struct super_block___list,
						s_mounts);
		first = BPF_CORE_READ((struct super_block___list *)sb,
				      s_mounts.next);
		w->cur = (!first || (__u64)first == w->head) ? 0 :
			 (__u64)first - bpf_core_field_offset(struct mount___list,
							      mnt_instance);
	}
	bpf_loop(PAL_ATTR_MOUNTS_MAX, pal_sb_walk_step, w, 0);
	if (w->cur)
		w->more = 1;	/* longer than walked: fail closed */
}

/* One name of the object per step; the first refusal ends the walk. */
struct pal_setattr_names {
	struct pal_sb_walk w;	/* the mounts (w.found, w.n) */
	struct pal_fs_ctx *c;
	char *buf;		/* a scratch slot's path */
	__u64 dentry;
	__u32 is_dir;
	__u32 ouid;
	__u32 named;
	long ret;	/* 64 bits: a 32-bit load is not sign-extended, and
			 * 6.12 checks the return range on all 64 */
};

static long pal_setattr_step(__u32 index, void *data)
{
	struct pal_setattr_names *s = data;
	__u64 mnt;
	long len;

	if (index >= s->w.n)
		return 1;
	switch (index) {
	case 0: mnt = s->w.found[0]; break;
	case 1: mnt = s->w.found[1]; break;
	case 2: mnt = s->w.found[2]; break;
	case 3: mnt = s->w.found[3]; break;
	default: return 1;
	}
	mnt += bpf_core_field_offset(struct mount, mnt);
	if (pal_dpath((struct vfsmount *)mnt, (struct dentry *)s->dentry,
		      s->buf, &len) != PAL_DPATH_OK)
		return 0;	/* not below this mount's root */
	pal_opaque(len);
	if (s->is_dir && len > 1 && len < PALISADE_PATH_MAX - 2) {
		s->buf[len & (PALISADE_PATH_MAX - 1)] = '/';
		s->buf[(len + 1) & (PALISADE_PATH_MAX - 1)] = 0;
	}
	s->named++;
	s->ret = pal_fs_decide(s->c, s->buf, s->ouid, PAL_MAY_WRITE,
			       PAL_OP_SETATTR);
	return s->ret ? 1 : 0;
}

static __always_inline int pal_setattr_check(struct dentry *dentry,
					     struct iattr *attr)
{
	unsigned int valid = BPF_CORE_READ(attr, ia_valid);
	struct pal_setattr_names names = {};
	struct pal_fs_ctx c;
	struct pal_scratch *sc;
	int ret;

	if ((valid & PAL_ATTR_ELSEWHERE) || !(valid & PAL_ATTR_TIMES))
		return 0;
	ret = pal_fs_begin(&c);
	if (ret <= 0)
		return ret;
	sc = pal_scratch_get();
	if (!sc) {
		pal_fs_end(&c);
		return -EAGAIN;
	}
	pal_sb_mounts(dentry, &names.w);
	names.c = &c;
	names.buf = sc->path;
	names.dentry = (__u64)dentry;
	names.ouid = pal_dentry_uid(dentry);
	names.is_dir = pal_dentry_is_dir(dentry);
	if (!names.w.more)
		bpf_loop(PAL_ATTR_NAMES, pal_setattr_step, &names, 0);
	ret = (int)names.ret;
	/* No name, or more names than looked at: decided as unnamed. */
	if (!ret && (!names.named || names.w.more)) {
		sc->path[0] = 0;
		ret = pal_fs_decide(&c, sc->path, names.ouid, PAL_MAY_WRITE,
				    PAL_OP_SETATTR);
	}
	pal_scratch_put(sc);
	pal_fs_end(&c);
	return ret;
}

/*
 * Attribute changes no other hook decides: the times (utime, utimes,
 * utimensat, futimens), asked as w.  The hook's arguments gained the
 * mount's idmap in 6.3: one program per signature, palisaded loads the
 * one that matches the running kernel's BTF.
 */
SEC("lsm/inode_setattr")
int BPF_PROG(pal_inode_setattr, struct dentry *dentry, struct iattr *attr)
{
	return pal_setattr_check(dentry, attr);
}

SEC("lsm/inode_setattr")
int BPF_PROG(pal_inode_setattr_idmap, void *idmap,
	     struct dentry *dentry, struct iattr *attr)
{
	return pal_setattr_check(dentry, attr);
}
