// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: daemon and server authority over identity switches (DESIGN.md
 * section 4), in task_fix_setuid / task_fix_setgid / task_fix_setgroups.
 *
 * These hooks are not sleepable: everything they need was computed earlier
 * (the clean state at exec, mmap and mprotect time, the policy in its map).
 *
 * At authority level unix nothing here applies.  At levels daemon and
 * maincheck a switch to an identity the task does not already hold (its
 * real, effective or saved id; SafeSetID's rule: moving among those is
 * always fine) needs, even for uid 0:
 *   - a profile granting daemon, (a process with one thread) or server,
 *     (an identity change of one thread of a multi-threaded process - the
 *     kernel changes only the calling thread's credentials, glibc's
 *     setuid() repeats the call on every thread - and every fsuid/fsgid
 *     switch);
 *   - a clean process;
 *   - at maincheck, a first program marked main;
 *   - every new id in the profile's setuid -> / setgid -> list, if any.
 * A refusal is EPERM, as the syscall returns without privilege.
 *
 * server read, versus server update,: both grant the thread-level
 * switches above.  Under server update, the thread then acts as the client
 * alone.  Under server read (z/OS's READ access to BPX.SERVER), the
 * switch that takes a thread away from the server's own identity keeps
 * that identity (fsuid, fsgid, groups, effective capabilities, from the
 * old credentials) in the pal_server map; server.bpf.c then decides every
 * permission check of the thread for it as well, and the thread loses it
 * when it is back on that identity.  A profile granting both is update.
 * At level unix no authority rule applies, server read included.
 */
#include "progctl.bpf.h"
#include "server.bpf.h"

/* include/linux/security.h */
#define PAL_LSM_SETID_FS	8
#define PAL_NGROUPS_CHECKED	32

struct pal_id_find {
	const __u8 *blob;
	__u32 base;
	__u32 n;
	__u32 id;
	__u32 found;
};

static long pal_id_find_step(__u32 i, void *data)
{
	struct pal_id_find *f = data;

	if (i >= f->n)
		return 1;
	if (pal_load_u32(f->blob, f->base + 4 * i) == f->id) {
		f->found = 1;
		return 1;
	}
	return 0;
}

/* Is @id in the id list [@idx, @idx + @n) of the policy @blob? */
static __always_inline int pal_id_listed(const __u8 *blob, __u32 idx, __u32 n,
					 __u32 id)
{
	struct pal_id_find f = {
		.blob = blob,
		.base = PAL_FIELD(blob, 0, struct pal_policy_header, ids_off) + 4 * idx,
		.n = n,
		.id = id,
	};

	pal_loop(n, pal_id_find_step, &f);
	return f.found;
}

/**
 * struct pal_switch - an identity switch being decided
 * @op: PAL_OP_SETUID, PAL_OP_SETGID or PAL_OP_SETGROUPS
 * @ids: the new ids the task does not hold (up to 4; unused ones repeat
 *	@ids[0])
 * @thread: the switch is a thread's (multi-threaded process or fs id)
 * @old: the credentials before the switch (the server's, under server read)
 */
struct pal_switch {
	__u32 op;
	__u32 ids[4];
	__u32 thread;
	const struct cred *old;
};

/* The server identity of @cred (see struct pal_server_id). */
static __always_inline void pal_server_id_of(const struct cred *cred,
					     struct pal_server_id *sid)
{
	struct group_info *gi = BPF_CORE_READ(cred, group_info);
	int i, n = BPF_CORE_READ(gi, ngroups);

	sid->uid = BPF_CORE_READ(cred, fsuid.val);
	sid->gid = BPF_CORE_READ(cred, fsgid.val);
	sid->ngroups = n > 0 ? n : 0;
	sid->cap = pal_cred_caps(cred);
	for (i = 0; i < PAL_SERVER_GROUPS; i++) {
		if (i >= n)
			break;
		sid->groups[i] = BPF_CORE_READ(gi, gid[i].val);
	}
}

/*
 * A thread of a server read, profile switches: keep the identity it
 * switches away from, unless it already has one (the server's, from its
 * first switch).  Return: 0, or -EAGAIN when no more can be kept.
 */
static __always_inline int pal_server_read_keep(const struct cred *old)
{
	__u64 key = pal_task_key(bpf_get_current_task_btf());
	struct pal_server_id sid = {};

	if (bpf_map_lookup_elem(&pal_server, &key))
		return 0;
	pal_server_id_of(old, &sid);
	return pal_server_keep(key, &sid);
}

/*
 * The switch to @new brings the thread back on its kept server identity:
 * forget it.  Compared as the permission check compares it: fsuid, fsgid
 * and the groups kept.
 */
static __always_inline void pal_server_back(const struct cred *new)
{
	__u64 key = pal_task_key(bpf_get_current_task_btf());
	struct pal_server_id *kept, now = {};
	int i;

	if (!pal_server_any())
		return;
	kept = bpf_map_lookup_elem(&pal_server, &key);
	if (!kept)
		return;
	pal_server_id_of(new, &now);
	if (now.uid != kept->uid || now.gid != kept->gid ||
	    now.ngroups != kept->ngroups)
		return;
	for (i = 0; i < PAL_SERVER_GROUPS; i++)
		if (now.groups[i] != kept->groups[i])
			return;
	pal_server_drop(key);
}

static __always_inline int pal_switch_decide(const struct pal_switch *sw)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_task_ctx *tc = pal_current_ctx();
	struct pal_task_ctx *lc = pal_current_proc_ctx();
	struct pal_audit_extra x = { .arg = { sw->ids[0] } };
	__u32 mode = PAL_MODE_ENFORCE, pc = 0, prof = 0, id = 0, idx, n, i;
	__u32 auth = pal_authority();
	const char *name = "";
	struct pal_policy_ref ref;
	struct pal_decision d;
	struct pal_dirt *dirt;
	__u64 key;
	int held_ref = 0;

	if (auth == PAL_AUTH_UNIX)
		return 0;
	if (tc && tc->profile_id && !pal_policy_get(&ref)) {
		held_ref = 1;
		prof = pal_pc_profile(&ref, tc, &mode, &pc);
		if (prof)
			id = tc->profile_id;
	}
	if (sw->thread && !(pc & (PAL_PC_SERVER_READ | PAL_PC_SERVER_UPDATE))) {
		x.info = PAL_INFO_NO_SERVER;
	} else if (!sw->thread && !(pc & PAL_PC_DAEMON)) {
		x.info = PAL_INFO_NO_DAEMON;
	} else if (!lc || !(lc->proc & PAL_PROC_TRACKED) ||
		   (lc->proc & PAL_PROC_DIRTY)) {
		x.info = PAL_INFO_NOT_CLEAN;
		key = pal_task_key(task->group_leader);
		dirt = bpf_map_lookup_elem(&pal_dirt, &key);
		if (dirt)
			name = dirt->name;
	} else if (auth == PAL_AUTH_MAINCHECK && !(lc->proc & PAL_PROC_MAIN)) {
		x.info = PAL_INFO_NOT_MAIN;
	} else if (pc & (sw->op == PAL_OP_SETUID ? PAL_PC_SETUID_LIST :
			 PAL_PC_SETGID_LIST)) {
		if (sw->op == PAL_OP_SETUID) {
			idx = PAL_FIELD(ref.blob, prof, struct pal_profile_rec, uids_idx);
			n = PAL_FIELD(ref.blob, prof, struct pal_profile_rec, nuids);
		} else {
			idx = PAL_FIELD(ref.blob, prof, struct pal_profile_rec, gids_idx);
			n = PAL_FIELD(ref.blob, prof, struct pal_profile_rec, ngids);
		}
		for (i = 0; i < 4; i++) {
			if (!pal_id_listed(ref.blob, idx, n, sw->ids[i])) {
				x.info = PAL_INFO_TARGET_ID;
				x.arg[0] = sw->ids[i];
				break;
			}
		}
	}
	if (held_ref)
		pal_policy_put(&ref);
	if (!x.info) {
		if (sw->thread && (pc & PAL_PC_SERVER_READ) &&
		    !(pc & PAL_PC_SERVER_UPDATE) && pal_server_read_keep(sw->old)) {
			x.info = PAL_INFO_LIMIT;
			x.arg[0] = PAL_SERVER_MAX;
			x.arg[1] = 0;
			pal_pc_refuse(PAL_MODE_ENFORCE, &d);
			return pal_enforce_ex(&d, sw->op, id, 1, 0, "server read",
					      &x, -EAGAIN);
		}
		return 0;
	}
	/* Unconfined tasks hold no authority: always enforced. */
	pal_pc_refuse(prof ? mode : PAL_MODE_ENFORCE, &d);
	return pal_enforce_ex(&d, sw->op, id, 1, 0, name, &x, -EPERM);
}

static __always_inline int pal_id_held(__u32 id, __u32 a, __u32 b, __u32 c)
{
	return id == a || id == b || id == c;
}

/*
 * Fill @sw->ids with those of @nw (new real, effective, saved, fs id) the
 * task does not hold in @old (real, effective, saved, and fs for the fs
 * id).  Return: how many.
 */
static __always_inline int pal_unheld(struct pal_switch *sw, const __u32 nw[4],
				      const __u32 old[4])
{
	__u32 held[4], first = 0;
	int i, k = 0;

	/* Constant indices only: the verifier refuses a variable offset
	 * into a stack array that clang turns into pointer arithmetic. */
	for (i = 3; i >= 0; i--) {
		held[i] = pal_id_held(nw[i], old[0], old[1], old[2]) ||
			  (i == 3 && nw[i] == old[3]);
		if (!held[i]) {
			first = nw[i];
			k++;
		}
	}
	for (i = 0; i < 4; i++)
		sw->ids[i] = held[i] ? first : nw[i];
	return k;
}

/* Add @gid to the (at most 4) new ids of @sw; @k: how many it has. */
static __always_inline void pal_add_id(struct pal_switch *sw, int k, __u32 gid)
{
	if (k == 0)
		sw->ids[0] = sw->ids[1] = sw->ids[2] = sw->ids[3] = gid;
	else if (k == 1)
		sw->ids[1] = gid;
	else if (k == 2)
		sw->ids[2] = gid;
	else if (k == 3)
		sw->ids[3] = gid;
}

SEC("lsm/task_fix_setuid")
int BPF_PROG(pal_task_fix_setuid, struct cred *new, const struct cred *old,
	     int flags)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_switch sw = { .op = PAL_OP_SETUID, .old = old };
	__u32 nw[4] = { new->uid.val, new->euid.val, new->suid.val, new->fsuid.val };
	__u32 od[4] = { old->uid.val, old->euid.val, old->suid.val, old->fsuid.val };

	pal_server_back(new);
	if (!pal_unheld(&sw, nw, od))
		return 0;
	sw.thread = (flags & PAL_LSM_SETID_FS) || task->signal->nr_threads > 1;
	return pal_switch_decide(&sw);
}

SEC("lsm/task_fix_setgid")
int BPF_PROG(pal_task_fix_setgid, struct cred *new, const struct cred *old,
	     int flags)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_switch sw = { .op = PAL_OP_SETGID, .old = old };
	__u32 nw[4] = { new->gid.val, new->egid.val, new->sgid.val, new->fsgid.val };
	__u32 od[4] = { old->gid.val, old->egid.val, old->sgid.val, old->fsgid.val };

	pal_server_back(new);
	if (!pal_unheld(&sw, nw, od))
		return 0;
	sw.thread = (flags & PAL_LSM_SETID_FS) || task->signal->nr_threads > 1;
	return pal_switch_decide(&sw);
}

/* Is @gid one of @gi's first PAL_NGROUPS_CHECKED groups? */
static __always_inline int pal_in_groups(struct group_info *gi, __u32 gid)
{
	int i, n = BPF_CORE_READ(gi, ngroups);

	for (i = 0; i < PAL_NGROUPS_CHECKED; i++) {
		if (i >= n)
			break;
		if (BPF_CORE_READ(gi, gid[i].val) == gid)
			return 1;
	}
	return 0;
}

struct pal_groups_scan {
	struct group_info *ngi;
	struct group_info *ogi;
	__u32 held[3];
	int k;
	struct pal_switch sw;
};

/* One new supplementary group: collect it when the task lacks it. */
static long pal_groups_step(__u32 i, void *data)
{
	struct pal_groups_scan *g = data;
	struct group_info *ngi = g->ngi, *ogi = g->ogi;
	__u32 gid;

	if (i >= PAL_NGROUPS_CHECKED)
		return 1;
	gid = BPF_CORE_READ(ngi, gid[i].val);
	if (pal_id_held(gid, g->held[0], g->held[1], g->held[2]) ||
	    pal_in_groups(ogi, gid))
		return 0;
	pal_add_id(&g->sw, g->k, gid);
	g->k++;
	return 0;
}

/*
 * setgroups: every new supplementary group must be one the task already
 * has (a group id or one of its first PAL_NGROUPS_CHECKED supplementary
 * groups); past the first PAL_NGROUPS_CHECKED new groups, any more count
 * as new.
 */
SEC("lsm/task_fix_setgroups")
int BPF_PROG(pal_task_fix_setgroups, struct cred *new, const struct cred *old)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pal_groups_scan g = {
		.ngi = new->group_info,
		.ogi = old->group_info,
		.held = { old->gid.val, old->egid.val, old->sgid.val },
		.sw = { .op = PAL_OP_SETGROUPS, .old = old },
	};
	struct group_info *ngi = new->group_info;
	int n = BPF_CORE_READ(ngi, ngroups);

	pal_server_back(new);
	if (n <= 0)
		return 0;
	pal_loop(n < PAL_NGROUPS_CHECKED ? n : PAL_NGROUPS_CHECKED,
		 pal_groups_step, &g);
	if (n > PAL_NGROUPS_CHECKED && !g.k) {
		pal_add_id(&g.sw, 0, BPF_CORE_READ(ngi, gid[PAL_NGROUPS_CHECKED].val));
		g.k = 1;
	}
	if (!g.k)
		return 0;
	g.sw.thread = task->signal->nr_threads > 1;
	return pal_switch_decide(&g.sw);
}
