/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: access to the pinned maps and atomic policy install.
 */
#ifndef PAL_LOADER_H
#define PAL_LOADER_H

#include <stddef.h>
#include "palisade.h"

/**
 * struct pal_maps - file descriptors of palisade's pinned maps
 * @policy: policy banks
 * @state: &struct pal_state
 * @stats: per-CPU &struct pal_stats
 * @events: audit ring buffer
 * @readers: per-CPU &struct pal_readers
 * @config: &struct pal_config
 * @profile_ctl: &struct pal_profile_ctl by profile id
 * @segs: pal_policy_segs, the segments after segment 0 of each bank
 * @banks: the policy map mapped into memory (both banks)
 * @banks_len: length of the mapping
 */
struct pal_maps {
	int policy;
	int state;
	int stats;
	int events;
	int readers;
	int config;
	int profile_ctl;
	int segs;
	int ctl_used;
	void *banks;
	size_t banks_len;
};

#define PAL_MAPS_INIT { -1, -1, -1, -1, -1, -1, -1, -1, -1, NULL, 0 }

int pal_maps_open_pinned(struct pal_maps *m, char *err, size_t errlen);
void pal_maps_close(struct pal_maps *m);

/*
 * Verify @blob (the file format) and make it the policy in force: wait
 * until no hook still reads the inactive bank, fill its segment 0 and a
 * new segment map for each further segment, empty the segment slots the
 * policy does not use, then flip the active index.
 * Returns 0, or a negative errno with a message.
 */
int pal_policy_install(const struct pal_maps *m, const void *blob, size_t size,
		       char *err, size_t errlen);

/*
 * Serialise writers of the policy and of &struct pal_profile_ctl (an
 * flock on the pin directory).  Returns an fd for pal_unlock(), or a
 * negative errno with a message.
 */
int pal_lock(char *err, size_t errlen);
void pal_unlock(int lock);

/*
 * pal_ctl_used tells the hooks whether pal_profile_ctl may hold entries,
 * so that a confined task's hooks skip that map's lookup while it holds
 * none (no mode switch, no profile brought back).  Both are called under
 * the install lock: raise before anything may add an entry, sync once
 * the entries are final.
 */
void pal_ctl_used_raise(const struct pal_maps *m);
void pal_ctl_used_sync(const struct pal_maps *m);

/* Read the policy in force into @buf, a virtual policy buffer of
 * PAL_POLICY_VSIZE bytes (pal_policy_vbuf_alloc()), zero outside the
 * policy's bytes. */
int pal_policy_read_active(const struct pal_maps *m, void *buf,
			   struct pal_state *st);

int pal_state_read(const struct pal_maps *m, struct pal_state *st);
int pal_stats_read(const struct pal_maps *m, struct pal_stats *sum);

/*
 * Read a policy file: a binary policy as it is, or profile text compiled
 * on the fly.  *blob is malloc'd.  Messages go to stderr.
 */
int pal_policy_load_file(const char *const *paths, int npaths,
			 const char *const *include_dirs, int ninclude,
			 void **blob, size_t *size);

/* Name of the profile with @id in @blob (a virtual policy buffer, or at
 * least its segment 0). */
const char *pal_policy_profile_name(const void *blob, __u32 id);

/* Byte offset of the record of the profile named @name, 0 if none. */
__u32 pal_policy_profile_by_name(const void *blob, const char *name);

#endif /* PAL_LOADER_H */
