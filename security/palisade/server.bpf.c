// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: ``server read,`` (z/OS's READ access to BPX.SERVER).
 *
 * A thread of a server read, profile that switched to a client's identity
 * keeps the server's own identity in the pal_server map (cred.bpf.c).
 * Every permission check the thread makes afterwards must then pass for
 * both: the kernel decides it for the thread's credentials (the client's)
 * before security_inode_permission() runs, and this hook decides it for
 * the kept server identity, the way the kernel's generic permission check
 * does:
 *   - the owner class when the server's fsuid owns the inode, else the
 *     group class when the inode's group is the server's fsgid or one of
 *     its first PAL_SERVER_GROUPS supplementary groups, else the other
 *     class of the mode bits;
 *   - failing that, the server's effective CAP_DAC_READ_SEARCH (read and
 *     directory search) and CAP_DAC_OVERRIDE (anything but executing a
 *     file without any x bit, and writing a directory), as the kernel
 *     grants them in the initial user namespace.
 * A refusal is EACCES with an audit record "server identity denied"
 * naming the inode's last component (the hook cannot sleep: no d_path).
 *
 * Not covered, so the answer can differ from the kernel's own permission
 * check for the server identity:
 *   - POSIX ACLs: only the mode bits are compared (with an ACL, the group
 *     class of the mode is the ACL's mask; named user and group entries
 *     are not seen);
 *   - a filesystem's own ->permission() (NFS, FUSE without
 *     default_permissions, procfs's per-process rules): its mode bits are
 *     used as for any inode;
 *   - idmapped mounts and user namespaces: the inode's ids are compared as
 *     the filesystem stores them, and capabilities as if held in the
 *     initial user namespace;
 *   - supplementary groups past the first PAL_SERVER_GROUPS;
 *   - what the kernel checks without inode_permission (ownership for
 *     chmod/chown/utimes, the sticky bit for unlink and rename), and the
 *     other LSMs' decisions for the server identity.
 * A thread's server identity outlives exec (a server thread cannot shed
 * it by running another program) and is passed to the tasks it creates.
 */
#include "progctl.bpf.h"
#include "server.bpf.h"

/* include/linux/fs.h, include/uapi/linux/capability.h, stat.h */
#define PAL_SRV_MAY_EXEC	0x1
#define PAL_SRV_MAY_WRITE	0x2
#define PAL_SRV_MAY_READ	0x4
#define PAL_SRV_CAP_DAC_OVERRIDE	1
#define PAL_SRV_CAP_DAC_READ_SEARCH	2
#define PAL_SRV_S_IFMT		0170000
#define PAL_SRV_S_IFDIR		0040000
#define PAL_SRV_S_IXUGO		0111

/* Where an inode's dentry list links its dentries: d_u.d_alias up to 6.x,
 * an anonymous member in 7.x. */
struct dentry___pal_srv_du {
	union {
		struct hlist_node d_alias;
	} d_u;
} __attribute__((preserve_access_index));

struct dentry___pal_srv_anon {
	struct hlist_node d_alias;
} __attribute__((preserve_access_index));

static __always_inline __u64 pal_srv_d_alias_offset(void)
{
	if (bpf_core_field_exists(struct dentry___pal_srv_du, d_u))
		return bpf_core_field_offset(struct dentry___pal_srv_du, d_u.d_alias);
	return bpf_core_field_offset(struct dentry___pal_srv_anon, d_alias);
}

static __always_inline int pal_srv_cap(const struct pal_server_id *sid, int cap)
{
	return (sid->cap >> cap) & 1;
}

/* Is @gid the server's fsgid or one of its kept groups? */
static __always_inline int pal_srv_in_group(const struct pal_server_id *sid,
					    __u32 gid)
{
	int i;

	if (gid == sid->gid)
		return 1;
	for (i = 0; i < PAL_SERVER_GROUPS; i++) {
		if (i >= sid->ngroups)
			break;
		if (sid->groups[i] == gid)
			return 1;
	}
	return 0;
}

/*
 * May the server identity @sid have @req (MAY_READ/WRITE/EXEC bits) on an
 * inode of @mode owned by @uid:@gid?
 */
static __always_inline int pal_srv_may(const struct pal_server_id *sid,
				       __u32 mode, __u32 uid, __u32 gid,
				       __u32 req)
{
	__u32 bits;

	if (uid == sid->uid)
		bits = mode >> 6;
	else if (pal_srv_in_group(sid, gid))
		bits = mode >> 3;
	else
		bits = mode;
	if (!(req & ~bits & 7))
		return 1;
	if ((mode & PAL_SRV_S_IFMT) == PAL_SRV_S_IFDIR) {
		if (!(req & PAL_SRV_MAY_WRITE) &&
		    pal_srv_cap(sid, PAL_SRV_CAP_DAC_READ_SEARCH))
			return 1;
		return pal_srv_cap(sid, PAL_SRV_CAP_DAC_OVERRIDE);
	}
	if (req == PAL_SRV_MAY_READ &&
	    pal_srv_cap(sid, PAL_SRV_CAP_DAC_READ_SEARCH))
		return 1;
	if (!(req & PAL_SRV_MAY_EXEC) || (mode & PAL_SRV_S_IXUGO))
		return pal_srv_cap(sid, PAL_SRV_CAP_DAC_OVERRIDE);
	return 0;
}

/* The profile mode a refusal of the current task is made in: its profile's,
 * enforce when it has none (a kept identity is never dropped silently). */
static __always_inline __u32 pal_srv_mode(struct task_struct *task, __u32 *id)
{
	struct pal_task_ctx *tc = pal_task_ctx(task);
	__u32 mode = PAL_MODE_ENFORCE;
	struct pal_policy_ref ref;

	*id = 0;
	if (!tc || !tc->profile_id || pal_policy_get(&ref))
		return mode;
	if (pal_task_profile(&ref, tc, &mode))
		*id = tc->profile_id;
	else
		mode = PAL_MODE_ENFORCE;
	pal_policy_put(&ref);
	return mode;
}

/* Called by the inode_permission program (hooks.bpf.c). */
static __always_inline int pal_server_inode_permission(struct inode *inode,
						       int mask)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_audit_extra x = { .info = PAL_INFO_SERVER_READ };
	__u32 req = mask & (PAL_SRV_MAY_READ | PAL_SRV_MAY_WRITE | PAL_SRV_MAY_EXEC);
	__u32 mode, uid, gid, id, denied = 0;
	struct pal_server_id *sid;
	struct hlist_node *first;
	struct pal_scratch *sc;
	struct pal_decision d;
	struct dentry *dentry;
	__u64 key;
	int ret;

	/* Cheap test first: this hook runs for every path component. */
	if (!req || !inode || !pal_server_any())
		return 0;
	key = pal_task_key(task);
	sid = bpf_map_lookup_elem(&pal_server, &key);
	if (!sid)
		return 0;
	mode = BPF_CORE_READ(inode, i_mode);
	uid = BPF_CORE_READ(inode, i_uid.val);
	gid = BPF_CORE_READ(inode, i_gid.val);
	if (pal_srv_may(sid, mode, uid, gid, req))
		return 0;
	if (req & PAL_SRV_MAY_READ)
		denied |= PAL_MAY_READ;
	if (req & PAL_SRV_MAY_WRITE)
		denied |= PAL_MAY_WRITE;
	if (req & PAL_SRV_MAY_EXEC)
		denied |= PAL_MAY_EXEC;
	x.arg[0] = sid->uid;
	x.arg[1] = sid->gid;
	pal_pc_refuse(pal_srv_mode(task, &id), &d);
	d.denied = d.denied ? denied : 0;
	sc = pal_scratch_get();
	if (!sc)
		return d.error ? -EACCES : 0;
	sc->path[0] = 0;
	first = BPF_CORE_READ(inode, i_dentry.first);
	if (first) {
		dentry = (struct dentry *)((__u64)first - pal_srv_d_alias_offset());
		if (bpf_probe_read_kernel_str(sc->path, PAL_DIRT_NAME_MAX,
					      BPF_CORE_READ(dentry, d_name.name)) < 0)
			sc->path[0] = 0;
	}
	ret = pal_enforce_ex(&d, PAL_OP_OPEN, id, denied, uid, sc->path, &x,
			     -EACCES);
	pal_scratch_put(sc);
	return ret;
}

/* A task created by a thread with a server identity inherits it: neither
 * a child process nor a new thread escapes the second check. */
/* Called by the task_alloc program (hooks.bpf.c). */
static __always_inline int pal_server_task_alloc(struct task_struct *task,
						 unsigned long clone_flags)
{
	__u64 key, child;
	struct pal_server_id *sid;

	if (!pal_server_any())
		return 0;
	key = pal_task_key(bpf_get_current_task_btf());
	sid = bpf_map_lookup_elem(&pal_server, &key);
	if (!sid)
		return 0;
	child = pal_task_key(task);
	return pal_server_keep(child, sid);
}

/* Called by the task_free program (hooks.bpf.c). */
static __always_inline int pal_server_task_free(struct task_struct *task)
{
	if (pal_server_any())
		pal_server_drop(pal_task_key(task));
	return 0;
}
