/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AppArmor's names for capabilities, address families, socket types and
 * signals, each table indexed by the kernel's number.  The compiler reads
 * profile words with them, the audit formatter writes log lines with them
 * and the log reader turns those lines back into rules, so one table keeps
 * the three in agreement.
 */
#ifndef PAL_NAMES_H
#define PAL_NAMES_H

#include <linux/types.h>

/* AppArmor's name of capability @cap, NULL past the last one. */
const char *pal_cap_name(__u32 cap);
/* The number of capability @name, -1 if there is none. */
int pal_cap_of_name(const char *name);

/* AppArmor's name of address family @af as the kernel logs it, or NULL. */
const char *pal_family_name_of(unsigned int af);
/*
 * The AF_* number of the profile language's family @name, -1 if unknown.
 * decnet is a logged name only: no rule can name it.
 */
int pal_family_of_name(const char *name);

/* AppArmor's name of socket type @type as the kernel logs it, or NULL. */
const char *pal_sock_type_name_of(unsigned int type);
/* The SOCK_* number of logged socket type @name, -1 if unknown. */
int pal_sock_type_of_name(const char *name);

/*
 * AppArmor's name of signal @sig below the real-time ones (0 is
 * "exists": kill(pid, 0)), NULL otherwise.  Real-time signals are
 * rtmin+N, counted from PAL_KERNEL_SIGRTMIN.
 */
const char *pal_signal_name_of(unsigned int sig);
/* The number of non-real-time signal @name ("exists" is 0), -1 if none. */
int pal_signal_of_name(const char *name);

/* The kernel's first real-time signal (glibc's SIGRTMIN is higher: it
 * keeps two for itself); AppArmor's rtmin+N counts from the kernel's. */
#define PAL_KERNEL_SIGRTMIN	32

#endif /* PAL_NAMES_H */
