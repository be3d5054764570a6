// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: the suggestion engine of genprof and logprof.
 *
 * Whether an access is allowed is never guessed from the text: the profile
 * (or an abstraction, inside a probe profile of its own) is compiled and
 * the decision core the kernel runs (match.h) is asked on the tables.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pal_ast.h"
#include "pal_diag.h"
#include "pal_explain.h"
#include "pal_learn.h"
#include "pal_parse.h"
#include "pal_provenance.h"
#include "palisade_parser.h"

void *pal_learn_compile(const char *name, const char *text,
			const char *const *incs, int ninc, FILE *err)
{
	struct pal_compile_opts o = {
		.include_dirs = incs, .ninclude_dirs = ninc, .big_endian = -1,
	};
	void *blob = NULL, *policy;
	char msg[256];
	size_t size;

	if (pal_compile_string(&o, name, text, &blob, &size, err))
		return NULL;
	if (pal_policy_verify(blob, size, msg, sizeof(msg))) {
		if (err)
			fprintf(err, "%s: %s\n", name, msg);
		free(blob);
		return NULL;
	}
	policy = pal_explain_prepare(blob, size);
	free(blob);
	return policy;
}

static int skip_name(const char *n)
{
	size_t l = strlen(n);

	return n[0] == '.' || (l && n[l - 1] == '~') || strstr(n, ".dpkg-") ||
	       strstr(n, ".rpmnew") || strstr(n, ".rpmsave");
}

static int abs_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pal_learn_abs *)a)->name,
		      ((const struct pal_learn_abs *)b)->name);
}

int pal_learn_init(struct pal_learn *l, const char *const *incs, int ninc)
{
	char dir[4096], path[4400], text[4400];
	size_t i, cap = 0;
	struct dirent *e;
	struct stat st;
	int k;

	l->incs = incs;
	l->ninc = ninc;
	l->abs = NULL;
	l->nabs = 0;
	for (k = 0; k < ninc; k++) {
		DIR *d;

		snprintf(dir, sizeof(dir), "%s/abstractions", incs[k]);
		d = opendir(dir);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			char name[300];

			if (skip_name(e->d_name))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
			if (stat(path, &st) || !S_ISREG(st.st_mode))
				continue;
			snprintf(name, sizeof(name), "abstractions/%s", e->d_name);
			for (i = 0; i < l->nabs; i++)
				if (!strcmp(l->abs[i].name, name))
					break;
			if (i < l->nabs)
				continue;	/* an earlier directory wins */
			if (l->nabs == cap) {
				struct pal_learn_abs *n;

				cap = cap ? 2 * cap : 16;
				n = realloc(l->abs, cap * sizeof(*n));
				if (!n) {
					closedir(d);
					return -ENOMEM;
				}
				l->abs = n;
			}
			snprintf(text, sizeof(text),
				 "profile " PAL_LEARN_PROBE " {\n  include <%s>\n}\n",
				 name);
			l->abs[l->nabs].name = strdup(name);
			/* One that does not compile alone is never offered. */
			l->abs[l->nabs].policy = pal_learn_compile(name, text, incs,
								   ninc, NULL);
			l->nabs++;
		}
		closedir(d);
	}
	if (l->nabs)
		qsort(l->abs, l->nabs, sizeof(*l->abs), abs_cmp);
	return 0;
}

void pal_learn_fini(struct pal_learn *l)
{
	size_t i;

	for (i = 0; i < l->nabs; i++) {
		free(l->abs[i].name);
		free(l->abs[i].policy);
	}
	free(l->abs);
	l->abs = NULL;
	l->nabs = 0;
}

/* The rules DFA's permissions for a query of @cls with fixed @fields and
 * a trailing name (NULL: none). */
static void rules_query(const __u8 *blob, __u32 rec, __u8 cls,
			const __u8 *fields, int nfields, const char *name,
			__u32 *allow, __u32 *deny)
{
	static char namebuf[PALISADE_PATH_MAX];
	__u32 dfa = PAL_FIELD(blob, rec, struct pal_profile_rec, rules_dfa_off);
	__u32 state = pal_dfa_start(blob, dfa), acc;
	int i;

	state = pal_dfa_step(blob, dfa, state, cls);
	for (i = 0; i < nfields && state; i++)
		state = pal_dfa_step(blob, dfa, state, fields[i]);
	if (name && state) {
		memset(namebuf, 0, sizeof(namebuf));
		snprintf(namebuf, sizeof(namebuf), "%s", name);
		state = pal_dfa_walk_from(blob, dfa, state, namebuf);
	}
	*allow = *deny = 0;
	if (!state)
		return;
	acc = pal_dfa_accept(blob, dfa, state);
	*allow = PAL_FIELD(blob, acc, struct pal_accept, allow);
	*deny = PAL_FIELD(blob, acc, struct pal_accept, deny);
}

int pal_learn_allows(const void *policy, const char *profile,
		     const struct pal_log_event *ev)
{
	const __u8 *blob = policy;
	long mask = pal_log_access(ev);
	struct pal_explanation ex;
	struct pal_decision d;
	__u32 rec, allow, deny;
	__u8 f[3];
	int idx, owner;
	long n;

	idx = pal_policy_profile_index(policy, profile);
	if (idx < 0)
		return -ENOENT;
	if (mask < 0)
		return 0;
	rec = PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off) +
	      (__u32)idx * sizeof(struct pal_profile_rec);
	switch (ev->cls) {
	case PAL_LOG_FILE:
	case PAL_LOG_EXEC:
		owner = ev->fsuid >= 0 && ev->fsuid == ev->ouid;
		if (pal_explain(policy, profile, ev->name, (__u32)mask, owner, &ex))
			return 0;
		pal_decide(&ex.perms, (__u32)mask, PAL_MODE_ENFORCE, &d);
		return !d.denied;
	case PAL_LOG_CAP:
		n = ev->capname[0] ? pal_cap_number(ev->capname) : ev->capability;
		if (n < 0 || n >= PAL_CAP_WORDS * 32)
			return 0;
		allow = PAL_FIELD(blob, rec + (__u32)(n / 32) * 4,
				  struct pal_profile_rec, cap_allow[0]);
		deny = PAL_FIELD(blob, rec + (__u32)(n / 32) * 4,
				 struct pal_profile_rec, cap_deny[0]);
		return !!((allow & ~deny) & (1U << (n % 32)));
	case PAL_LOG_NET:
		n = pal_family_number(ev->family);
		if (n < 0)
			return 0;
		f[0] = (__u8)n;
		n = ev->sock_type[0] ? pal_sock_type_number(ev->sock_type) : 0;
		f[1] = n < 0 ? 0 : (__u8)n;
		f[2] = ev->protocol < 0 ? 0 : ev->protocol >= 255 ? 255 : (__u8)ev->protocol;
		rules_query(blob, rec, PAL_CLASS_NET, f, 3, NULL, &allow, &deny);
		break;
	case PAL_LOG_SIGNAL:
		n = pal_signal_number(ev->signal);
		if (n < 0)
			return 0;
		f[0] = (__u8)n;
		rules_query(blob, rec, PAL_CLASS_SIGNAL, f, 1,
			    ev->peer[0] ? ev->peer : PAL_UNCONFINED_NAME, &allow, &deny);
		break;
	case PAL_LOG_PTRACE:
		rules_query(blob, rec, PAL_CLASS_PTRACE, NULL, 0,
			    ev->peer[0] ? ev->peer : PAL_UNCONFINED_NAME, &allow, &deny);
		break;
	default:
		return 0;
	}
	return !((__u32)mask & ~(allow & ~deny));
}

/* ------------------------------------------------------------------ */
/* Globs                                                                */

int pal_glob_next(const char *path, char *out, size_t len)
{
	size_t n = strlen(path);
	const char *slash;
	int dir = n > 1 && path[n - 1] == '/';
	size_t end = dir ? n - 1 : n;	/* the last component ends here */

	/* The last slash before the last component. */
	for (slash = path + end; slash > path && slash[-1] != '/'; slash--)
		;
	if (slash == path)
		return 0;
	slash--;
	if (!strcmp(slash + 1, "**") || !strcmp(slash + 1, "**/")) {
		/* A "**" goes one directory up; at the root it stays. */
		const char *up = slash;

		if (up == path)
			return 0;
		while (up > path && up[-1] != '/')
			up--;
		up--;
		if ((size_t)(up - path) + 4 > len)
			return 0;
		memcpy(out, path, (size_t)(up - path));
		strcpy(out + (up - path), "/**");
		return 1;
	}
	if (!strcmp(slash + 1, "*") || !strcmp(slash + 1, "*/")) {
		if (n + 2 > len)
			return 0;
		snprintf(out, len, "%.*s/**", (int)(slash - path), path);
		return 1;
	}
	if ((size_t)(slash - path) + 4 > len)
		return 0;
	snprintf(out, len, "%.*s/*%s", (int)(slash - path), path, dir ? "/" : "");
	return 1;
}

int pal_glob_ext(const char *path, char *out, size_t len)
{
	const char *slash = strrchr(path, '/'), *dot;
	const char *up;

	if (!slash || !slash[1])
		return 0;
	dot = strrchr(slash + 1, '.');
	if (!dot || dot == slash + 1 || !dot[1])
		return 0;
	if (slash[1] == '*' && slash[2] == '*') {
		/* "**.txt" one directory up */
		if (slash == path)
			return 0;
		for (up = slash; up > path && up[-1] != '/'; up--)
			;
		up--;
		snprintf(out, len, "%.*s/**%s", (int)(up - path), path, dot);
		return 1;
	}
	if (slash[1] == '*' && slash + 2 == dot) {
		/* "*.txt" becomes "**.txt" */
		snprintf(out, len, "%.*s/**%s", (int)(slash - path), path, dot);
		return 1;
	}
	snprintf(out, len, "%.*s/*%s", (int)(slash - path), path, dot);
	return 1;
}

static int push(struct pal_sugg **v, int *n, enum pal_sugg_kind kind,
		const char *text)
{
	struct pal_sugg *nv;
	int i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*v)[i].text, text))
			return 0;
	nv = realloc(*v, (size_t)(*n + 1) * sizeof(**v));
	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n].kind = kind;
	snprintf(nv[*n].text, sizeof(nv[*n].text), "%s", text);
	(*n)++;
	return 0;
}

int pal_learn_suggest(const struct pal_learn *l, const struct pal_log_event *ev,
		      const char *const *skip, size_t nskip,
		      struct pal_sugg **out)
{
	char rule[PALISADE_PATH_MAX + 64], g[PALISADE_PATH_MAX], g2[PALISADE_PATH_MAX];
	struct pal_sugg *v = NULL;
	size_t i, k;
	int n = 0, err = 0;

	*out = NULL;
	if (pal_log_rule(ev, NULL, 0, 0, NULL, rule, sizeof(rule)) < 0)
		return -EINVAL;
	for (i = 0; i < l->nabs && !err; i++) {
		if (!l->abs[i].policy)
			continue;
		for (k = 0; k < nskip; k++)
			if (!strcmp(skip[k], l->abs[i].name))
				break;
		if (k < nskip)
			continue;
		if (pal_learn_allows(l->abs[i].policy, PAL_LEARN_PROBE, ev) == 1)
			err = push(&v, &n, PAL_SUGG_INCLUDE, l->abs[i].name);
	}
	if (ev->cls != PAL_LOG_FILE && ev->cls != PAL_LOG_EXEC) {
		if (!err)
			err = push(&v, &n, PAL_SUGG_LITERAL, rule);
	} else if (!err) {
		err = push(&v, &n, PAL_SUGG_LITERAL, ev->name);
		/* The file's directory: its files, with the extension, all
		 * below it. */
		if (!err && pal_glob_next(ev->name, g, sizeof(g)))
			err = push(&v, &n, PAL_SUGG_GLOB, g);
		if (!err && pal_glob_ext(ev->name, g, sizeof(g)))
			err = push(&v, &n, PAL_SUGG_GLOB, g);
		if (!err && pal_glob_next(ev->name, g2, sizeof(g2)) &&
		    pal_glob_next(g2, g, sizeof(g)))
			err = push(&v, &n, PAL_SUGG_GLOB, g);
	}
	if (err) {
		free(v);
		return err;
	}
	*out = v;
	return n;
}

/* ------------------------------------------------------------------ */
/* Profile text                                                         */

/* Skip a comment or a quoted string at @p; the position after it. */
static const char *skip_lexeme(const char *p)
{
	if (*p == '#') {
		/* "#include" is a directive, not a comment. */
		if (!strncmp(p, "#include", 8))
			return p + 8;
		while (*p && *p != '\n')
			p++;
		return p;
	}
	if (*p == '"') {
		for (p++; *p && *p != '"'; p++)
			if (*p == '\\' && p[1])
				p++;
		return *p ? p + 1 : p;
	}
	return p + 1;
}

/* Byte offset of 1-based @line:@col in @text. */
static size_t offset_of(const char *text, unsigned int line, unsigned int col)
{
	size_t off = 0;

	while (line > 1 && text[off])
		if (text[off++] == '\n')
			line--;
	return off + col - 1;
}

/*
 * The body of profile @profile in @text: *@open at its '{', *@close at its
 * '}'.  Returns 0, -ENOENT (no such profile in this text), -EINVAL.
 */
static int find_body(const char *fname, const char *text,
		     const char *const *incs, int ninc, const char *profile,
		     const char **open, const char **close)
{
	struct pal_parse_opts po = { incs, ninc };
	struct pal_ast ast = { 0 };
	struct pal_diag d;
	const char *p = NULL;
	size_t i, len = strlen(text);
	int depth, ret = -ENOENT;

	pal_diag_init(&d, NULL, 0);
	if (pal_parse_text(&ast, &d, &po, fname, text, len)) {
		ret = -EINVAL;
		goto out;
	}
	for (i = 0; i < ast.nprofiles; i++) {
		const struct pal_profile *pr = ast.profiles[i];
		char *full = pal_profile_full_name(pr);
		int match = full && !strcmp(full, profile) && pr->loc.file &&
			    !strcmp(pr->loc.file, fname);

		free(full);
		if (match) {
			size_t off = offset_of(text, pr->loc.line, pr->loc.col);

			p = off < len ? text + off : NULL;
			break;
		}
	}
	if (!p)
		goto out;
	ret = -EINVAL;
	while (*p && *p != '{')
		p = (*p == '#' || *p == '"') ? skip_lexeme(p) : p + 1;
	if (*p != '{')
		goto out;
	*open = p;
	for (depth = 0; *p; ) {
		if (*p == '{') {
			depth++;
		} else if (*p == '}') {
			if (--depth == 0) {
				*close = p;
				ret = 0;
				goto out;
			}
		} else if (*p == '#' || *p == '"') {
			p = skip_lexeme(p);
			continue;
		}
		p++;
	}
out:
	pal_ast_free(&ast);
	pal_diag_fini(&d);
	return ret;
}

char *pal_learn_add_lines(const char *fname, const char *text,
			  const char *const *incs, int ninc,
			  const char *profile, const char *const *lines,
			  size_t nlines, char *err, size_t errlen)
{
	const char *open, *close, *ls, *hdr;
	char indent[64];
	size_t i, ni = 0, cap;
	char *out;
	int r, own_line;

	r = find_body(fname, text, incs, ninc, profile, &open, &close);
	if (r) {
		snprintf(err, errlen, r == -ENOENT ? "%s: no profile '%s'" :
			 "%s: profile '%s' does not parse", fname, profile);
		return NULL;
	}
	/* The rules are indented two more than the header's line. */
	for (hdr = open; hdr > text && hdr[-1] != '\n'; hdr--)
		;
	while ((hdr[ni] == ' ' || hdr[ni] == '\t') && ni + 3 < sizeof(indent)) {
		indent[ni] = hdr[ni];
		ni++;
	}
	indent[ni++] = ' ';
	indent[ni++] = ' ';
	indent[ni] = 0;
	/* Does the closing brace start its line (after blanks)? */
	for (ls = close; ls > text && (ls[-1] == ' ' || ls[-1] == '\t'); ls--)
		;
	own_line = ls == text || ls[-1] == '\n';
	cap = strlen(text) + 2 * ni + 2;
	for (i = 0; i < nlines; i++)
		cap += ni + strlen(lines[i]) + 2;
	out = malloc(cap);
	if (!out) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (own_line) {
		size_t o = (size_t)(ls - text);

		memcpy(out, text, o);
		for (i = 0; i < nlines; i++)
			o += (size_t)sprintf(out + o, "%s%s\n", indent, lines[i]);
		strcpy(out + o, ls);
	} else {
		/* "/x { rules }": the new rules go on lines of their own. */
		size_t o = (size_t)(close - text);

		memcpy(out, text, o);
		out[o++] = '\n';
		for (i = 0; i < nlines; i++)
			o += (size_t)sprintf(out + o, "%s%s\n", indent, lines[i]);
		memcpy(out + o, indent, ni - 2);
		o += ni - 2;
		strcpy(out + o, close);
	}
	return out;
}

int pal_learn_includes(const char *fname, const char *text,
		       const char *const *incs, int ninc, const char *profile,
		       char ***names)
{
	const char *open, *close, *p;
	int n = 0;

	*names = NULL;
	if (find_body(fname, text, incs, ninc, profile, &open, &close))
		return 0;
	for (p = open + 1; p < close; p++) {
		const char *s = p, *lt, *gt;
		char **nv;

		if (*p != '\n' && p != open + 1)
			continue;
		while (s < close && (*s == '\n' || *s == ' ' || *s == '\t'))
			s++;
		if (!strncmp(s, "#include", 8))
			s += 1;
		if (strncmp(s, "include", 7))
			continue;
		lt = strchr(s, '<');
		gt = lt ? strchr(lt, '>') : NULL;
		if (!gt || gt > close || memchr(s, '\n', (size_t)(gt - s)))
			continue;
		nv = realloc(*names, (size_t)(n + 1) * sizeof(*nv));
		if (!nv)
			break;
		*names = nv;
		nv[n++] = strndup(lt + 1, (size_t)(gt - lt - 1));
	}
	return n;
}

/* ------------------------------------------------------------------ */
/* Unified diff                                                         */

struct lines {
	const char **s;
	size_t *len;
	size_t n;
};

static int split(const char *t, struct lines *l)
{
	size_t cap = 16;

	l->n = 0;
	l->s = malloc(cap * sizeof(*l->s));
	l->len = malloc(cap * sizeof(*l->len));
	if (!l->s || !l->len)
		return -ENOMEM;
	while (*t) {
		const char *nl = strchr(t, '\n');
		size_t n = nl ? (size_t)(nl - t) + 1 : strlen(t);

		if (l->n == cap) {
			cap *= 2;
			l->s = realloc(l->s, cap * sizeof(*l->s));
			l->len = realloc(l->len, cap * sizeof(*l->len));
			if (!l->s || !l->len)
				return -ENOMEM;
		}
		l->s[l->n] = t;
		l->len[l->n++] = n;
		t += n;
	}
	return 0;
}

static int same(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] && !memcmp(a->s[i], b->s[j], a->len[i]);
}

static void put_line(FILE *f, char tag, const char *s, size_t n)
{
	fputc(tag, f);
	fwrite(s, 1, n, f);
	if (!n || s[n - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", f);
}

int pal_udiff(FILE *f, const char *a, const char *b, const char *label_a,
	      const char *label_b)
{
	struct lines la = { 0 }, lb = { 0 };
	unsigned int *lcs = NULL;
	/* The edit script: 0 same, 1 delete (a), 2 insert (b). */
	char *op = NULL;
	size_t *ia = NULL, *ib = NULL, nops = 0, i, j, w;
	int changed = 0;

	if (split(a, &la) || split(b, &lb))
		goto out;
	w = lb.n + 1;
	lcs = calloc((la.n + 1) * w, sizeof(*lcs));
	op = malloc(la.n + lb.n + 1);
	ia = malloc((la.n + lb.n + 1) * sizeof(*ia));
	ib = malloc((la.n + lb.n + 1) * sizeof(*ib));
	if (!lcs || !op || !ia || !ib)
		goto out;
	for (i = la.n; i-- > 0;)
		for (j = lb.n; j-- > 0;)
			lcs[i * w + j] = same(&la, i, &lb, j) ?
				lcs[(i + 1) * w + j + 1] + 1 :
				(lcs[(i + 1) * w + j] > lcs[i * w + j + 1] ?
				 lcs[(i + 1) * w + j] : lcs[i * w + j + 1]);
	for (i = j = 0; i < la.n || j < lb.n;) {
		ia[nops] = i;
		ib[nops] = j;
		if (i < la.n && j < lb.n && same(&la, i, &lb, j)) {
			op[nops++] = 0;
			i++, j++;
		} else if (j < lb.n && (i == la.n ||
					/* on a tie the deletion goes first */
					lcs[i * w + j + 1] > lcs[(i + 1) * w + j])) {
			op[nops++] = 2;
			j++;
			changed++;
		} else {
			op[nops++] = 1;
			i++;
			changed++;
		}
	}
	if (!changed)
		goto out;
	fprintf(f, "--- %s\n+++ %s\n", label_a, label_b);
	for (i = 0; i < nops;) {
		size_t s, e, k, na = 0, nb = 0;

		if (!op[i]) {
			i++;
			continue;
		}
		/* A hunk: this change and the ones within 6 lines of it,
		 * with 3 lines of context around. */
		s = i > 3 ? i - 3 : 0;
		for (e = i; e < nops; e++) {
			if (op[e])
				continue;
			for (k = e; k < nops && !op[k] && k - e < 7; k++)
				;
			if (k == nops || k - e >= 7)
				break;
			e = k - 1;
		}
		e = e + 3 < nops ? e + 3 : nops;
		for (k = s; k < e; k++) {
			na += op[k] != 2;
			nb += op[k] != 1;
		}
		fprintf(f, "@@ -%zu,%zu +%zu,%zu @@\n", ia[s] + (na ? 1 : 0), na,
			ib[s] + (nb ? 1 : 0), nb);
		for (k = s; k < e; k++) {
			if (op[k] == 2)
				put_line(f, '+', lb.s[ib[k]], lb.len[ib[k]]);
			else
				put_line(f, op[k] ? '-' : ' ', la.s[ia[k]],
					 la.len[ia[k]]);
		}
		i = e;
	}
out:
	free(la.s);
	free(la.len);
	free(lb.s);
	free(lb.len);
	free(lcs);
	free(op);
	free(ia);
	free(ib);
	return changed;
}

/* ------------------------------------------------------------------ */
/* New profiles                                                         */

int pal_learn_file_name(const char *program, char *out, size_t len)
{
	size_t i, o = 0;

	while (*program == '/')
		program++;
	for (i = 0; program[i]; i++) {
		if (o + 1 >= len)
			return -ENAMETOOLONG;
		out[o++] = program[i] == '/' ? '.' : program[i];
	}
	if (!o)
		return -EINVAL;
	out[o] = 0;
	return 0;
}

char *pal_learn_stub(const char *program, int base, const char *mode)
{
	size_t len = strlen(program) + 256;
	char *t = malloc(len), flags[64] = "";
	int quote = strpbrk(program, " \t\"") != NULL;

	if (!t)
		return NULL;
	if (mode && strcmp(mode, "enforce"))
		snprintf(flags, sizeof(flags), " flags=(%s)", mode);
	snprintf(t, len,
		 "# Profile for %s, made by palisade genprof.\n"
		 "%s%s%s%s {\n"
		 "%s"
		 "}\n",
		 program, quote ? "\"" : "", program, quote ? "\"" : "", flags,
		 base ? "  include <abstractions/base>\n" : "");
	return t;
}
