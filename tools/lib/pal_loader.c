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
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pal_loader.h"
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

int pal_maps_open_pinned(struct pal_maps *m, char *err, size_t errlen)
{
	int ret = 0;

	m->policy = m->state = m->stats = m->events = m->readers = -1;
	if ((m->policy = open_pin("pal_policy", err, errlen)) < 0 ||
	    (m->state = open_pin("pal_state", err, errlen)) < 0 ||
	    (m->stats = open_pin("pal_stats", err, errlen)) < 0 ||
	    (m->events = open_pin("pal_events", err, errlen)) < 0 ||
	    (m->readers = open_pin("pal_readers", err, errlen)) < 0) {
		ret = -ENOENT;
		pal_maps_close(m);
	}
	return ret;
}

void pal_maps_close(struct pal_maps *m)
{
	int *fds[] = { &m->policy, &m->state, &m->stats, &m->events,
		       &m->readers };
	size_t i;

	for (i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
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

int pal_policy_install(const struct pal_maps *m, const void *blob, size_t size,
		       char *err, size_t errlen)
{
	struct pal_state st;
	__u32 zero = 0, bank;
	void *buf = NULL;
	int lock = -1, ret;

	ret = pal_policy_verify(blob, size, err, errlen);
	if (ret)
		return ret;
	buf = calloc(1, PALISADE_POLICY_MAX);
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	memcpy(buf, blob, size);

	/* One installer at a time: the inactive bank is written unlocked. */
	lock = open(PALISADE_PIN_DIR, O_RDONLY | O_DIRECTORY);
	if (lock < 0 || flock(lock, LOCK_EX)) {
		ret = -errno;
		snprintf(err, errlen, "cannot lock %s: %s", PALISADE_PIN_DIR,
			 strerror(errno));
		goto cleanup;
	}
	ret = pal_state_read(m, &st);
	if (ret) {
		snprintf(err, errlen, "reading state: %s", strerror(-ret));
		goto cleanup;
	}
	bank = st.loaded ? (st.active ^ 1) & 1 : 0;
	ret = wait_bank_idle(m, bank);
	if (ret) {
		snprintf(err, errlen, "policy bank %u still in use: %s", bank,
			 strerror(-ret));
		goto cleanup;
	}
	if (bpf_map_update_elem(m->policy, &bank, buf, BPF_ANY)) {
		ret = -errno;
		snprintf(err, errlen, "writing policy bank %u: %s", bank,
			 strerror(errno));
		goto cleanup;
	}
	st.active = bank;
	st.loaded = 1;
	st.generation++;
	if (bpf_map_update_elem(m->state, &zero, &st, BPF_ANY)) {
		ret = -errno;
		snprintf(err, errlen, "switching to bank %u: %s", bank,
			 strerror(errno));
		goto cleanup;
	}
	ret = 0;
cleanup:
	if (lock >= 0)
		close(lock);
	free(buf);
	return ret;
}

int pal_policy_read_active(const struct pal_maps *m, void *buf,
			   struct pal_state *st)
{
	__u32 bank;
	int ret = pal_state_read(m, st);

	if (ret)
		return ret;
	if (!st->loaded)
		return -ENOENT;
	bank = st->active & 1;
	return bpf_map_lookup_elem(m->policy, &bank, buf) ? -errno : 0;
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
	return (const char *)b + ((strings + name) & (PALISADE_POLICY_MAX - 1));
}
