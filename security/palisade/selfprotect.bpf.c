// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: self-protection (DESIGN.md section 5).  Whatever its profile
 * says, and in every mode, a confined task
 *
 *  - cannot open anything under the pin directory (file_open), by any
 *    name: bind mounts, /proc/PID/root and chroots lead to the same
 *    dentries; nor create, remove, rename, link, chmod or chown anything
 *    there (the path hooks; BPF_OBJ_PIN creates through path_mknod);
 *  - gets no fd of palisade's maps or programs, by BPF_OBJ_GET of a pin
 *    or any other way (bpf_map, bpf_prog: every object whose name starts
 *    with "pal"), no fd of any BPF object by id
 *    (BPF_{MAP,PROG,LINK,BTF}_GET_FD_BY_ID: ids are global), and may not
 *    detach or update a BPF link (BPF_LINK_DETACH, BPF_LINK_UPDATE): a
 *    link has no LSM hook of its own, so the fd of a pinned link is not
 *    refused, what it could do is.  With all of these, a confined task
 *    can neither rewrite, unload nor detach palisade;
 *  - cannot signal or ptrace palisaded, whose tgid palisaded writes into
 *    the self map (struct pal_self).
 *
 * Refusals are audited as operation "selfprotect", info "palisade object".
 * These programs decide nothing else and do not read the policy, so they
 * hold for every profile.
 *
 * Not through inode_permission: that hook runs for every component of
 * every path lookup on the system, and a program there costs every task,
 * confined or not, a trampoline round trip per component (about 200
 * instructions; +32% on an unconfined stat() of 8 components).  What the
 * per-component check added over the hooks above is a lookup's answer
 * (stat(2) of a pin's name tells that it exists), not a handle on it.
 */
#include "common.bpf.h"

#define PAL_SELF_DEPTH		16
#define PAL_FMODE_WRITE_SELF	0x2	/* FMODE_WRITE, include/linux/fs.h */

/* Where an inode's dentry list links its dentries: d_u.d_alias up to 6.x,
 * an anonymous union member in 7.x.  CO-RE flavors of struct dentry. */
struct dentry___du {
	union {
		struct hlist_node d_alias;
	} d_u;
} __attribute__((preserve_access_index));

struct dentry___anon {
	struct hlist_node d_alias;
} __attribute__((preserve_access_index));

static __always_inline __u64 pal_d_alias_offset(void)
{
	if (bpf_core_field_exists(struct dentry___du, d_u))
		return bpf_core_field_offset(struct dentry___du, d_u.d_alias);
	return bpf_core_field_offset(struct dentry___anon, d_alias);
}

static const char pal_pin_dir[] = PALISADE_PIN_DIR;
static const char pal_daemon_name[] = "palisaded";
static const char pal_bpf_name[] = "bpf";

/* The profile id of the current task, 0 when it is unconfined. */
static __always_inline __u32 pal_self_confined(void)
{
	struct pal_task_ctx *tc = pal_current_ctx();

	return tc ? tc->profile_id : 0;
}

static __always_inline int pal_is_pin_name(const char *name)
{
	const char want[] = PALISADE_PIN_NAME;
	__u32 i;

	/* The NUL too: "palisade2" is not the pin directory. */
	for (i = 0; i < sizeof(want); i++)
		if (name[i] != want[i])
			return 0;
	return 1;
}

struct pal_self_walk {
	__u64 dentry;
	__u32 found;
	__u32 done;
};

static long pal_self_step(__u32 index, void *data)
{
	struct pal_self_walk *w = data;
	struct dentry *d = (struct dentry *)w->dentry;
	struct dentry *parent = BPF_CORE_READ(d, d_parent);
	char name[sizeof(PALISADE_PIN_NAME) + 1] = {};
	const unsigned char *np;

	if (parent == d) {
		w->done = 1;	/* the root itself: not below the pins */
		return 1;
	}
	if (BPF_CORE_READ(parent, d_parent) == parent) {
		/* @d is an entry of the root: is it the pin directory? */
		np = BPF_CORE_READ(d, d_name.name);
		bpf_probe_read_kernel_str(name, sizeof(name), np);
		w->found = pal_is_pin_name(name);
		w->done = 1;
		return 1;
	}
	w->dentry = (__u64)parent;
	return 0;
}

/* Is @dentry, of a bpf filesystem, the pin directory or below it? */
static __always_inline int pal_self_dentry(struct dentry *dentry)
{
	struct pal_self_walk w = { .dentry = (__u64)dentry };

	if (!dentry ||
	    BPF_CORE_READ(dentry, d_sb, s_magic) != PAL_BPF_FS_MAGIC)
		return 0;
	bpf_loop(PAL_SELF_DEPTH, pal_self_step, &w, 0);
	/* Deeper than palisade ever pins: not ours. */
	return w.done && w.found;
}

/* Refuse, whatever the profile's mode, and audit it. */
static __always_inline int pal_self_refuse(__u32 profile_id, __u32 requested,
					   const char *name, __u32 peer_pid,
					   int err)
{
	struct pal_audit_extra x = { .peer_pid = peer_pid, .info = PAL_INFO_SELF };
	struct pal_decision d = {
		.denied = requested,
		.error = 1,
		.log = 1,
	};

	return pal_enforce_ex(&d, PAL_OP_SELFPROTECT, profile_id, requested, 0,
			      name, &x, err);
}

/* Called by the file_open program (hooks.bpf.c) before the profile. */
static __always_inline int pal_self_file_open(struct file *file)
{
	struct inode *inode = file->f_inode;
	__u32 id, req = PAL_MAY_READ;

	/* Direct loads, cheapest test first: this runs on every open. */
	if (!inode || inode->i_sb->s_magic != PAL_BPF_FS_MAGIC)
		return 0;
	id = pal_self_confined();
	if (!id || !pal_self_dentry(file->f_path.dentry))
		return 0;
	if (file->f_mode & PAL_FMODE_WRITE_SELF)
		req |= PAL_MAY_WRITE;
	return pal_self_refuse(id, req, pal_pin_dir, 0, -EACCES);
}

/* palisade names every map and program it makes "pal..." (the object's
 * own maps are "palisade.*"); another object so named is refused too. */
static __always_inline int pal_self_named(const char *name)
{
	return name[0] == 'p' && name[1] == 'a' && name[2] == 'l';
}

/* Called by the bpf_map program (hooks.bpf.c): an fd of one of
 * palisade's maps, however obtained. */
static __always_inline int pal_self_bpf_map(struct bpf_map *map)
{
	__u32 id = pal_self_confined();

	if (!id || !pal_self_named(map->name))
		return 0;
	return pal_self_refuse(id, PAL_MAY_READ, pal_pin_dir, 0, -EACCES);
}

SEC("lsm/bpf_prog")
int BPF_PROG(pal_self_bpf_prog, struct bpf_prog *prog)
{
	__u32 id = pal_self_confined();

	if (!id || !pal_self_named(prog->aux->name))
		return 0;
	return pal_self_refuse(id, PAL_MAY_READ, pal_pin_dir, 0, -EACCES);
}

/* A new entry in @dir, or a change of @path's inode, below the pins. */
static __always_inline int pal_self_path(const struct path *path, __u32 req)
{
	__u32 id;

	if (path->dentry->d_sb->s_magic != PAL_BPF_FS_MAGIC)
		return 0;
	id = pal_self_confined();
	if (!id || !pal_self_dentry(path->dentry))
		return 0;
	return pal_self_refuse(id, req, pal_pin_dir, 0, -EACCES);
}

SEC("lsm/path_mknod")
int BPF_PROG(pal_self_path_mknod, const struct path *dir,
	     struct dentry *dentry, umode_t mode, unsigned int dev)
{
	return pal_self_path(dir, PAL_MAY_WRITE);
}

SEC("lsm/path_mkdir")
int BPF_PROG(pal_self_path_mkdir, const struct path *dir,
	     struct dentry *dentry, umode_t mode)
{
	return pal_self_path(dir, PAL_MAY_WRITE);
}

SEC("lsm/path_symlink")
int BPF_PROG(pal_self_path_symlink, const struct path *dir,
	     struct dentry *dentry, const char *old_name)
{
	return pal_self_path(dir, PAL_MAY_WRITE);
}

/* Either end: a second name of a pin, even outside the pin directory,
 * would be one the other checks do not know. */
SEC("lsm/path_link")
int BPF_PROG(pal_self_path_link, struct dentry *old_dentry,
	     const struct path *new_dir, struct dentry *new_dentry)
{
	__u32 id;

	if (old_dentry->d_sb->s_magic != PAL_BPF_FS_MAGIC)
		return 0;
	id = pal_self_confined();
	if (!id || (!pal_self_dentry(old_dentry) &&
		    !pal_self_dentry(new_dir->dentry)))
		return 0;
	return pal_self_refuse(id, PAL_MAY_WRITE, pal_pin_dir, 0, -EACCES);
}

SEC("lsm/path_chmod")
int BPF_PROG(pal_self_path_chmod, const struct path *path, umode_t mode)
{
	return pal_self_path(path, PAL_MAY_WRITE);
}

SEC("lsm/path_chown")
int BPF_PROG(pal_self_path_chown, const struct path *path)
{
	return pal_self_path(path, PAL_MAY_WRITE);
}

SEC("lsm/path_rename")
int BPF_PROG(pal_self_path_rename, const struct path *old_dir,
	     struct dentry *old_dentry, const struct path *new_dir,
	     struct dentry *new_dentry)
{
	__u32 id = pal_self_confined();

	if (!id || (!pal_self_dentry(old_dentry) && !pal_self_dentry(new_dentry)))
		return 0;
	return pal_self_refuse(id, PAL_MAY_WRITE, pal_pin_dir, 0, -EACCES);
}

SEC("lsm/path_rmdir")
int BPF_PROG(pal_self_path_rmdir, const struct path *dir, struct dentry *dentry)
{
	__u32 id = pal_self_confined();

	if (!id || !pal_self_dentry(dentry))
		return 0;
	return pal_self_refuse(id, PAL_MAY_WRITE, pal_pin_dir, 0, -EACCES);
}

SEC("lsm/path_unlink")
int BPF_PROG(pal_self_path_unlink, const struct path *dir, struct dentry *dentry)
{
	__u32 id = pal_self_confined();

	if (!id || !pal_self_dentry(dentry))
		return 0;
	return pal_self_refuse(id, PAL_MAY_WRITE, pal_pin_dir, 0, -EACCES);
}

SEC("lsm/bpf")
int BPF_PROG(pal_self_bpf, int cmd, union bpf_attr *attr, unsigned int size)
{
	__u32 id;

	if (cmd != BPF_MAP_GET_FD_BY_ID && cmd != BPF_PROG_GET_FD_BY_ID &&
	    cmd != BPF_LINK_GET_FD_BY_ID && cmd != BPF_BTF_GET_FD_BY_ID &&
	    cmd != BPF_LINK_DETACH && cmd != BPF_LINK_UPDATE)
		return 0;
	id = pal_self_confined();
	if (!id)
		return 0;
	return pal_self_refuse(id, 0, pal_bpf_name, 0, -EPERM);
}

/* The tgid of palisaded, 0 when it is not running. */
static __always_inline __u32 pal_daemon_tgid(void)
{
	struct pal_self *self;
	__u32 zero = 0;

	self = bpf_map_lookup_elem(&pal_self, &zero);
	return self ? self->daemon_tgid : 0;
}

SEC("lsm/task_kill")
int BPF_PROG(pal_self_task_kill, struct task_struct *p,
	     struct kernel_siginfo *info, int sig, const struct cred *cred)
{
	__u32 daemon = pal_daemon_tgid(), id;

	if (!daemon || p->tgid != daemon)
		return 0;
	id = pal_self_confined();
	if (!id)
		return 0;
	return pal_self_refuse(id, 0, pal_daemon_name, daemon, -EPERM);
}

SEC("lsm/ptrace_access_check")
int BPF_PROG(pal_self_ptrace_access_check, struct task_struct *child,
	     unsigned int mode)
{
	__u32 daemon = pal_daemon_tgid(), id;

	if (!daemon || child->tgid != daemon)
		return 0;
	id = pal_self_confined();
	if (!id)
		return 0;
	return pal_self_refuse(id, 0, pal_daemon_name, daemon, -EPERM);
}
