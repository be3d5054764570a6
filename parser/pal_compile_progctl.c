// SPDX-License-Identifier: GPL-2.0
/*
 * Program control and authority: resolve the surrogate lists of a profile
 * (setuid -> / setgid ->) to ids at compile time.  A target is a number, a
 * user or group name, or a variable holding either; names are looked up in
 * the passwd/group files of the system the policy is for (--root), which
 * need not be the one compiling it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_compile_progctl.h"
#include "pal_expand.h"
#include "pal_util.h"

/* Most ids one list may hold. */
#define PAL_IDS_MAX	4096

/*
 * The id of @name in the passwd-format file @path (name:x:ID:...).
 * Return: 0 with *id, -ENOENT when absent, or -errno when unreadable.
 */
static int pal_id_lookup(const char *path, const char *name, uint32_t *id)
{
	char line[1024];
	size_t len = strlen(name);
	int ret = -ENOENT;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *p, *end;
		unsigned long v;

		if (strncmp(line, name, len) || line[len] != ':')
			continue;
		p = strchr(line + len + 1, ':');	/* past the password */
		if (!p)
			continue;
		errno = 0;
		v = strtoul(p + 1, &end, 10);
		if (errno || end == p + 1 || *end != ':' || v > 0xfffffffeUL)
			continue;
		*id = (uint32_t)v;
		ret = 0;
		break;
	}
	fclose(f);
	return ret;
}

static int pal_id_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* One target word: a number or a name. */
static int pal_one_id(struct pal_diag *d, const struct pal_loc *loc,
		      const char *word, const char *db, int user,
		      uint32_t *out)
{
	unsigned long v;
	char *end;
	int err;

	if (word[0] >= '0' && word[0] <= '9') {
		errno = 0;
		v = strtoul(word, &end, 10);
		/* (uid_t)-1 means "unchanged" to setresuid: never a target */
		if (errno || *end || v > 0xfffffffeUL) {
			pal_error(d, loc, "invalid %s id '%.40s'",
				  user ? "user" : "group", word);
			return -1;
		}
		*out = (uint32_t)v;
		return 0;
	}
	err = pal_id_lookup(db, word, out);
	if (err == -ENOENT) {
		pal_error(d, loc, "unknown %s '%.60s' (not in %s)",
			  user ? "user" : "group", word, db);
		return -1;
	}
	if (err) {
		pal_error(d, loc, "cannot read %s: %s", db, strerror(-err));
		return -1;
	}
	return 0;
}

/* Resolve every target of @ids into a sorted, duplicate-free list. */
static int pal_resolve_ids(struct pal_diag *d, const struct pal_profile *p,
			   const struct pal_pc_ids *ids, const char *db,
			   int user, uint32_t **out, size_t *nout)
{
	uint32_t *v = NULL;
	size_t n = 0, cap = 0, i, k;
	char msg[200];

	for (i = 0; i < ids->n; i++) {
		char *exp, *s, *w, *save;

		if (pal_expand_vars(p->vars, ids->raw[i], &exp, msg, sizeof(msg))) {
			pal_error(d, &ids->locs[i], "%s", msg);
			goto fail;
		}
		/* A variable of several values expands to {a,b}. */
		for (s = exp; *s; s++)
			if (*s == '{' || *s == '}' || *s == ',')
				*s = ' ';
		/* strtok_r: a library may be called from several threads */
		for (w = strtok_r(exp, " \t", &save); w;
		     w = strtok_r(NULL, " \t", &save)) {
			if (n == PAL_IDS_MAX) {
				pal_error(d, &ids->locs[i], "more than %d %s",
					  PAL_IDS_MAX, user ? "users" : "groups");
				free(exp);
				goto fail;
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				v = pal_xrealloc(v, cap * sizeof(*v));
			}
			if (pal_one_id(d, &ids->locs[i], w, db, user, &v[n])) {
				free(exp);
				goto fail;
			}
			n++;
		}
		free(exp);
	}
	if (n)
		qsort(v, n, sizeof(*v), pal_id_cmp);
	for (i = k = 0; i < n; i++)
		if (!k || v[k - 1] != v[i])
			v[k++] = v[i];
	*out = v;
	*nout = k;
	return 0;
fail:
	free(v);
	return -1;
}

int pal_compile_progctl(struct pal_diag *d, const struct pal_profile *p,
			const char *root, struct pal_policy_prof *pp)
{
	char passwd[4096], group[4096];
	uint32_t *uids = NULL, *gids = NULL;
	size_t nuids = 0, ngids = 0;

	if (!root || !root[0] || !strcmp(root, "/"))
		root = "";
	snprintf(passwd, sizeof(passwd), "%s/etc/passwd", root);
	snprintf(group, sizeof(group), "%s/etc/group", root);
	pp->pc_flags = p->pc_flags;
	pp->limit_threads = p->limit_threads;
	pp->limit_procs = p->limit_procs;
	if (pal_resolve_ids(d, p, &p->uids, passwd, 1, &uids, &nuids))
		return -1;
	if (pal_resolve_ids(d, p, &p->gids, group, 0, &gids, &ngids)) {
		free(uids);
		return -1;
	}
	pp->uids = uids;
	pp->nuids = nuids;
	pp->gids = gids;
	pp->ngids = ngids;
	return 0;
}

void pal_compile_progctl_free(struct pal_policy_prof *pp, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((void *)pp[i].uids);
		free((void *)pp[i].gids);
	}
}
