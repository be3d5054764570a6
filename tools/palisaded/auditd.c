// SPDX-License-Identifier: GPL-2.0
/*
 * palisaded: audit records to the audit daemon.  When an audit daemon is
 * registered with the kernel (auditd, or anything that took the audit
 * netlink's daemon role), each line goes to it as an AUDIT_USER_AVC record,
 * the type AppArmor's own userspace enforcers use, so ausearch and
 * aa-notify find it next to the kernel's AppArmor records.  Without a
 * daemon the kernel would only print the records to its log, so palisaded
 * sends them to syslog instead (palisaded.c).
 *
 * Whether a daemon listens is asked again at most once a second (an
 * AUDIT_GET status request: its pid is the daemon's, 0 when none), so
 * auditd starting or stopping after palisaded is noticed.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libaudit.h>

#include "auditd.h"

void pal_auditd_open(struct pal_auditd *a)
{
	a->listening = 0;
	a->checked = 0;
	/* Fails on kernels without CONFIG_AUDIT: then syslog only. */
	a->fd = audit_open();
}

void pal_auditd_close(struct pal_auditd *a)
{
	if (a->fd >= 0)
		audit_close(a->fd);
	a->fd = -1;
	a->listening = 0;
}

/* Ask the kernel for the audit daemon's pid.  Return: 1 one listens, 0 no
 * daemon, -1 when the kernel did not answer. */
static int pal_auditd_status(int fd)
{
	struct audit_reply rep;
	int i;

	if (audit_request_status(fd) <= 0)
		return -1;
	/* The status follows the request's acknowledgement. */
	for (i = 0; i < 4; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		/* Never let the drain hang on a kernel that does not answer. */
		if (poll(&p, 1, 500) != 1 ||
		    audit_get_reply(fd, &rep, GET_REPLY_NONBLOCKING, 0) <= 0)
			return -1;
		if (rep.type == AUDIT_GET && rep.status)
			return rep.status->pid != 0;
	}
	return -1;
}

/* Return: non-zero when an audit daemon takes the records now. */
int pal_auditd_listening(struct pal_auditd *a)
{
	struct timespec now;
	int st;

	if (a->fd < 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (a->checked && now.tv_sec == a->checked)
		return a->listening;
	a->checked = now.tv_sec;
	st = pal_auditd_status(a->fd);
	a->listening = st > 0;
	return a->listening;
}

/*
 * Send @line (an AppArmor-format record) as AUDIT_USER_AVC.
 * Return: 0 when the kernel took it, else -1 (the caller logs it elsewhere
 * and asks again about the daemon next time).
 */
int pal_auditd_send(struct pal_auditd *a, const char *line)
{
	if (a->fd < 0)
		return -1;
	if (audit_log_user_avc_message(a->fd, AUDIT_USER_AVC, line, NULL, NULL,
				       NULL, (uid_t)-1) <= 0) {
		a->checked = 0;
		return -1;
	}
	return 0;
}
