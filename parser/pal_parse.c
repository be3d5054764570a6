// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade.h"
#include "pal_access.h"
#include "pal_glob.h"
#include "pal_lex.h"
#include "pal_parse.h"
#include "pal_source.h"
#include "pal_util.h"

struct pal_parser {
	struct pal_diag *d;
	struct pal_ast *ast;
	const struct pal_parse_opts *o;
	struct pal_vars *vars;
	int depth;
};

static int pal_parse_block(struct pal_parser *p, struct pal_lex *lx,
			   struct pal_profile *prof,
			   const struct pal_loc *open);

/* Rule classes that are recognised but not compiled yet. */
static const char *const pal_other_classes[] = {
	"capability", "network", "signal", "ptrace", "unix", "mount",
	"remount", "umount", "unmount", "pivot_root", "dbus", "mqueue",
	"userns", "io_uring", "change_profile", "set", "rlimit", "link",
	"all", NULL,
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
	for (i = 0; i < n; i++)
		if (pal_check_glob(p, vals[i].text, &vals[i].loc))
			goto out;
	v = pal_vars_find(p->vars, name);
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

	if (pal_source_read(p->d, at, path, &text, &len))
		return -1;
	pal_lex_init(&lx, p->d, pal_diag_intern(p->d, path), text, len);
	p->depth++;
	ret = pal_parse_block(p, &lx, prof, NULL);
	p->depth--;
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
		angle = 1;
		name = pal_xstrdup(t.text);
	} else if (t.kind == PAL_TOK_STRING) {
		angle = 0;
		name = pal_unquote(t.text);
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

/* Flags AppArmor knows that change nothing here yet. */
static const char *const pal_noted_flags[] = {
	"audit", "attach_disconnected", "no_attach_disconnected",
	"attach_disconnected.path", "attach_disconnected.ipc",
	"chroot_relative", "namespace_relative", "mediate_deleted",
	"delegate_deleted", "chroot_attach", "chroot_no_attach", "debug",
	"interruptible", "default_allow", "prompt", "kill.signal", "error",
	NULL,
};

static int pal_profile_flag(struct pal_parser *p, struct pal_lex *lx,
			    struct pal_tok *t, uint32_t *mode, int *mode_set,
			    struct pal_loc *mode_loc)
{
	enum pal_tok_kind k;
	char what[96];
	uint32_t m;
	int i;

	/* an optional "=value" */
	if (pal_lex_peek(lx, &k, NULL))
		return -1;
	if (k == PAL_TOK_EQ) {
		struct pal_tok v;

		if (pal_lex_next(lx, &v) || pal_lex_next(lx, &v))
			return -1;
		if (v.kind != PAL_TOK_WORD && v.kind != PAL_TOK_PATH &&
		    v.kind != PAL_TOK_STRING) {
			pal_unexpected(p, &v, "a flag value after '='");
			pal_tok_free(&v);
			return -1;
		}
		pal_tok_free(&v);
	}
	for (m = 0; m <= PAL_MODE_LAST; m++) {
		if (strcmp(t->text, pal_mode_flags[m]))
			continue;
		if (*mode_set && *mode != m) {
			pal_error(p->d, &t->loc,
				  "conflicting profile modes '%s' and '%s' (flag at %u:%u)",
				  pal_mode_flags[*mode], t->text, mode_loc->line,
				  mode_loc->col);
			return -1;
		}
		*mode = m;
		*mode_set = 1;
		*mode_loc = t->loc;
		return 0;
	}
	for (i = 0; pal_noted_flags[i]; i++) {
		if (!strcmp(t->text, pal_noted_flags[i])) {
			snprintf(what, sizeof(what), "'%s' profile flags", t->text);
			return pal_diag_unenforced(p->d, &t->loc, what);
		}
	}
	pal_error(p->d, &t->loc, "unknown profile flag '%.60s'", t->text);
	return -1;
}

static int pal_parse_flags(struct pal_parser *p, struct pal_lex *lx,
			   uint32_t *mode)
{
	struct pal_loc mode_loc = { 0 };
	int mode_set = 0, ret = -1;
	struct pal_tok t;

	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind != PAL_TOK_EQ)
		goto bad_eq;
	if (pal_lex_next(lx, &t))
		return -1;
	if (t.kind == PAL_TOK_WORD) {
		ret = pal_profile_flag(p, lx, &t, mode, &mode_set, &mode_loc);
		pal_tok_free(&t);
		return ret;
	}
	if (t.kind != PAL_TOK_LPAREN) {
		pal_unexpected(p, &t, "'(' or a flag after 'flags='");
		goto out;
	}
	for (;;) {
		pal_tok_free(&t);
		if (pal_lex_next(lx, &t))
			return -1;
		if (t.kind == PAL_TOK_RPAREN)
			break;
		if (t.kind == PAL_TOK_COMMA)
			continue;
		if (t.kind != PAL_TOK_WORD) {
			pal_unexpected(p, &t, "a profile flag or ')'");
			goto out;
		}
		if (pal_profile_flag(p, lx, &t, mode, &mode_set, &mode_loc))
			goto out;
	}
	ret = 0;
out:
	pal_tok_free(&t);
	return ret;
bad_eq:
	pal_unexpected(p, &t, "'=' after 'flags'");
	pal_tok_free(&t);
	return -1;
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
	enum pal_tok_kind k;
	int ret = -1;

	if (parent && parent->parent) {
		pal_error(p->d, &first->loc, "profiles nest only one level deep");
		return -1;
	}
	if (how == PAL_DECL_KEYWORD) {
		if (pal_lex_next(lx, &name))
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
			if (name.kind != PAL_TOK_WORD) {
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

	/* the attachment: explicit, or the name itself when it is a path */
	if (how == PAL_DECL_KEYWORD) {
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

	for (;;) {
		if (pal_lex_next(lx, &t))
			goto out;
		if (pal_is_word(&t, "flags")) {
			if (pal_parse_flags(p, lx, &mode))
				goto out;
		} else if (pal_is_word(&t, "xattrs")) {
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
	prof->parent = parent;
	prof->vars = p->vars;
	ret = pal_parse_block(p, lx, prof, &t.loc);
out:
	pal_tok_free(&name);
	pal_tok_free(&t);
	free(attach);
	free(pname);
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
	char msg[160];
	size_t bad;
	int ret = -1;

#define PAL_NEXT() do { pal_tok_free(t); if (pal_lex_next(lx, t)) return -1; } while (0)
	if (pal_is_word(t, "audit")) {
		qual |= PAL_Q_AUDIT;
		PAL_NEXT();
	}
	if (pal_is_word(t, "allow")) {
		qual |= PAL_Q_ALLOW;
		PAL_NEXT();
	} else if (pal_is_word(t, "deny")) {
		qual |= PAL_Q_DENY;
		PAL_NEXT();
	}
	if (pal_is_word(t, "owner")) {
		qual |= PAL_Q_OWNER;
		PAL_NEXT();
	}
	if (pal_is_word(t, "audit") || pal_is_word(t, "allow") ||
	    pal_is_word(t, "deny") || pal_is_word(t, "owner")) {
		pal_error(p->d, &t->loc,
			  "'%s' repeated or out of order (write audit, then allow or deny, then owner)",
			  t->text);
		return -1;
	}
	if (pal_is_word(t, "other")) {
		pal_error(p->d, &t->loc, "the 'other' qualifier is not supported");
		return -1;
	}
	if (t->kind == PAL_TOK_WORD && (cls = pal_other_class(t->text))) {
		snprintf(msg, sizeof(msg), "'%s' rules", cls);
		if (pal_diag_unenforced(p->d, &t->loc, msg))
			return -1;
		return pal_lex_skip_rule(lx);
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
#undef PAL_NEXT

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

	arrow_loc = pal_glob_loc(&glob);
	if (pal_check_glob(p, glob.text, &arrow_loc))
		goto out;
	if (pal_access_parse(acc.text, !!(qual & PAL_Q_DENY), &a, &bad, msg,
			     sizeof(msg))) {
		struct pal_loc at = pal_loc_plus(acc.loc, bad);

		pal_error(p->d, &at, "%s", msg);
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

	r = pal_profile_add_rule(prof);
	r->loc = loc;
	r->qual = qual;
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
	if (t.kind != PAL_TOK_INCNAME && t.kind != PAL_TOK_STRING) {
		pal_unexpected(p, &t, "<abi> or \"abi\" after 'abi'");
		pal_tok_free(&t);
		return -1;
	}
	pal_tok_free(&t);
	return pal_expect_comma(p, lx);
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
			if (!strcmp(t.text, "include")) {
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
	struct pal_parser p = { d, ast, o, NULL, 0 };
	struct pal_lex lx;
	const char *file = pal_diag_intern(d, name);

	if (pal_source_check_nul(d, file, text, len))
		return -1;
	p.vars = pal_ast_add_vars(ast);
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
