// SPDX-License-Identifier: GPL-2.0
/*
 * palisade userspace: rule provenance for `palisade explain`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_provenance.h"
#include "pal_ast.h"
#include "pal_diag.h"
#include "pal_expand.h"
#include "pal_glob.h"
#include "pal_globref.h"
#include "pal_parse.h"
#include "pal_util.h"

/* Full name of @p as the compiler gives it ("parent//child"). */
char *pal_profile_full_name(const struct pal_profile *p)
{
	char msg[200], *own, *up, *out;
	size_t n;

	if (pal_expand_vars(p->vars, p->name, &own, msg, sizeof(msg)))
		return NULL;
	if (!p->parent)
		return own;
	up = pal_profile_full_name(p->parent);
	if (!up) {
		free(own);
		return NULL;
	}
	n = strlen(up) + strlen(own) + 3;
	out = pal_xmalloc(n);
	snprintf(out, n, "%s//%s", up, own);
	free(up);
	free(own);
	return out;
}

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

int pal_rule_hits(const char *const *paths, int npaths,
		  const char *const *include_dirs, int ninclude,
		  const char *profile, const char *path,
		  struct pal_rule_hit **hits, FILE *err)
{
	struct pal_parse_opts po = { include_dirs, include_dirs ? ninclude : 0 };
	struct pal_ast ast = { 0 };
	const struct pal_profile *p = NULL;
	struct pal_diag d;
	size_t i, n = 0, cap = 0;
	int ret = -EINVAL;
	char msg[200];

	*hits = NULL;
	pal_diag_init(&d, err, 0);
	for (i = 0; i < (size_t)npaths; i++)
		if (pal_parse_file(&ast, &d, &po, paths[i]))
			goto out;
	for (i = 0; i < ast.nprofiles && !p; i++) {
		char *name = pal_profile_full_name(ast.profiles[i]);

		if (name && !strcmp(name, profile))
			p = ast.profiles[i];
		free(name);
	}
	ret = -ENOENT;
	if (!p)
		goto out;
	for (i = 0; i < p->nrules; i++) {
		const struct pal_file_rule *r = &p->rules[i];
		struct pal_rule_hit *h;
		char *exp, *flat;
		int m;

		if (pal_expand_vars(p->vars, r->glob, &exp, msg, sizeof(msg)))
			continue;	/* the compiler reported it */
		flat = pal_glob_filter_slashes(exp);
		free(exp);
		m = pal_globref_match(flat, path);
		free(flat);
		if (m != 1)
			continue;
		PAL_GROW(*hits, cap, n + 1);
		h = &(*hits)[n++];
		memset(h, 0, sizeof(*h));
		copy(h->file, sizeof(h->file), r->loc.file);
		h->line = r->loc.line;
		h->col = r->loc.col;
		h->deny = !!(r->qual & PAL_Q_DENY);
		h->owner = !!(r->qual & PAL_Q_OWNER);
		h->audit = !!(r->qual & PAL_Q_AUDIT);
		h->perms = r->perms;
		copy(h->glob, sizeof(h->glob), r->glob);
		copy(h->exec, sizeof(h->exec), pal_exec_name(r->exec));
	}
	ret = (int)n;
out:
	pal_ast_free(&ast);
	pal_diag_fini(&d);
	return ret;
}
