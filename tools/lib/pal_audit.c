// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: audit records as AppArmor-format lines, so that the
 * tools that read AppArmor's log (aa-logprof, libapparmor's parse_record())
 * read palisade's too.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pal_audit.h"
#include "pal_names.h"

static const struct {
	__u32 bit;
	char c;
} mask_chars[] = {
	/* AppArmor prints x w r a ... k m l in this order. */
	{ PAL_MAY_EXEC, 'x' },	 { PAL_MAY_WRITE, 'w' }, { PAL_MAY_READ, 'r' },
	{ PAL_MAY_APPEND, 'a' }, { PAL_MAY_LOCK, 'k' },	 { PAL_MAY_MMAP, 'm' },
	{ PAL_MAY_LINK, 'l' },
};

void pal_mask_str(__u32 mask, char *buf, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < sizeof(mask_chars) / sizeof(mask_chars[0]); i++)
		if ((mask & mask_chars[i].bit) && n + 1 < len)
			buf[n++] = mask_chars[i].c;
	if (len)
		buf[n < len ? n : len - 1] = 0;
}

/* AppArmor's operation names, by &enum pal_op. */
static const char *const op_names[PAL_OP_LAST + 1] = {
	[PAL_OP_OPEN] = "open",
	[PAL_OP_EXEC] = "exec",
	[PAL_OP_MKNOD] = "mknod",
	[PAL_OP_MKDIR] = "mkdir",
	[PAL_OP_RMDIR] = "rmdir",
	[PAL_OP_UNLINK] = "unlink",
	[PAL_OP_RENAME_SRC] = "rename_src",
	[PAL_OP_RENAME_DEST] = "rename_dest",
	[PAL_OP_LINK] = "link",
	[PAL_OP_SYMLINK] = "symlink",
	[PAL_OP_CHMOD] = "chmod",
	[PAL_OP_CHOWN] = "chown",
	[PAL_OP_TRUNCATE] = "truncate",
	[PAL_OP_SETATTR] = "setattr",
	[PAL_OP_LOCK] = "file_lock",
	[PAL_OP_MMAP] = "file_mmap",
	[PAL_OP_MPROTECT] = "file_mprotect",
	[PAL_OP_CAPABLE] = "capable",
	[PAL_OP_NET_CREATE] = "create",
	[PAL_OP_NET_BIND] = "bind",
	[PAL_OP_NET_CONNECT] = "connect",
	[PAL_OP_NET_LISTEN] = "listen",
	[PAL_OP_NET_ACCEPT] = "accept",
	[PAL_OP_NET_SENDMSG] = "sendmsg",
	[PAL_OP_NET_RECVMSG] = "recvmsg",
	[PAL_OP_SIGNAL] = "signal",
	[PAL_OP_PTRACE] = "ptrace",
	[PAL_OP_SETUID] = "setuid",
	[PAL_OP_SETGID] = "setgid",
	[PAL_OP_SETGROUPS] = "setgroups",
	[PAL_OP_PROGCTL] = "progctl",
	[PAL_OP_CLEAN] = "clean",
	[PAL_OP_LIMIT] = "limit",
	[PAL_OP_SELFPROTECT] = "selfprotect",
};

const char *pal_op_name(__u32 op)
{
	if (op <= PAL_OP_LAST && op_names[op])
		return op_names[op];
	return "unknown";
}

/* AppArmor's info= texts, by &enum pal_info. */
static const char *const info_names[PAL_INFO_LAST + 1] = {
	[PAL_INFO_NO_TARGET] = "profile not found",
	[PAL_INFO_NOT_CLEAN] = "not clean",
	[PAL_INFO_NO_DAEMON] = "no daemon authority",
	[PAL_INFO_NO_SERVER] = "no server authority",
	[PAL_INFO_TARGET_ID] = "target user not allowed",
	[PAL_INFO_NOT_MAIN] = "first program not MAIN",
	[PAL_INFO_XC] = "execute-controlled program",
	[PAL_INFO_MARK_CLEARED] = "marks cleared",
	[PAL_INFO_LIMIT] = "limit reached",
	[PAL_INFO_SELF] = "palisade object",
	[PAL_INFO_DELETED] = "deleted file",
	[PAL_INFO_DISCONNECTED] = "disconnected path",
	[PAL_INFO_SERVER_READ] = "server identity denied",
};

const char *pal_info_name(__u32 info)
{
	if (info && info <= PAL_INFO_LAST && info_names[info])
		return info_names[info];
	return NULL;
}

static const char *verdict_name(__u32 v)
{
	switch (v) {
	case PAL_VERDICT_DENIED:
		return "DENIED";
	case PAL_VERDICT_ALLOWED:
		return "ALLOWED";
	case PAL_VERDICT_AUDIT:
		return "AUDIT";
	case PAL_VERDICT_KILLED:
		/* AppArmor's word for a kill-mode denial (AUDIT_APPARMOR_KILL). */
		return "KILLED";
	}
	return "UNKNOWN";
}

struct out {
	char *buf;
	size_t len, pos;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->pos += (size_t)n;
	if (o->pos >= o->len)
		o->pos = o->len - 1;
}

/*
 * key="value", or key=HEX when the value holds a space, a quote or a byte
 * outside printable ASCII: the audit subsystem's rule for untrusted strings.
 */
static void put_untrusted(struct out *o, const char *key, const char *val,
			  size_t max)
{
	size_t i, n = strnlen(val, max);
	int hex = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)val[i];

		if (c <= 0x20 || c >= 0x7f || c == '"')
			hex = 1;
	}
	if (!hex) {
		put(o, " %s=\"%.*s\"", key, (int)n, val);
		return;
	}
	put(o, " %s=", key);
	for (i = 0; i < n; i++)
		put(o, "%02X", (unsigned char)val[i]);
}

static int pal_audit_format_class(const struct pal_event *e,
				  const char *profile, const char *peer,
				  char *buf, size_t len);
/*
 * The info= texts that carry the event's arguments (program control):
 * "target uid 1001 not allowed" (arg[0] the refused id), "thread limit 64"
 * (arg[0] the limit, arg[1] 0 threads / 1 processes).  Return: 1 when
 * written.
 */
static int put_info_args(struct out *o, const struct pal_event *e)
{
	switch (e->info) {
	case PAL_INFO_TARGET_ID:
		put(o, " info=\"target %s %u not allowed\"",
		    e->op == PAL_OP_SETGID ? "gid" : "uid", e->arg[0]);
		return 1;
	case PAL_INFO_LIMIT:
		put(o, " info=\"%s limit %u\"",
		    e->arg[1] ? "process" : "thread", e->arg[0]);
		return 1;
	}
	return 0;
}

int pal_audit_format(const struct pal_event *e, const char *profile, char *buf,
		     size_t len)
{
	return pal_audit_format_peer(e, profile, NULL, buf, len);
}

/*
 * The target= of an exec record, as AppArmor names the profile the task
 * moves to: @peer (the name of &pal_event.peer_id) when known, else the id;
 * "unconfined" for ux.  Nothing when the exec had no transition (no x
 * permission, or an unnamed target that does not exist).
 */
static void put_exec_target(struct out *o, const struct pal_event *e,
			    const char *peer)
{
	if (e->peer_id && peer)
		put_untrusted(o, "target", peer, PALISADE_NAME_MAX);
	else if (e->peer_id)
		put(o, " target=\"?%08x\"", e->peer_id);
	else if ((e->arg[0] & PAL_X_TYPE_MASK) && e->info != PAL_INFO_NO_TARGET)
		put(o, " target=\"%s\"", PAL_UNCONFINED_NAME);
}

int pal_audit_format_peer(const struct pal_event *e, const char *profile,
			  const char *peer, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char req[16], den[16], idbuf[32];

	if (!len)
		return 0;
	if (e->op >= PAL_OP_CAPABLE && e->op <= PAL_OP_PTRACE)
		return pal_audit_format_class(e, profile, peer, buf, len);
	buf[0] = 0;
	pal_mask_str(e->requested, req, sizeof(req));
	pal_mask_str(e->denied, den, sizeof(den));
	/* Program-control records come from unconfined tasks too. */
	if (!profile && !e->profile_id)
		profile = "unconfined";
	if (!profile) {
		snprintf(idbuf, sizeof(idbuf), "?%08x", e->profile_id);
		profile = idbuf;
	}
	/* No class="file": Debian 12's libapparmor (3.0) rejects the key. */
	put(&o, "apparmor=\"%s\" operation=\"%s\"",
	    verdict_name(e->verdict), pal_op_name(e->op));
	put_untrusted(&o, "profile", profile, PALISADE_NAME_MAX);
	put_untrusted(&o, "name", e->name, sizeof(e->name));
	put(&o, " pid=%u", e->pid);
	put_untrusted(&o, "comm", e->comm, sizeof(e->comm));
	put(&o, " requested_mask=\"%s\"", req);
	if (e->denied)
		put(&o, " denied_mask=\"%s\"", den);
	put(&o, " fsuid=%u ouid=%u", e->fsuid, e->ouid);
	if (!put_info_args(&o, e) && pal_info_name(e->info))
		put(&o, " info=\"%s\"", pal_info_name(e->info));
	if (e->error)
		put(&o, " error=%d", e->error);
	if (e->op == PAL_OP_EXEC)
		put_exec_target(&o, e, peer);
	return (int)o.pos;
}

/* ------------------------------------------------------------------ */
/* Capability, network, signal and ptrace lines                        */
/* ------------------------------------------------------------------ */

static const struct {
	__u32 bit;
	const char *name;
} net_mask_names[] = {
	{ PAL_NET_CREATE, "create" },	{ PAL_NET_BIND, "bind" },
	{ PAL_NET_CONNECT, "connect" },	{ PAL_NET_LISTEN, "listen" },
	{ PAL_NET_ACCEPT, "accept" },	{ PAL_NET_SEND, "send" },
	{ PAL_NET_RECEIVE, "receive" },	{ PAL_NET_SHUTDOWN, "shutdown" },
	{ PAL_NET_GETATTR, "getattr" },	{ PAL_NET_SETATTR, "setattr" },
	{ PAL_NET_GETOPT, "getopt" },	{ PAL_NET_SETOPT, "setopt" },
}, sig_mask_names[] = {
	{ PAL_SIG_SEND, "send" },	{ PAL_SIG_RECEIVE, "receive" },
}, ptrace_mask_names[] = {
	{ PAL_PTRACE_READ, "read" },	{ PAL_PTRACE_TRACE, "trace" },
	{ PAL_PTRACE_READBY, "readby" }, { PAL_PTRACE_TRACEDBY, "tracedby" },
};

/* key="word word ..." of the names of @mask's bits. */
#define put_mask(o, key, mask, tab) \
	put_mask_tab(o, key, mask, tab, sizeof(tab) / sizeof((tab)[0]))

static void put_mask_tab(struct out *o, const char *key, __u32 mask,
			 const void *tab, size_t n)
{
	const struct { __u32 bit; const char *name; } *t = tab;
	const char *sep = "";
	size_t i;

	put(o, " %s=\"", key);
	for (i = 0; i < n; i++)
		if (mask & t[i].bit) {
			put(o, "%s%s", sep, t[i].name);
			sep = " ";
		}
	put(o, "\"");
}

static int pal_audit_format_class(const struct pal_event *e,
				  const char *profile, const char *peer,
				  char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char idbuf[32], peerbuf[32];
	__u32 a0 = e->arg[0];

	buf[0] = 0;
	if (!profile) {
		snprintf(idbuf, sizeof(idbuf), "?%08x", e->profile_id);
		profile = idbuf;
	}
	if (!peer && e->peer_id) {
		snprintf(peerbuf, sizeof(peerbuf), "?%08x", e->peer_id);
		peer = peerbuf;
	} else if (!peer) {
		peer = PAL_UNCONFINED_NAME;
	}
	put(&o, "apparmor=\"%s\" operation=\"%s\"",
	    verdict_name(e->verdict), pal_op_name(e->op));
	put_untrusted(&o, "profile", profile, PALISADE_NAME_MAX);
	put(&o, " pid=%u", e->pid);
	put_untrusted(&o, "comm", e->comm, sizeof(e->comm));
	switch (e->op) {
	case PAL_OP_CAPABLE:
		put(&o, " capability=%u", a0);
		if (pal_cap_name(a0))
			put(&o, " capname=\"%s\"", pal_cap_name(a0));
		break;
	case PAL_OP_SIGNAL:
		put_mask(&o, "requested_mask", e->requested, sig_mask_names);
		if (e->denied)
			put_mask(&o, "denied_mask", e->denied, sig_mask_names);
		if (pal_signal_name_of(a0))
			put(&o, " signal=%s", pal_signal_name_of(a0));
		else if (a0 >= PAL_KERNEL_SIGRTMIN)
			put(&o, " signal=rtmin+%u", a0 - PAL_KERNEL_SIGRTMIN);
		put_untrusted(&o, "peer", peer, PALISADE_NAME_MAX);
		break;
	case PAL_OP_PTRACE:
		put_mask(&o, "requested_mask", e->requested, ptrace_mask_names);
		if (e->denied)
			put_mask(&o, "denied_mask", e->denied, ptrace_mask_names);
		put_untrusted(&o, "peer", peer, PALISADE_NAME_MAX);
		break;
	default:	/* network */
		if (pal_family_name_of(a0))
			put(&o, " family=\"%s\"", pal_family_name_of(a0));
		else
			put(&o, " family=\"%u\"", a0);
		if (pal_sock_type_name_of(e->arg[1]))
			put(&o, " sock_type=\"%s\"", pal_sock_type_name_of(e->arg[1]));
		else
			put(&o, " sock_type=\"%u\"", e->arg[1]);
		put(&o, " protocol=%u", e->arg[2]);
		put_mask(&o, "requested_mask", e->requested, net_mask_names);
		if (e->denied)
			put_mask(&o, "denied_mask", e->denied, net_mask_names);
		break;
	}
	if (pal_info_name(e->info))
		put(&o, " info=\"%s\"", pal_info_name(e->info));
	if (e->error)
		put(&o, " error=%d", e->error);
	return (int)o.pos;
}
