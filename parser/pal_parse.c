// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "palisade.h"
#include "pal_access.h"
#include "pal_expand.h"
#include "pal_glob.h"
#include "pal_lex.h"
#include "pal_parse.h"
#include "pal_rules.h"
#include "pal_source.h"
#include "pal_util.h"

struct pal_parser {
	struct pal_diag *d;
	struct pal_ast *ast;
	const struct pal_parse_opts *o;
	struct pal_vars *vars;
	struct pal_vars *bools;	/* $NAME = true|false */
	int depth;
	unsigned int qual;	/* of the enclosing prefix blocks */
	const char *stack[PAL_INCLUDE_MAX_DEPTH + 1]; /* files being read */
	int bdepth;		/* nesting of blocks and conditionals */
	uint32_t flag_pc;	/* PAL_PC_* set by the flags= being read */
	int prio, prio_set;	/* priority= of the enclosing prefix blocks */
	int rule_prio, rule_prio_set; /* of the rule being parsed */
	uint32_t flag_pf;	/* PAL_PF_* set by the flags= being read */
};

static int pal_parse_block(struct pal_parser *p, struct pal_lex *lx,
			   struct pal_profile *prof,
			   const struct pal_loc *open);

/* Rule classes that are recognised but not compiled yet. */
static const char *const pal_other_classes[] = {
	"capability", "network", "signal", "ptrace", "unix", "mount",
	"remount", "umount", "unmount", "pivot_root", "dbus", "mqueue",
	"userns", "io_uring", "change_profile", "set", "all",
	/* program control and authority (pal_rules.c) */
	"daemon", "server", "setuid", "setgid", "progctl", "limit", NULL,
};

static const char *pal_other_class(const char *word)
{
	int i;

	for (i = 0; pal_other_classes[i]; i++)
		if (!strcmp(word, pal_other_classes[i])) {
			if (!strcmp(word, "set"))
				return "rlimit";
			if (!strcmp(word, "unmount"))
				return "umount";
			return word;
		}
	return NULL;
}

static int pal_is_word(const struct pal_tok *t, const char *w)
{
	return t->kind == PAL_TOK_WORD && !strcmp(t->text, w);
}

static struct pal_loc pal_loc_plus(struct pal_loc l, size_t off)
{
	l.col += (unsigned int)off;
	return l;
}

/* "found 'x'" text of a token for messages. */
static void pal_found(const struct pal_tok *t, char *buf, size_t n)
{
	if (t->text && t->kind != PAL_TOK_STRING)
		snprintf(buf, n, "'%.60s'", t->text);
	else if (t->text)
		snprintf(buf, n, "\"%.60s\"", t->text);
	else
		snprintf(buf, n, "%s", pal_tok_describe(t->kind));
}

static int pal_unexpected(struct pal_parser *p, const struct pal_tok *t,
			  const char *expected)
{
	char f[80];

	pal_found(t, f, sizeof(f));
	pal_error(p->d, &t->loc, "expected %s, found %s", expected, f);
	return -1;
}

/* Location of the first byte of a path or string token's glob text. */
static struct pal_loc pal_glob_loc(const struct pal_tok *t)
{
	return t->kind == PAL_TOK_STRING ? pal_loc_plus(t->loc, 1) : t->loc;
}

static int pal_check_glob(struct pal_parser *p, const char *glob,
			  const struct pal_loc *loc)
{
	struct pal_glob_err e;
	struct pal_loc at;

	if (!pal_glob_check(glob, 1, &e))
		return 0;
	at = pal_loc_plus(*loc, e.off);
	pal_error(p->d, &at, "%s", e.msg);
	return -1;
}

/* Expect a ',' to end a rule; the error points just past the rule. */
static int pal_expect_comma(struct pal_parser *p, struct pal_lex *lx)
{
	struct pal_loc end = lx->prev_end;
	struct pal_tok t;
	char f[80];

	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind == PAL_TOK_COMMA)
		return 0;
	pal_found(&t, f, sizeof(f));
	pal_error(p->d, &end, "expected ',' at end of rule, found %s", f);
	pal_tok_free(&t);
	return -1;
}

static int pal_parse_vardef(struct pal_parser *p, struct pal_lex *lx,
			    char *name, int append, const struct pal_loc *loc)
{
	struct pal_lex_value *vals;
	struct pal_var *v;
	size_t n, i;
	int ret = -1;

	if (pal_lex_var_values(lx, &vals, &n))
		goto out_name;
	if (!n) {
		pal_error(p->d, loc, "variable @{%s} has no value", name);
		goto out;
	}
	/* a value with ',' may be part of an alternation: checked once expanded */
	for (i = 0; i < n; i++)
		if (!strchr(vals[i].text, ',') &&
		    pal_check_glob(p, vals[i].text, &vals[i].loc))
			goto out;
	v = pal_vars_find(p->vars, name);
	if (append == 2) {
		/* "?=": a default, unless already defined */
		if (v) {
			ret = 0;
			goto out;
		}
		append = 0;
	}
	if (append && !v) {
		pal_error(p->d, loc, "'+=' to undefined variable @{%s}", name);
		goto out;
	}
	if (!append && v) {
		pal_error(p->d, loc,
			  "variable @{%s} is already defined (at %s:%u:%u); use '+=' to add values",
			  name, v->loc.file, v->loc.line, v->loc.col);
		goto out;
	}
	if (!v)
		v = pal_vars_add(p->vars, name, loc);
	for (i = 0; i < n; i++)
		pal_var_add_value(v, vals[i].text);
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(vals[i].text);
	free(vals);
out_name:
	free(name);
	return ret;
}

static int pal_parse_one_file(struct pal_parser *p, const char *path,
			      struct pal_profile *prof,
			      const struct pal_loc *at)
{
	struct pal_lex lx;
	char *text;
	size_t len;
	int ret;

	int i;

	/* a file including itself, directly or not, adds nothing (AppArmor) */
	for (i = 0; i < p->depth; i++)
		if (p->stack[i] && !strcmp(p->stack[i], path))
			return 0;
	if (pal_source_read(p->d, at, path, &text, &len))
		return -1;
	pal_diag_source(p->d, path, text, len);
	pal_lex_init(&lx, p->d, pal_diag_intern(p->d, path), text, len);
	p->stack[p->depth] = lx.file;
	p->depth++;
	ret = pal_parse_block(p, &lx, prof, NULL);
	p->depth--;
	p->stack[p->depth] = NULL;
	free(text);
	return ret;
}

static int pal_parse_include(struct pal_parser *p, struct pal_lex *lx,
			     struct pal_profile *prof,
			     const struct pal_loc *loc)
{
	struct pal_tok t;
	int optional = 0, angle, ret = -1;
	char *name = NULL, *path = NULL;

	if (pal_lex_next(lx, &t))
		return -1;
	if (pal_is_word(&t, "if")) {
		pal_tok_free(&t);
		if (pal_lex_next(lx, &t))
			return -1;
		if (!pal_is_word(&t, "exists")) {
			pal_unexpected(p, &t, "'exists' after 'include if'");
			goto out;
		}
		optional = 1;
		pal_tok_free(&t);
		if (pal_lex_next(lx, &t))
			return -1;
	}
	if (t.kind == PAL_TOK_INCNAME) {
		size_t l = strlen(t.text);

		angle = 1;
		/* <"name with blanks"> */
		if (l >= 2 && t.text[0] == '"' && t.text[l - 1] == '"')
			name = pal_xstrndup(t.text + 1, l - 2);
		else
			name = pal_xstrdup(t.text);
	} else if (t.kind == PAL_TOK_STRING) {
		angle = 0;
		name = pal_unquote(t.text);
	} else if (t.kind == PAL_TOK_WORD || t.kind == PAL_TOK_PATH) {
		/* unquoted: as a quoted name */
		angle = 0;
		name = pal_xstrdup(t.text);
	} else {
		pal_unexpected(p, &t, "<name> or \"file\" after 'include'");
		goto out;
	}
	if (!name[0]) {
		pal_error(p->d, &t.loc, "empty include name");
		goto out;
	}
	path = pal_include_find(name, angle, lx->file, p->o->include_dirs,
				p->o->ninclude_dirs);
	if (!path) {
		if (optional) {
			ret = 0;
			goto out;
		}
		pal_error(p->d, loc, "cannot find include %c%s%c%s",
			  angle ? '<' : '"', name, angle ? '>' : '"',
			  p->o->ninclude_dirs || !angle ? "" :
			  " (no -I include directory given)");
		goto out;
	}
	if (p->depth >= PAL_INCLUDE_MAX_DEPTH) {
		pal_error(p->d, loc,
			  "includes nested more than %d deep (an include loop?)",
			  PAL_INCLUDE_MAX_DEPTH);
		goto out;
	}
	if (pal_is_dir(path)) {
		char **files;
		size_t n, i;

		if (pal_dir_files(path, &files, &n)) {
			pal_error(p->d, loc, "cannot list include directory '%s'", path);
			goto out;
		}
		ret = 0;
		for (i = 0; i < n; i++) {
			if (!ret)
				ret = pal_parse_one_file(p, files[i], prof, loc);
			free(files[i]);
		}
		free(files);
	} else {
		ret = pal_parse_one_file(p, path, prof, loc);
	}
out:
	pal_tok_free(&t);
	free(name);
	free(path);
	return ret;
}

static const char *const pal_mode_flags[] = {
	[PAL_MODE_ENFORCE] = "enforce",
	[PAL_MODE_COMPLAIN] = "complain",
	[PAL_MODE_KILL] = "kill",
	[PAL_MODE_UNCONFINED] = "unconfined",
};

/*
 * Profile flags AppArmor knows.  Flags of the same group > 0 exclude each
 * other; "value" says whether the flag takes "=value".
 */
static const struct pal_flag_def {
	const char *name;
	int group;
	int value;	/* 0 none, 1 optional path, 2 required errno, 3 signal */
} pal_flag_defs[] = {
	{ "enforce", 1, 0 }, { "complain", 1, 0 }, { "kill", 1, 0 },
	{ "unconfined", 1, 0 }, { "prompt", 1, 0 }, { "default_allow", 1, 0 },
	{ "attach_disconnected", 2, 0 }, { "no_attach_disconnected", 2, 0 },
	{ "attach_disconnected.path", 2, 1 }, { "attach_disconnected.ipc", 2, 1 },
	{ "chroot_attach", 3, 0 }, { "chroot_no_attach", 3, 0 },
	{ "chroot_relative", 4, 0 }, { "namespace_relative", 4, 0 },
	{ "mediate_deleted", 5, 0 }, { "delegate_deleted", 5, 0 },
	{ "audit", 0, 0 }, { "debug", 0, 0 }, { "interruptible", 0, 0 },
	{ "kill.signal", 0, 3 }, { "error", 0, 2 },
	{ "must_stay_clean", 0, 0 },
};

static const char *const pal_errnos[] = {
	"EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC",
	"EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK",
	"EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR", "EINVAL",
	"ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE",
	"EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK", "ENAMETOOLONG",
	"ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", "EWOULDBLOCK", "ENOMSG",
	"EIDRM", "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH",
	"ENOCSI", "EL2HLT", "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC",
	"EBADSLT", "EDEADLOCK", "EBFONT", "ENOSTR", "ENODATA", "ETIME", "ENOSR",
	"ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV", "ESRMNT", "ECOMM",
	"EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW", "ENOTUNIQ",
	"EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX",
	"ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK",
	"EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT",
	"EPROTONOSUPPORT", "ESOCKTNOSUPPORT", "EOPNOTSUPP", "ENOTSUP",
	"EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
	"ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET",
	"ENOBUFS", "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS",
	"ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN", "EHOSTUNREACH", "EALREADY",
	"EINPROGRESS", "ESTALE", "EUCLEAN", "ENOTNAM", "ENAVAIL", "EISNAM",
	"EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE", "ECANCELED",
	"ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD",
	"ENOTRECOVERABLE", "ERFKILL", "EHWPOISON", NULL,
};

static const char *const pal_kill_signals[] = {
	"hup", "int", "quit", "ill", "trap", "abrt", "bus", "fpe", "kill",
	"usr1", "segv", "usr2", "pipe", "alrm", "term", "stkflt", "chld",
	"cont", "stop", "stp", "ttin", "ttou", "urg", "xcpu", "xfsz", "vtalrm",
	"prof", "winch", "io", "pwr", "sys", "emt", "lost", NULL,
};

static int pal_in_list(const char *const *tab, const char *w)
{
	for (; *tab; tab++)
		if (!strcmp(*tab, w))
			return 1;
	return 0;
}

struct pal_flags_seen {
	const struct pal_flag_def *def[16];
	char *val[16];
	struct pal_loc loc[16];
	int n;
};

static int pal_profile_flag(struct pal_parser *p, struct pal_lex *lx,
			    struct pal_tok *t, uint32_t *mode,
			    struct pal_flags_seen *seen)
{
	const struct pal_flag_def *def = NULL;
	struct pal_loc vloc = t->loc;
	char what[96], *val = NULL;
	size_t i;
	int k, ret = -1;

	for (i = 0; i < sizeof(pal_flag_defs) / sizeof(pal_flag_defs[0]); i++)
		if (!strcmp(t->text, pal_flag_defs[i].name))
			def = &pal_flag_defs[i];
	if (!def) {
		pal_error(p->d, &t->loc, "unknown profile flag '%.60s'", t->text);
		return -1;
	}
	if (pal_lex_flag_value(lx, &val, &vloc))
		return -1;
	if (!val && def->value >= 2) {
		pal_error(p->d, &t->loc, "profile flag '%s' needs '=value'", def->name);
		goto out;
	}
	if (val && !def->value) {
		pal_error(p->d, &vloc, "profile flag '%s' takes no value", def->name);
		goto out;
	}
	if (val && def->value == 1) {
		char msg[160], *exp = NULL;
		int abs;

		if (pal_expand_vars(p->vars, val, &exp, msg, sizeof(msg))) {
			pal_error(p->d, &vloc, "%s", msg);
			goto out;
		}
		abs = exp[0] == '/' || (exp[0] == '{' && exp[1] == '/');
		free(exp);
		if (!abs) {
			pal_error(p->d, &vloc, "'%s' needs an absolute path", def->name);
			goto out;
		}
	}
	if (val && def->value == 2 && !pal_in_list(pal_errnos, val)) {
		pal_error(p->d, &vloc, "unknown error name '%.40s' (write e.g. EPERM)", val);
		goto out;
	}
	if (val && def->value == 3 && !pal_in_list(pal_kill_signals, val)) {
		pal_error(p->d, &vloc, "unknown signal '%.40s'", val);
		goto out;
	}
	for (k = 0; k < seen->n; k++) {
		const struct pal_flag_def *o = seen->def[k];
		int clash = def->group && o->group == def->group && o != def;

		/* .path and .ipc refine attach_disconnected */
		if (clash && def->group == 2 &&
		    strcmp(def->name, "no_attach_disconnected") &&
		    strcmp(o->name, "no_attach_disconnected"))
			clash = 0;
		if (o == def && def->value && strcmp(seen->val[k] ? seen->val[k] : "",
						     val ? val : ""))
			clash = 1;
		if (clash) {
			pal_error(p->d, &t->loc,
				  "profile flag '%s' conflicts with '%s' (at %u:%u)",
				  def->name, o->name, seen->loc[k].line,
				  seen->loc[k].col);
			goto out;
		}
	}
	if (seen->n < 16) {
		seen->def[seen->n] = def;
		seen->val[seen->n] = val;
		seen->loc[seen->n++] = t->loc;
		val = NULL;
	}
	for (k = 0; k <= PAL_MODE_LAST; k++)
		if (!strcmp(def->name, pal_mode_flags[k])) {
			*mode = (uint32_t)k;
			ret = 0;
			goto out;
		}
	if (!strcmp(def->name, "must_stay_clean")) {
		p->flag_pc |= PAL_PC_MUST_STAY_CLEAN;
		ret = 0;
		goto out;
	}
	/* Deleted files are decided by their name without " (deleted)" in
	 * every hook; the flag lets exec decide them too. */
	if (!strcmp(def->name, "mediate_deleted")) {
		p->flag_pf |= PAL_PF_MEDIATE_DELETED;
		ret = 0;
		goto out;
	}
	/* Disconnected objects named from the root they reach (the path
	 * hooks); .path= and .ipc= stay unenforced. */
	if (!strcmp(def->name, "attach_disconnected")) {
		p->flag_pf |= PAL_PF_ATTACH_DISCONNECTED;
		ret = 0;
		goto out;
	}
	snprintf(what, sizeof(what), "'%s' profile flags", def->name);
	ret = pal_diag_unenforced(p->d, &t->loc, what);
out:
	free(val);
	return ret;
}

/* "flags=(...)", "flags=word" or, after the name, a bare "(...)". */
static int pal_parse_flags(struct pal_parser *p, struct pal_lex *lx,
			   uint32_t *mode, int bare)
{
	struct pal_flags_seen seen = { .n = 0 };
	int ret = -1, nflags = 0;
	struct pal_loc open;
	struct pal_tok t;

	if (pal_lex_next(lx, &t))
		return -1;
	if (!bare) {
		if (t.kind != PAL_TOK_EQ)
			goto bad_eq;
		if (pal_lex_next(lx, &t))
			return -1;
		if (t.kind == PAL_TOK_WORD) {
			ret = pal_profile_flag(p, lx, &t, mode, &seen);
			goto out;
		}
	}
	if (t.kind != PAL_TOK_LPAREN) {
		pal_unexpected(p, &t, "'(' or a flag after 'flags='");
		goto out;
	}
	open = t.loc;
	for (;;) {
		pal_tok_free(&t);
		if (pal_lex_next(lx, &t))
			goto out;
		if (t.kind == PAL_TOK_RPAREN)
			break;
		if (t.kind == PAL_TOK_COMMA)
			continue;
		if (t.kind != PAL_TOK_WORD) {
			pal_unexpected(p, &t, "a profile flag or ')'");
			goto out;
		}
		if (pal_profile_flag(p, lx, &t, mode, &seen))
			goto out;
		nflags++;
	}
	if (!nflags) {
		pal_error(p->d, &open, "empty profile flags '()'");
		goto out;
	}
	ret = 0;
out:
	while (seen.n)
		free(seen.val[--seen.n]);
	pal_tok_free(&t);
	return ret;
bad_eq:
	pal_unexpected(p, &t, "'=' after 'flags'");
	pal_tok_free(&t);
	return -1;
}

/* "+ identities=(name ...)" after the attachment: checked and noted. */
static int pal_parse_identities(struct pal_parser *p, struct pal_lex *lx,
				const struct pal_loc *loc)
{
	struct pal_tok t;
	int n = 0, ret = -1;

	if (pal_lex_next(lx, &t))
		return -1;
	if (!pal_is_word(&t, "identities")) {
		pal_unexpected(p, &t, "'identities=(...)' after '+'");
		goto out;
	}
	pal_tok_free(&t);
	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind != PAL_TOK_EQ) {
		pal_unexpected(p, &t, "'=' after 'identities'");
		goto out;
	}
	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind != PAL_TOK_LPAREN) {
		pal_unexpected(p, &t, "'(' after 'identities='");
		goto out;
	}
	for (;;) {
		if (pal_lex_next(lx, &t))
			return -1;
		if (t.kind == PAL_TOK_RPAREN)
			break;
		if (t.kind == PAL_TOK_COMMA)
			continue;
		if ((t.kind != PAL_TOK_WORD && t.kind != PAL_TOK_PATH &&
		     t.kind != PAL_TOK_STRING) || strchr(t.text, '\\')) {
			pal_unexpected(p, &t, "an identity or ')'");
			goto out;
		}
		n++;
		pal_tok_free(&t);
	}
	if (!n) {
		pal_error(p->d, &t.loc, "empty 'identities=()'");
		goto out;
	}
	ret = pal_diag_unenforced(p->d, loc, "profile identities");
out:
	pal_tok_free(&t);
	return ret;
}

/* xattrs=(...) attachment conditionals: skipped, with a note. */
static int pal_skip_xattrs(struct pal_parser *p, struct pal_lex *lx,
			   const struct pal_loc *loc)
{
	struct pal_tok t;
	int depth = 0;

	if (pal_diag_unenforced(p->d, loc, "'xattrs' attachment conditionals"))
		return -1;
	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind != PAL_TOK_EQ) {
		pal_unexpected(p, &t, "'=' after 'xattrs'");
		pal_tok_free(&t);
		return -1;
	}
	do {
		if (pal_lex_next(lx, &t))
			return -1;
		if (t.kind == PAL_TOK_EOF) {
			pal_unexpected(p, &t, "')'");
			return -1;
		}
		if (t.kind == PAL_TOK_LPAREN)
			depth++;
		else if (t.kind == PAL_TOK_RPAREN)
			depth--;
		pal_tok_free(&t);
	} while (depth > 0);
	return 0;
}

enum pal_decl { PAL_DECL_KEYWORD, PAL_DECL_BARE, PAL_DECL_HAT };

static int pal_parse_profile(struct pal_parser *p, struct pal_lex *lx,
			     struct pal_profile *parent, struct pal_tok *first,
			     enum pal_decl how)
{
	struct pal_tok name = { 0 }, t = { 0 };
	struct pal_profile *prof;
	char *attach = NULL, *pname = NULL;
	struct pal_loc attach_loc = { 0 };
	uint32_t mode = PAL_MODE_ENFORCE;
	struct pal_lex_mark before;
	enum pal_tok_kind k;
	int ret = -1, seen_flags = 0;

	if (parent && parent->parent) {
		pal_error(p->d, &first->loc, "profiles nest only one level deep");
		return -1;
	}
	if (how == PAL_DECL_KEYWORD) {
		if (pal_lex_next_value(lx, &name, 0))
			return -1;
		if (name.kind != PAL_TOK_WORD && name.kind != PAL_TOK_PATH &&
		    name.kind != PAL_TOK_STRING) {
			pal_unexpected(p, &name, "a profile name");
			goto out;
		}
	} else if (how == PAL_DECL_HAT) {
		name.loc = first->loc;
		name.kind = PAL_TOK_WORD;
		if (first->text[0] == '^') {
			name.text = pal_xstrdup(first->text + 1);
			name.loc.col++;
		} else {
			pal_tok_free(&name);
			if (pal_lex_next(lx, &name))
				return -1;
			if (name.kind != PAL_TOK_WORD &&
			    !(name.kind == PAL_TOK_PATH && !parent)) {
				pal_unexpected(p, &name, "a hat name");
				goto out;
			}
		}
		if (!name.text[0]) {
			pal_error(p->d, &name.loc, "expected a hat name after '^'");
			goto out;
		}
	} else {
		name = *first;
		first->text = NULL;
	}
	pname = name.kind == PAL_TOK_STRING ? pal_unquote(name.text) :
					      pal_xstrdup(name.text);
	if (!pname[0]) {
		pal_error(p->d, &name.loc, "empty profile name");
		goto out;
	}
	if (pname[0] == ':') {
		/* ":namespace:name" */
		const char *c = strchr(pname + 1, ':');

		if (!c || c == pname + 1 || !c[1] || parent) {
			pal_error(p->d, &name.loc,
				  parent ? "a child profile cannot name a namespace" :
				  "expected ':namespace:name'");
			goto out;
		}
	}

	/* the attachment: explicit, or the name itself when it is a path */
	if (how == PAL_DECL_KEYWORD || pname[0] == ':') {
		if (pal_lex_peek(lx, &k, NULL))
			goto out;
		if (k == PAL_TOK_PATH || k == PAL_TOK_STRING) {
			if (pal_lex_next(lx, &t))
				goto out;
			attach = pal_xstrdup(t.text);
			attach_loc = pal_glob_loc(&t);
			pal_tok_free(&t);
		}
	}
	if (!attach && how != PAL_DECL_HAT &&
	    (pname[0] == '/' || !strncmp(pname, "@{", 2))) {
		attach = pal_xstrdup(name.kind == PAL_TOK_STRING ? name.text : pname);
		attach_loc = pal_glob_loc(&name);
	}
	if (attach && pal_check_glob(p, attach, &attach_loc))
		goto out;

	p->flag_pc = 0;
	p->flag_pf = 0;
	for (;;) {
		pal_lex_save(lx, &before);
		if (pal_lex_next(lx, &t))
			goto out;
		if (pal_is_word(&t, "flags") || t.kind == PAL_TOK_LPAREN) {
			seen_flags = 1;
			if (t.kind == PAL_TOK_LPAREN)
				pal_lex_restore(lx, &before);
			if (pal_parse_flags(p, lx, &mode, t.kind == PAL_TOK_LPAREN))
				goto out;
		} else if (pal_is_word(&t, "+")) {
			if (pal_parse_identities(p, lx, &t.loc))
				goto out;
		} else if (pal_is_word(&t, "xattrs")) {
			if (seen_flags || how == PAL_DECL_HAT) {
				pal_error(p->d, &t.loc, seen_flags ?
					  "'xattrs=' must come before 'flags='" :
					  "hats take no 'xattrs='");
				goto out;
			}
			if (pal_skip_xattrs(p, lx, &t.loc))
				goto out;
		} else {
			break;
		}
		pal_tok_free(&t);
	}
	if (t.kind != PAL_TOK_LBRACE) {
		char exp[128];

		snprintf(exp, sizeof(exp), "'{' to open the body of profile '%.60s'",
			 pname);
		pal_unexpected(p, &t, exp);
		goto out;
	}

	prof = pal_ast_add_profile(p->ast);
	prof->loc = name.loc;
	prof->name = pname;
	pname = NULL;
	prof->attach = attach;
	attach = NULL;
	prof->attach_loc = attach_loc;
	prof->mode = mode;
	prof->pc_flags = p->flag_pc;
	prof->flags = p->flag_pf;
	prof->parent = parent;
	/* the built-in variables of this profile, in front of the file's */
	prof->vars = pal_ast_add_vars(p->ast);
	prof->vars->parent = p->vars;
	/* ... unless the file defines them itself */
	if (!pal_vars_find(p->vars, "profile_name"))
		pal_var_add_value(pal_vars_add(prof->vars, "profile_name",
					       &name.loc), prof->name);
	if (prof->attach && !pal_vars_find(p->vars, "exec_path"))
		pal_var_add_value(pal_vars_add(prof->vars, "exec_path",
					       &prof->attach_loc), prof->attach);
	if (prof->attach && !pal_vars_find(p->vars, "attach_path"))
		pal_var_add_value(pal_vars_add(prof->vars, "attach_path",
					       &prof->attach_loc), prof->attach);
	ret = pal_parse_block(p, lx, prof, &t.loc);
out:
	pal_tok_free(&name);
	pal_tok_free(&t);
	free(attach);
	free(pname);
	return ret;
}

/*
 * Apply "safe" (1) or "unsafe" (-1) to an exec mode: safe is the
 * upper-case (environment scrubbing) form.  -1 if the mode has no such form.
 */
static int pal_exec_safety(struct pal_access *a, int safe)
{
	static const enum pal_exec pairs[][2] = {
		{ PAL_EXEC_UX, PAL_EXEC_UX_SAFE }, { PAL_EXEC_PX, PAL_EXEC_PX_SAFE },
		{ PAL_EXEC_CX, PAL_EXEC_CX_SAFE }, { PAL_EXEC_PIX, PAL_EXEC_PIX_SAFE },
		{ PAL_EXEC_CIX, PAL_EXEC_CIX_SAFE }, { PAL_EXEC_PUX, PAL_EXEC_PUX_SAFE },
		{ PAL_EXEC_CUX, PAL_EXEC_CUX_SAFE },
	};
	size_t i;

	if (a->exec == PAL_EXEC_IX)
		return 0;
	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (a->exec == pairs[i][0] || a->exec == pairs[i][1]) {
			a->exec = pairs[i][safe > 0];
			return 0;
		}
	return -1;
}

/* AppArmor's bounds of a rule priority */
#define PAL_PRIORITY_MIN (-1000)
#define PAL_PRIORITY_MAX 1000
/* nesting of profile bodies, prefix blocks and conditionals */
#define PAL_BLOCK_MAX_DEPTH 256

static int pal_prefix_conflict(struct pal_parser *p, const struct pal_tok *t,
			       unsigned int qual, unsigned int bit)
{
	static const struct { unsigned int a, b; } excl[] = {
		{ PAL_Q_ALLOW, PAL_Q_DENY }, { PAL_Q_OWNER, PAL_Q_OTHER },
	};
	size_t i;

	if (qual & bit)
		goto bad;
	for (i = 0; i < sizeof(excl) / sizeof(excl[0]); i++)
		if ((bit == excl[i].a && (qual & excl[i].b)) ||
		    (bit == excl[i].b && (qual & excl[i].a)))
			goto bad;
	return 0;
bad:
	pal_error(p->d, &t->loc,
		  "'%s' repeated or in conflict with an enclosing or earlier prefix",
		  t->text);
	return -1;
}

/*
 * Rule prefixes, in AppArmor's order: [priority=N] [audit] [allow|deny]
 * [owner|other].  Leaves @t at the first token after them; *qual gets the
 * PAL_Q_* bits added, *loc the location of the first prefix.
 */
static int pal_parse_prefix(struct pal_parser *p, struct pal_lex *lx,
			    struct pal_tok *t, unsigned int *qual,
			    struct pal_loc *loc)
{
	static const struct { const char *w; unsigned int bit; int stage; } words[] = {
		{ "audit", PAL_Q_AUDIT, 2 }, { "allow", PAL_Q_ALLOW, 3 },
		{ "deny", PAL_Q_DENY, 3 }, { "owner", PAL_Q_OWNER, 4 },
		{ "other", PAL_Q_OTHER, 4 },
	};
	int stage = 0;
	size_t i;

	*loc = t->loc;
	for (;;) {
		if (t->kind != PAL_TOK_WORD)
			return 0;
		if (!strcmp(t->text, "priority")) {
			struct pal_tok v;
			char *end;
			long n;

			if (stage > 0) {
				pal_error(p->d, &t->loc,
					  "'priority' must come before the other rule prefixes");
				return -1;
			}
			if (pal_lex_next(lx, &v))
				return -1;
			if (v.kind != PAL_TOK_EQ) {
				pal_unexpected(p, &v, "'=' after 'priority'");
				pal_tok_free(&v);
				return -1;
			}
			if (pal_lex_next(lx, &v))
				return -1;
			n = v.kind == PAL_TOK_WORD ? strtol(v.text, &end, 10) : 0;
			if (v.kind != PAL_TOK_WORD || !*v.text || *end ||
			    (v.text[0] != '-' && v.text[0] != '+' &&
			     (v.text[0] < '0' || v.text[0] > '9'))) {
				pal_unexpected(p, &v, "an integer after 'priority='");
				pal_tok_free(&v);
				return -1;
			}
			if (n < PAL_PRIORITY_MIN || n > PAL_PRIORITY_MAX) {
				pal_error(p->d, &v.loc,
					  "priority %ld out of range [%d, %d]", n,
					  PAL_PRIORITY_MIN, PAL_PRIORITY_MAX);
				pal_tok_free(&v);
				return -1;
			}
			pal_tok_free(&v);
			stage = 1;
			p->rule_prio = (int)n;
			p->rule_prio_set = 1;
			goto next;
		}
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if (!strcmp(t->text, words[i].w))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return 0;
		if (words[i].stage <= stage && !(*qual & words[i].bit)) {
			pal_error(p->d, &t->loc,
				  "'%s' out of order (write priority=, audit, allow or deny, then owner or other)",
				  t->text);
			return -1;
		}
		if (pal_prefix_conflict(p, t, *qual, words[i].bit))
			return -1;
		*qual |= words[i].bit;
		stage = words[i].stage;
next:
		pal_tok_free(t);
		if (pal_lex_next(lx, t))
			return -1;
	}
}

/* "prefix { rules }": the prefix applies to every rule inside. */
static int pal_parse_prefix_block(struct pal_parser *p, struct pal_lex *lx,
				  struct pal_profile *prof, struct pal_tok *t,
				  unsigned int qual)
{
	unsigned int saved = p->qual;
	int saved_prio = p->prio, saved_prio_set = p->prio_set;
	int ret;

	if (p->bdepth >= PAL_BLOCK_MAX_DEPTH) {
		pal_error(p->d, &t->loc, "blocks nested more than %d deep",
			  PAL_BLOCK_MAX_DEPTH);
		return -1;
	}
	p->qual = qual;
	p->prio = p->rule_prio;
	p->prio_set = p->rule_prio_set;
	p->bdepth++;
	ret = pal_parse_block(p, lx, prof, &t->loc);
	p->bdepth--;
	p->qual = saved;
	p->prio = saved_prio;
	p->prio_set = saved_prio_set;
	return ret;
}

/* A path operand of a link rule: a path or a quoted string. */
static int pal_link_path(struct pal_parser *p, struct pal_lex *lx,
			 struct pal_tok *t, const char *what)
{
	struct pal_loc at;

	if (pal_lex_next(lx, t))
		return -1;
	if (t->kind != PAL_TOK_PATH && t->kind != PAL_TOK_STRING)
		return pal_unexpected(p, t, what);
	at = pal_glob_loc(t);
	return pal_check_glob(p, t->text, &at);
}

/*
 * "[prefix] link [subset] LINK -> TARGET,": 'l' on LINK; TARGET is kept
 * with the rule but not enforced yet.
 */
static int pal_parse_link(struct pal_parser *p, struct pal_lex *lx,
			  struct pal_profile *prof, struct pal_tok *kw,
			  unsigned int qual, const struct pal_loc *loc)
{
	struct pal_tok a = { 0 }, b = { 0 };
	struct pal_file_rule *r;
	enum pal_tok_kind k;
	int ret = -1;

	if (pal_lex_peek(lx, &k, NULL))
		return -1;
	if (k == PAL_TOK_WORD) {
		if (pal_lex_next(lx, &a))
			return -1;
		if (strcmp(a.text, "subset")) {
			pal_unexpected(p, &a, "'subset' or a path after 'link'");
			goto out;
		}
		pal_tok_free(&a);
	}
	if (pal_link_path(p, lx, &a, "a path after 'link'"))
		goto out;
	if (pal_lex_next(lx, &b))
		goto out;
	if (b.kind != PAL_TOK_ARROW) {
		pal_unexpected(p, &b, "'->' and the link target");
		goto out;
	}
	if (pal_link_path(p, lx, &b, "a link target after '->'"))
		goto out;
	if (pal_expect_comma(p, lx))
		goto out;
	if (pal_diag_unenforced(p->d, &kw->loc, "link targets ('link A -> B')"))
		goto out;
	if (qual & PAL_Q_OTHER) {
		if (pal_diag_unenforced(p->d, loc, "'other' qualifiers"))
			goto out;
		ret = 0;
		if (!(qual & PAL_Q_DENY))
			goto out;
		qual &= ~PAL_Q_OTHER;
	}
	r = pal_profile_add_rule(prof);
	r->loc = *loc;
	r->qual = qual;
	r->priority = p->rule_prio;
	r->glob_loc = pal_glob_loc(&a);
	r->glob = pal_xstrdup(a.text);
	r->perms = PAL_MAY_LINK;
	r->exec = PAL_EXEC_NONE;
	r->target = b.kind == PAL_TOK_STRING ? pal_unquote(b.text) : pal_xstrdup(b.text);
	ret = 0;
out:
	pal_tok_free(&a);
	pal_tok_free(&b);
	return ret;
}

static int pal_parse_rule(struct pal_parser *p, struct pal_lex *lx,
			  struct pal_profile *prof, struct pal_tok *t)
{
	struct pal_tok glob = { 0 }, acc = { 0 }, tgt = { 0 };
	struct pal_loc loc = t->loc, arrow_loc;
	struct pal_access a;
	struct pal_file_rule *r;
	unsigned int qual = 0;
	enum pal_tok_kind k;
	const char *cls;
	struct pal_loc safe_loc = { 0 };
	char msg[160];
	size_t bad;
	int ret = -1, safe = 0, perms_first;

#define PAL_NEXT() do { pal_tok_free(t); if (pal_lex_next(lx, t)) return -1; } while (0)
	qual = p->qual;
	p->rule_prio = p->prio;
	p->rule_prio_set = p->prio_set;
	if (pal_parse_prefix(p, lx, t, &qual, &loc))
		return -1;
	if (t->kind == PAL_TOK_LBRACE) {
		if (loc.line == t->loc.line && loc.col == t->loc.col)
			return pal_unexpected(p, t, "a rule");
		return pal_parse_prefix_block(p, lx, prof, t, qual);
	}
	if (t->kind == PAL_TOK_WORD && !strcmp(t->text, "link"))
		return pal_parse_link(p, lx, prof, t, qual, &loc);
	if (t->kind == PAL_TOK_WORD && (cls = pal_other_class(t->text))) {
		if (qual & (PAL_Q_OWNER | PAL_Q_OTHER)) {
			pal_error(p->d, &loc, "'%s' prefix not allowed on '%s' rules",
				  qual & PAL_Q_OWNER ? "owner" : "other", cls);
			return -1;
		}
		/* priorities are applied to file rules only so far */
		if (p->rule_prio_set &&
		    pal_diag_unenforced(p->d, &loc, "priorities of rules other than file rules"))
			return -1;
		return pal_parse_other_rule(p->d, lx, prof, t, cls, qual);
	}
	if (pal_is_word(t, "file")) {
		if (pal_lex_peek(lx, &k, NULL))
			return -1;
		if (k == PAL_TOK_COMMA) {
			/* "file," is every file access, as in AppArmor */
			PAL_NEXT();
			r = pal_profile_add_rule(prof);
			r->loc = loc;
			r->qual = qual;
			r->priority = p->rule_prio;
			r->glob = pal_xstrdup("/{**,}");
			r->glob_loc = loc;
			r->perms = PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND |
				   PAL_MAY_LINK | PAL_MAY_LOCK | PAL_MAY_MMAP |
				   PAL_MAY_EXEC;
			r->exec = qual & PAL_Q_DENY ? PAL_EXEC_X : PAL_EXEC_IX;
			return 0;
		}
		PAL_NEXT();
	}
	if (pal_is_word(t, "safe") || pal_is_word(t, "unsafe")) {
		/* "[un]safe px /path": the exec mode's environment scrubbing */
		safe = t->text[0] == 's' ? 1 : -1;
		safe_loc = t->loc;
		PAL_NEXT();
		if (t->kind != PAL_TOK_WORD) {
			pal_unexpected(p, t, "an exec mode after 'safe' or 'unsafe'");
			return -1;
		}
	}
#undef PAL_NEXT

	if (safe && (t->kind == PAL_TOK_PATH || t->kind == PAL_TOK_STRING)) {
		pal_unexpected(p, t, "an exec mode after 'safe' or 'unsafe'");
		return -1;
	}
	if (t->kind == PAL_TOK_PATH || t->kind == PAL_TOK_STRING) {
		glob = *t;
		t->text = NULL;
		if (pal_lex_next(lx, &acc))
			goto out;
		if (acc.kind != PAL_TOK_WORD) {
			pal_unexpected(p, &acc, "access permissions after the path");
			goto out;
		}
	} else if (t->kind == PAL_TOK_WORD) {
		acc = *t;
		t->text = NULL;
		if (pal_lex_peek(lx, &k, NULL))
			goto out;
		if (k != PAL_TOK_PATH && k != PAL_TOK_STRING) {
			if (pal_access_chars_only(acc.text)) {
				if (pal_lex_next(lx, &glob))
					goto out;
				pal_unexpected(p, &glob, "a path after the access permissions");
			} else {
				pal_error(p->d, &acc.loc, "unknown rule '%.60s'",
					  acc.text);
			}
			goto out;
		}
		if (pal_lex_next(lx, &glob))
			goto out;
	} else {
		pal_unexpected(p, t, "a rule");
		goto out;
	}

	perms_first = acc.loc.line < glob.loc.line ||
		      (acc.loc.line == glob.loc.line && acc.loc.col < glob.loc.col);
	arrow_loc = pal_glob_loc(&glob);
	/* with variables, the glob is checked once expanded */
	if (!strstr(glob.text, "@{") && pal_check_glob(p, glob.text, &arrow_loc))
		goto out;
	if (pal_access_parse(acc.text, !!(qual & PAL_Q_DENY), &a, &bad, msg,
			     sizeof(msg))) {
		struct pal_loc at = pal_loc_plus(acc.loc, bad);

		pal_error(p->d, &at, "%s", msg);
		goto out;
	}
	if (safe && pal_exec_safety(&a, safe)) {
		pal_error(p->d, &safe_loc,
			  "'%s' needs an exec mode that can scrub the environment (px, cx, ux, ...)",
			  safe > 0 ? "safe" : "unsafe");
		goto out;
	}
	if (pal_lex_peek(lx, &k, &arrow_loc))
		goto out;
	if (k == PAL_TOK_ARROW) {
		int exec_target = a.exec >= PAL_EXEC_PX && a.exec != PAL_EXEC_UX &&
				  a.exec != PAL_EXEC_UX_SAFE;

		if (pal_lex_next(lx, &tgt) || pal_lex_next(lx, &tgt))
			goto out;
		if (tgt.kind != PAL_TOK_WORD && tgt.kind != PAL_TOK_PATH &&
		    tgt.kind != PAL_TOK_STRING) {
			pal_unexpected(p, &tgt, "a target after '->'");
			goto out;
		}
		if (a.exec > PAL_EXEC_X && (a.perms & PAL_MAY_LINK) && perms_first) {
			pal_error(p->d, &arrow_loc,
				  "'->' is ambiguous with both 'l' and an exec mode (split the rule)");
			goto out;
		}
		if (!exec_target && !(a.perms & PAL_MAY_LINK)) {
			pal_error(p->d, &arrow_loc,
				  "'->' needs a px or cx exec mode (or 'l' for a link target)");
			goto out;
		}
		if (!exec_target &&
		    pal_diag_unenforced(p->d, &arrow_loc, "link targets ('l -> path')"))
			goto out;
	}
	if (pal_expect_comma(p, lx))
		goto out;
	if (qual & PAL_Q_OTHER) {
		/*
		 * No "other" records yet: dropping an allow rule and applying
		 * a deny rule to every task are both on the safe side.
		 */
		if (pal_diag_unenforced(p->d, &loc, "'other' qualifiers"))
			goto out;
		if (!(qual & PAL_Q_DENY)) {
			ret = 0;
			goto out;
		}
		qual &= ~PAL_Q_OTHER;
	}

	if (a.exec > PAL_EXEC_X && !(qual & PAL_Q_DENY)) {
		size_t j;

		for (j = 0; j < prof->nrules; j++) {
			const struct pal_file_rule *o = &prof->rules[j];

			if (o->exec > PAL_EXEC_X && !(o->qual & PAL_Q_DENY) &&
			    o->exec != a.exec && !strcmp(o->glob, glob.text) &&
			    (o->qual & PAL_Q_OWNER) == (qual & PAL_Q_OWNER)) {
				pal_error(p->d, &acc.loc,
					  "exec mode '%s' conflicts with '%s' for the same path (at %u:%u)",
					  pal_exec_name(a.exec), pal_exec_name(o->exec),
					  o->loc.line, o->loc.col);
				goto out;
			}
		}
	}
	r = pal_profile_add_rule(prof);
	r->loc = loc;
	r->qual = qual;
	r->priority = p->rule_prio;
	r->glob_loc = pal_glob_loc(&glob);
	r->glob = glob.text;
	glob.text = NULL;
	r->perms = a.perms;
	r->exec = a.exec;
	if (tgt.text) {
		r->target = tgt.kind == PAL_TOK_STRING ? pal_unquote(tgt.text) :
							 pal_xstrdup(tgt.text);
	}
	ret = 0;
out:
	pal_tok_free(&glob);
	pal_tok_free(&acc);
	pal_tok_free(&tgt);
	return ret;
}

static int pal_parse_abi(struct pal_parser *p, struct pal_lex *lx)
{
	struct pal_tok t;

	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind != PAL_TOK_INCNAME && t.kind != PAL_TOK_STRING &&
	    t.kind != PAL_TOK_WORD && t.kind != PAL_TOK_PATH) {
		pal_unexpected(p, &t, "<abi> or \"abi\" after 'abi'");
		pal_tok_free(&t);
		return -1;
	}
	if (t.kind == PAL_TOK_INCNAME) {
		/* blanks around the name are allowed, as in AppArmor */
		char *a = t.text + strspn(t.text, " \t"), *e = a + strlen(a);

		while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = 0;
		memmove(t.text, a, strlen(a) + 1);
	}
	if (!t.text[0] || (t.kind == PAL_TOK_INCNAME && strpbrk(t.text, "\" \t"))) {
		pal_error(p->d, &t.loc, "invalid abi name");
		pal_tok_free(&t);
		return -1;
	}
	pal_tok_free(&t);
	return pal_expect_comma(p, lx);
}

static int pal_parse_booldef(struct pal_parser *p, struct pal_lex *lx,
			     char *name, int append, const struct pal_loc *loc)
{
	struct pal_var *v;
	struct pal_tok t;
	int ret = -1;

	if (pal_lex_next(lx, &t))
		goto out_name;
	if (append == 1) {
		pal_error(p->d, loc, "'+=' on boolean variable $%s", name);
		goto out;
	}
	if (t.kind != PAL_TOK_WORD ||
	    (strcasecmp(t.text, "true") && strcasecmp(t.text, "false"))) {
		pal_unexpected(p, &t, "'true' or 'false'");
		goto out;
	}
	v = pal_vars_find(p->bools, name);
	if (v && append == 2) {
		ret = 0;	/* "?=": only if not defined yet */
		goto out;
	}
	if (v) {
		pal_error(p->d, loc,
			  "boolean variable $%s is already defined (at %s:%u:%u)",
			  name, v->loc.file, v->loc.line, v->loc.col);
		goto out;
	}
	v = pal_vars_add(p->bools, name, loc);
	pal_var_add_value(v, strcasecmp(t.text, "true") ? "0" : "1");
	ret = 0;
out:
	pal_tok_free(&t);
out_name:
	free(name);
	return ret;
}

/* Is the next token the word @w?  Consumes it if so. */
static int pal_accept_word(struct pal_lex *lx, const char *w, int *yes)
{
	struct pal_lex_mark m;
	struct pal_tok t;

	pal_lex_save(lx, &m);
	if (pal_lex_next(lx, &t))
		return -1;
	*yes = pal_is_word(&t, w);
	pal_tok_free(&t);
	if (!*yes)
		pal_lex_restore(lx, &m);
	return 0;
}

static int pal_cond_or(struct pal_parser *p, struct pal_lex *lx, int *val,
		       int depth);

/* not TERM | ( EXPR ) | defined VAR | $BOOL */
static int pal_cond_term(struct pal_parser *p, struct pal_lex *lx, int *val,
			 int depth)
{
	struct pal_loc loc;
	struct pal_tok t;
	char *name;
	int sigil;

	if (depth >= PAL_BLOCK_MAX_DEPTH) {
		loc = pal_lex_here(lx);
		pal_error(p->d, &loc, "condition nested more than %d deep",
			  PAL_BLOCK_MAX_DEPTH);
		return -1;
	}
	if (pal_lex_varref(lx, &sigil, &name, &loc)) {
		const struct pal_var *v = sigil == '$' ? pal_vars_find(p->bools, name) : NULL;

		if (sigil == '@')
			pal_error(p->d, &loc,
				  "@%s is not a boolean (write 'defined @%s')", name, name);
		else if (!v)
			pal_error(p->d, &loc, "undefined boolean variable $%s", name);
		else
			*val = v->vals[0][0] == '1';
		free(name);
		return v ? 0 : -1;
	}
	if (pal_lex_next(lx, &t))
		return -1;
	if (pal_is_word(&t, "true") || pal_is_word(&t, "false")) {
		*val = t.text[0] == 't';
		pal_tok_free(&t);
		return 0;
	}
	if (pal_is_word(&t, "not")) {
		pal_tok_free(&t);
		if (pal_cond_term(p, lx, val, depth + 1))
			return -1;
		*val = !*val;
		return 0;
	}
	if (pal_is_word(&t, "defined")) {
		pal_tok_free(&t);
		if (!pal_lex_varref(lx, &sigil, &name, &loc)) {
			if (pal_lex_next(lx, &t))
				return -1;
			pal_unexpected(p, &t, "a variable after 'defined'");
			pal_tok_free(&t);
			return -1;
		}
		*val = !!pal_vars_find(sigil == '$' ? p->bools : p->vars, name);
		free(name);
		return 0;
	}
	if (t.kind == PAL_TOK_LPAREN) {
		if (pal_cond_or(p, lx, val, depth + 1))
			return -1;
		if (pal_lex_next(lx, &t))
			return -1;
		if (t.kind != PAL_TOK_RPAREN) {
			pal_unexpected(p, &t, "')'");
			pal_tok_free(&t);
			return -1;
		}
		return 0;
	}
	pal_unexpected(p, &t, "a condition ($VAR, defined @VAR, not, '(')");
	pal_tok_free(&t);
	return -1;
}

static int pal_cond_and(struct pal_parser *p, struct pal_lex *lx, int *val,
			int depth)
{
	int more, v;

	if (pal_cond_term(p, lx, val, depth))
		return -1;
	for (;;) {
		if (pal_accept_word(lx, "and", &more))
			return -1;
		if (!more)
			return 0;
		if (pal_cond_term(p, lx, &v, depth))
			return -1;
		*val = *val && v;
	}
}

static int pal_cond_or(struct pal_parser *p, struct pal_lex *lx, int *val,
		       int depth)
{
	int more, v;

	if (pal_cond_and(p, lx, val, depth))
		return -1;
	for (;;) {
		if (pal_accept_word(lx, "or", &more))
			return -1;
		if (!more)
			return 0;
		if (pal_cond_and(p, lx, &v, depth))
			return -1;
		*val = *val || v;
	}
}

/*
 * The body of a conditional branch.  A branch not taken is parsed all the
 * same (its syntax must be right) into a scratch tree that is dropped.
 */
static int pal_cond_block(struct pal_parser *p, struct pal_lex *lx,
			  struct pal_profile *prof, int keep)
{
	struct pal_ast scratch = { 0 }, *saved = p->ast;
	struct pal_profile *sp = NULL;
	struct pal_tok t;
	int ret;

	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind != PAL_TOK_LBRACE) {
		pal_unexpected(p, &t, "'{' after the condition");
		pal_tok_free(&t);
		return -1;
	}
	if (p->bdepth >= PAL_BLOCK_MAX_DEPTH) {
		pal_error(p->d, &t.loc, "blocks nested more than %d deep",
			  PAL_BLOCK_MAX_DEPTH);
		return -1;
	}
	p->bdepth++;
	if (keep) {
		ret = pal_parse_block(p, lx, prof, &t.loc);
	} else {
		if (prof) {
			sp = pal_ast_add_profile(&scratch);
			sp->loc = prof->loc;
			sp->name = pal_xstrdup(prof->name);
			sp->parent = prof->parent;
			sp->vars = prof->vars;
		}
		p->ast = &scratch;
		ret = pal_parse_block(p, lx, sp, &t.loc);
		p->ast = saved;
		pal_ast_free(&scratch);
	}
	p->bdepth--;
	return ret;
}

/* if COND { ... } [else if COND { ... }]... [else { ... }] */
static int pal_parse_if(struct pal_parser *p, struct pal_lex *lx,
			struct pal_profile *prof)
{
	int taken = 0, val, more;

	for (;;) {
		if (pal_cond_or(p, lx, &val, 0) ||
		    pal_cond_block(p, lx, prof, !taken && val))
			return -1;
		taken |= val;
		if (pal_accept_word(lx, "else", &more))
			return -1;
		if (!more)
			return 0;
		if (pal_accept_word(lx, "if", &more))
			return -1;
		if (!more)
			return pal_cond_block(p, lx, prof, !taken);
	}
}

/*
 * Statements up to EOF, or up to the '}' matching @open when it is given.
 * @prof is the profile being filled (NULL at top level).
 */
static int pal_parse_block(struct pal_parser *p, struct pal_lex *lx,
			   struct pal_profile *prof,
			   const struct pal_loc *open)
{
	for (;;) {
		struct pal_loc vloc;
		struct pal_tok t;
		char *vname;
		int append, r;

		r = pal_lex_vardef_sigil(lx, '$', &vname, &append, &vloc);
		if (r > 0 && prof) {
			pal_error(p->d, &vloc,
				  "boolean variables are defined outside profiles");
			free(vname);
			return -1;
		}
		if (r > 0) {
			if (pal_parse_booldef(p, lx, vname, append, &vloc))
				return -1;
			continue;
		}
		r = pal_lex_vardef(lx, &vname, &append, &vloc);
		if (r < 0)
			return -1;
		if (r > 0) {
			if (pal_parse_vardef(p, lx, vname, append, &vloc))
				return -1;
			continue;
		}
		if (pal_lex_next(lx, &t))
			return -1;
		switch (t.kind) {
		case PAL_TOK_EOF:
			if (open) {
				pal_error(p->d, open,
					  "profile body is not closed: missing '}'");
				return -1;
			}
			return 0;
		case PAL_TOK_RBRACE:
			if (open)
				return 0;
			pal_error(p->d, &t.loc, "unexpected '}'");
			return -1;
		case PAL_TOK_WORD:
			if (!strcmp(t.text, "if")) {
				r = pal_parse_if(p, lx, prof);
			} else if (!strcmp(t.text, "include")) {
				r = pal_parse_include(p, lx, prof, &t.loc);
			} else if (!strcmp(t.text, "abi")) {
				r = pal_parse_abi(p, lx);
			} else if (!strcmp(t.text, "alias")) {
				r = pal_diag_unenforced(p->d, &t.loc, "'alias' rules");
				if (!r)
					r = pal_lex_skip_rule(lx);
			} else if (!strcmp(t.text, "profile")) {
				r = pal_parse_profile(p, lx, prof, &t,
						      PAL_DECL_KEYWORD);
			} else if (prof && (!strcmp(t.text, "hat") ||
					    t.text[0] == '^')) {
				r = pal_parse_profile(p, lx, prof, &t,
						      PAL_DECL_HAT);
			} else if (!prof && !strcmp(t.text, "hat")) {
				/* "hat parent//name" outside its parent */
				r = pal_parse_profile(p, lx, NULL, &t, PAL_DECL_HAT);
			} else if (!prof && t.text[0] == ':') {
				/* ":namespace:name" */
				r = pal_parse_profile(p, lx, NULL, &t, PAL_DECL_BARE);
			} else if (!prof) {
				pal_unexpected(p, &t,
					       "a profile, 'include' or a variable definition");
				r = -1;
			} else {
				r = pal_parse_rule(p, lx, prof, &t);
			}
			break;
		case PAL_TOK_PATH:
		case PAL_TOK_STRING:
			if (!prof)
				r = pal_parse_profile(p, lx, NULL, &t, PAL_DECL_BARE);
			else
				r = pal_parse_rule(p, lx, prof, &t);
			break;
		default:
			pal_unexpected(p, &t, prof ? "a rule or '}'" :
				       "a profile, 'include' or a variable definition");
			r = -1;
			break;
		}
		pal_tok_free(&t);
		if (r)
			return -1;
	}
}

int pal_parse_text(struct pal_ast *ast, struct pal_diag *d,
		   const struct pal_parse_opts *o, const char *name,
		   const char *text, size_t len)
{
	struct pal_parser p = { d, ast, o, NULL, NULL, 0, 0, { NULL }, 0, 0, 0, 0, 0, 0, 0 };
	struct pal_lex lx;
	const char *file = pal_diag_intern(d, name);

	if (pal_source_check_nul(d, file, text, len))
		return -1;
	pal_diag_source(d, file, text, len);
	p.vars = pal_ast_add_vars(ast);
	p.bools = pal_ast_add_vars(ast);
	pal_lex_init(&lx, d, file, text, len);
	return pal_parse_block(&p, &lx, NULL, NULL);
}

int pal_parse_file(struct pal_ast *ast, struct pal_diag *d,
		   const struct pal_parse_opts *o, const char *path)
{
	char *text;
	size_t len;
	int ret;

	if (pal_source_read(d, NULL, path, &text, &len))
		return -1;
	ret = pal_parse_text(ast, d, o, path, text, len);
	free(text);
	return ret;
}
