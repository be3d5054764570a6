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
 */
struct pal_maps {
	int policy;
	int state;
	int stats;
	int events;
	int readers;
};

int pal_maps_open_pinned(struct pal_maps *m, char *err, size_t errlen);
void pal_maps_close(struct pal_maps *m);

/*
 * Verify @blob and make it the policy in force: wait until no hook still
 * reads the inactive bank, fill it, then flip the active index.
 * Returns 0, or a negative errno with a message.
 */
int pal_policy_install(const struct pal_maps *m, const void *blob, size_t size,
		       char *err, size_t errlen);

/* Read the policy in force into @buf (PALISADE_POLICY_MAX bytes). */
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

/* Name of the profile with @id in @blob (a PALISADE_POLICY_MAX buffer). */
const char *pal_policy_profile_name(const void *blob, __u32 id);

#endif /* PAL_LOADER_H */
