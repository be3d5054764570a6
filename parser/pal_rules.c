// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "palisade.h"
#include "pal_glob.h"
#include "pal_rules.h"
#include "pal_util.h"

/*
 * A rule body as items: a value (word, path or string), a parenthesised
 * list, "key=value", "key=(list)", "key in (list)", "->" or "<=".
 */
enum pal_item_kind { PAL_IT_VAL, PAL_IT_LIST, PAL_IT_KV, PAL_IT_ARROW, PAL_IT_LE };

struct pal_item {
	enum pal_item_kind kind;
	char *text;			/* VAL: the value; KV: the key */
	enum pal_tok_kind tok;		/* VAL: token kind */
	int paren;			/* KV: value was a (list) */
	int in;				/* KV: written "key in (list)" */
	int joined;			/* KV: written "key=a,b" */
	struct pal_item *sub;		/* LIST elements; KV value(s) */
	size_t nsub, cap;
	struct pal_loc loc;
};

struct pal_rp {
	struct pal_diag *d;
	struct pal_lex *lx;
	const char *cls;
	size_t nitems;
	struct pal_profile *prof;	/* NULL: validate only */
	unsigned int qual;		/* PAL_Q_* of the rule */
};

static void pal_items_free(struct pal_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(it[i].text);
		pal_items_free(it[i].sub, it[i].nsub);
		free(it[i].sub);
	}
}

static struct pal_item *pal_item_push(struct pal_item **v, size_t *n,
				      size_t *cap)
{
	PAL_GROW(*v, *cap, *n + 1);
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

static int pal_is_val(enum pal_tok_kind k)
{
	return k == PAL_TOK_WORD || k == PAL_TOK_PATH || k == PAL_TOK_STRING;
}

static int pal_rbad(struct pal_rp *rp, const struct pal_loc *loc,
		    const char *fmt, const char *arg)
{
	char m[200];

	snprintf(m, sizeof(m), fmt, arg);
	pal_error(rp->d, loc, "%s in '%s' rule", m, rp->cls);
	return -1;
}

static char *pal_val_text(const struct pal_tok *t)
{
	return t->kind == PAL_TOK_STRING ? pal_unquote(t->text) :
					   pal_xstrdup(t->text);
}

/* A value; "a,b" without blanks reads as one value, as in AppArmor. */
static int pal_read_val(struct pal_rp *rp, struct pal_tok *t, char **out)
{
	struct pal_buf b = { 0 };
	char *s = pal_val_text(t);

	pal_buf_puts(&b, s);
	free(s);
	while (t->kind == PAL_TOK_WORD && pal_lex_comma_joins(rp->lx)) {
		struct pal_tok c, w;

		if (pal_lex_next(rp->lx, &c) || pal_lex_next(rp->lx, &w))
			goto fail;
		if (!pal_is_val(w.kind)) {
			pal_tok_free(&w);
			break;
		}
		s = pal_val_text(&w);
		pal_buf_putc(&b, ',');
		pal_buf_puts(&b, s);
		free(s);
		pal_tok_free(&w);
	}
	*out = pal_buf_take(&b);
	return 0;
fail:
	free(pal_buf_take(&b));
	return -1;
}

/* The first ',' that is not escaped nor inside {...}. */
static char *pal_unescaped_comma(char *s)
{
	int depth = 0;

	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		else if (*s == '{')
			depth++;
		else if (*s == '}' && depth)
			depth--;
		else if (*s == ',' && !depth)
			return s;
	}
	return NULL;
}

/* Items up to ',' (top level) or ')' (in a list). */
static int pal_read_items(struct pal_rp *rp, struct pal_item **v, size_t *n,
			  size_t *cap, int depth)
{
	struct pal_tok t;

	for (;;) {
		struct pal_lex_mark m;
		struct pal_item *it;
		enum pal_tok_kind k;
		struct pal_loc end = rp->lx->prev_end;

		if (pal_lex_next(rp->lx, &t))
			return -1;
		if (++rp->nitems > PAL_RULE_MAX_ITEMS) {
			pal_error(rp->d, &t.loc, "'%s' rule is too long", rp->cls);
			goto fail;
		}
		if (t.kind == PAL_TOK_COMMA && !depth)
			return 0;
		if (t.kind == PAL_TOK_COMMA)
			continue;
		if (t.kind == PAL_TOK_RPAREN && depth)
			return 0;
		if (t.kind == PAL_TOK_LPAREN) {
			if (depth >= PAL_RULE_MAX_DEPTH) {
				pal_error(rp->d, &t.loc, "'(' nested too deep");
				goto fail;
			}
			it = pal_item_push(v, n, cap);
			it->kind = PAL_IT_LIST;
			it->loc = t.loc;
			if (pal_read_items(rp, &it->sub, &it->nsub, &it->cap, depth + 1))
				return -1;
			continue;
		}
		if (t.kind == PAL_TOK_ARROW || t.kind == PAL_TOK_LE) {
			it = pal_item_push(v, n, cap);
			it->kind = t.kind == PAL_TOK_ARROW ? PAL_IT_ARROW : PAL_IT_LE;
			it->loc = t.loc;
			continue;
		}
		if (!pal_is_val(t.kind)) {
			if (depth)
				pal_error(rp->d, &t.loc, "expected ')' in '%s' rule",
					  rp->cls);
			else
				pal_error(rp->d, &end, "expected ',' at end of rule");
			goto fail;
		}
		it = pal_item_push(v, n, cap);
		it->loc = t.loc;
		it->tok = t.kind;
		pal_lex_save(rp->lx, &m);
		if (pal_lex_peek(rp->lx, &k, NULL))
			goto fail;
		if (k == PAL_TOK_WORD && t.kind == PAL_TOK_WORD) {
			/* "key in (list)" */
			struct pal_tok w, l = { 0 };
			int in_list;

			if (pal_lex_next(rp->lx, &w))
				goto fail;
			in_list = !strcmp(w.text, "in") && !pal_lex_next(rp->lx, &l) &&
				  l.kind == PAL_TOK_LPAREN;
			pal_tok_free(&l);
			if (in_list) {
				pal_tok_free(&w);
				it->kind = PAL_IT_KV;
				it->in = it->paren = 1;
				it->text = t.text;
				if (pal_read_items(rp, &it->sub, &it->nsub, &it->cap,
						   depth + 1))
					return -1;
				continue;
			}
			pal_tok_free(&w);
			pal_lex_restore(rp->lx, &m);
		}
		if (k != PAL_TOK_EQ) {
			it->kind = PAL_IT_VAL;
			if (depth) {
				it->text = pal_val_text(&t);
			} else if (pal_read_val(rp, &t, &it->text)) {
				goto fail;
			}
			pal_tok_free(&t);
			continue;
		}
		it->kind = PAL_IT_KV;
		it->text = t.text;
		t.text = NULL;
		if (pal_lex_next(rp->lx, &t) ||
		    pal_lex_next_value(rp->lx, &t, depth > 0))
			return -1;
		if (t.kind == PAL_TOK_LPAREN) {
			if (depth >= PAL_RULE_MAX_DEPTH) {
				pal_error(rp->d, &t.loc, "'(' nested too deep");
				goto fail;
			}
			it->paren = 1;
			if (pal_read_items(rp, &it->sub, &it->nsub, &it->cap, depth + 1))
				return -1;
			continue;
		}
		if (!pal_is_val(t.kind)) {
			pal_rbad(rp, &it->loc, "'%.40s=' without a value", it->text);
			goto fail;
		}
		{
			char *all, *s, *c;

			if (pal_read_val(rp, &t, &all))
				goto fail;
			/* "a,b" is the list (a b) */
			for (s = all; s; s = c ? c + 1 : NULL) {
				struct pal_item *val;

				c = t.kind == PAL_TOK_WORD ? pal_unescaped_comma(s) : NULL;
				if (c)
					*c = 0;
				val = pal_item_push(&it->sub, &it->nsub, &it->cap);
				val->kind = PAL_IT_VAL;
				val->tok = t.kind;
				val->loc = t.loc;
				val->text = pal_xstrdup(s);
				if (c)
					it->paren = it->joined = 1;
			}
			free(all);
		}
		pal_tok_free(&t);
	}
fail:
	pal_tok_free(&t);
	return -1;
}

static int pal_in(const char *const *tab, const char *w)
{
	for (; *tab; tab++)
		if (!strcmp(*tab, w))
			return 1;
	return 0;
}

/* ---- tables (AppArmor's names) ---- */

static const char *const pal_caps[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill",
	"setgid", "setuid", "setpcap", "linux_immutable", "net_bind_service",
	"net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
	"sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct",
	"sys_admin", "sys_boot", "sys_nice", "sys_resource", "sys_time",
	"sys_tty_config", "mknod", "lease", "audit_write", "audit_control",
	"setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
	NULL,
};

static const char *const pal_families[] = {
	"unix", "inet", "ax25", "ipx", "appletalk", "netrom", "bridge", "atmpvc",
	"x25", "inet6", "unspec", "rose", "netbeui", "security", "key", "netlink",
	"packet", "ash", "econet", "atmsvc", "rds", "sna", "irda", "pppox",
	"wanpipe", "llc", "ib", "mpls", "can", "tipc", "bluetooth", "iucv",
	"rxrpc", "isdn", "phonet", "ieee802154", "caif", "alg", "nfc", "vsock",
	"kcm", "qipcrtr", "smc", "xdp", "mctp", NULL,
};

static const char *const pal_socktypes[] = {
	"stream", "dgram", "seqpacket", "seq", "rdm", "raw", "packet", NULL,
};

static const char *const pal_protocols[] = { "tcp", "udp", "icmp", NULL };

static const char *const pal_net_perms[] = {
	"create", "bind", "listen", "accept", "connect", "shutdown", "getattr",
	"setattr", "getopt", "setopt", "send", "receive", "r", "w", "rw",
	"read", "write", NULL,
};

/* network and unix permissions that have no peer */
static const char *const pal_local_perms[] = {
	"create", "bind", "listen", "shutdown", "getattr", "setattr", "getopt",
	"setopt", NULL,
};

static const char *const pal_signal_perms[] = {
	"send", "receive", "r", "w", "rw", "read", "write", NULL,
};

static const char *const pal_signals[] = {
	"hup", "int", "quit", "ill", "trap", "abrt", "bus", "fpe", "kill",
	"usr1", "segv", "usr2", "pipe", "alrm", "term", "stkflt", "chld",
	"cont", "stop", "stp", "ttin", "ttou", "urg", "xcpu", "xfsz", "vtalrm",
	"prof", "winch", "io", "pwr", "sys", "emt", "exists", "lost", NULL,
};

static const char *const pal_ptrace_perms[] = {
	"r", "w", "rw", "read", "write", "readby", "trace", "tracedby", NULL,
};

static const char *const pal_dbus_perms[] = {
	"send", "receive", "bind", "eavesdrop", "r", "w", "rw", "read", "write",
	NULL,
};

static const char *const pal_mqueue_perms[] = {
	"r", "w", "rw", "read", "write", "create", "open", "delete", "getattr",
	"setattr", NULL,
};

static const char *const pal_io_uring_perms[] = {
	"sqpoll", "override_creds", NULL,
};

static const char *const pal_userns_perms[] = { "create", NULL };

/* mount flags; a pair's members conflict */
static const char *const pal_mount_pairs[][2] = {
	{ "ro", "rw" }, { "r", "w" }, { "read-only", "rw" }, { "suid", "nosuid" },
	{ "dev", "nodev" }, { "exec", "noexec" }, { "sync", "async" },
	{ "mand", "nomand" }, { "atime", "noatime" }, { "diratime", "nodiratime" },
	{ "relatime", "norelatime" }, { "iversion", "noiversion" },
	{ "strictatime", "nostrictatime" }, { "lazytime", "nolazytime" },
	{ "acl", "noacl" }, { "user", "nouser" }, { "symfollow", "nosymfollow" },
	{ "loud", "silent" },
};

static const char *const pal_mount_other[] = {
	"remount", "dirsync", "bind", "B", "move", "M", "rbind", "R", "verbose",
	"rec", NULL,
};

static const char *const pal_mount_prop[] = {
	"unbindable", "make-unbindable", "runbindable", "make-runbindable",
	"private", "make-private", "rprivate", "make-rprivate", "slave",
	"make-slave", "rslave", "make-rslave", "shared", "make-shared",
	"rshared", "make-rshared", NULL,
};

static const char *const pal_rlimits[] = {
	"cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile",
	"ofile", "memlock", "as", "locks", "sigpending", "msgqueue", "nice",
	"rtprio", "rttime", NULL,
};

/* ---- shared checks ---- */

/* Optional permissions at items[*i]: one word or a (list). */
static int pal_perms(struct pal_rp *rp, const struct pal_item *it, size_t n,
		     size_t *i, const char *const *tab, int *has_local)
{
	size_t j;

	if (*i >= n)
		return 0;
	if (it[*i].kind == PAL_IT_VAL && it[*i].tok == PAL_TOK_WORD &&
	    pal_in(tab, it[*i].text)) {
		if (has_local && pal_in(pal_local_perms, it[*i].text))
			*has_local = 1;
		(*i)++;
		return 0;
	}
	if (it[*i].kind != PAL_IT_LIST)
		return 0;
	for (j = 0; j < it[*i].nsub; j++) {
		const struct pal_item *e = &it[*i].sub[j];

		if (e->kind != PAL_IT_VAL || e->tok != PAL_TOK_WORD)
			return pal_rbad(rp, &e->loc, "expected a permission%s", "");
		if (!pal_in(tab, e->text))
			return pal_rbad(rp, &e->loc, "unknown permission '%.40s'",
					e->text);
		if (has_local && pal_in(pal_local_perms, e->text))
			*has_local = 1;
	}
	(*i)++;
	return 0;
}

/* The single value of a key=value (no list). */
static const char *pal_kv_single(struct pal_rp *rp, const struct pal_item *kv)
{
	if (kv->in || kv->nsub != 1 || kv->sub[0].kind != PAL_IT_VAL) {
		pal_rbad(rp, &kv->loc, "'%.40s' takes a single value", kv->text);
		return NULL;
	}
	if (!kv->sub[0].text[0]) {
		pal_rbad(rp, &kv->loc, "empty value for '%.40s'", kv->text);
		return NULL;
	}
	return kv->sub[0].text;
}

/* key=value items only, each key from @keys at most once. */
static int pal_kvs(struct pal_rp *rp, const struct pal_item *it, size_t n,
		   size_t from, size_t to, const char *const *keys,
		   const char *const *listkeys)
{
	size_t i, j;

	for (i = from; i < to; i++) {
		if (it[i].kind != PAL_IT_KV)
			return pal_rbad(rp, &it[i].loc, "unexpected %s",
					it[i].kind == PAL_IT_VAL ? "value" :
					it[i].kind == PAL_IT_LIST ? "'('" : "operator");
		if (it[i].in && !(listkeys && pal_in(listkeys, it[i].text)))
			return pal_rbad(rp, &it[i].loc, "'%.40s in (...)' is not supported",
					it[i].text);
		if (!pal_in(keys, it[i].text))
			return pal_rbad(rp, &it[i].loc, "unknown condition '%.40s='",
					it[i].text);
		for (j = from; j < i; j++)
			if (it[j].kind == PAL_IT_KV && !strcmp(it[j].text, it[i].text))
				return pal_rbad(rp, &it[i].loc, "'%.40s=' given twice",
						it[i].text);
		if (it[i].paren && listkeys && pal_in(listkeys, it[i].text)) {
			for (j = 0; j < it[i].nsub; j++)
				if (it[i].sub[j].kind != PAL_IT_VAL)
					return pal_rbad(rp, &it[i].sub[j].loc,
							"expected a value in '%.40s=(...)'",
							it[i].text);
			if (!it[i].nsub)
				return pal_rbad(rp, &it[i].loc, "empty '%.40s=()'",
						it[i].text);
		} else if (strcmp(it[i].text, "peer") && !pal_kv_single(rp, &it[i])) {
			return -1;
		}
		(void)n;
	}
	return 0;
}

static const struct pal_item *pal_kv_find(const struct pal_item *it, size_t n,
					  const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (it[i].kind == PAL_IT_KV && !strcmp(it[i].text, key))
			return &it[i];
	return NULL;
}

/* peer=(k=v ...) with keys from @keys; peer=label if @label_ok */
static int pal_peer(struct pal_rp *rp, const struct pal_item *kv,
		    const char *const *keys, int label_ok)
{
	if (!kv->paren) {
		if (!label_ok)
			return pal_rbad(rp, &kv->loc, "'peer' takes (%s)",
					"key=value ...");
		return pal_kv_single(rp, kv) ? 0 : -1;
	}
	if (!kv->nsub)
		return pal_rbad(rp, &kv->loc, "empty '%s=()'", "peer");
	return pal_kvs(rp, kv->sub, kv->nsub, 0, kv->nsub, keys, NULL);
}

static int pal_port_num(const char *s, const char **end, long *v)
{
	char *e;

	if (*s < '0' || *s > '9')
		return -1;
	*v = strtol(s, &e, 10);
	*end = e;
	return *v > 65535 ? -1 : 0;
}

static int pal_check_port(struct pal_rp *rp, const struct pal_item *kv)
{
	const char *s = kv->sub[0].text, *e;
	long a, b;

	if (pal_port_num(s, &e, &a))
		goto bad;
	if (*e == '-') {
		if (pal_port_num(e + 1, &e, &b) || b < a)
			goto bad;
	}
	if (*e)
		goto bad;
	return 0;
bad:
	return pal_rbad(rp, &kv->sub[0].loc, "invalid port '%.40s'", s);
}

static int pal_check_ip(struct pal_rp *rp, const struct pal_item *kv)
{
	unsigned char buf[16];
	const char *s = kv->sub[0].text;

	if (!strcmp(s, "none") || inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1)
		return 0;
	return pal_rbad(rp, &kv->sub[0].loc, "invalid IP address '%.40s'", s);
}

static int pal_check_ipport(struct pal_rp *rp, const struct pal_item *it,
			    size_t n)
{
	const struct pal_item *kv;

	if ((kv = pal_kv_find(it, n, "ip")) && pal_check_ip(rp, kv))
		return -1;
	if ((kv = pal_kv_find(it, n, "port")) && pal_check_port(rp, kv))
		return -1;
	return 0;
}

/* ---- classes ---- */

static int pal_r_capability(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (it[i].kind != PAL_IT_VAL || it[i].tok != PAL_TOK_WORD)
			return pal_rbad(rp, &it[i].loc, "expected a capability name%s", "");
		if (!pal_in(pal_caps, it[i].text))
			return pal_rbad(rp, &it[i].loc, "unknown capability '%.40s'",
					it[i].text);
	}
	return 0;
}

static int pal_r_network(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	static const char *const keys[] = {
		"ip", "port", "peer", "interface", "label", NULL,
	};
	static const char *const peer_keys[] = { "ip", "port", "label", NULL };
	const char *family = NULL;
	const struct pal_item *peer;
	size_t i = 0;
	int local = 0, nkinds = 0;

	if (pal_perms(rp, it, n, &i, pal_net_perms, &local))
		return -1;
	for (; i < n && it[i].kind == PAL_IT_VAL; i++) {
		const char *w = it[i].text;

		if (it[i].tok != PAL_TOK_WORD)
			return pal_rbad(rp, &it[i].loc, "unexpected '%.40s'", w);
		if (!family && !nkinds && pal_in(pal_families, w)) {
			family = w;
		} else if (!nkinds && (pal_in(pal_socktypes, w) ||
				       pal_in(pal_protocols, w))) {
			nkinds++;
		} else {
			return pal_rbad(rp, &it[i].loc,
					"unknown network family, type or protocol '%.40s'", w);
		}
	}
	if (pal_kvs(rp, it, n, i, n, keys, NULL))
		return -1;
	if (pal_check_ipport(rp, it + i, n - i))
		return -1;
	peer = pal_kv_find(it + i, n - i, "peer");
	if (peer) {
		if (pal_peer(rp, peer, peer_keys, 0) ||
		    pal_check_ipport(rp, peer->sub, peer->nsub))
			return -1;
		if (local)
			return pal_rbad(rp, &peer->loc,
					"'peer' with a permission that has no peer%s", "");
	}
	if ((pal_kv_find(it + i, n - i, "ip") || pal_kv_find(it + i, n - i, "port") ||
	     (peer && (pal_kv_find(peer->sub, peer->nsub, "ip") ||
		       pal_kv_find(peer->sub, peer->nsub, "port")))) &&
	    family && strcmp(family, "inet") && strcmp(family, "inet6"))
		return pal_rbad(rp, &it[i].loc,
				"ip and port conditions need the inet or inet6 family%s", "");
	return 0;
}

static int pal_check_signal(struct pal_rp *rp, const struct pal_item *v)
{
	const char *s = v->text;

	if (v->kind != PAL_IT_VAL)
		return pal_rbad(rp, &v->loc, "expected a signal name%s", "");
	if (pal_in(pal_signals, s))
		return 0;
	if (!strncmp(s, "rtmin+", 6) && s[6] >= '0' && s[6] <= '9') {
		char *e;
		long k = strtol(s + 6, &e, 10);

		if (!*e && k <= 32)
			return 0;
	}
	return pal_rbad(rp, &v->loc, "unknown signal '%.40s'", s);
}

static int pal_r_signal(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	size_t i = 0, j;

	if (pal_perms(rp, it, n, &i, pal_signal_perms, NULL))
		return -1;
	for (; i < n; i++) {
		if (it[i].kind != PAL_IT_KV || it[i].in)
			return pal_rbad(rp, &it[i].loc, "expected set= or peer=%s", "");
		if (!strcmp(it[i].text, "peer")) {
			if (!pal_kv_single(rp, &it[i]))
				return -1;
		} else if (!strcmp(it[i].text, "set")) {
			if (!it[i].nsub)
				return pal_rbad(rp, &it[i].loc, "empty '%s'", "set=()");
			for (j = 0; j < it[i].nsub; j++)
				if (pal_check_signal(rp, &it[i].sub[j]))
					return -1;
		} else {
			return pal_rbad(rp, &it[i].loc, "unknown condition '%.40s='",
					it[i].text);
		}
	}
	return 0;
}

static int pal_r_ptrace(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	static const char *const keys[] = { "peer", NULL };
	size_t i = 0;

	if (pal_perms(rp, it, n, &i, pal_ptrace_perms, NULL) ||
	    pal_kvs(rp, it, n, i, n, keys, NULL))
		return -1;
	return 0;
}

static int pal_r_unix(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	static const char *const keys[] = {
		"type", "protocol", "addr", "label", "attr", "opt", "peer", NULL,
	};
	static const char *const peer_keys[] = { "label", "addr", NULL };
	static const char *const types[] = {
		"stream", "dgram", "seqpacket", NULL,
	};
	const struct pal_item *kv;
	size_t i = 0;
	int local = 0;

	if (pal_perms(rp, it, n, &i, pal_net_perms, &local) ||
	    pal_kvs(rp, it, n, i, n, keys, NULL))
		return -1;
	kv = pal_kv_find(it + i, n - i, "type");
	if (kv && !pal_in(types, kv->sub[0].text))
		return pal_rbad(rp, &kv->sub[0].loc, "unknown socket type '%.40s'",
				kv->sub[0].text);
	kv = pal_kv_find(it + i, n - i, "peer");
	if (kv) {
		if (pal_peer(rp, kv, peer_keys, 0))
			return -1;
		if (local)
			return pal_rbad(rp, &kv->loc,
					"'peer' with a permission that has no peer%s", "");
	}
	return 0;
}

static int pal_r_dbus(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	static const char *const keys[] = {
		"bus", "path", "interface", "member", "name", "peer", NULL,
	};
	static const char *const peer_keys[] = { "name", "label", NULL };
	const struct pal_item *kv;
	size_t i = 0;
	int bind = 0;

	if (i < n && it[i].kind == PAL_IT_VAL && !strcmp(it[i].text, "bind"))
		bind = 1;
	if (pal_perms(rp, it, n, &i, pal_dbus_perms, NULL) ||
	    pal_kvs(rp, it, n, i, n, keys, NULL))
		return -1;
	if ((kv = pal_kv_find(it + i, n - i, "peer")) &&
	    pal_peer(rp, kv, peer_keys, 0))
		return -1;
	if (bind) {
		static const char *const nobind[] = {
			"path", "interface", "member", "peer", NULL,
		};

		for (; i < n; i++)
			if (pal_in(nobind, it[i].text))
				return pal_rbad(rp, &it[i].loc,
						"'%.40s=' does not go with 'bind'",
						it[i].text);
	}
	return 0;
}

static int pal_r_mqueue(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	static const char *const keys[] = { "type", "label", NULL };
	const struct pal_item *type;
	size_t i = 0, j;
	int sysv = 0;

	if (pal_perms(rp, it, n, &i, pal_mqueue_perms, NULL))
		return -1;
	for (j = i; j < n && it[j].kind == PAL_IT_KV; j++)
		;
	if (pal_kvs(rp, it, n, i, j, keys, NULL))
		return -1;
	type = pal_kv_find(it + i, j - i, "type");
	if (type) {
		if (strcmp(type->sub[0].text, "posix") &&
		    strcmp(type->sub[0].text, "sysv"))
			return pal_rbad(rp, &type->sub[0].loc,
					"unknown message queue type '%.40s'",
					type->sub[0].text);
		sysv = !strcmp(type->sub[0].text, "sysv");
	}
	if (j < n) {
		const char *s = it[j].text;

		if (it[j].kind != PAL_IT_VAL || j + 1 < n)
			return pal_rbad(rp, &it[j].loc, "unexpected %s", "item");
		int digits = *s && strspn(s, "0123456789") == strlen(s);

		if (sysv ? !digits : type ? s[0] != '/' && strncmp(s, "@{", 2) :
		    !digits && s[0] != '/' && strncmp(s, "@{", 2))
			return pal_rbad(rp, &it[j].loc,
					"invalid message queue name '%.40s'", s);
	}
	return 0;
}

static int pal_r_simple(struct pal_rp *rp, struct pal_item *it, size_t n,
			const char *const *perms, const char *const *keys)
{
	size_t i = 0;

	if (pal_perms(rp, it, n, &i, perms, NULL))
		return -1;
	return pal_kvs(rp, it, n, i, n, keys, NULL);
}

static int pal_mount_flag(struct pal_rp *rp, const struct pal_item *v,
			  const char **seen, size_t *nseen, int *prop)
{
	size_t k, j;

	if (v->kind != PAL_IT_VAL)
		return pal_rbad(rp, &v->loc, "expected a mount option%s", "");
	if (pal_in(pal_mount_prop, v->text)) {
		*prop = 1;
	} else if (!pal_in(pal_mount_other, v->text)) {
		for (k = 0; k < sizeof(pal_mount_pairs) / sizeof(pal_mount_pairs[0]); k++)
			if (!strcmp(pal_mount_pairs[k][0], v->text) ||
			    !strcmp(pal_mount_pairs[k][1], v->text))
				break;
		if (k == sizeof(pal_mount_pairs) / sizeof(pal_mount_pairs[0]))
			return pal_rbad(rp, &v->loc, "unknown mount option '%.40s'",
					v->text);
		for (j = 0; j < *nseen; j++) {
			int a = !strcmp(seen[j], pal_mount_pairs[k][0]) &&
				!strcmp(v->text, pal_mount_pairs[k][1]);
			int b = !strcmp(seen[j], pal_mount_pairs[k][1]) &&
				!strcmp(v->text, pal_mount_pairs[k][0]);

			if (a || b)
				return pal_rbad(rp, &v->loc,
						"conflicting mount option '%.40s'", v->text);
		}
	}
	if (*nseen < 64)
		seen[(*nseen)++] = v->text;
	return 0;
}

static int pal_r_mount(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	const char *seen[64];
	size_t nseen = 0, i, j, npos = 0, nflags = 0, zero = 0;
	int prop = 0, arrow = 0, rec = 0;
	int um = !strcmp(rp->cls, "umount") || !strcmp(rp->cls, "remount");
	int pivot = !strcmp(rp->cls, "pivot_root");

	for (i = 0; i < n; i++) {
		struct pal_item *e = &it[i];

		if (e->kind == PAL_IT_ARROW) {
			if (arrow || um)
				return pal_rbad(rp, &e->loc, "unexpected %s", "'->'");
			if (i + 2 != n || it[i + 1].kind != PAL_IT_VAL)
				return pal_rbad(rp, &e->loc, "expected one %s after '->'",
						pivot ? "profile" : "mount point");
			arrow = 1;
			continue;
		}
		if (e->kind == PAL_IT_VAL) {
			if (!arrow && ++npos > (pivot ? 1 : um ? 1 : 1))
				return pal_rbad(rp, &e->loc, "unexpected '%.40s'", e->text);
			continue;
		}
		if (e->kind != PAL_IT_KV)
			return pal_rbad(rp, &e->loc, "unexpected %s", "'(' or '<='");
		if (pivot) {
			if (strcmp(e->text, "oldroot") || e->in || !pal_kv_single(rp, e))
				return pal_rbad(rp, &e->loc,
						"unknown condition '%.40s='", e->text);
			continue;
		}
		if (!strcmp(e->text, "options")) {
			if (e->joined)
				return pal_rbad(rp, &e->loc,
						"write several options as options=(a, b)%s", "");
			if (!e->nsub)
				return pal_rbad(rp, &e->loc, "empty '%s'", "options=()");
			for (j = 0; j < e->nsub; j++) {
				if (e->sub[j].kind == PAL_IT_VAL &&
				    !strcmp(e->sub[j].text, "rec"))
					rec = 1;
				else
					nflags++;
				if (pal_mount_flag(rp, &e->sub[j], seen,
						   e->in ? &zero : &nseen, &prop))
					return -1;
				zero = 0;
			}
		} else if (!strcmp(e->text, "fstype") || !strcmp(e->text, "vfstype")) {
			if (um)
				return pal_rbad(rp, &e->loc, "unknown condition '%.40s='",
						e->text);
			for (j = 0; j < e->nsub; j++)
				if (e->sub[j].kind != PAL_IT_VAL || !e->sub[j].text[0])
					return pal_rbad(rp, &e->sub[j].loc,
							"expected a file system type%s", "");
			if (!e->nsub)
				return pal_rbad(rp, &e->loc, "empty '%s'", "fstype=()");
		} else {
			return pal_rbad(rp, &e->loc, "unknown condition '%.40s='", e->text);
		}
	}
	if (rec && !nflags)
		return pal_rbad(rp, &it[0].loc, "'rec' needs another mount option%s", "");
	if (prop && npos && arrow)
		return pal_rbad(rp, &it[0].loc,
				"propagation options take no source%s", "");
	return 0;
}

static int pal_r_change_profile(struct pal_rp *rp, struct pal_profile *prof,
				struct pal_item *it, size_t n)
{
	const char *cond = NULL, *target = NULL;
	size_t i = 0, k;
	int safe = 0;

	if (i < n && it[i].kind == PAL_IT_VAL && it[i].tok == PAL_TOK_WORD &&
	    (!strcmp(it[i].text, "safe") || !strcmp(it[i].text, "unsafe"))) {
		safe = it[i].text[0] == 's' ? 1 : -1;
		i++;
		if (i >= n || it[i].kind != PAL_IT_VAL)
			return pal_rbad(rp, &it[i - 1].loc,
					"'%.40s' needs an exec path", it[i - 1].text);
	}
	if (i < n && it[i].kind == PAL_IT_VAL) {
		if (it[i].tok == PAL_TOK_WORD)
			return pal_rbad(rp, &it[i].loc, "unexpected '%.40s'", it[i].text);
		cond = it[i++].text;
	}
	if (i < n) {
		if (it[i].kind != PAL_IT_ARROW || i + 2 != n ||
		    it[i + 1].kind != PAL_IT_VAL)
			return pal_rbad(rp, &it[i].loc, "expected '-> profile'%s", "");
		target = it[i + 1].text;
	}
	if (!cond || !prof)
		return 0;
	for (k = 0; k < prof->ncps; k++) {
		if (strcmp(prof->cps[k].cond, cond) ||
		    strcmp(prof->cps[k].target, target ? target : ""))
			continue;
		if ((prof->cps[k].safe < 0) != (safe < 0))
			return pal_rbad(rp, &it[0].loc,
					"conflicting safe and unsafe exec for '%.40s'", cond);
	}
	PAL_GROW(prof->cps, prof->cps_cap, prof->ncps + 1);
	prof->cps[prof->ncps].cond = pal_xstrdup(cond);
	prof->cps[prof->ncps].target = pal_xstrdup(target ? target : "");
	prof->cps[prof->ncps++].safe = safe;
	return 0;
}

static int pal_rlimit_value(const char *name, const char *v)
{
	static const char *const sizes[] = {
		"fsize", "data", "stack", "core", "rss", "memlock", "as",
		"msgqueue", NULL,
	};
	static const char *const size_units[] = {
		"", "K", "KB", "M", "MB", "G", "GB", NULL,
	};
	static const char *const time_units[] = {
		"", "us", "microsecond", "microseconds", "ms", "millisecond",
		"milliseconds", "s", "sec", "second", "seconds", "min", "minute",
		"minutes", "h", "hour", "hours", "d", "day", "days", "week",
		"weeks", NULL,
	};
	char *e;
	long k;

	if (!strcmp(v, "infinity"))
		return strcmp(name, "nice") ? 0 : -1;
	if (!strcmp(name, "nice")) {
		k = strtol(v, &e, 10);
		return *v && !*e && k >= -20 && k <= 19 ? 0 : -1;
	}
	if (*v < '0' || *v > '9')
		return -1;
	strtoull(v, &e, 10);
	while (*e == ' ')
		e++;
	if (pal_in(sizes, name))
		return pal_in(size_units, e) ? 0 : -1;
	if (!strcmp(name, "cpu") || !strcmp(name, "rttime"))
		return pal_in(time_units, e) ? 0 : -1;
	return *e ? -1 : 0;
}

static int pal_r_rlimit(struct pal_rp *rp, struct pal_item *it, size_t n)
{
	if (n < 4 || it[0].kind != PAL_IT_VAL || strcmp(it[0].text, "rlimit"))
		return pal_rbad(rp, n ? &it[0].loc : &rp->lx->prev_end,
				"expected 'set rlimit NAME <= VALUE'%s", "");
	if (it[1].kind != PAL_IT_VAL || !pal_in(pal_rlimits, it[1].text))
		return pal_rbad(rp, &it[1].loc, "unknown rlimit '%.40s'",
				it[1].kind == PAL_IT_VAL ? it[1].text : "(");
	if (it[2].kind != PAL_IT_LE)
		return pal_rbad(rp, &it[2].loc, "expected '<='%s", "");
	if (it[3].kind != PAL_IT_VAL ||
	    (n == 5 ? it[4].kind != PAL_IT_VAL : n != 4))
		return pal_rbad(rp, &it[3].loc, "expected one rlimit value%s", "");
	if (n == 5) {
		/* "1024 KB" */
		char buf[128];

		snprintf(buf, sizeof(buf), "%.60s %.60s", it[3].text, it[4].text);
		if (pal_rlimit_value(it[1].text, buf))
			return pal_rbad(rp, &it[3].loc, "invalid rlimit value '%.80s'", buf);
		return 0;
	}
	if (pal_rlimit_value(it[1].text, it[3].text))
		return pal_rbad(rp, &it[3].loc, "invalid rlimit value '%.80s'",
				it[3].text);
	return 0;
}

/* Every @{NAME} in the rule's values must be defined. */
static int pal_check_refs(struct pal_rp *rp, const struct pal_vars *vt,
			  const struct pal_item *it, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *s = it[i].kind == PAL_IT_VAL ? it[i].text : NULL;

		while (s && (s = strstr(s, "@{"))) {
			const char *e = strchr(s, '}');
			char *name;
			int ok;

			if (!e)
				break;
			name = pal_xstrndup(s + 2, (size_t)(e - s - 2));
			ok = !vt || pal_vars_find(vt, name) != NULL;
			if (!ok)
				pal_error(rp->d, &it[i].loc, "undefined variable @{%.60s}",
					  name);
			free(name);
			if (!ok)
				return -1;
			s = e;
		}
		if (pal_check_refs(rp, vt, it[i].sub, it[i].nsub))
			return -1;
	}
	return 0;
}

/* Values of key=value conditions are globs: check their syntax. */
static int pal_check_globs(struct pal_rp *rp, const struct pal_item *it,
			   size_t n, int in_kv)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct pal_glob_err e;

		if (it[i].kind == PAL_IT_VAL && in_kv && it[i].tok != PAL_TOK_STRING &&
		    !strstr(it[i].text, "@{") &&
		    pal_glob_check(it[i].text, 0, &e)) {
			pal_error(rp->d, &it[i].loc, "%s in '%s' rule", e.msg, rp->cls);
			return -1;
		}
		if (pal_check_globs(rp, it[i].sub, it[i].nsub,
				    it[i].kind == PAL_IT_KV))
			return -1;
	}
	return 0;
}

/* ---- keeping the mediated classes (capability, network, signal, ptrace) ---- */

/*
 * These four classes are compiled (pal_compile_rules.c): their rules are
 * kept in the profile with names resolved to numbers.  Validation above
 * has already accepted the rule, so only its meaning is read here.
 */

static int pal_is_mediated(const char *cls)
{
	static const char *const mediated[] = {
		"capability", "network", "signal", "ptrace", NULL,
	};

	return pal_in(mediated, cls);
}

/* AppArmor's family names and the kernel's numbers. */
static const struct {
	const char *name;
	int af;
} pal_family_nums[] = {
	{ "unspec", AF_UNSPEC },	{ "unix", AF_UNIX },
	{ "inet", AF_INET },		{ "ax25", AF_AX25 },
	{ "ipx", AF_IPX },		{ "appletalk", AF_APPLETALK },
	{ "netrom", AF_NETROM },	{ "bridge", AF_BRIDGE },
	{ "atmpvc", AF_ATMPVC },	{ "x25", AF_X25 },
	{ "inet6", AF_INET6 },		{ "rose", AF_ROSE },
	{ "netbeui", AF_NETBEUI },	{ "security", AF_SECURITY },
	{ "key", AF_KEY },		{ "netlink", AF_NETLINK },
	{ "packet", AF_PACKET },	{ "ash", AF_ASH },
	{ "econet", AF_ECONET },	{ "atmsvc", AF_ATMSVC },
	{ "rds", AF_RDS },		{ "sna", AF_SNA },
	{ "irda", AF_IRDA },		{ "pppox", AF_PPPOX },
	{ "wanpipe", AF_WANPIPE },	{ "llc", AF_LLC },
	{ "ib", AF_IB },		{ "mpls", AF_MPLS },
	{ "can", AF_CAN },		{ "tipc", AF_TIPC },
	{ "bluetooth", AF_BLUETOOTH },	{ "iucv", AF_IUCV },
	{ "rxrpc", AF_RXRPC },		{ "isdn", AF_ISDN },
	{ "phonet", AF_PHONET },	{ "ieee802154", AF_IEEE802154 },
	{ "caif", AF_CAIF },		{ "alg", AF_ALG },
	{ "nfc", AF_NFC },		{ "vsock", AF_VSOCK },
	{ "kcm", AF_KCM },		{ "qipcrtr", AF_QIPCRTR },
	{ "smc", AF_SMC },		{ "xdp", AF_XDP },
	{ "mctp", AF_MCTP },
};

static const struct {
	const char *name;
	int type;
} pal_type_nums[] = {
	{ "stream", SOCK_STREAM },	{ "dgram", SOCK_DGRAM },
	{ "raw", SOCK_RAW },		{ "rdm", SOCK_RDM },
	{ "seqpacket", SOCK_SEQPACKET }, { "seq", SOCK_SEQPACKET },
	{ "packet", SOCK_PACKET },
};

static const struct {
	const char *name;
	int sig;
} pal_signal_nums[] = {
	{ "hup", SIGHUP },	{ "int", SIGINT },	{ "quit", SIGQUIT },
	{ "ill", SIGILL },	{ "trap", SIGTRAP },	{ "abrt", SIGABRT },
	{ "bus", SIGBUS },	{ "fpe", SIGFPE },	{ "kill", SIGKILL },
	{ "usr1", SIGUSR1 },	{ "segv", SIGSEGV },	{ "usr2", SIGUSR2 },
	{ "pipe", SIGPIPE },	{ "alrm", SIGALRM },	{ "term", SIGTERM },
	{ "stkflt", SIGSTKFLT }, { "chld", SIGCHLD },	{ "cont", SIGCONT },
	{ "stop", SIGSTOP },	{ "stp", SIGTSTP },	{ "ttin", SIGTTIN },
	{ "ttou", SIGTTOU },	{ "urg", SIGURG },	{ "xcpu", SIGXCPU },
	{ "xfsz", SIGXFSZ },	{ "vtalrm", SIGVTALRM }, { "prof", SIGPROF },
	{ "winch", SIGWINCH },	{ "io", SIGIO },	{ "pwr", SIGPWR },
	{ "sys", SIGSYS },
	/* kill(pid, 0): the existence check. */
	{ "exists", 0 },
};

/* The kernel's first real-time signal (glibc's SIGRTMIN is higher: it
 * keeps two for itself); AppArmor's rtmin+N counts from the kernel's. */
#define PAL_KERNEL_SIGRTMIN	32

#define PAL_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(PAL_NET_ANY < 0, "PAL_NET_ANY is no family or type");

/* Permission words of one class to bits; NULL tab entry ends. */
struct pal_permword {
	const char *word;
	uint32_t allow;		/* with AppArmor's implications */
	uint32_t deny;		/* without them */
};

static const struct pal_permword pal_net_words[] = {
	{ "create", PAL_NET_CREATE, PAL_NET_CREATE },
	{ "bind", PAL_NET_BIND, PAL_NET_BIND },
	{ "listen", PAL_NET_LISTEN, PAL_NET_LISTEN },
	{ "accept", PAL_NET_ACCEPT, PAL_NET_ACCEPT },
	{ "connect", PAL_NET_CONNECT, PAL_NET_CONNECT },
	{ "shutdown", PAL_NET_SHUTDOWN, PAL_NET_SHUTDOWN },
	{ "getattr", PAL_NET_GETATTR, PAL_NET_GETATTR },
	{ "setattr", PAL_NET_SETATTR, PAL_NET_SETATTR },
	{ "getopt", PAL_NET_GETOPT, PAL_NET_GETOPT },
	{ "setopt", PAL_NET_SETOPT, PAL_NET_SETOPT },
	{ "send", PAL_NET_SEND, PAL_NET_SEND },
	{ "receive", PAL_NET_RECEIVE, PAL_NET_RECEIVE },
	{ "r", PAL_NET_RECEIVE, PAL_NET_RECEIVE },
	{ "read", PAL_NET_RECEIVE, PAL_NET_RECEIVE },
	{ "w", PAL_NET_SEND, PAL_NET_SEND },
	{ "write", PAL_NET_SEND, PAL_NET_SEND },
	{ "rw", PAL_NET_SEND | PAL_NET_RECEIVE, PAL_NET_SEND | PAL_NET_RECEIVE },
	{ NULL, 0, 0 },
};

static const struct pal_permword pal_sig_words[] = {
	{ "send", PAL_SIG_SEND, PAL_SIG_SEND },
	{ "w", PAL_SIG_SEND, PAL_SIG_SEND },
	{ "write", PAL_SIG_SEND, PAL_SIG_SEND },
	{ "receive", PAL_SIG_RECEIVE, PAL_SIG_RECEIVE },
	{ "r", PAL_SIG_RECEIVE, PAL_SIG_RECEIVE },
	{ "read", PAL_SIG_RECEIVE, PAL_SIG_RECEIVE },
	{ "rw", PAL_SIG_MASK, PAL_SIG_MASK },
	{ NULL, 0, 0 },
};

/* As in AppArmor, trace implies read and tracedby implies readby: whoever
 * may attach may also look.  A deny rule denies only what it names. */
static const struct pal_permword pal_ptrace_words[] = {
	{ "read", PAL_PTRACE_READ, PAL_PTRACE_READ },
	{ "r", PAL_PTRACE_READ, PAL_PTRACE_READ },
	{ "trace", PAL_PTRACE_TRACE | PAL_PTRACE_READ, PAL_PTRACE_TRACE },
	{ "w", PAL_PTRACE_TRACE | PAL_PTRACE_READ, PAL_PTRACE_TRACE },
	{ "write", PAL_PTRACE_TRACE | PAL_PTRACE_READ, PAL_PTRACE_TRACE },
	{ "rw", PAL_PTRACE_TRACE | PAL_PTRACE_READ,
	  PAL_PTRACE_TRACE | PAL_PTRACE_READ },
	{ "readby", PAL_PTRACE_READBY, PAL_PTRACE_READBY },
	{ "tracedby", PAL_PTRACE_TRACEDBY | PAL_PTRACE_READBY,
	  PAL_PTRACE_TRACEDBY },
	{ NULL, 0, 0 },
};

static uint32_t pal_word_bits(const struct pal_permword *tab, const char *w,
			      int deny)
{
	for (; tab->word; tab++)
		if (!strcmp(tab->word, w))
			return deny ? tab->deny : tab->allow;
	return 0;
}

/*
 * The access list at it[*i] (a word or a (list)), as permission bits;
 * @all when the rule has none.  Validation has checked every word.
 */
static uint32_t pal_keep_perms(const struct pal_rp *rp,
			       const struct pal_item *it, size_t n, size_t *i,
			       const struct pal_permword *tab, uint32_t all)
{
	int deny = !!(rp->qual & PAL_Q_DENY);
	uint32_t bits = 0;
	size_t j;

	if (*i < n && it[*i].kind == PAL_IT_VAL && it[*i].tok == PAL_TOK_WORD &&
	    pal_word_bits(tab, it[*i].text, deny)) {
		return pal_word_bits(tab, it[(*i)++].text, deny);
	}
	if (*i >= n || it[*i].kind != PAL_IT_LIST)
		return all;
	for (j = 0; j < it[*i].nsub; j++)
		bits |= pal_word_bits(tab, it[*i].sub[j].text, deny);
	(*i)++;
	return bits;
}

static void pal_keep_capability(struct pal_rp *rp, const struct pal_loc *loc,
				const struct pal_item *it, size_t n)
{
	struct pal_class_rules *cr = pal_profile_classes(rp->prof);
	struct pal_cap_rule *r;
	size_t i, c;

	PAL_GROW(cr->caps, cr->caps_cap, cr->ncaps + 1);
	r = &cr->caps[cr->ncaps++];
	memset(r, 0, sizeof(*r));
	r->loc = *loc;
	r->qual = rp->qual;
	if (!n) {
		/* "capability," is every capability. */
		r->caps[0] = r->caps[1] = ~0U;
		return;
	}
	for (i = 0; i < n; i++)
		for (c = 0; pal_caps[c]; c++)
			if (!strcmp(pal_caps[c], it[i].text))
				r->caps[c / 32] |= 1U << (c % 32);
}

static void pal_keep_network(struct pal_rp *rp, const struct pal_loc *loc,
			     const struct pal_item *it, size_t n)
{
	struct pal_class_rules *cr = pal_profile_classes(rp->prof);
	struct pal_net_rule *r;
	size_t i = 0, k;

	PAL_GROW(cr->nets, cr->nets_cap, cr->nnets + 1);
	r = &cr->nets[cr->nnets++];
	memset(r, 0, sizeof(*r));
	r->loc = *loc;
	r->qual = rp->qual;
	r->family = r->type = PAL_NET_ANY;
	r->perms = pal_keep_perms(rp, it, n, &i, pal_net_words,
				  (uint32_t)PAL_NET_MASK);
	for (; i < n; i++) {
		const char *w = it[i].text;
		int known = 0;

		if (it[i].kind != PAL_IT_VAL) {
			/* ip=, port=, peer=...: the address of a socket is not
			 * mediated; such rules are noted and left out. */
			r->conditional = 1;
			continue;
		}
		for (k = 0; !known && k < PAL_ARRAY_SIZE(pal_family_nums); k++)
			if (r->family == PAL_NET_ANY &&
			    !strcmp(pal_family_nums[k].name, w)) {
				r->family = pal_family_nums[k].af;
				known = 1;
			}
		for (k = 0; !known && k < PAL_ARRAY_SIZE(pal_type_nums); k++)
			if (!strcmp(pal_type_nums[k].name, w)) {
				r->type = pal_type_nums[k].type;
				known = 1;
			}
		if (known)
			continue;
		if (!strcmp(w, "tcp"))
			r->proto = PAL_NETP_TCP;
		else if (!strcmp(w, "udp"))
			r->proto = PAL_NETP_UDP;
		else if (!strcmp(w, "icmp"))
			r->proto = PAL_NETP_ICMP;
	}
}

static int pal_signal_num(const char *s)
{
	size_t k;

	for (k = 0; k < PAL_ARRAY_SIZE(pal_signal_nums); k++)
		if (!strcmp(pal_signal_nums[k].name, s))
			return pal_signal_nums[k].sig;
	if (!strncmp(s, "rtmin+", 6))
		return PAL_KERNEL_SIGRTMIN + atoi(s + 6);
	/* emt and lost: no such signal on Linux's generic signal set. */
	return -1;
}

/* The peer glob of a peer= condition: one label, or {a,b} of a list. */
static void pal_keep_peer(struct pal_peer_rule *r, const struct pal_item *kv)
{
	struct pal_buf b = { 0 };
	size_t j;

	r->peer_loc = kv->nsub ? kv->sub[0].loc : kv->loc;
	if (kv->nsub == 1) {
		r->peer = pal_xstrdup(kv->sub[0].text);
		return;
	}
	pal_buf_putc(&b, '{');
	for (j = 0; j < kv->nsub; j++) {
		if (j)
			pal_buf_putc(&b, ',');
		pal_buf_puts(&b, kv->sub[j].text ? kv->sub[j].text : "");
	}
	pal_buf_putc(&b, '}');
	r->peer = pal_buf_take(&b);
}

static void pal_keep_signal(struct pal_rp *rp, const struct pal_loc *loc,
			    const struct pal_item *it, size_t n, int ptrace)
{
	struct pal_class_rules *cr = pal_profile_classes(rp->prof);
	struct pal_peer_rule *r;
	int has_set = 0;
	size_t i = 0, j;

	if (ptrace) {
		PAL_GROW(cr->ptraces, cr->ptraces_cap, cr->nptraces + 1);
		r = &cr->ptraces[cr->nptraces++];
	} else {
		PAL_GROW(cr->sigs, cr->sigs_cap, cr->nsigs + 1);
		r = &cr->sigs[cr->nsigs++];
	}
	memset(r, 0, sizeof(*r));
	r->loc = *loc;
	r->qual = rp->qual;
	r->perms = ptrace ?
		pal_keep_perms(rp, it, n, &i, pal_ptrace_words,
			       (uint32_t)PAL_PTRACE_MASK) :
		pal_keep_perms(rp, it, n, &i, pal_sig_words,
			       (uint32_t)PAL_SIG_MASK);
	for (; i < n; i++) {
		if (it[i].kind != PAL_IT_KV)
			continue;
		if (!strcmp(it[i].text, "peer")) {
			free(r->peer);
			pal_keep_peer(r, &it[i]);
		} else if (!strcmp(it[i].text, "set")) {
			has_set = 1;
			for (j = 0; j < it[i].nsub; j++) {
				int sig = pal_signal_num(it[i].sub[j].text);

				if (sig >= 0 && sig < 128)
					r->sigs[sig / 64] |= 1ULL << (sig % 64);
			}
		}
	}
	if (!has_set)
		r->sigs[0] = r->sigs[1] = ~0ULL;
}

static int pal_keep_rule(struct pal_rp *rp, const struct pal_tok *kw,
			 const struct pal_item *it, size_t n)
{
	if (!rp->prof)
		return 0;
	if (!strcmp(rp->cls, "capability"))
		pal_keep_capability(rp, &kw->loc, it, n);
	else if (!strcmp(rp->cls, "network"))
		pal_keep_network(rp, &kw->loc, it, n);
	else
		pal_keep_signal(rp, &kw->loc, it, n, !strcmp(rp->cls, "ptrace"));
	return 0;
}

/* ------------------------------------------------------------------ */
/* Program control and authority (DESIGN.md section 4)                  */
/* ------------------------------------------------------------------ */

static const char *const pal_pc_classes[] = {
	"daemon", "server", "setuid", "setgid", "progctl", "limit", NULL,
};

/* Most threads or processes a limit rule may name. */
#define PAL_LIMIT_MAX	1000000
#define PAL_LIMIT_MAX_TEXT "1000000"

static void pal_pc_ids_add(struct pal_pc_ids *ids, char *text,
			   const struct pal_loc *loc)
{
	if (ids->n == ids->cap) {
		ids->cap = ids->cap ? 2 * ids->cap : 4;
		ids->raw = pal_xrealloc(ids->raw, ids->cap * sizeof(*ids->raw));
		ids->locs = pal_xrealloc(ids->locs, ids->cap * sizeof(*ids->locs));
	}
	ids->raw[ids->n] = text;
	ids->locs[ids->n++] = *loc;
}

/* Drop a trailing '}' of @v that no '{' of @v opened.  Return: 1 if so. */
static int pal_close_unmatched(char *v)
{
	size_t i, len = strlen(v);
	int depth = 0;

	for (i = 0; i < len; i++)
		depth += v[i] == '{' ? 1 : v[i] == '}' ? -1 : 0;
	if (depth >= 0 || !len || v[len - 1] != '}')
		return 0;
	v[len - 1] = 0;
	return 1;
}

/*
 * "setuid -> TARGETS," (or setgid) with TARGETS one or more names, ids or
 * @{VARS}, bare, in {a, b} or in (a b); read token by token because a
 * brace group is not a rule item.  Resolved to ids by
 * pal_compile_progctl.c.
 */
static int pal_read_surrogate(struct pal_rp *rp, struct pal_profile *prof,
			      const struct pal_tok *kw, unsigned int qual)
{
	const char *what = strcmp(rp->cls, "setuid") ? "group" : "user";
	struct pal_pc_ids *ids;
	int open = 0, closed = 0, nvals = 0, ret = -1;
	struct pal_tok t = { 0 };

	if (!prof || (qual & (PAL_Q_AUDIT | PAL_Q_DENY)))
		return pal_rbad(rp, &kw->loc, prof ?
				"'%s' rules take no audit or deny prefix" :
				"'%s' rules belong in a profile", rp->cls);
	ids = strcmp(rp->cls, "setuid") ? &prof->gids : &prof->uids;
	prof->pc_flags |= strcmp(rp->cls, "setuid") ? PAL_PC_SETGID_LIST :
						      PAL_PC_SETUID_LIST;
	if (pal_lex_next(rp->lx, &t))
		return -1;
	if (t.kind != PAL_TOK_ARROW) {
		pal_rbad(rp, &t.loc, "expected '->' and the %ss", what);
		goto out;
	}
	for (;;) {
		pal_tok_free(&t);
		if (pal_lex_next(rp->lx, &t))
			return -1;
		if (!open && !nvals &&
		    (t.kind == PAL_TOK_LBRACE || t.kind == PAL_TOK_LPAREN)) {
			open = t.kind == PAL_TOK_LBRACE ? PAL_TOK_RBRACE : PAL_TOK_RPAREN;
			continue;
		}
		if (open && !closed && (int)t.kind == open) {
			closed = 1;
			continue;
		}
		if (t.kind == PAL_TOK_COMMA) {
			if (open && !closed)
				continue;
			break;
		}
		if (pal_is_val(t.kind) && !closed) {
			char *v = pal_val_text(&t);

			/* A path-like value keeps a '}' it did not open
			 * ("@{users}}"): that one closes the group. */
			if (open == PAL_TOK_RBRACE && pal_close_unmatched(v))
				closed = 1;
			pal_pc_ids_add(ids, v, &t.loc);
			nvals++;
			continue;
		}
		if (t.kind == PAL_TOK_EOF)
			pal_rbad(rp, &t.loc, "expected ',' at end of rule%s", "");
		else
			pal_rbad(rp, &t.loc, "expected a %s name or id", what);
		goto out;
	}
	if (open && !closed) {
		pal_rbad(rp, &t.loc, "unclosed %s", open == PAL_TOK_RBRACE ? "'{'" : "'('");
		goto out;
	}
	if (!nvals) {
		pal_rbad(rp, &t.loc, "'->' needs at least one %s", what);
		goto out;
	}
	ret = 0;
out:
	pal_tok_free(&t);
	return ret;
}

static int pal_r_limit(struct pal_rp *rp, struct pal_profile *prof,
		       const struct pal_tok *kw, struct pal_item *it, size_t n)
{
	uint32_t *lim;
	char *end;
	long v;

	if (n != 2 || it[0].kind != PAL_IT_VAL || it[1].kind != PAL_IT_VAL)
		return pal_rbad(rp, &kw->loc,
				"expected 'limit threads N,' or 'limit processes N,'%s", "");
	if (!strcmp(it[0].text, "threads"))
		lim = &prof->limit_threads;
	else if (!strcmp(it[0].text, "processes"))
		lim = &prof->limit_procs;
	else
		return pal_rbad(rp, &it[0].loc,
				"unknown limit '%.40s' (threads or processes)",
				it[0].text);
	v = strtol(it[1].text, &end, 10);
	if (*end || end == it[1].text || v < 1 || v > PAL_LIMIT_MAX)
		return pal_rbad(rp, &it[1].loc,
				"limit must be a number from 1 to %s", PAL_LIMIT_MAX_TEXT);
	if (*lim && *lim != (uint32_t)v)
		return pal_rbad(rp, &it[0].loc, "'limit %s' given twice",
				it[0].text);
	*lim = (uint32_t)v;
	return 0;
}

static int pal_r_progctl(struct pal_rp *rp, struct pal_profile *prof,
			 const struct pal_tok *kw, struct pal_item *it,
			 size_t n, unsigned int qual)
{
	const char *cls = rp->cls;

	if (!prof)
		return pal_rbad(rp, &kw->loc, "'%s' rules belong in a profile", cls);
	if (qual & (PAL_Q_AUDIT | PAL_Q_DENY))
		return pal_rbad(rp, &kw->loc,
				"'%s' rules take no audit or deny prefix", cls);
	if (!strcmp(cls, "limit"))
		return pal_r_limit(rp, prof, kw, it, n);
	if (!strcmp(cls, "server")) {
		if (!n) {
			prof->pc_flags |= PAL_PC_SERVER_UPDATE;
			return 0;
		}
		if (n == 1 && it[0].kind == PAL_IT_VAL &&
		    !strcmp(it[0].text, "read")) {
			prof->pc_flags |= PAL_PC_SERVER_READ;
			return 0;
		}
		if (n == 1 && it[0].kind == PAL_IT_VAL &&
		    !strcmp(it[0].text, "update")) {
			prof->pc_flags |= PAL_PC_SERVER_UPDATE;
			return 0;
		}
		return pal_rbad(rp, &it[0].loc,
				"expected 'server,', 'server read,' or 'server update,'%s", "");
	}
	if (n)
		return pal_rbad(rp, &it[0].loc, "'%s' takes nothing", cls);
	prof->pc_flags |= !strcmp(cls, "daemon") ? PAL_PC_DAEMON : PAL_PC_PROGCTL;
	return 0;
}

int pal_parse_other_rule(struct pal_diag *d, struct pal_lex *lx,
			 struct pal_profile *prof, const struct pal_tok *kw,
			 const char *cls, unsigned int qual)
{
	static const char *const io_uring_keys[] = { "label", NULL };
	static const char *const none[] = { NULL };
	struct pal_rp rp = { d, lx, cls, 0, prof, qual };
	struct pal_item *it = NULL;
	size_t n = 0, cap = 0;
	char what[64];
	int ret = -1;

	if (!strcmp(cls, "setuid") || !strcmp(cls, "setgid"))
		return pal_read_surrogate(&rp, prof, kw, qual);

	if (pal_read_items(&rp, &it, &n, &cap, 0) ||
	    pal_check_refs(&rp, prof ? prof->vars : NULL, it, n))
		goto out;
	if (pal_in(pal_pc_classes, cls)) {
		ret = pal_r_progctl(&rp, prof, kw, it, n, qual);
		goto out;
	}
	if (pal_check_globs(&rp, it, n, 0))
		goto out;
	if (!strcmp(cls, "capability"))
		ret = pal_r_capability(&rp, it, n);
	else if (!strcmp(cls, "network"))
		ret = pal_r_network(&rp, it, n);
	else if (!strcmp(cls, "signal"))
		ret = pal_r_signal(&rp, it, n);
	else if (!strcmp(cls, "ptrace"))
		ret = pal_r_ptrace(&rp, it, n);
	else if (!strcmp(cls, "unix"))
		ret = pal_r_unix(&rp, it, n);
	else if (!strcmp(cls, "dbus"))
		ret = pal_r_dbus(&rp, it, n);
	else if (!strcmp(cls, "mqueue"))
		ret = pal_r_mqueue(&rp, it, n);
	else if (!strcmp(cls, "io_uring"))
		ret = pal_r_simple(&rp, it, n, pal_io_uring_perms, io_uring_keys);
	else if (!strcmp(cls, "userns"))
		ret = pal_r_simple(&rp, it, n, pal_userns_perms, none);
	else if (!strcmp(cls, "all"))
		ret = n ? pal_rbad(&rp, &it[0].loc, "'all' takes nothing%s", "") : 0;
	else if (!strcmp(cls, "mount") || !strcmp(cls, "remount") ||
		 !strcmp(cls, "umount") || !strcmp(cls, "pivot_root"))
		ret = pal_r_mount(&rp, it, n);
	else if (!strcmp(cls, "change_profile"))
		ret = pal_r_change_profile(&rp, prof, it, n);
	else if (!strcmp(cls, "rlimit"))
		ret = pal_r_rlimit(&rp, it, n);
	else
		ret = 0;
	if (!ret && !strcmp(cls, "rlimit") && (qual & (PAL_Q_AUDIT | PAL_Q_DENY)))
		ret = pal_rbad(&rp, &kw->loc, "rule prefixes are not allowed%s", "");
	if (!ret && pal_is_mediated(cls))
		ret = pal_keep_rule(&rp, kw, it, n);
	else if (!ret) {
		snprintf(what, sizeof(what), "'%s' rules", cls);
		ret = pal_diag_unenforced(d, &kw->loc, what);
	}
out:
	pal_items_free(it, n);
	free(it);
	return ret;
}
