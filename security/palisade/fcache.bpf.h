/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: file decisions, remembered per inode.
 *
 * Deciding an open costs naming the file (bpf_d_path() or the walker) and
 * walking the profile's DFA over the name.  Both depend only on the name,
 * and the name of (mount, dentry) changes only when something is renamed
 * or the mount tree changes.  The kernel counts both: every d_move() and
 * d_exchange() writes rename_lock, every change of the mount tree
 * (mount, umount, move, pivot_root, a namespace going away) writes
 * mount_lock.  So the accept entry a name reached is kept in the inode's
 * storage together with (policy generation, profile, mount, dentry, the
 * dentry's parent and name, both sequences), and a later open of the same
 * file through the same mount and dentry, with neither sequence moved,
 * takes it from there: no name, no walk.
 *
 * What is never remembered: files with other names (regular files with
 * more than one link; a directory has one dentry), deleted files, mount
 * roots and disconnected dentries (IS_ROOT), unnamed files, and anything
 * named while a rename or mount change was under way.  A remembered
 * decision is used only when it allows silently: a denial, an audited
 * access or a complain-mode log takes the full path, which names the file
 * for the audit record.  Owner rules are applied at use, from the task's
 * fsuid and the inode's owner then.  Replacing the policy changes the
 * generation, so nothing remembered outlives the policy it came from.
 *
 * The exec hook keeps one more answer here, under profile 0 (no profile
 * record has offset 0): which profile attaches to the binary, if any, as
 * an unconfined task's exec found it (exec.bpf.c).
 */
#ifndef PALISADE_FCACHE_BPF_H
#define PALISADE_FCACHE_BPF_H

#include "dpath.bpf.h"

/* The kernel's rename and mount sequence locks (seqlock_t: the sequence
 * is the first word).  Weak: without them nothing is remembered. */
extern const void rename_lock __ksym __weak;
extern const void mount_lock __ksym __weak;

/**
 * struct pal_fcache_key - what one decision is remembered under
 * @inode: the file's inode (whose storage holds the slots)
 * @id: the decision's identity, as a slot keeps it
 * @ok: non-zero when this file may be remembered at all
 */
struct pal_fcache_key {
	struct inode *inode;
	struct pal_fcache_id id;
	__u32 ok;
};

/* Both kernel sequences, when neither is being written. */
static __always_inline int pal_fcache_seqs(__u32 *rename_seq, __u32 *mount_seq)
{
	if (!(unsigned long)&rename_lock || !(unsigned long)&mount_lock)
		return -1;
	if (bpf_probe_read_kernel(rename_seq, sizeof(*rename_seq), &rename_lock) ||
	    bpf_probe_read_kernel(mount_seq, sizeof(*mount_seq), &mount_lock))
		return -1;
	return ((*rename_seq | *mount_seq) & 1) ? -1 : 0;
}

static __always_inline struct pal_fcache_slot *
pal_fcache_slot(struct pal_fcache *fc, __u32 profile)
{
	/* Fibonacci hashing: record offsets share their low bits. */
	__u32 i = (profile * 2654435761U) >> 30;

	return &fc->slot[i & (PAL_FCACHE_SLOTS - 1)];
}

/*
 * Fill @k for the file @inode at @path under profile record @prof of the
 * policy @ref.  Must run before the file is named: the sequences read
 * here are checked again before the decision is stored.
 */
static __always_inline void pal_fcache_key_init(struct pal_fcache_key *k,
						const struct pal_policy_ref *ref,
						__u32 prof, const struct path *path,
						struct inode *inode)
{
	/* Direct loads through the hook's trusted pointers: no helper
	 * call on the path every remembered open takes. */
	struct dentry *d = path->dentry;
	__u16 mode = inode->i_mode;
	__u32 nlink = inode->__i_nlink;

	k->ok = 0;
	k->inode = inode;
	if (!nlink || ((mode & PAL_S_IFMT) != PAL_S_IFDIR && nlink != 1))
		return;
	k->id.dentry = (__u64)d;
	k->id.parent = (__u64)d->d_parent;
	if (k->id.parent == k->id.dentry)
		return;
	if (pal_fcache_seqs(&k->id.rename_seq, &k->id.mount_seq))
		return;
	k->id.generation = ref->generation;
	k->id.profile = prof;
	k->id.mnt = (__u64)path->mnt;
	/* hash_len shares a union the verifier resolves to its first
	 * member: the two halves, one load each. */
	k->id.hash_len = (__u64)d->d_name.len << 32 | d->d_name.hash;
	k->id.reserved = 0;
	k->ok = 1;
}

static __always_inline int pal_fcache_same(const struct pal_fcache_id *a,
					   const struct pal_fcache_id *b)
{
	return a->generation == b->generation && a->profile == b->profile &&
	       a->mnt == b->mnt && a->dentry == b->dentry &&
	       a->parent == b->parent && a->hash_len == b->hash_len &&
	       a->rename_seq == b->rename_seq && a->mount_seq == b->mount_seq;
}

/* The accept entry remembered under @k, in *@accept.  Return: 1 on a hit. */
static __always_inline int pal_fcache_find(const struct pal_fcache_key *k,
					   __u32 *accept)
{
	struct pal_fcache_slot *s;
	struct pal_fcache *fc;
	__u64 seq;
	int same;

	if (!k->ok)
		return 0;
	fc = bpf_inode_storage_get(&pal_fcache, k->inode, 0, 0);
	if (!fc)
		return 0;
	s = pal_fcache_slot(fc, k->id.profile);
	/* Fetch-and-add of 0: an ordered read on every architecture. */
	seq = __sync_fetch_and_add(&s->seq, 0);
	if (seq & 1)
		return 0;
	same = pal_fcache_same(&s->id, &k->id);
	*accept = s->accept;
	return same && __sync_fetch_and_add(&s->seq, 0) == seq;
}

/*
 * Remember @accept under @k, unless a rename or a mount change ran while
 * the file was named, or another hook is writing the slot.
 */
static __always_inline void pal_fcache_fill(const struct pal_fcache_key *k,
					    __u32 accept)
{
	struct pal_fcache_slot *s;
	struct pal_stats *stats;
	struct pal_fcache *fc;
	__u32 rs, ms;
	__u64 seq;

	if (!k->ok || pal_fcache_seqs(&rs, &ms) || rs != k->id.rename_seq ||
	    ms != k->id.mount_seq)
		return;
	stats = pal_stats_get();
	fc = bpf_inode_storage_get(&pal_fcache, k->inode, 0,
				   BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!fc) {
		/* Seen on 7.2 (ppc64le) for every inode: counted, so that
		 * status shows the cache is off rather than cold. */
		if (stats)
			__sync_fetch_and_add(&stats->cache_nostore, 1);
		return;
	}
	s = pal_fcache_slot(fc, k->id.profile);
	seq = s->seq;
	if ((seq & 1) || __sync_val_compare_and_swap(&s->seq, seq, seq + 1) != seq)
		return;
	s->id = k->id;
	s->accept = accept;
	__sync_fetch_and_add(&s->seq, 1);
	if (stats)
		__sync_fetch_and_add(&stats->cache_fills, 1);
}

/*
 * Decide @requested on the file @inode at @path for @task under profile
 * record @prof (id @profile_id) in @mode: from the cache when it holds a
 * silent allow, else by naming the file - bpf_d_path() when @sleepable (the
 * hook is in the kernel's sleepable set, where the helper is allowed),
 * the walker otherwise - and walking the DFA, then remembering the result.
 * Return: the hook's return value.
 */
static __always_inline int pal_file_decide(const struct pal_policy_ref *ref,
					   __u32 prof, __u32 mode,
					   struct task_struct *task,
					   __u32 profile_id,
					   const struct path *path,
					   struct inode *inode, __u32 requested,
					   __u32 op, int sleepable)
{
	__u32 ouid = inode->i_uid.val;
	int owner = task->cred->fsuid.val == ouid;
	struct pal_fcache_key k;
	struct pal_decision d;
	struct pal_perms perms;
	struct pal_stats *stats;
	struct pal_scratch *sc;
	__u32 accept;
	long len;
	int ret;

	pal_fcache_key_init(&k, ref, prof, path, inode);
	if (pal_fcache_find(&k, &accept)) {
		pal_accept_perms(ref->blob, accept, owner, &perms);
		pal_decide(&perms, requested, mode, &d);
		if (!d.log && !d.error) {
			stats = pal_stats_get();
			if (stats)
				__sync_fetch_and_add(&stats->cache_hits, 1);
			return 0;
		}
	}
	sc = pal_scratch_get();
	if (!sc)
		return -EAGAIN;
	if (sleepable) {
		if (pal_path_of(path, inode, sc->path) < 0)
			sc->path[0] = 0;	/* unnamed: matches no rule */
	} else if (pal_dpath(BPF_CORE_READ(path, mnt), BPF_CORE_READ(path, dentry),
			     sc->path, &len) != PAL_DPATH_OK) {
		sc->path[0] = 0;
	}
	accept = pal_file_accept(ref->blob, prof, sc->path);
	if (sc->path[0] == '/')
		pal_fcache_fill(&k, accept);
	pal_accept_perms(ref->blob, accept, owner, &perms);
	pal_decide(&perms, requested, mode, &d);
	ret = pal_enforce(&d, op, profile_id, requested, ouid, sc->path);
	pal_scratch_put(sc);
	return ret;
}

#endif /* PALISADE_FCACHE_BPF_H */
