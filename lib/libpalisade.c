// SPDX-License-Identifier: GPL-2.0
/*
 * libpalisade: the prctl(2) options palisade's BPF side answers
 * (PAL_PRCTL_* in palisade.h), behind a stable interface.
 */
#include <errno.h>
#include <sys/prctl.h>

#include "palisade.h"
#include "palisade/libpalisade.h"

/*
 * palisade answers success with the errno PAL_PRCTL_DONE (a BPF LSM
 * program cannot make prctl return 0, see palisade.h); without palisade
 * the kernel refuses an option it does not know with EINVAL.
 */
static int pal_prctl(int option)
{
	if (!prctl(option, 0, 0, 0, 0)) {
		errno = EPROTO;
		return -1;
	}
	if (errno == PAL_PRCTL_DONE)
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
