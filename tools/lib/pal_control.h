/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: run-time control of a loaded policy: profile modes
 * and the audit rate, without reloading policy text.
 */
#ifndef PAL_CONTROL_H
#define PAL_CONTROL_H

#include <stddef.h>
#include "pal_loader.h"

/* "enforce", "complain", "kill", "unconfined"; NULL for a bad value. */
const char *pal_mode_name(__u32 mode);
/* Inverse of pal_mode_name(); -EINVAL for an unknown name. */
int pal_mode_parse(const char *name);

/**
 * struct pal_profile_mode - the mode of one profile of the policy in force
 * @id: profile id
 * @compiled: mode the policy text gives the profile
 * @mode: mode in force (@compiled unless switched at run time)
 * @switched: non-zero when an administrator's switch is in force
 */
struct pal_profile_mode {
	__u32 id;
	__u32 compiled;
	__u32 mode;
	int switched;
};

/*
 * Mode of the profile record @rec of @blob (the policy in force), as the
 * hooks compute it.
 */
void pal_profile_mode_get(const struct pal_maps *m, const void *blob, __u32 rec,
			  struct pal_profile_mode *pm);

/*
 * Switch the profile @name of the policy in force to @mode, at once for
 * its running tasks.  Switching back to the mode the policy text gives
 * removes the switch.  Returns 0 or a negative errno with a message
 * (-ENOENT: no such profile).
 */
int pal_profile_mode_set(const struct pal_maps *m, const char *name, __u32 mode,
			 char *err, size_t errlen);

int pal_config_read(const struct pal_maps *m, struct pal_config *cfg);
int pal_config_write(const struct pal_maps *m, const struct pal_config *cfg);

#endif /* PAL_CONTROL_H */
