// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: pinned maps and atomic policy install.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pal_loader.h"
#include "pal_progs.h"
#include "palisade_parser.h"
#include "match.h"

static int open_pin(const char *name, char *err, size_t errlen)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", PALISADE_PIN_DIR, name);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fd = -errno;
		snprintf(err, errlen, "%s: %s (is palisaded running?)", path,
			 strerror(errno));
	}
	return fd;
}

/* Stride of the banks in the mapped policy map: array values are 8-byte
 * aligned. */
#define BANK_STRIDE	((sizeof(struct pal_policy_bank) + 7) & ~(size_t)7)

static struct pal_policy_bank *bank_at(const struct pal_maps *m, __u32 bank)
{
	return (struct pal_policy_bank *)((char *)m->banks +
					  (bank & 1) * BANK_STRIDE);
}

static int map_banks(struct pal_maps *m, char *err, size_t errlen)
{
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	m->banks_len = (BANK_STRIDE * PAL_POLICY_BANKS + page - 1) &
		       ~(size_t)(page - 1);
	p = mmap(NULL, m->banks_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		 m->policy, 0);
	if (p == MAP_FAILED) {
		m->banks_len = 0;
		snprintf(err, errlen, "mapping the policy map: %s (programs "
			 "pinned by an older palisaded?)", strerror(errno));
		return -errno;
	}
	m->banks = p;
	return 0;
}

int pal_maps_open_pinned(struct pal_maps *m, char *err, size_t errlen)
{
	int ret = 0;

	m->banks = NULL;
	m->banks_len = 0;
	m->policy = m->state = m->stats = m->events = m->readers = -1;
	m->config = m->profile_ctl = m->segs = m->ctl_used = -1;
	if ((m->policy = open_pin("pal_policy", err, errlen)) < 0 ||
	    (m->state = open_pin("pal_state", err, errlen)) < 0 ||
	    (m->stats = open_pin("pal_stats", err, errlen)) < 0 ||
	    (m->events = open_pin("pal_events", err, errlen)) < 0 ||
	    (m->readers = open_pin("pal_readers", err, errlen)) < 0 ||
	    (m->config = open_pin("pal_config", err, errlen)) < 0 ||
	    (m->profile_ctl = open_pin("pal_profile_ctl", err, errlen)) < 0 ||
	    (m->segs = open_pin("pal_policy_segs", err, errlen)) < 0) {
		ret = -ENOENT;
		pal_maps_close(m);
		return ret;
	}
	/* Missing under a palisaded from before it: its hooks do not read it. */
	m->ctl_used = bpf_obj_get(PALISADE_PIN_DIR "/pal_ctl_used");
	ret = map_banks(m, err, errlen);
	if (ret)
		pal_maps_close(m);
	return ret;
}

void pal_maps_close(struct pal_maps *m)
{
	int *fds[] = { &m->policy, &m->state, &m->stats, &m->events,
		       &m->readers, &m->config, &m->profile_ctl, &m->segs,
		       &m->ctl_used };
	size_t i;

	if (m->banks)
		munmap(m->banks, m->banks_len);
	m->banks = NULL;
	m->banks_len = 0;
	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

static void ctl_used_write(const struct pal_maps *m, __u32 used)
{
	__u32 zero = 0;

	if (m->ctl_used >= 0)
		bpf_map_update_elem(m->ctl_used, &zero, &used, BPF_ANY);
}

void pal_ctl_used_raise(const struct pal_maps *m)
{
	ctl_used_write(m, 1);
}

/* A hook reading it meanwhile sees the entries as before or after. */
void pal_ctl_used_sync(const struct pal_maps *m)
{
	__u32 key;

	ctl_used_write(m, !bpf_map_get_next_key(m->profile_ctl, NULL, &key));
}

int pal_state_read(const struct pal_maps *m, struct pal_state *st)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(m->state, &zero, st) ? -errno : 0;
}

/* Element 0 of a per-CPU array map: one value of @size per possible CPU,
 * in a malloc'd array. */
static int read_percpu(int fd, size_t size, void **vals, int *ncpu)
{
	__u32 zero = 0;

	*ncpu = libbpf_num_possible_cpus();
	if (*ncpu <= 0)
		return *ncpu ? *ncpu : -EINVAL;
	*vals = calloc(*ncpu, size);
	if (!*vals)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &zero, *vals)) {
		free(*vals);
		return -errno;
	}
	return 0;
}

/* Hooks still reading @bank, summed over CPUs. */
static int bank_readers(const struct pal_maps *m, __u32 bank, __u64 *count)
{
	struct pal_readers *per;
	int ncpu, i, ret;

	ret = read_percpu(m->readers, sizeof(*per), (void **)&per, &ncpu);
	if (ret)
		return ret;
	*count = 0;
	for (i = 0; i < ncpu; i++)
		*count += per[i].n[bank];
	free(per);
	return 0;
}

/* Wait (up to 10 s) until no hook reads @bank any more. */
static int wait_bank_idle(const struct pal_maps *m, __u32 bank)
{
	struct timespec ts = { 0, 1000 * 1000 };
	__u64 count;
	int i, ret;

	for (i = 0; i < 10000; i++) {
		ret = bank_readers(m, bank, &count);
		if (ret || !count)
			return ret;
		nanosleep(&ts, NULL);
	}
	return -EBUSY;
}

int pal_lock(char *err, size_t errlen)
{
	int lock = open(PALISADE_PIN_DIR, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (lock < 0 || flock(lock, LOCK_EX)) {
		int ret = -errno;

		snprintf(err, errlen, "cannot lock %s: %s", PALISADE_PIN_DIR,
			 strerror(errno));
		if (lock >= 0)
			close(lock);
		return ret;
	}
	return lock;
}

void pal_unlock(int lock)
{
	if (lock >= 0)
		close(lock);
}

static __u32 profile_count(const __u8 *blob)
{
	return PAL_FIELD(blob, 0, struct pal_policy_header, nprofiles);
}

static __u32 profile_rec(const __u8 *blob, __u32 i)
{
	return PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off) +
	       i * sizeof(struct pal_profile_rec);
}

/*
 * Before writing a bank: drop the control entries of profiles the policy
 * in force (@active) does not have.  They were removed by an earlier
 * install, and once the retired bank is idle no hook decides with a policy
 * that has them.  The entries the map holds are so bounded by the profiles
 * of two consecutive policies, however many profiles come and go.
 */
static void drop_absent(const struct pal_maps *m, const __u8 *active)
{
	__u32 key, next, *prev = NULL;

	while (!bpf_map_get_next_key(m->profile_ctl, prev, &next)) {
		key = next;
		if (!pal_profile_find(active, key) &&
		    !bpf_map_delete_elem(m->profile_ctl, &key))
			continue;	/* deleted: ask again from the same key */
		prev = &key;
	}
}

/*
 * Before the flip to generation @gen: a profile @new brings back after it
 * was removed is a new incarnation, born in @gen.  Tasks still labelled
 * with the old one (the hooks move them to unconfined lazily, at their
 * next access) must not be confined by the new one, as AppArmor moved them
 * to ``unconfined`` for good; hooks compare &pal_profile_ctl.born with the
 * task's &pal_task_ctx.since.  Only profiles some task is still labelled
 * with get a mark.  A mark that cannot be written (map full) or a task
 * missed because it forked during the scan only leaves such a task
 * confined by the new profile: more confinement, never less.
 */
static void mark_born(const struct pal_maps *m, const __u8 *old,
		      const __u8 *new, __u64 gen)
{
	__u32 i, n = profile_count(new), id, rec, nadded = 0, *added;
	struct pal_profile_ctl ctl;
	struct pal_task_ctx tc;
	__u64 key, next, *prev = NULL;
	__u8 *stale;
	int tasks;

	added = calloc(n ? n : 1, sizeof(*added));
	stale = calloc(n ? n : 1, 1);
	if (!added || !stale)
		goto out;
	for (i = 0; i < n; i++) {
		rec = profile_rec(new, i);
		id = PAL_FIELD(new, rec, struct pal_profile_rec, id);
		if (!pal_profile_find(old, id))
			added[nadded++] = id;
	}
	if (!nadded)
		goto out;
	tasks = bpf_obj_get(PALISADE_PIN_DIR "/pal_task");
	if (tasks < 0)
		goto out;
	while (!bpf_map_get_next_key(tasks, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(tasks, &key, &tc))
			continue;
		for (i = 0; i < nadded; i++)
			if ((tc.profile_id == added[i] && tc.since < gen) ||
			    (tc.pending_id == added[i] && tc.pending_since < gen))
				stale[i] = 1;
	}
	close(tasks);
	for (i = 0; i < nadded; i++) {
		if (!stale[i])
			continue;
		memset(&ctl, 0, sizeof(ctl));
		ctl.flags = PAL_CTL_BORN;
		ctl.born = gen;
		bpf_map_update_elem(m->profile_ctl, &added[i], &ctl, BPF_ANY);
	}
out:
	free(added);
	free(stale);
}

/*
 * After the flip: drop the mode switches the new policy overrode (its text
 * compiles the profile to another mode than the one the switch was made
 * from).  Hooks already ignore them; dropping them keeps a later policy
 * that returns to the old mode from reviving a stale switch.
 */
static void drop_stale_modes(const struct pal_maps *m, const __u8 *new)
{
	struct pal_profile_ctl ctl;
	__u32 key, next, rec, *prev = NULL;

	while (!bpf_map_get_next_key(m->profile_ctl, prev, &next)) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(m->profile_ctl, &key, &ctl) ||
		    !(ctl.flags & PAL_CTL_MODE))
			continue;
		rec = pal_profile_find(new, key);
		if (rec && PAL_FIELD(new, rec, struct pal_profile_rec, mode) ==
				   ctl.base)
			continue;
		ctl.flags &= ~PAL_CTL_MODE;
		ctl.mode = ctl.base = 0;
		if (ctl.flags)
			bpf_map_update_elem(m->profile_ctl, &key, &ctl, BPF_EXIST);
		else
			bpf_map_delete_elem(m->profile_ctl, &key);
	}
}

/* Size of the policy in @bank, bounded by the bank (0 when empty). */
static __u32 bank_policy_size(const struct pal_policy_bank *bank)
{
	const struct pal_policy_header *h = (const void *)bank->blob;

	return h->size <= PALISADE_POLICY_MAX ? h->size : PALISADE_POLICY_MAX;
}

/* The slot of segment @k >= 1 of @bank in pal_policy_segs. */
static __u32 seg_key(__u32 bank, __u32 k)
{
	return (bank & 1) * (PAL_POLICY_SEGS - 1) + k - 1;
}

/*
 * Put @len bytes of @data as segment @k of @bank: a new single-element
 * mappable array (the shape of pal_policy_segs' inner-map template), filled
 * through a mapping so only the used bytes are written, then placed in the
 * bank's slot.  The slot's previous map goes once its last user lets go.
 */
static int seg_install(const struct pal_maps *m, __u32 bank, __u32 k,
		       const void *data, size_t len, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts, .map_flags = BPF_F_MMAPABLE);
	__u32 key = seg_key(bank, k);
	int fd, ret = 0;
	void *p;

	fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "pal_policy_seg", sizeof(__u32),
			    PALISADE_POLICY_MAX, 1, &opts);
	if (fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "creating policy segment %u: %s", k,
			 strerror(errno));
		return ret;
	}
	p = mmap(NULL, PALISADE_POLICY_MAX, PROT_READ | PROT_WRITE, MAP_SHARED,
		 fd, 0);
	if (p == MAP_FAILED) {
		ret = -errno;
		snprintf(err, errlen, "mapping policy segment %u: %s", k,
			 strerror(errno));
		goto cleanup;
	}
	memcpy(p, data, len);
	munmap(p, PALISADE_POLICY_MAX);
	if (bpf_map_update_elem(m->segs, &key, &fd, BPF_ANY)) {
		ret = -errno;
		snprintf(err, errlen, "installing policy segment %u: %s", k,
			 strerror(errno));
	}
cleanup:
	close(fd);
	return ret;
}

/*
 * The inode_permission program serves only server identities (server
 * read: the client's rights checked on every path component).  It is
 * attached only while they may exist, because a program there costs every
 * lookup of every task a trampoline round trip per component.
 */
#define SERVER_PROG	PALISADE_PIN_DIR "/progs/" PAL_PROGS_ON_DEMAND
#define SERVER_LINK	PALISADE_PIN_DIR "/links/" PAL_PROGS_ON_DEMAND

/* Does a profile of @blob give server authority? */
static int policy_has_server(const __u8 *blob)
{
	__u32 i, n = profile_count(blob), pc;

	for (i = 0; i < n; i++) {
		pc = PAL_FIELD(blob, profile_rec(blob, i), struct pal_profile_rec,
			       pc_flags);
		if (pc & (PAL_PC_SERVER_READ | PAL_PC_SERVER_UPDATE))
			return 1;
	}
	return 0;
}

/* Attach the server hook unless it is.  Without a pinned program (the
 * programs of an older palisaded attach it themselves) there is nothing
 * to do. */
static int server_hook_attach(char *err, size_t errlen)
{
	int prog, link, ret = 0;

	if (!access(SERVER_LINK, F_OK))
		return 0;
	prog = bpf_obj_get(SERVER_PROG);
	if (prog < 0)
		return errno == ENOENT ? 0 : -errno;
	link = bpf_link_create(prog, 0, BPF_LSM_MAC, NULL);
	if (link < 0 || bpf_obj_pin(link, SERVER_LINK)) {
		ret = -errno;
		snprintf(err, errlen, "attaching the server hook: %s",
			 strerror(errno));
	}
	if (link >= 0)
		close(link);
	close(prog);
	return ret;
}

/*
 * Detach the server hook once no task holds a server identity.  The
 * policy in force gives none: a task can gain one only in a hook still
 * reading the bank of @old_bank, so that bank is waited for first.  A
 * task gives its identity up when the kernel frees it, a moment after it
 * exits (after an RCU grace period): up to 2 s are given for that.  A
 * server task still running keeps the hook until a later install.
 */
static void server_hook_detach_idle(const struct pal_maps *m, __u32 old_bank)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	__u64 count = 1;
	__u32 zero = 0;
	int fd, i;

	if (access(SERVER_LINK, F_OK) || access(SERVER_PROG, F_OK) ||
	    wait_bank_idle(m, old_bank))
		return;
	fd = bpf_obj_get(PALISADE_PIN_DIR "/pal_server_count");
	if (fd < 0)
		return;
	for (i = 0; i < 200; i++) {
		if (bpf_map_lookup_elem(fd, &zero, &count) || !count)
			break;
		nanosleep(&ts, NULL);
	}
	if (!count)
		unlink(SERVER_LINK);
	close(fd);
}

int pal_policy_install(const struct pal_maps *m, const void *blob, size_t size,
		       char *err, size_t errlen)
{
	struct pal_policy_seg segs[PAL_POLICY_SEGS];
	struct pal_policy_bank *dst, *old = NULL;
	const __u8 *src = blob;
	struct pal_state st;
	__u32 zero = 0, bank, old_size, nsegs, k, key;
	int lock = -1, ret, server;

	ret = pal_policy_verify(blob, size, err, errlen);
	if (ret)
		return ret;
	ret = pal_policy_segments(blob, size, segs, &nsegs, err, errlen);
	if (ret)
		return ret;

	/* One installer at a time: the inactive bank is written unlocked. */
	lock = pal_lock(err, errlen);
	if (lock < 0)
		return lock;
	pal_ctl_used_raise(m);
	ret = pal_state_read(m, &st);
	if (ret) {
		snprintf(err, errlen, "reading state: %s", strerror(-ret));
		goto cleanup;
	}
	if (st.loaded)
		old = bank_at(m, st.active);
	bank = st.loaded ? (st.active ^ 1) & 1 : 0;
	ret = wait_bank_idle(m, bank);
	if (ret) {
		snprintf(err, errlen, "policy bank %u still in use: %s", bank,
			 strerror(-ret));
		goto cleanup;
	}
	/* No hook reads this bank now, and none will before the flip. */
	if (old)
		drop_absent(m, old->blob);
	server = policy_has_server(blob);
	if (server) {
		ret = server_hook_attach(err, errlen);
		if (ret)
			goto cleanup;
	}
	dst = bank_at(m, bank);
	/* Slots a larger earlier policy used: a bank holds only its own.
	 * Only the slots @slots says may be filled are emptied: before 6.8
	 * each delete of a map-in-map waits for an RCU grace period, even
	 * a failed one, and so does each lookup. */
	for (k = dst->slots < PAL_POLICY_SEGS ? dst->slots : PAL_POLICY_SEGS;
	     k > nsegs; k--) {
		key = seg_key(bank, k - 1);
		if (bpf_map_delete_elem(m->segs, &key) && errno != ENOENT) {
			ret = -errno;
			snprintf(err, errlen, "emptying policy segment %u: %s",
				 k - 1, strerror(errno));
			goto cleanup;
		}
		dst->slots = k - 1;
	}
	src += segs[0].size;
	for (k = 1; k < nsegs; k++) {
		/* Counted before it is filled: a failure leaves no slot the
		 * next install would not empty. */
		if (dst->slots < k + 1)
			dst->slots = k + 1;
		ret = seg_install(m, bank, k, src, segs[k].size, err, errlen);
		if (ret)
			goto cleanup;
		src += segs[k].size;
	}
	src = blob;
	old_size = bank_policy_size(dst);
	memcpy(dst->blob, src, segs[0].size);
	if (old_size > segs[0].size)	/* keep the bank zero padded */
		memset(dst->blob + segs[0].size, 0, old_size - segs[0].size);
	dst->bank = bank;
	dst->generation = st.generation + 1;
	if (old)
		mark_born(m, old->blob, dst->blob, st.generation + 1);
	/* The bank's bytes are visible before the index that publishes it. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	st.active = bank;
	st.loaded = 1;
	st.generation++;
	if (bpf_map_update_elem(m->state, &zero, &st, BPF_ANY)) {
		ret = -errno;
		snprintf(err, errlen, "switching to bank %u: %s", bank,
			 strerror(errno));
		goto cleanup;
	}
	drop_stale_modes(m, dst->blob);
	if (!server)
		server_hook_detach_idle(m, bank ^ 1);
	ret = 0;
cleanup:
	pal_ctl_used_sync(m);
	pal_unlock(lock);
	return ret;
}

/* Copy segment @k of @bank, @len bytes, to @dst. */
static int seg_read(const struct pal_maps *m, __u32 bank, __u32 k, void *dst,
		    size_t len)
{
	__u32 key = seg_key(bank, k), id;
	int fd, ret = 0;
	void *p;

	if (bpf_map_lookup_elem(m->segs, &key, &id))
		return -errno;
	fd = bpf_map_get_fd_by_id(id);
	if (fd < 0)
		return -errno;
	p = mmap(NULL, PALISADE_POLICY_MAX, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		ret = -errno;
		goto cleanup;
	}
	memcpy(dst, p, len);
	munmap(p, PALISADE_POLICY_MAX);
cleanup:
	close(fd);
	return ret;
}

/* Segments of the policy in the virtual buffer @b (0 when none). */
static __u32 vbuf_nsegs(const __u8 *b)
{
	__u32 n = PAL_FIELD(b, 0, struct pal_policy_header, nsegs);

	if (PAL_FIELD(b, 0, struct pal_policy_header, magic) != PALISADE_POLICY_MAGIC)
		return 0;
	return n <= PAL_POLICY_SEGS ? n : PAL_POLICY_SEGS;
}

int pal_policy_read_active(const struct pal_maps *m, void *buf,
			   struct pal_state *st)
{
	const struct pal_policy_bank *src;
	__u8 *dst = buf;
	int ret = pal_state_read(m, st);
	__u32 size, k, had, nsegs, table, len;

	if (ret)
		return ret;
	if (!st->loaded)
		return -ENOENT;
	had = vbuf_nsegs(dst);
	src = bank_at(m, st->active);
	size = bank_policy_size(src);
	/* The policy's own bytes: the rest of a bank is zero. */
	memcpy(dst, src->blob, size);
	memset(dst + size, 0, PALISADE_POLICY_MAX - size);
	nsegs = vbuf_nsegs(dst);
	table = PAL_FIELD(dst, 0, struct pal_policy_header, segs_off);
	for (k = 1; k < nsegs; k++) {
		__u8 *seg = dst + ((size_t)k << PAL_SEG_SHIFT);

		len = PAL_FIELD(dst, table + (k - 1) * sizeof(struct pal_policy_seg),
				struct pal_policy_seg, size);
		len = len < PALISADE_POLICY_MAX ? len : PALISADE_POLICY_MAX;
		ret = seg_read(m, st->active, k, seg, len);
		if (ret)
			return ret;
		memset(seg + len, 0, PALISADE_POLICY_MAX - len);
	}
	/* A buffer read again: segments only the previous policy had. */
	for (k = nsegs ? nsegs : 1; k < had; k++)
		memset(dst + ((size_t)k << PAL_SEG_SHIFT), 0, PALISADE_POLICY_MAX);
	return 0;
}

int pal_stats_read(const struct pal_maps *m, struct pal_stats *sum)
{
	struct pal_stats *per;
	int ncpu, i, ret;

	memset(sum, 0, sizeof(*sum));
	ret = read_percpu(m->stats, sizeof(*per), (void **)&per, &ncpu);
	if (ret)
		return ret;
	for (i = 0; i < ncpu; i++) {
		sum->events += per[i].events;
		sum->events_dropped += per[i].events_dropped;
		sum->denials += per[i].denials;
		sum->events_suppressed += per[i].events_suppressed;
		sum->kills += per[i].kills;
		sum->cache_hits += per[i].cache_hits;
		sum->cache_fills += per[i].cache_fills;
		sum->cache_nostore += per[i].cache_nostore;
	}
	free(per);
	return 0;
}

static int read_whole(const char *path, void **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 0, len = 0, n;
	char *buf = NULL, *nbuf;

	if (!f)
		return -errno;
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				fclose(f);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	*data = buf;
	*size = len;
	return 0;
}

static int is_binary_policy(const void *data, size_t size)
{
	__u32 magic;

	if (size < sizeof(magic))
		return 0;
	memcpy(&magic, data, sizeof(magic));
	return magic == PALISADE_POLICY_MAGIC ||
	       magic == __builtin_bswap32(PALISADE_POLICY_MAGIC);
}

int pal_policy_load_file(const char *const *paths, int npaths,
			 const char *const *include_dirs, int ninclude,
			 void **blob, size_t *size)
{
	struct pal_compile_opts opts = {
		.include_dirs = include_dirs,
		.ninclude_dirs = ninclude,
		.big_endian = -1,
		.jobs = PAL_JOBS_AUTO,	/* the same policy for any count */
	};
	void *data = NULL;
	size_t len = 0;
	int ret;

	if (npaths == 1) {
		ret = read_whole(paths[0], &data, &len);
		if (ret) {
			fprintf(stderr, "%s: %s\n", paths[0], strerror(-ret));
			return ret;
		}
		if (is_binary_policy(data, len)) {
			*blob = data;
			*size = len;
			return 0;
		}
		free(data);
	}
	return pal_compile_files(&opts, paths, npaths, blob, size, stderr) ?
		       -EINVAL : 0;
}

const char *pal_policy_profile_name(const void *blob, __u32 id)
{
	const __u8 *b = blob;
	__u32 rec = pal_profile_find(b, id), strings, name;

	if (!rec)
		return NULL;
	strings = PAL_FIELD(b, 0, struct pal_policy_header, strings_off);
	name = PAL_FIELD(b, rec, struct pal_profile_rec, name_off);
	/* Strings are in segment 0. */
	return (const char *)b + ((strings + name) & (PALISADE_POLICY_MAX - 1));
}

__u32 pal_policy_profile_by_name(const void *blob, const char *name)
{
	__u32 i, n = profile_count(blob), rec, id;
	const char *pn;

	for (i = 0; i < n && i < PAL_PROFILE_CTL_MAX * 16; i++) {
		rec = profile_rec(blob, i);
		id = PAL_FIELD((const __u8 *)blob, rec, struct pal_profile_rec, id);
		pn = pal_policy_profile_name(blob, id);
		if (pn && !strcmp(pn, name))
			return rec;
	}
	return 0;
}
