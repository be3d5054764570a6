// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: self-protection (DESIGN.md section 5).  Whatever its profile
 * says, and in every mode, a confined task
 *
 *  - cannot reach anything under the pin directory: every permission check
 *    on an inode below the "palisade" entry of a bpf filesystem fails
 *    (inode_permission), so no lookup, open, BPF_OBJ_GET, unlink or rename
 *    gets through, by any name: bind mounts, /proc/PID/root and chroots
 *    lead to the same dentries.  The directory itself cannot be renamed or
 *    removed either (path_rename, path_rmdir, path_unlink);
 *  - gets no fd of a BPF object by id (BPF_{MAP,PROG,LINK,BTF}_GET_FD_BY_ID):
 *    ids are global, and palisade's objects are among them.  With both, a
 *    confined task never holds an fd of palisade's maps, programs or links,
 *    the only handles that could detach, rewrite or unload them;
 *  - cannot signal or ptrace palisaded, whose tgid palisaded writes into
 *    the self map (struct pal_self).
 *
 * Refusals are audited as operation "selfprotect", info "palisade object".
 * These programs decide nothing else and do not read the policy, so they
 * hold for every profile.
 */
#include "common.bpf.h"

#define PAL_SELF_DEPTH		16
#define PAL_MAY_EXEC_INODE	0x1	/* MAY_EXEC, include/linux/fs.h */
#define PAL_MAY_WRITE_INODE	0x2
#define PAL_MAY_READ_INODE	0x4

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
	struct pal_task_ctx *tc = pal_task_ctx(bpf_get_current_task_btf());

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

static __always_inline __u32 pal_inode_mask(int mask)
{
	__u32 req = 0;

	if (mask & PAL_MAY_READ_INODE)
		req |= PAL_MAY_READ;
	if (mask & PAL_MAY_WRITE_INODE)
		req |= PAL_MAY_WRITE;
	if (mask & PAL_MAY_EXEC_INODE)
		req |= PAL_MAY_EXEC;
	return req;
}

/* Called by the inode_permission program (hooks.bpf.c). */
static __always_inline int pal_self_inode_permission(struct inode *inode,
						     int mask)
{
	struct hlist_node *first;
	struct dentry *dentry;
	__u32 id;

	/* Cheap test first: this hook runs for every path component. */
	/* Direct loads: no helper call on a path every lookup takes. */
	if (!inode || inode->i_sb->s_magic != PAL_BPF_FS_MAGIC)
		return 0;
	id = pal_self_confined();
	if (!id)
		return 0;
	/* bpffs has no hard links: an inode has at most one dentry. */
	first = BPF_CORE_READ(inode, i_dentry.first);
	if (!first)
		return 0;
	dentry = (struct dentry *)((__u64)first - pal_d_alias_offset());
	if (!pal_self_dentry(dentry))
		return 0;
	return pal_self_refuse(id, pal_inode_mask(mask), pal_pin_dir, 0, -EACCES);
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
	    cmd != BPF_LINK_GET_FD_BY_ID && cmd != BPF_BTF_GET_FD_BY_ID)
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
