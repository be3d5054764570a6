/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisaded: audit records to the audit daemon through libaudit.
 */
#ifndef PALISADED_AUDITD_H
#define PALISADED_AUDITD_H

#include <time.h>

/**
 * struct pal_auditd - palisaded's audit netlink connection
 * @fd: libaudit's netlink socket, -1 when the kernel has no audit
 * @listening: an audit daemon was registered at the last check
 * @checked: CLOCK_MONOTONIC second of the last check
 */
struct pal_auditd {
	int fd;
	int listening;
	time_t checked;
};

void pal_auditd_open(struct pal_auditd *a);
int pal_auditd_listening(struct pal_auditd *a);
int pal_auditd_send(struct pal_auditd *a, const char *line);
void pal_auditd_close(struct pal_auditd *a);

#endif /* PALISADED_AUDITD_H */
