// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: audit lines back into events, events into rules.
 *
 * The line format is the one pal_audit.c writes and libapparmor reads:
 * space-separated key=value pairs; a value is "quoted", a bare word or
 * number, or - for the untrusted strings - bare hex when it holds a space,
 * a quote or a byte outside printable ASCII (the kernel audit rule).
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "pal_logparse.h"

/* Keys whose values come from the task or the file system. */
static int untrusted_key(const char *k, size_t n)
{
	static const char *const keys[] = { "profile", "name", "comm",
					    "target", "peer", "name2" };
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i]) == n && !strncmp(k, keys[i], n))
			return 1;
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Copy (and hex-decode when @hex) @n bytes of @v into @dst[@len]. */
static int store(char *dst, size_t len, const char *v, size_t n, int hex)
{
	size_t i, o = 0;

	if (!hex) {
		if (n >= len)
			return -EINVAL;
		memcpy(dst, v, n);
		dst[n] = 0;
		return 0;
	}
	if (n % 2 || n / 2 >= len)
		return -EINVAL;
	for (i = 0; i < n; i += 2) {
		int hi = hexval(v[i]), lo = hexval(v[i + 1]);

		if (hi < 0 || lo < 0)
			return -EINVAL;
		dst[o++] = (char)(hi << 4 | lo);
	}
	dst[o] = 0;
	return memchr(dst, 0, o) ? -EINVAL : 0;
}

static int number(const char *v, size_t n, long long *out)
{
	char tmp[32], *end;

	if (!n || n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, v, n);
	tmp[n] = 0;
	errno = 0;
	*out = strtoll(tmp, &end, 10);
	return errno || *end ? -EINVAL : 0;
}

#define KEY(s) (klen == sizeof(s) - 1 && !strncmp(key, s, klen))
#define STR(field) store(ev->field, sizeof(ev->field), v, vlen, hex)

static int set_key(struct pal_log_event *ev, const char *key, size_t klen,
		   const char *v, size_t vlen, int hex, int *seen)
{
	long long num;
	int err;

	if (KEY("apparmor")) {
		*seen = 1;
		return STR(verdict);
	}
	if (KEY("operation"))
		return STR(operation);
	if (KEY("profile"))
		return STR(profile);
	if (KEY("name"))
		return STR(name);
	if (KEY("comm"))
		return STR(comm);
	if (KEY("target"))
		return STR(target);
	if (KEY("peer"))
		return STR(peer);
	if (KEY("info"))
		return STR(info);
	if (KEY("requested_mask"))
		return STR(requested);
	if (KEY("denied_mask"))
		return STR(denied);
	if (KEY("capname"))
		return STR(capname);
	if (KEY("family"))
		return STR(family);
	if (KEY("sock_type"))
		return STR(sock_type);
	if (KEY("signal"))
		return STR(signal);
	if (!(KEY("capability") || KEY("protocol") || KEY("pid") ||
	      KEY("fsuid") || KEY("ouid") || KEY("error")))
		return 0;	/* a key this reader does not need */
	err = number(v, vlen, &num);
	if (err)
		return err;
	if (KEY("capability"))
		ev->capability = (long)num;
	else if (KEY("protocol"))
		ev->protocol = (long)num;
	else if (KEY("pid"))
		ev->pid = (unsigned long)num;
	else if (KEY("fsuid"))
		ev->fsuid = num;
	else if (KEY("ouid"))
		ev->ouid = num;
	else
		ev->error = (int)num;
	return 0;
}

#undef KEY
#undef STR

static enum pal_log_class classify(const struct pal_log_event *ev)
{
	if (ev->capability >= 0 || ev->capname[0] ||
	    !strcmp(ev->operation, "capable"))
		return PAL_LOG_CAP;
	if (ev->family[0] || ev->sock_type[0])
		return PAL_LOG_NET;
	if (ev->signal[0] || !strcmp(ev->operation, "signal"))
		return PAL_LOG_SIGNAL;
	if (!strcmp(ev->operation, "ptrace"))
		return PAL_LOG_PTRACE;
	if (!strcmp(ev->operation, "exec"))
		return ev->name[0] ? PAL_LOG_EXEC : PAL_LOG_OTHER;
	/* Events that are about the task, not an object a rule names. */
	if (!strcmp(ev->operation, "setuid") || !strcmp(ev->operation, "setgid") ||
	    !strcmp(ev->operation, "setgroups") || !strcmp(ev->operation, "limit") ||
	    !strcmp(ev->operation, "clean") || !strcmp(ev->operation, "progctl") ||
	    !strcmp(ev->operation, "selfprotect"))
		return PAL_LOG_OTHER;
	return ev->name[0] == '/' ? PAL_LOG_FILE : PAL_LOG_OTHER;
}

int pal_log_parse_line(const char *line, struct pal_log_event *ev)
{
	const char *p = line;
	int seen = 0, err;

	memset(ev, 0, sizeof(*ev));
	ev->capability = -1;
	ev->protocol = -1;
	ev->fsuid = -1;
	ev->ouid = -1;
	while (*p) {
		const char *key, *v;
		size_t klen, vlen;
		int hex = 0;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		key = p;
		while (*p && *p != '=' && *p != ' ' && *p != '\n')
			p++;
		if (*p != '=') {
			/* A word without a value (msg=audit(...): is one). */
			while (*p && *p != ' ')
				p++;
			continue;
		}
		klen = (size_t)(p - key);
		p++;
		if (*p == '"') {
			v = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"')
				return -EINVAL;
			vlen = (size_t)(p - v);
			p++;
		} else {
			v = p;
			while (*p && *p != ' ' && *p != '\n' && *p != '\r')
				p++;
			vlen = (size_t)(p - v);
			/* A bare untrusted value is hex; "?" marks none. */
			hex = untrusted_key(key, klen) && !(vlen == 1 && *v == '?');
		}
		err = set_key(ev, key, klen, v, vlen, hex, &seen);
		if (err)
			return err;
	}
	if (!seen)
		return -ENOENT;
	ev->cls = classify(ev);
	return 0;
}

int pal_log_read(const char *path, off_t from, off_t *end,
		 int (*fn)(const struct pal_log_event *ev, void *arg),
		 void *arg)
{
	struct pal_log_event *ev;
	size_t cap = 0;
	char *line = NULL;
	struct stat st;
	ssize_t n;
	off_t pos;
	int ret = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	ev = malloc(sizeof(*ev));
	if (!ev) {
		fclose(f);
		return -ENOMEM;
	}
	if (fstat(fileno(f), &st) == 0 && st.st_size < from)
		from = 0;	/* rotated: the mark is in the old file */
	if (from && fseeko(f, from, SEEK_SET))
		from = 0;
	pos = from;
	while ((n = getline(&line, &cap, f)) > 0) {
		/* A line still being written is read next time. */
		if (line[n - 1] != '\n')
			break;
		pos += n;
		if (pal_log_parse_line(line, ev))
			continue;
		ret = fn(ev, arg);
		if (ret)
			break;
	}
	if (end)
		*end = pos;
	free(line);
	free(ev);
	fclose(f);
	return ret;
}

off_t pal_log_mark(const char *path)
{
	struct stat st;

	return stat(path, &st) ? 0 : st.st_size;
}

/* ------------------------------------------------------------------ */
/* Names of capabilities, families, socket types and signals            */

/* Bit n of the capability words is capability n (linux/capability.h). */
/* The names are pal_audit.c's, so what is logged reads back. */
long pal_cap_number(const char *name)
{
	__u32 i;

	for (i = 0; pal_cap_name(i); i++)
		if (!strcmp(pal_cap_name(i), name))
			return (long)i;
	return -1;
}

struct pal_named {
	const char *name;
	int num;
};

static int lookup(const struct pal_named *t, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].num;
	return -1;
}

/* AppArmor's family names (the rule grammar's words). */
static const struct pal_named families[] = {
	{ "unix", AF_UNIX },	     { "local", AF_UNIX },
	{ "inet", AF_INET },	     { "ax25", AF_AX25 },
	{ "ipx", AF_IPX },	     { "appletalk", AF_APPLETALK },
	{ "netrom", AF_NETROM },     { "bridge", AF_BRIDGE },
	{ "atmpvc", AF_ATMPVC },     { "x25", AF_X25 },
	{ "inet6", AF_INET6 },	     { "rose", AF_ROSE },
	{ "netbeui", AF_NETBEUI },   { "security", AF_SECURITY },
	{ "key", AF_KEY },	     { "netlink", AF_NETLINK },
	{ "packet", AF_PACKET },     { "ash", AF_ASH },
	{ "econet", AF_ECONET },     { "atmsvc", AF_ATMSVC },
	{ "rds", AF_RDS },	     { "sna", AF_SNA },
	{ "irda", AF_IRDA },	     { "pppox", AF_PPPOX },
	{ "wanpipe", AF_WANPIPE },   { "llc", AF_LLC },
	{ "ib", AF_IB },	     { "mpls", AF_MPLS },
	{ "can", AF_CAN },	     { "tipc", AF_TIPC },
	{ "bluetooth", AF_BLUETOOTH }, { "iucv", AF_IUCV },
	{ "rxrpc", AF_RXRPC },	     { "isdn", AF_ISDN },
	{ "phonet", AF_PHONET },     { "ieee802154", AF_IEEE802154 },
	{ "caif", AF_CAIF },	     { "alg", AF_ALG },
	{ "nfc", AF_NFC },	     { "vsock", AF_VSOCK },
	{ "kcm", AF_KCM },	     { "qipcrtr", AF_QIPCRTR },
	{ "smc", AF_SMC },	     { "xdp", AF_XDP },
	{ "mctp", AF_MCTP },
};

int pal_family_number(const char *name)
{
	return lookup(families, sizeof(families) / sizeof(families[0]), name);
}

static const struct pal_named sock_types[] = {
	{ "stream", SOCK_STREAM }, { "dgram", SOCK_DGRAM },
	{ "raw", SOCK_RAW },	   { "rdm", SOCK_RDM },
	{ "seqpacket", SOCK_SEQPACKET }, { "dccp", SOCK_DCCP },
	{ "packet", SOCK_PACKET },
};

int pal_sock_type_number(const char *name)
{
	return lookup(sock_types, sizeof(sock_types) / sizeof(sock_types[0]), name);
}

/* AppArmor's signal names (signal rule set=(...)). */
static const struct pal_named signals[] = {
	{ "hup", SIGHUP },   { "int", SIGINT },	    { "quit", SIGQUIT },
	{ "ill", SIGILL },   { "trap", SIGTRAP },   { "abrt", SIGABRT },
	{ "bus", SIGBUS },   { "fpe", SIGFPE },	    { "kill", SIGKILL },
	{ "usr1", SIGUSR1 }, { "segv", SIGSEGV },   { "usr2", SIGUSR2 },
	{ "pipe", SIGPIPE }, { "alrm", SIGALRM },   { "term", SIGTERM },
#ifdef SIGSTKFLT
	{ "stkflt", SIGSTKFLT },
#endif
	{ "chld", SIGCHLD }, { "cont", SIGCONT },   { "stop", SIGSTOP },
	{ "stp", SIGTSTP },  { "ttin", SIGTTIN },   { "ttou", SIGTTOU },
	{ "urg", SIGURG },   { "xcpu", SIGXCPU },   { "xfsz", SIGXFSZ },
	{ "vtalrm", SIGVTALRM }, { "prof", SIGPROF }, { "winch", SIGWINCH },
	{ "io", SIGIO },     { "pwr", SIGPWR },	    { "sys", SIGSYS },
	{ "emt", 0 },	     { "exists", 0 },
};

const char *pal_signal_name(int sig)
{
	static char rt[3][16];
	static int slot;
	size_t i;

	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (signals[i].num == sig && sig)
			return signals[i].name;
	if (sig == 0)
		return "exists";
	/* Real-time signals are named from the kernel's SIGRTMIN (32). */
	if (sig >= 32 && sig <= 64) {
		slot = (slot + 1) % 3;
		snprintf(rt[slot], sizeof(rt[slot]), "rtmin+%d", sig - 32);
		return rt[slot];
	}
	return NULL;
}

int pal_signal_number(const char *name)
{
	char *end;
	long v;

	if (isdigit((unsigned char)name[0])) {
		v = strtol(name, &end, 10);
		return *end || v < 0 || v > 64 ? -1 : (int)v;
	}
	if (!strncmp(name, "rtmin+", 6)) {
		v = strtol(name + 6, &end, 10);
		return *end || v < 0 || v > 32 ? -1 : (int)(32 + v);
	}
	if (!strcmp(name, "exists"))
		return 0;
	v = lookup(signals, sizeof(signals) / sizeof(signals[0]), name);
	return v > 0 ? (int)v : -1;
}

/* ------------------------------------------------------------------ */
/* Accesses                                                             */

struct pal_word_bit {
	const char *word;
	__u32 bit;
};

/* A mask written as words ("send receive", "create"); -EINVAL if unknown. */
static long words_mask(const char *s, const struct pal_word_bit *t, size_t n)
{
	char w[32];
	long mask = 0;
	size_t i, l;

	while (*s) {
		while (*s == ' ' || *s == ',')
			s++;
		if (!*s)
			break;
		for (l = 0; s[l] && s[l] != ' ' && s[l] != ','; l++)
			;
		if (l >= sizeof(w))
			return -EINVAL;
		memcpy(w, s, l);
		w[l] = 0;
		s += l;
		for (i = 0; i < n; i++)
			if (!strcmp(w, t[i].word))
				break;
		if (i == n)
			return -EINVAL;
		mask |= t[i].bit;
	}
	return mask;
}

static const struct pal_word_bit net_words[] = {
	{ "create", PAL_NET_CREATE },	{ "bind", PAL_NET_BIND },
	{ "connect", PAL_NET_CONNECT }, { "listen", PAL_NET_LISTEN },
	{ "accept", PAL_NET_ACCEPT },	{ "send", PAL_NET_SEND },
	{ "receive", PAL_NET_RECEIVE }, { "shutdown", PAL_NET_SHUTDOWN },
	{ "getattr", PAL_NET_GETATTR }, { "setattr", PAL_NET_SETATTR },
	{ "getopt", PAL_NET_GETOPT },	{ "setopt", PAL_NET_SETOPT },
	/* operation names that differ from the access words */
	{ "sendmsg", PAL_NET_SEND },	{ "recvmsg", PAL_NET_RECEIVE },
};

static const struct pal_word_bit sig_words[] = {
	{ "send", PAL_SIG_SEND }, { "receive", PAL_SIG_RECEIVE },
};

static const struct pal_word_bit ptrace_words[] = {
	{ "read", PAL_PTRACE_READ },	 { "trace", PAL_PTRACE_TRACE },
	{ "readby", PAL_PTRACE_READBY }, { "tracedby", PAL_PTRACE_TRACEDBY },
};

/* File letters; AppArmor's c (create) and d (delete) are writes. */
static long letters_mask(const char *s)
{
	static const char chars[] = "rwaxmlkcd";
	static const __u32 bits[] = {
		PAL_MAY_READ, PAL_MAY_WRITE, PAL_MAY_APPEND, PAL_MAY_EXEC,
		PAL_MAY_MMAP, PAL_MAY_LINK,  PAL_MAY_LOCK,   PAL_MAY_WRITE,
		PAL_MAY_WRITE,
	};
	long mask = 0;
	const char *at;

	for (; *s; s++) {
		at = strchr(chars, *s);
		if (!at || !*s)
			return -EINVAL;
		mask |= bits[at - chars];
	}
	return mask;
}

#define NWORDS(t) (sizeof(t) / sizeof((t)[0]))

long pal_log_access(const struct pal_log_event *ev)
{
	/* What was refused is what a rule must add; an allowed (complain
	 * mode or audited) event carries only the requested mask. */
	const char *m = ev->denied[0] ? ev->denied : ev->requested;

	switch (ev->cls) {
	case PAL_LOG_FILE:
	case PAL_LOG_EXEC:
		return *m ? letters_mask(m) : -EINVAL;
	case PAL_LOG_CAP:
		return 1;
	case PAL_LOG_NET:
		if (!*m)
			m = ev->operation;
		return words_mask(m, net_words, NWORDS(net_words));
	case PAL_LOG_SIGNAL:
		return words_mask(*m ? m : "send", sig_words, NWORDS(sig_words));
	case PAL_LOG_PTRACE:
		return words_mask(*m ? m : "trace", ptrace_words,
				  NWORDS(ptrace_words));
	default:
		return -EINVAL;
	}
}

/* The words of the bits of @mask in table order, space-separated. */
static void mask_words(long mask, const struct pal_word_bit *t, size_t n,
		       char *buf, size_t len)
{
	size_t i, o = 0;

	buf[0] = 0;
	for (i = 0; i < n; i++) {
		if (!(mask & t[i].bit))
			continue;
		mask &= ~(long)t[i].bit;
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s",
				      o ? " " : "", t[i].word);
	}
}

/* A profile name as a rule writes it: quoted when it holds a space. */
static const char *peer_text(const char *peer, char *buf, size_t len)
{
	if (strpbrk(peer, " \t\"") == NULL)
		return peer;
	snprintf(buf, len, "\"%s\"", peer);
	return buf;
}

/* A path as a rule writes it: quoted when it holds a space. */
static const char *path_text(const char *path, char *buf, size_t len)
{
	if (!strpbrk(path, " \t"))
		return path;
	snprintf(buf, len, "\"%s\"", path);
	return buf;
}

int pal_log_rule(const struct pal_log_event *ev, const char *path,
		 int owner, int audit, const char *xmode, char *buf,
		 size_t len)
{
	const char *q = audit ? "audit " : "";
	char words[128], quoted[PALISADE_PATH_MAX + 3];
	long mask = pal_log_access(ev);
	const char *name;
	int sig, n;

	if (mask < 0)
		return -EINVAL;
	switch (ev->cls) {
	case PAL_LOG_FILE: {
		static const struct { __u32 bit; char c; } order[] = {
			{ PAL_MAY_READ, 'r' }, { PAL_MAY_WRITE, 'w' },
			{ PAL_MAY_APPEND, 'a' }, { PAL_MAY_LINK, 'l' },
			{ PAL_MAY_LOCK, 'k' }, { PAL_MAY_MMAP, 'm' },
			{ PAL_MAY_EXEC, 'x' },
		};
		char letters[16];
		size_t i, o = 0;

		/* w includes a; a bare x needs an exec mode: ix. */
		if (mask & PAL_MAY_WRITE)
			mask &= ~(long)PAL_MAY_APPEND;
		for (i = 0; i < NWORDS(order); i++)
			if (mask & order[i].bit)
				letters[o++] = order[i].c;
		letters[o] = 0;
		if (mask & PAL_MAY_EXEC) {
			letters[o - 1] = 0;
			strcat(letters, "ix");
		}
		n = snprintf(buf, len, "%s%s%s %s,", q, owner ? "owner " : "",
			     path_text(path ? path : ev->name, quoted, sizeof(quoted)),
			     letters);
		break;
	}
	case PAL_LOG_EXEC:
		n = snprintf(buf, len, "%s%s%s %s,", q, owner ? "owner " : "",
			     path_text(path ? path : ev->name, quoted, sizeof(quoted)),
			     xmode && *xmode ? xmode : "ix");
		break;
	case PAL_LOG_CAP:
		name = ev->capname[0] ? ev->capname : pal_cap_name(ev->capability);
		if (!name || pal_cap_number(name) < 0)
			return -EINVAL;
		n = snprintf(buf, len, "%scapability %s,", q, name);
		break;
	case PAL_LOG_NET:
		if (!ev->family[0] || pal_family_number(ev->family) < 0)
			return -EINVAL;
		if (ev->sock_type[0] && pal_sock_type_number(ev->sock_type) < 0)
			return -EINVAL;
		n = snprintf(buf, len, "%snetwork %s%s%s,", q, ev->family,
			     ev->sock_type[0] ? " " : "", ev->sock_type);
		break;
	case PAL_LOG_SIGNAL:
		sig = pal_signal_number(ev->signal);
		if (sig < 0 || !pal_signal_name(sig))
			return -EINVAL;
		mask_words(mask, sig_words, NWORDS(sig_words), words, sizeof(words));
		n = snprintf(buf, len, "%ssignal (%s) set=(%s)%s%s,", q, words,
			     pal_signal_name(sig), ev->peer[0] ? " peer=" : "",
			     ev->peer[0] ? peer_text(ev->peer, quoted, sizeof(quoted)) : "");
		break;
	case PAL_LOG_PTRACE:
		mask_words(mask, ptrace_words, NWORDS(ptrace_words), words,
			   sizeof(words));
		n = snprintf(buf, len, "%sptrace (%s)%s%s,", q, words,
			     ev->peer[0] ? " peer=" : "",
			     ev->peer[0] ? peer_text(ev->peer, quoted, sizeof(quoted)) : "");
		break;
	default:
		return -EINVAL;
	}
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : n;
}
