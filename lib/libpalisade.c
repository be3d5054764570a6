// SPDX-License-Identifier: GPL-2.0
/*
 * libpalisade: the prctl(2) options palisade's BPF side answers
 * (PAL_PRCTL_* in palisade.h), behind a stable interface.
 */
#include <errno.h>
#include <sys/prctl.h>

#include "palisade.h"
#include "palisade/libpalisade.h"

/* Without palisade the kernel refuses an option it does not know. */
static int pal_prctl(int option)
{
	if (!prctl(option, 0, 0, 0, 0))
		return 0;
	if (errno == EINVAL)
		errno = ENOSYS;
	return -1;
}

int palisade_must_stay_clean(void)
{
	return pal_prctl(PAL_PRCTL_STAY_CLEAN);
}

int palisade_is_clean(void)
{
	if (!pal_prctl(PAL_PRCTL_IS_CLEAN))
		return 1;
	return errno == ENODATA ? 0 : -1;
}
