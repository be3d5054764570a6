// SPDX-License-Identifier: GPL-2.0
/*
 * The compile driver: parse every input, resolve names and variables,
 * build one file DFA per profile and the attachment DFA, and write the
 * policy.  Each stage can be dumped (-D).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade.h"
#include "palisade_parser.h"
#include "pal_ast.h"
#include "pal_diag.h"
#include "pal_compile_progctl.h"
#include "pal_compile_rules.h"
#include "pal_dfa.h"
#include "pal_dump.h"
#include "pal_expand.h"
#include "pal_glob.h"
#include "pal_jobs.h"
#include "pal_minimize.h"
#include "pal_parse.h"
#include "pal_policy.h"
#include "pal_util.h"
#include "pal_xmode.h"

/*
 * Transitions an unminimised automaton may have (32 MiB of table): 16
 * times what the largest policy can hold after minimisation.
 */
#define PAL_MAX_CELLS (8U << 20)

struct pal_cprof {
	const struct pal_profile *ast;
	size_t order;			/* position in the text */
	char *name;			/* full name: parent//child */
	char *attach;			/* expanded, "" when none */
	size_t prefix;			/* literal prefix length of attach */
	uint32_t id;
	uint32_t parent_id;		/* id of the enclosing profile, 0 if none */
	struct pal_dfa *dfa;
	uint32_t states_before;
	struct pal_rules_result rules;	/* capability, network, signal, ptrace */
};

struct pal_compile {
	const struct pal_compile_opts *opts;
	struct pal_diag *d;
	FILE *dump;
	struct pal_cprof *profs;
	size_t n;
	struct pal_xtab xtab;		/* exec targets of every profile */
};

/* Expand variables and lower a glob; errors point at @loc. */
static struct pal_expr *pal_lower_glob(struct pal_diag *d,
				       const struct pal_vars *vt,
				       const char *raw,
				       const struct pal_loc *loc, char **text)
{
	struct pal_glob_err ge;
	struct pal_expr *e;
	char msg[200], *exp, *flat;

	if (pal_expand_vars(vt, raw, &exp, msg, sizeof(msg))) {
		pal_error(d, loc, "%s", msg);
		return NULL;
	}
	flat = pal_glob_filter_slashes(exp);
	free(exp);
	e = pal_glob_parse(flat, 0, &ge);
	if (!e) {
		pal_error(d, loc, "in the expansion '%.100s': %s", flat,
			  ge.msg);
		free(flat);
		return NULL;
	}
	if (text)
		*text = flat;
	else
		free(flat);
	return e;
}

static int pal_cprof_cmp(const void *a, const void *b)
{
	const struct pal_cprof *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Names, ids and attachments of every profile, sorted by id. */
static int pal_resolve(struct pal_compile *c, const struct pal_ast *ast)
{
	char msg[200];
	size_t i, j;

	c->n = ast->nprofiles;
	c->profs = pal_xcalloc(c->n ? c->n : 1, sizeof(*c->profs));
	for (i = 0; i < c->n; i++) {
		const struct pal_profile *p = ast->profiles[i];
		struct pal_cprof *cp = &c->profs[i];
		char *name;

		cp->ast = p;
		cp->order = i;
		cp->attach = pal_xstrdup("");
		if (pal_expand_vars(p->vars, p->name, &name, msg, sizeof(msg))) {
			pal_error(c->d, &p->loc, "%s", msg);
			return -1;
		}
		if (p->parent) {
			struct pal_buf b = { 0 };

			for (j = 0; j < i; j++)
				if (ast->profiles[j] == p->parent)
					break;
			pal_buf_printf(&b, "%s//%s", c->profs[j].name, name);
			cp->parent_id = c->profs[j].id;
			free(name);
			name = pal_buf_take(&b);
		}
		cp->name = name;
		cp->id = pal_profile_id(name);
		/* A child named by a path is what cx without a target
		 * enters: its name is used, only other globs are not. */
		if (p->attach && p->parent && strcmp(p->attach, p->name)) {
			if (pal_diag_unenforced(c->d, &p->attach_loc,
						"attachments of child profiles"))
				return -1;
		} else if (p->attach && !p->parent) {
			struct pal_expr *e;

			free(cp->attach);
			cp->attach = NULL;
			e = pal_lower_glob(c->d, p->vars, p->attach, &p->attach_loc,
					   &cp->attach);
			if (!e)
				return -1;
			pal_expr_free(e);
			cp->prefix = pal_glob_literal_prefix(cp->attach);
		}
	}
	qsort(c->profs, c->n, sizeof(*c->profs), pal_cprof_cmp);
	for (i = 1; i < c->n; i++) {
		struct pal_cprof *a = &c->profs[i - 1], *b = &c->profs[i];

		if (a->id != b->id)
			continue;
		if (!strcmp(a->name, b->name))
			pal_error(c->d, &b->ast->loc,
				  "profile '%s' is already defined at %s:%u:%u",
				  b->name, a->ast->loc.file, a->ast->loc.line,
				  a->ast->loc.col);
		else
			pal_error(c->d, &b->ast->loc,
				  "profile names '%s' and '%s' hash to the same id 0x%08x; rename one",
				  a->name, b->name, a->id);
		return -1;
	}
	return 0;
}

/*
 * priority=N (AppArmor 4): for each permission, only the matching rules of
 * the highest priority that name it decide it; lower ones are overridden
 * for that permission (allow, deny, owner and audit alike) and still
 * decide the permissions they alone name.  The mask of rule @r's
 * permissions that survive among the @n matching rules @tags.
 */
static uint32_t pal_prio_mask(const struct pal_profile *p, const uint32_t *tags,
			      size_t n, const struct pal_file_rule *r)
{
	uint32_t keep = r->perms, bit;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pal_file_rule *o = &p->rules[tags[i]];

		if (o->priority <= r->priority)
			continue;
		for (bit = 1; bit && bit <= PAL_MAY_LAST; bit <<= 1)
			if (o->perms & bit)
				keep &= ~bit;
	}
	return keep;
}

static void pal_file_accept(void *ctx, const uint32_t *tags, size_t n,
			    struct pal_accept *out)
{
	struct pal_xmode *x = ctx;
	const struct pal_profile *p = x->p;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pal_file_rule *r = &p->rules[tags[i]];

		if (r->qual & PAL_Q_DENY) {
			if (r->qual & PAL_Q_OWNER)
				out->owner_deny |= r->perms;
			else
				out->deny |= r->perms;
			if (!(r->qual & PAL_Q_AUDIT))
				out->quiet |= r->perms;
		} else if (r->qual & PAL_Q_OWNER) {
			out->owner_allow |= r->perms;
		} else {
			out->allow |= r->perms;
		}
		if (r->qual & PAL_Q_AUDIT)
			out->audit |= r->perms;
	}
	pal_xmode_accept(x, tags, n, out);
}

/*
 * pal_file_accept() over the rules as priorities leave them: each matching
 * rule with its permissions masked by pal_prio_mask(), in a scratch copy
 * of the rule table (only the matching entries are filled).
 */
struct pal_prio_ctx {
	struct pal_xmode *x;		/* its profile is the real one */
	struct pal_file_rule *scratch;	/* [p->nrules] */
};

static void pal_file_accept_prio(void *ctx, const uint32_t *tags, size_t n,
				 struct pal_accept *out)
{
	struct pal_prio_ctx *pc = ctx;
	const struct pal_profile *p = pc->x->p;
	struct pal_profile view = *p;
	size_t i;

	for (i = 0; i < n; i++) {
		pc->scratch[tags[i]] = p->rules[tags[i]];
		pc->scratch[tags[i]].perms =
			pal_prio_mask(p, tags, n, &p->rules[tags[i]]);
	}
	view.rules = pc->scratch;
	/* The exec transitions are decided over the same masked view. */
	pc->x->p = &view;
	pal_file_accept(pc->x, tags, n, out);
	pc->x->p = p;
}

static struct pal_dfa *pal_finish_dfa(struct pal_compile *c,
				      struct pal_diag *d,
				      struct pal_expr *root,
				      pal_accept_fn fn, void *ctx,
				      const char *what,
				      const struct pal_loc *loc,
				      uint32_t *states_before)
{
	struct pal_dfa *dfa, *min;
	char msg[200];

	dfa = pal_dfa_build(root, fn, ctx, PAL_MAX_CELLS, msg, sizeof(msg));
	if (!dfa) {
		pal_error(d, loc, "%s: %s", what, msg);
		return NULL;
	}
	if (c->opts->dump_flags & PAL_DUMP_DFA_STATES) {
		fprintf(c->dump, "%s: DFA before minimisation\n", what);
		pal_dump_dfa(c->dump, dfa);
	}
	min = pal_dfa_minimize(dfa, PAL_MIN_HOPCROFT);
	*states_before = dfa->nstates;
	if (c->opts->dump_flags & PAL_DUMP_DFA_MINIMIZE) {
		fprintf(c->dump, "%s: DFA after minimisation (%u -> %u states)\n",
			what, dfa->nstates, min->nstates);
		pal_dump_dfa(c->dump, min);
	}
	pal_dfa_free(dfa);
	return min;
}

/*
 * Two file rules act alike when every field but their glob and location
 * is equal: their accept records are then interchangeable, so they can
 * carry one tag, and the simplifier can merge their tails.  A new field
 * in struct pal_file_rule must be compared here: the assertion fails
 * until it is.
 */
#define PAL_RULE_ALIGN _Alignof(struct pal_file_rule)
_Static_assert(sizeof(struct pal_file_rule) ==
	       ((offsetof(struct pal_file_rule, priority) + sizeof(int) +
		 PAL_RULE_ALIGN - 1) & ~(PAL_RULE_ALIGN - 1)),
	       "pal_rule_same_action() compares every field of a file rule");

static int pal_rule_same_action(const struct pal_file_rule *a,
				const struct pal_file_rule *b)
{
	return a->qual == b->qual && a->perms == b->perms &&
	       a->exec == b->exec && a->priority == b->priority &&
	       (a->target && b->target ? !strcmp(a->target, b->target) :
					  a->target == b->target);
}

/* The first rule of @p that acts like rule @i (quadratic; rules are few
 * actions in practice, and the scan stops at the first match). */
static size_t pal_rule_action_rep(const struct pal_profile *p, size_t i)
{
	size_t k;

	for (k = 0; k < i; k++)
		if (pal_rule_same_action(&p->rules[k], &p->rules[i]) &&
		    /* a plain path's exec mode beats a glob's: keep apart */
		    (p->rules[i].exec == PAL_EXEC_NONE ||
		     pal_xmode_is_exact(p, &p->rules[k]) ==
			     pal_xmode_is_exact(p, &p->rules[i])))
			return k;
	return i;
}

/*
 * The file DFA of @cp, whose exec transitions @x holds (pal_xmode_init()
 * interned their targets in c->xtab, which is only read here).  Touches
 * nothing shared but what it reads, so that profiles can be built on
 * several threads, each with its own @d.
 */
static int pal_build_file_dfa(struct pal_compile *c, struct pal_diag *d,
			      struct pal_cprof *cp, struct pal_xmode *x)
{
	const struct pal_profile *p = cp->ast;
	struct pal_expr *root = pal_expr_new(PAL_X_ALT);
	struct pal_buf what = { 0 };
	struct pal_prio_ctx pc;
	size_t i;

	pal_buf_printf(&what, "profile '%s'", cp->name);
	for (i = 0; i < p->nrules; i++) {
		const struct pal_file_rule *r = &p->rules[i];
		struct pal_expr *cat, *e;
		size_t rep = pal_rule_action_rep(p, i);

		e = pal_lower_glob(d, p->vars, r->glob, &r->glob_loc, NULL);
		if (!e)
			goto fail;
		cat = pal_expr_new(PAL_X_CAT);
		pal_expr_add(cat, e);
		/* rules that act alike share one tag (see pal_rule_action_rep) */
		pal_expr_add(cat, pal_expr_accept((uint32_t)rep));
		if (c->opts->dump_flags & PAL_DUMP_EXPR_TREE) {
			fprintf(c->dump, "%s: %s:%u:%u: %s => ", what.s,
				r->loc.file, r->loc.line, r->loc.col, r->glob);
			pal_expr_dump(c->dump, cat);
			fputc('\n', c->dump);
		}
		pal_expr_add(root, cat);
	}
	root = pal_expr_simplify(root);
	if (c->opts->dump_flags & PAL_DUMP_EXPR_TREE) {
		fprintf(c->dump, "%s: simplified: ", what.s);
		pal_expr_dump(c->dump, root);
		fputc('\n', c->dump);
	}
	pc.x = x;
	pc.scratch = pal_xcalloc(p->nrules ? p->nrules : 1, sizeof(*pc.scratch));
	cp->dfa = pal_finish_dfa(c, d, root, pal_file_accept_prio, &pc, what.s,
				 &p->loc, &cp->states_before);
	free(pc.scratch);
	pal_expr_free(root);
	pal_buf_free(&what);
	if (cp->dfa && pal_xmode_report(x, d, &c->xtab))
		return -1;
	return cp->dfa ? 0 : -1;
fail:
	pal_expr_free(root);
	pal_buf_free(&what);
	return -1;
}

struct pal_attach_ctx {
	const struct pal_cprof *profs;
	uint32_t (*ties)[2];
	size_t nties, cap;
};

/*
 * AppArmor's longest-left-match: the attachment with the longest literal
 * prefix wins; on a tie the lower record index wins, and the pair is
 * remembered for a warning.
 */
static void pal_attach_accept(void *ctx, const uint32_t *tags, size_t n,
			      struct pal_accept *out)
{
	struct pal_attach_ctx *a = ctx;
	size_t i, best = 0;

	if (!n)
		return;
	for (i = 1; i < n; i++)
		if (a->profs[tags[i]].prefix > a->profs[tags[best]].prefix)
			best = i;
	out->value = tags[best] + 1;
	for (i = 0; i < n; i++) {
		size_t k;

		if (i == best ||
		    a->profs[tags[i]].prefix != a->profs[tags[best]].prefix)
			continue;
		for (k = 0; k < a->nties; k++)
			if (a->ties[k][0] == tags[best] && a->ties[k][1] == tags[i])
				break;
		if (k < a->nties)
			continue;
		PAL_GROW(a->ties, a->cap, a->nties + 1);
		a->ties[a->nties][0] = tags[best];
		a->ties[a->nties][1] = tags[i];
		a->nties++;
	}
}

static int pal_tie_cmp(const void *x, const void *y)
{
	const uint32_t *a = x, *b = y;

	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

static struct pal_dfa *pal_build_attach_dfa(struct pal_compile *c,
					    uint32_t *states_before)
{
	struct pal_expr *root = pal_expr_new(PAL_X_ALT);
	struct pal_attach_ctx a = { c->profs, NULL, 0, 0 };
	struct pal_dfa *dfa;
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct pal_glob_err ge;
		struct pal_expr *cat, *e;

		if (!c->profs[i].attach[0])
			continue;
		e = pal_glob_parse(c->profs[i].attach, 0, &ge);
		if (!e)
			continue; /* checked by pal_resolve() */
		cat = pal_expr_new(PAL_X_CAT);
		pal_expr_add(cat, e);
		pal_expr_add(cat, pal_expr_accept((uint32_t)i));
		if (c->opts->dump_flags & PAL_DUMP_EXPR_TREE) {
			fprintf(c->dump, "attachment of '%s': %s => ",
				c->profs[i].name, c->profs[i].attach);
			pal_expr_dump(c->dump, cat);
			fputc('\n', c->dump);
		}
		pal_expr_add(root, cat);
	}
	dfa = pal_finish_dfa(c, c->d, root, pal_attach_accept, &a, "attachment",
			     NULL, states_before);
	pal_expr_free(root);
	if (a.nties)
		qsort(a.ties, a.nties, sizeof(a.ties[0]), pal_tie_cmp);
	for (i = 0; dfa && i < a.nties; i++) {
		const struct pal_cprof *w = &c->profs[a.ties[i][0]];
		const struct pal_cprof *l = &c->profs[a.ties[i][1]];

		pal_warn(c->d, &l->ast->attach_loc,
			 "attachments of profiles '%s' and '%s' overlap with equal literal prefix length %zu; '%s' wins",
			 w->name, l->name, w->prefix, w->name);
	}
	free(a.ties);
	return dfa;
}

/*
 * The profiles one by one: every file DFA (stopping at the first that
 * fails), then every profile's class rules.  The order of diagnostics
 * and of exec target numbers in c->xtab is this loop's; the threaded
 * compile reproduces it.
 */
static int pal_compile_serial(struct pal_compile *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct pal_cprof *cp = &c->profs[i];
		struct pal_xmode x;
		int ret;

		ret = pal_xmode_init(&x, c->d, &c->xtab, cp->ast, cp->name);
		if (!ret)
			ret = pal_build_file_dfa(c, c->d, cp, &x);
		pal_xmode_fini(&x);
		if (ret)
			return -1;
	}
	for (i = 0; i < c->n; i++)
		if (pal_compile_class_rules(c->d, c->profs[i].ast,
					    c->profs[i].name, c->opts->dump_flags,
					    c->dump, &c->profs[i].rules))
			return -1;
	return 0;
}

/*
 * A profile compiled on a worker thread.  Its diagnostics are recorded,
 * one diag per phase of pal_compile_serial(), to be replayed in profile
 * order.
 */
struct pal_pjob {
	struct pal_xmode x;		/* from the serial pre-pass */
	struct pal_diag file_d;		/* exec targets and file DFA */
	struct pal_diag rules_d;	/* class rules */
	int file_ret, rules_ret;
};

struct pal_pctx {
	struct pal_compile *c;
	struct pal_pjob *jobs;
};

static void pal_compile_job(struct pal_jobs *j, void *ctx, size_t i)
{
	struct pal_pctx *pc = ctx;
	struct pal_compile *c = pc->c;
	struct pal_pjob *job = &pc->jobs[i];
	struct pal_cprof *cp = &c->profs[i];

	if (!job->file_ret)
		job->file_ret = pal_build_file_dfa(c, &job->file_d, cp, &job->x);
	pal_xmode_fini(&job->x);
	if (job->file_ret) {
		/* the serial compile reports nothing after this profile */
		pal_jobs_cut(j, i);
		return;
	}
	job->rules_ret = pal_compile_class_rules(&job->rules_d, cp->ast,
						 cp->name, 0, c->dump,
						 &cp->rules);
	/*
	 * pal_policy_write() packs every DFA into its comb; the comb is
	 * cached in the DFA, so packing here moves that work off the
	 * serial path.
	 */
	if (cp->dfa)
		pal_dfa_comb(cp->dfa);
	if (cp->rules.dfa)
		pal_dfa_comb(cp->rules.dfa);
}

/*
 * pal_compile_serial() on @nthreads threads, with the same output.  The
 * exec targets are interned first, serially and in profile order, so
 * that c->xtab numbers them as the serial compile does; the workers only
 * read it.  Each worker's diagnostics are then replayed in profile order,
 * stopping where the serial compile would have stopped.
 */
static int pal_compile_threaded(struct pal_compile *c, unsigned int nthreads)
{
	struct pal_pjob *jobs = pal_xcalloc(c->n, sizeof(*jobs));
	struct pal_pctx pc = { c, jobs };
	size_t i, end = c->n;
	int ret = 0;

	for (i = 0; i < c->n; i++) {
		struct pal_cprof *cp = &c->profs[i];

		pal_diag_record(&jobs[i].file_d, c->d->strict);
		pal_diag_record(&jobs[i].rules_d, c->d->strict);
		if (pal_xmode_init(&jobs[i].x, &jobs[i].file_d, &c->xtab,
				   cp->ast, cp->name)) {
			jobs[i].file_ret = -1;
			end = i + 1;
			break;
		}
	}
	pal_jobs_run(nthreads, end, pal_compile_job, &pc);
	for (i = 0; i < end && !ret; i++) {
		pal_diag_replay(c->d, &jobs[i].file_d);
		ret = jobs[i].file_ret;
	}
	for (i = 0; i < end && !ret; i++) {
		pal_diag_replay(c->d, &jobs[i].rules_d);
		ret = jobs[i].rules_ret;
	}
	for (i = 0; i < c->n; i++) {
		pal_xmode_fini(&jobs[i].x);
		pal_diag_fini(&jobs[i].file_d);
		pal_diag_fini(&jobs[i].rules_d);
	}
	free(jobs);
	return ret ? -1 : 0;
}

/* Dumps written while a profile is compiled, in the order they are made. */
#define PAL_DUMP_PER_PROFILE (PAL_DUMP_EXPR_TREE | PAL_DUMP_DFA_STATES | \
			      PAL_DUMP_DFA_MINIMIZE)

/* Threads for @nitems items (-j): 1 when threads would not pay. */
static unsigned int pal_nthreads(const struct pal_compile_opts *opts,
				 size_t nitems)
{
	int jobs = opts->jobs;
	unsigned int n;

	n = jobs == PAL_JOBS_AUTO ? pal_jobs_online_cpus() :
	    jobs > 1 ? (unsigned int)jobs : 1;
	if (n > PAL_JOBS_MAX)
		n = PAL_JOBS_MAX;
	if (n > nitems)
		n = (unsigned int)nitems;
	return n ? n : 1;
}

static int pal_compile_profiles(struct pal_compile *c)
{
	unsigned int nthreads = pal_nthreads(c->opts, c->n);

	if (c->opts->dump_flags & PAL_DUMP_PER_PROFILE)
		nthreads = 1;

	if (nthreads <= 1)
		return pal_compile_serial(c);
	return pal_compile_threaded(c, nthreads);
}

static int pal_compile_ast(struct pal_compile *c, const struct pal_ast *ast,
			   void **blob, size_t *size)
{
	struct pal_policy_prof *pp = NULL;
	struct pal_dfa *attach = NULL;
	uint32_t attach_before = 0;
	char msg[200];
	size_t i;
	int ret = -1;

	if (pal_resolve(c, ast))
		return -1;
	if (pal_compile_profiles(c))
		return -1;
	attach = pal_build_attach_dfa(c, &attach_before);
	if (!attach)
		return -1;

	pp = pal_xcalloc(c->n ? c->n : 1, sizeof(*pp));
	for (i = 0; i < c->n; i++) {
		pp[i].name = c->profs[i].name;
		pp[i].attach = c->profs[i].attach;
		pp[i].mode = c->profs[i].ast->mode;
		pp[i].id = c->profs[i].id;
		pp[i].file_dfa = c->profs[i].dfa;
		pp[i].flags |= c->profs[i].ast->flags &
			       (PAL_PF_MEDIATE_DELETED | PAL_PF_ATTACH_DISCONNECTED);
		if (c->profs[i].parent_id) {
			pp[i].flags |= PAL_PF_CHILD;
			pp[i].parent_id = c->profs[i].parent_id;
		}
		pp[i].rules_dfa = c->profs[i].rules.dfa;
		memcpy(pp[i].cap_allow, c->profs[i].rules.cap_allow,
		       sizeof(pp[i].cap_allow));
		memcpy(pp[i].cap_deny, c->profs[i].rules.cap_deny,
		       sizeof(pp[i].cap_deny));
		memcpy(pp[i].cap_audit, c->profs[i].rules.cap_audit,
		       sizeof(pp[i].cap_audit));
		memcpy(pp[i].cap_quiet, c->profs[i].rules.cap_quiet,
		       sizeof(pp[i].cap_quiet));
		if (pal_compile_progctl(c->d, c->profs[i].ast, c->opts->id_root,
					&pp[i]))
			goto out;
	}
	if (pal_policy_write(pp, c->n, attach,
			     (const char *const *)c->xtab.names, c->xtab.n,
			     c->opts->big_endian,
			     blob, size, msg, sizeof(msg))) {
		pal_error(c->d, NULL, "%s", msg);
		goto out;
	}
	if (c->opts->dump_flags & PAL_DUMP_STATS) {
		for (i = 0; i < c->n; i++)
			pal_dump_dfa_stats(c->dump, "profile", c->profs[i].name,
					   c->profs[i].states_before,
					   c->profs[i].dfa);
		pal_dump_dfa_stats(c->dump, "attachment", NULL, attach_before,
				   attach);
		fprintf(c->dump, "policy: %zu profiles, %zu bytes\n", c->n, *size);
	}
	if (c->opts->dump_flags & PAL_DUMP_COMPRESSED_DFA) {
		if (pal_resolve_big_endian(c->opts->big_endian) ==
		    pal_resolve_big_endian(-1))
			pal_dump_policy(c->dump, *blob, *size);
		else
			fprintf(c->dump, "compressed-dfa: policy is in the foreign byte order, not dumped\n");
	}
	ret = 0;
out:
	if (pp)
		pal_compile_progctl_free(pp, c->n);
	free(pp);
	pal_dfa_free(attach);
	return ret;
}

/*
 * An input file parsed on a worker thread: into its own AST, its messages
 * recorded.  The recording diag owns the file names the AST's locations
 * point to, so it lives as long as the compile.
 */
struct pal_pfile {
	struct pal_ast ast;
	struct pal_diag d;
	int ret;
};

struct pal_parse_ctx {
	const char *const *paths;
	const struct pal_parse_opts *po;
	struct pal_pfile *files;
};

static void pal_parse_job(struct pal_jobs *j, void *ctx, size_t i)
{
	struct pal_parse_ctx *pc = ctx;
	struct pal_pfile *f = &pc->files[i];

	f->ret = pal_parse_file(&f->ast, &f->d, pc->po, pc->paths[i]);
	/* the serial parse stops at the first file that fails */
	if (f->ret)
		pal_jobs_cut(j, i);
}

/*
 * Parse @paths into @ast as the serial loop does, the files on up to
 * @nthreads threads: each file's AST is appended and its messages are
 * replayed in file order, up to the first file that fails.  *@files
 * (the recording diags) is for pal_parse_files_free() once the AST is
 * gone.
 */
static int pal_parse_threaded(struct pal_ast *ast, struct pal_diag *d,
			      const struct pal_parse_opts *po,
			      const char *const *paths, int npaths,
			      unsigned int nthreads, struct pal_pfile **files)
{
	struct pal_parse_ctx pc = { paths, po, NULL };
	int i, ret = 0;

	pc.files = pal_xcalloc((size_t)npaths, sizeof(*pc.files));
	*files = pc.files;
	for (i = 0; i < npaths; i++) {
		pal_diag_record(&pc.files[i].d, d->strict);
		/* keep the texts for quoting, as the serial parse does */
		pc.files[i].d.show_source = d->show_source;
	}
	pal_jobs_run(nthreads, (size_t)npaths, pal_parse_job, &pc);
	for (i = 0; i < npaths && !ret; i++) {
		pal_diag_take_sources(d, &pc.files[i].d);
		pal_diag_replay(d, &pc.files[i].d);
		pal_ast_move(ast, &pc.files[i].ast);
		ret = pc.files[i].ret;
	}
	return ret ? -1 : 0;
}

static void pal_parse_files_free(struct pal_pfile *files, int npaths)
{
	int i;

	for (i = 0; files && i < npaths; i++) {
		pal_ast_free(&files[i].ast);
		pal_diag_fini(&files[i].d);
	}
	free(files);
}

static int pal_parse_files(struct pal_ast *ast, struct pal_diag *d,
			   const struct pal_compile_opts *opts,
			   const struct pal_parse_opts *po,
			   const char *const *paths, int npaths,
			   struct pal_pfile **files)
{
	unsigned int nthreads = pal_nthreads(opts, npaths > 0 ? npaths : 0);
	int i;

	if (nthreads > 1)
		return pal_parse_threaded(ast, d, po, paths, npaths, nthreads,
					  files);
	for (i = 0; i < npaths; i++)
		if (pal_parse_file(ast, d, po, paths[i]))
			return -1;
	return 0;
}

static void pal_compile_free(struct pal_compile *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->profs[i].name);
		free(c->profs[i].attach);
		pal_dfa_free(c->profs[i].dfa);
		pal_rules_result_free(&c->profs[i].rules);
	}
	free(c->profs);
	pal_xtab_free(&c->xtab);
}

static int pal_compile_common(const struct pal_compile_opts *opts,
			      const char *const *paths, int npaths,
			      const char *name, const char *text, void **blob,
			      size_t *size, FILE *err)
{
	static const struct pal_compile_opts defaults = { .big_endian = -1 };
	struct pal_parse_opts po;
	struct pal_compile c;
	struct pal_ast ast = { 0 };
	struct pal_pfile *files = NULL;
	struct pal_diag d;
	int ret = -1;

	if (!opts)
		opts = &defaults;
	*blob = NULL;
	*size = 0;
	pal_diag_init(&d, err, opts->strict);
	d.quiet = opts->quiet;
	d.show_source = opts->show_source;
	memset(&c, 0, sizeof(c));
	c.opts = opts;
	c.d = &d;
	c.dump = opts->dump ? opts->dump : stderr;
	po.include_dirs = opts->include_dirs;
	po.ninclude_dirs = opts->include_dirs ? opts->ninclude_dirs : 0;

	if (paths) {
		if (pal_parse_files(&ast, &d, opts, &po, paths, npaths, &files))
			goto out;
	} else if (pal_parse_text(&ast, &d, &po, name, text, strlen(text))) {
		goto out;
	}
	ret = pal_compile_ast(&c, &ast, blob, size);
	if (!ret && d.nerrors) {
		free(*blob);
		*blob = NULL;
		*size = 0;
		ret = -1;
	}
out:
	pal_compile_free(&c);
	pal_ast_free(&ast);
	/* after the AST: its locations point to their file names */
	pal_parse_files_free(files, npaths);
	pal_diag_fini(&d);
	return ret;
}

int pal_compile_files(const struct pal_compile_opts *opts,
		      const char *const *paths, int npaths, void **blob,
		      size_t *size, FILE *err)
{
	static const char *const none[1];

	return pal_compile_common(opts, paths ? paths : none, npaths, NULL,
				  NULL, blob, size, err);
}

int pal_compile_string(const struct pal_compile_opts *opts, const char *name,
		       const char *text, void **blob, size_t *size, FILE *err)
{
	return pal_compile_common(opts, NULL, 0, name ? name : "<string>",
				  text ? text : "", blob, size, err);
}

unsigned int pal_online_cpus(void)
{
	return pal_jobs_online_cpus();
}
