// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "pal_ast.h"
#include "pal_util.h"

static const char *const pal_exec_names[PAL_EXEC_COUNT] = {
	[PAL_EXEC_NONE] = "",
	[PAL_EXEC_X] = "x",
	[PAL_EXEC_IX] = "ix",
	[PAL_EXEC_UX] = "ux",
	[PAL_EXEC_UX_SAFE] = "Ux",
	[PAL_EXEC_PX] = "px",
	[PAL_EXEC_PX_SAFE] = "Px",
	[PAL_EXEC_CX] = "cx",
	[PAL_EXEC_CX_SAFE] = "Cx",
	[PAL_EXEC_PIX] = "pix",
	[PAL_EXEC_PIX_SAFE] = "Pix",
	[PAL_EXEC_CIX] = "cix",
	[PAL_EXEC_CIX_SAFE] = "Cix",
	[PAL_EXEC_PUX] = "pux",
	[PAL_EXEC_PUX_SAFE] = "PUx",
	[PAL_EXEC_CUX] = "cux",
	[PAL_EXEC_CUX_SAFE] = "CUx",
};

const char *pal_exec_name(enum pal_exec e)
{
	return e < PAL_EXEC_COUNT ? pal_exec_names[e] : "?";
}

struct pal_profile *pal_ast_add_profile(struct pal_ast *ast)
{
	struct pal_profile *p = pal_xcalloc(1, sizeof(*p));

	PAL_GROW(ast->profiles, ast->profiles_cap, ast->nprofiles + 1);
	ast->profiles[ast->nprofiles++] = p;
	return p;
}

void pal_ast_move(struct pal_ast *dst, struct pal_ast *src)
{
	size_t i;

	PAL_GROW(dst->profiles, dst->profiles_cap,
		 dst->nprofiles + src->nprofiles);
	for (i = 0; i < src->nprofiles; i++)
		dst->profiles[dst->nprofiles++] = src->profiles[i];
	PAL_GROW(dst->vartabs, dst->vartabs_cap, dst->nvartabs + src->nvartabs);
	for (i = 0; i < src->nvartabs; i++)
		dst->vartabs[dst->nvartabs++] = src->vartabs[i];
	free(src->profiles);
	free(src->vartabs);
	memset(src, 0, sizeof(*src));
}

struct pal_file_rule *pal_profile_add_rule(struct pal_profile *p)
{
	struct pal_file_rule *r;

	PAL_GROW(p->rules, p->rules_cap, p->nrules + 1);
	r = &p->rules[p->nrules++];
	memset(r, 0, sizeof(*r));
	return r;
}

struct pal_vars *pal_ast_add_vars(struct pal_ast *ast)
{
	struct pal_vars *vt = pal_xcalloc(1, sizeof(*vt));

	PAL_GROW(ast->vartabs, ast->vartabs_cap, ast->nvartabs + 1);
	ast->vartabs[ast->nvartabs++] = vt;
	return vt;
}

struct pal_var *pal_vars_find(const struct pal_vars *vt, const char *name)
{
	size_t i;

	for (; vt; vt = vt->parent)
		for (i = 0; i < vt->n; i++)
			if (!strcmp(vt->v[i].name, name))
				return &vt->v[i];
	return NULL;
}

struct pal_var *pal_vars_add(struct pal_vars *vt, const char *name,
			     const struct pal_loc *loc)
{
	struct pal_var *v;

	PAL_GROW(vt->v, vt->cap, vt->n + 1);
	v = &vt->v[vt->n++];
	memset(v, 0, sizeof(*v));
	v->name = pal_xstrdup(name);
	v->loc = *loc;
	return v;
}

void pal_var_add_value(struct pal_var *v, const char *val)
{
	PAL_GROW(v->vals, v->cap, v->nvals + 1);
	v->vals[v->nvals++] = pal_xstrdup(val);
}

void pal_ast_free(struct pal_ast *ast)
{
	size_t i, j;

	for (i = 0; i < ast->nprofiles; i++) {
		struct pal_profile *p = ast->profiles[i];

		for (j = 0; j < p->nrules; j++) {
			free(p->rules[j].glob);
			free(p->rules[j].target);
		}
		free(p->rules);
		for (j = 0; j < p->ncps; j++) {
			free(p->cps[j].cond);
			free(p->cps[j].target);
		}
		free(p->cps);
		pal_class_rules_free(p->classes);
		for (j = 0; j < p->uids.n; j++)
			free(p->uids.raw[j]);
		for (j = 0; j < p->gids.n; j++)
			free(p->gids.raw[j]);
		free(p->uids.raw);
		free(p->uids.locs);
		free(p->gids.raw);
		free(p->gids.locs);
		free(p->name);
		free(p->attach);
		free(p);
	}
	free(ast->profiles);
	for (i = 0; i < ast->nvartabs; i++) {
		struct pal_vars *vt = ast->vartabs[i];

		for (j = 0; j < vt->n; j++) {
			size_t k;

			for (k = 0; k < vt->v[j].nvals; k++)
				free(vt->v[j].vals[k]);
			free(vt->v[j].vals);
			free(vt->v[j].name);
		}
		free(vt->v);
		free(vt);
	}
	free(ast->vartabs);
	memset(ast, 0, sizeof(*ast));
}
