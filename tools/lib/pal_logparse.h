/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: read palisade's audit log back.
 *
 * palisaded writes each event as an AppArmor-format line (pal_audit.c):
 * key=value pairs, with untrusted strings (profile, name, comm, peer,
 * target) either quoted or hex-encoded.  The learning tools (genprof,
 * logprof) read the lines back into events and turn each event into the
 * profile rule that would allow it.
 */
#ifndef PAL_LOGPARSE_H
#define PAL_LOGPARSE_H

#include <stddef.h>
#include <sys/types.h>
#include "palisade.h"
#include "pal_audit.h"

/* What kind of rule allows an event. */
enum pal_log_class {
	PAL_LOG_FILE = 0,	/* a path with r w a l k m */
	PAL_LOG_EXEC,		/* a path executed (x and an exec mode) */
	PAL_LOG_CAP,		/* capability NAME, */
	PAL_LOG_NET,		/* network FAMILY TYPE, */
	PAL_LOG_SIGNAL,		/* signal (PERMS) set=(SIG) peer=PEER, */
	PAL_LOG_PTRACE,		/* ptrace (PERMS) peer=PEER, */
	PAL_LOG_OTHER,		/* nothing a rule can allow (setuid, limits...) */
	PAL_LOG_CLASS_LAST = PAL_LOG_OTHER,
};

/**
 * struct pal_log_event - one audit line, decoded
 * @verdict: "DENIED", "ALLOWED", "AUDIT" or "KILLED"
 * @operation: AppArmor's operation name ("open", "exec", "capable", ...)
 * @profile: the deciding profile's name
 * @name: the object (path) of file and exec events
 * @comm: the task's command name
 * @target: the exec target profile (target=)
 * @peer: the peer profile of a signal or ptrace (peer=)
 * @info: the info= text ("" for none)
 * @requested: requested_mask as written (letters or words)
 * @denied: denied_mask as written ("" for none)
 * @capname: capname= ("" for none)
 * @family: family= ("" for none)
 * @sock_type: sock_type= ("" for none)
 * @signal: signal= as written ("hup" or a number; "" for none)
 * @capability: capability= number, -1 for none
 * @protocol: protocol= number, -1 for none
 * @pid: pid=
 * @fsuid: fsuid=, -1 for none
 * @ouid: ouid=, -1 for none
 * @error: error= (a negative errno), 0 for none
 * @cls: the rule class that allows the event (&enum pal_log_class)
 */
struct pal_log_event {
	char verdict[16];
	char operation[32];
	char profile[PALISADE_NAME_MAX];
	char name[PALISADE_PATH_MAX];
	char comm[PAL_COMM_LEN * 2];
	char target[PALISADE_NAME_MAX];
	char peer[PALISADE_NAME_MAX];
	char info[64];
	char requested[64];
	char denied[64];
	char capname[32];
	char family[32];
	char sock_type[32];
	char signal[16];
	long capability;
	long protocol;
	unsigned long pid;
	long long fsuid;
	long long ouid;
	int error;
	enum pal_log_class cls;
};

/*
 * Decode one log line (with or without palisaded's "type=AVC
 * msg=audit(...):" prefix) into @ev.  Returns 0, or -ENOENT when the line
 * is not a palisade event (no apparmor= key), -EINVAL when a value is
 * malformed (bad hex, an unterminated quote, a value too long).
 */
int pal_log_parse_line(const char *line, struct pal_log_event *ev);

/*
 * Call @fn for every event of the log @path from byte @from on (lines
 * that are not events are skipped); a log shorter than @from was rotated
 * and is read from its start.  *@end gets the offset after the last
 * complete line (where the next read starts).  Returns 0, or a negative
 * errno (opening the log), or the first non-zero return of @fn.
 */
int pal_log_read(const char *path, off_t from, off_t *end,
		 int (*fn)(const struct pal_log_event *ev, void *arg),
		 void *arg);

/* The size of the log @path now (0 when it does not exist): genprof's mark. */
off_t pal_log_mark(const char *path);

/*
 * The rule that allows @ev, in profile syntax with the final ','.  For a
 * file event @path replaces the logged name when not NULL (a glob the
 * user picked); @owner and @audit add those qualifiers; @xmode is the exec
 * mode of an exec event ("ix", "Px", "Px -> NAME", ...).  Returns the
 * length written, -EINVAL for an event no rule allows (PAL_LOG_OTHER, an
 * unknown capability or mask).
 */
int pal_log_rule(const struct pal_log_event *ev, const char *path,
		 int owner, int audit, const char *xmode, char *buf,
		 size_t len);

/*
 * The access of @ev in its class's bits: PAL_MAY_* (file, exec),
 * PAL_NET_*, PAL_SIG_*, PAL_PTRACE_*; 1 for a capability.  Words and
 * letters unknown to palisade make it -EINVAL.
 */
long pal_log_access(const struct pal_log_event *ev);

/* Capability name (as the rules write it, "net_admin") -> number, -1 if
 * unknown; number -> name is pal_cap_name() (pal_audit.h). */
long pal_cap_number(const char *name);
/* Address family / socket type / signal name <-> number. */
int pal_family_number(const char *name);
int pal_sock_type_number(const char *name);
const char *pal_signal_name(int sig);
int pal_signal_number(const char *name);

#endif /* PAL_LOGPARSE_H */
