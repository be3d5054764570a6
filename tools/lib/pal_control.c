// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: run-time control of a loaded policy.
 *
 * A mode switch lives in the profile control map, keyed by the profile's
 * stable id, beside the policy rather than in it: the policy text stays
 * what the administrator wrote, and a switch takes effect at the next
 * access of every task in the profile.  AppArmor's aa-complain instead
 * rewrites the flags of the profile file and reloads it, so the switch
 * survives a reboot but a reload of an unedited copy undoes it.  Here a
 * switch survives every replace whose text leaves the profile's mode as
 * it was when the switch was made, and yields to one that changes it (the
 * newer statement of intent wins); it does not survive a reboot, where the
 * boot policy's text is the administrator's standing choice.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "pal_control.h"
#include "match.h"
#include "palisade_parser.h"

static const char *const mode_names[] = {
	[PAL_MODE_ENFORCE] = "enforce",
	[PAL_MODE_COMPLAIN] = "complain",
	[PAL_MODE_KILL] = "kill",
	[PAL_MODE_UNCONFINED] = "unconfined",
};

const char *pal_mode_name(__u32 mode)
{
	return mode <= PAL_MODE_LAST ? mode_names[mode] : NULL;
}

int pal_mode_parse(const char *name)
{
	int i;

	for (i = 0; i <= PAL_MODE_LAST; i++)
		if (!strcmp(name, mode_names[i]))
			return i;
	return -EINVAL;
}

void pal_profile_mode_get(const struct pal_maps *m, const void *blob, __u32 rec,
			  struct pal_profile_mode *pm)
{
	struct pal_profile_ctl ctl;

	pm->id = PAL_FIELD((const __u8 *)blob, rec, struct pal_profile_rec, id);
	pm->compiled = PAL_FIELD((const __u8 *)blob, rec, struct pal_profile_rec,
				 mode);
	pm->mode = pm->compiled;
	pm->switched = 0;
	if (bpf_map_lookup_elem(m->profile_ctl, &pm->id, &ctl) == 0 &&
	    (ctl.flags & PAL_CTL_MODE) && ctl.base == pm->compiled &&
	    ctl.mode <= PAL_MODE_LAST) {
		pm->mode = ctl.mode;
		pm->switched = 1;
	}
}

int pal_profile_mode_set(const struct pal_maps *m, const char *name, __u32 mode,
			 char *err, size_t errlen)
{
	struct pal_profile_ctl ctl;
	struct pal_state st;
	__u32 rec, id, compiled;
	void *bank = NULL;
	int lock, ret;

	if (mode > PAL_MODE_LAST) {
		snprintf(err, errlen, "bad mode %u", mode);
		return -EINVAL;
	}
	bank = pal_policy_vbuf_alloc();
	if (!bank) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	/* Under the install lock: the switch is made from the compiled mode
	 * of the policy in force, which no replace may change meanwhile. */
	lock = pal_lock(err, errlen);
	if (lock < 0) {
		ret = lock;
		goto cleanup;
	}
	pal_ctl_used_raise(m);
	ret = pal_policy_read_active(m, bank, &st);
	if (ret) {
		snprintf(err, errlen, "%s", ret == -ENOENT ? "no policy loaded" :
			 strerror(-ret));
		goto cleanup;
	}
	rec = pal_policy_profile_by_name(bank, name);
	if (!rec) {
		snprintf(err, errlen, "%s: no such profile", name);
		ret = -ENOENT;
		goto cleanup;
	}
	id = PAL_FIELD((const __u8 *)bank, rec, struct pal_profile_rec, id);
	compiled = PAL_FIELD((const __u8 *)bank, rec, struct pal_profile_rec, mode);
	if (bpf_map_lookup_elem(m->profile_ctl, &id, &ctl))
		memset(&ctl, 0, sizeof(ctl));
	if (mode == compiled) {
		ctl.flags &= ~PAL_CTL_MODE;
		ctl.mode = ctl.base = 0;
	} else {
		ctl.flags |= PAL_CTL_MODE;
		ctl.mode = mode;
		ctl.base = compiled;
	}
	if (ctl.flags)
		ret = bpf_map_update_elem(m->profile_ctl, &id, &ctl, BPF_ANY);
	else
		ret = bpf_map_delete_elem(m->profile_ctl, &id);
	if (ret && !(errno == ENOENT && !ctl.flags)) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", name, strerror(errno));
		goto cleanup;
	}
	ret = 0;
cleanup:
	if (lock >= 0)
		pal_ctl_used_sync(m);
	pal_unlock(lock);
	free(bank);
	return ret;
}

int pal_config_read(const struct pal_maps *m, struct pal_config *cfg)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(m->config, &zero, cfg) ? -errno : 0;
}

int pal_config_write(const struct pal_maps *m, const struct pal_config *cfg)
{
	__u32 zero = 0;

	return bpf_map_update_elem(m->config, &zero, cfg, BPF_ANY) ? -errno : 0;
}
