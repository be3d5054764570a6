// SPDX-License-Identifier: GPL-2.0
/*
 * Capability, network, signal and ptrace rules -> capability words and the
 * rules DFA.
 *
 * A rules-DFA query is a class byte, the class's fixed one-byte fields
 * (which may be zero, so they are expression leaves of single bytes or
 * byte ranges) and, for signal and ptrace, the peer's profile name, walked
 * like a path and ended by its NUL (palisade.h, &enum pal_class).  Each
 * rule becomes one alternative of a single expression; the accept tag of
 * a rule says its class and index, and the states reached after a whole
 * query combine the permission bits of every rule that matched it.
 */
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <linux/capability.h>

#include "palisade_parser.h"
#include "pal_compile_rules.h"
#include "pal_dump.h"
#include "pal_expand.h"
#include "pal_expr.h"
#include "pal_glob.h"
#include "pal_minimize.h"
#include "pal_util.h"

/* The capability table of pal_rules.c is indexed by number up to this. */
_Static_assert(CAP_CHECKPOINT_RESTORE == 40, "capability numbers");
_Static_assert(CAP_LAST_CAP < 32 * PAL_CAP_WORDS, "capabilities fit the words");

/* Transitions the unminimised rules DFA may have (as for file DFAs). */
#define PAL_RULES_MAX_CELLS (8U << 20)

/* Accept tags: class in the top byte, rule index below. */
#define PAL_TAG_SHIFT	24
#define PAL_TAG_INDEX	((1U << PAL_TAG_SHIFT) - 1)

struct pal_class_rules *pal_profile_classes(struct pal_profile *p)
{
	if (!p->classes)
		p->classes = pal_xcalloc(1, sizeof(*p->classes));
	return p->classes;
}

void pal_class_rules_free(struct pal_class_rules *cr)
{
	size_t i;

	if (!cr)
		return;
	for (i = 0; i < cr->nsigs; i++)
		free(cr->sigs[i].peer);
	for (i = 0; i < cr->nptraces; i++)
		free(cr->ptraces[i].peer);
	free(cr->caps);
	free(cr->nets);
	free(cr->sigs);
	free(cr->ptraces);
	free(cr);
}

void pal_rules_result_free(struct pal_rules_result *r)
{
	pal_dfa_free(r->dfa);
	r->dfa = NULL;
}

static struct pal_expr *pal_byte(unsigned int c)
{
	return pal_expr_char((unsigned char)c);
}

/* Any byte, zero included: a field the rule does not restrict. */
static struct pal_expr *pal_any_byte(void)
{
	return pal_expr_range(0, 255);
}

/* Permission bits of a rule into an accept record. */
static void pal_rule_perms(unsigned int qual, uint32_t perms,
			   struct pal_accept *out)
{
	if (qual & PAL_Q_DENY) {
		out->deny |= perms;
		/* As in AppArmor, a plain deny is not logged. */
		if (!(qual & PAL_Q_AUDIT))
			out->quiet |= perms;
	} else {
		out->allow |= perms;
	}
	if (qual & PAL_Q_AUDIT)
		out->audit |= perms;
}

static void pal_rules_accept(void *ctx, const uint32_t *tags, size_t n,
			     struct pal_accept *out)
{
	const struct pal_class_rules *cr = ctx;
	size_t i;

	for (i = 0; i < n; i++) {
		uint32_t idx = tags[i] & PAL_TAG_INDEX;

		switch (tags[i] >> PAL_TAG_SHIFT) {
		case PAL_CLASS_NET:
			pal_rule_perms(cr->nets[idx].qual, cr->nets[idx].perms, out);
			break;
		case PAL_CLASS_SIGNAL:
			pal_rule_perms(cr->sigs[idx].qual, cr->sigs[idx].perms, out);
			break;
		case PAL_CLASS_PTRACE:
			pal_rule_perms(cr->ptraces[idx].qual,
				       cr->ptraces[idx].perms, out);
			break;
		}
	}
}

/* [family][type][protocol] of a network rule. */
static struct pal_expr *pal_net_fields(const struct pal_net_rule *r)
{
	struct pal_expr *cat = pal_expr_new(PAL_X_CAT);
	struct pal_charset protos = { { 0 } };
	int type = r->type;

	pal_expr_add(cat, r->family == PAL_NET_ANY ? pal_any_byte() :
						      pal_byte((unsigned int)r->family));
	/*
	 * A protocol name implies its socket type, as in AppArmor.  The
	 * protocol byte is what socket(2) was given at creation (0 picks the
	 * family's default) and the socket's resolved protocol afterwards,
	 * so "tcp" matches both 0 and IPPROTO_TCP on a stream socket.
	 */
	switch (r->proto) {
	case PAL_NETP_TCP:
		type = SOCK_STREAM;
		pal_cs_add(&protos, 0);
		pal_cs_add(&protos, IPPROTO_TCP);
		break;
	case PAL_NETP_UDP:
		type = SOCK_DGRAM;
		pal_cs_add(&protos, 0);
		pal_cs_add(&protos, IPPROTO_UDP);
		break;
	case PAL_NETP_ICMP:
		/* raw sockets and ping (datagram) sockets alike */
		pal_cs_add(&protos, IPPROTO_ICMP);
		pal_cs_add(&protos, IPPROTO_ICMPV6);
		break;
	case PAL_NETP_ANY:
		pal_cs_add_range(&protos, 0, 255);
		break;
	}
	pal_expr_add(cat, type == PAL_NET_ANY ? pal_any_byte() :
						pal_byte((unsigned int)type));
	pal_expr_add(cat, pal_expr_set(&protos));
	return cat;
}

/* The peer name: a glob over profile names, any name when NULL. */
static struct pal_expr *pal_peer_expr(struct pal_diag *d,
				      const struct pal_profile *p,
				      const struct pal_peer_rule *r)
{
	struct pal_charset name = { { 0 } };
	struct pal_glob_err ge;
	struct pal_expr *e;
	char msg[200], *exp;

	if (!r->peer) {
		pal_cs_add_range(&name, 1, 255);
		return pal_expr_star(pal_expr_set(&name));
	}
	if (pal_expand_vars(p->vars, r->peer, &exp, msg, sizeof(msg))) {
		pal_error(d, &r->peer_loc, "%s", msg);
		return NULL;
	}
	e = pal_glob_parse(exp, 0, &ge);
	if (!e)
		pal_error(d, &r->peer_loc, "in the peer '%.100s': %s", exp, ge.msg);
	free(exp);
	return e;
}

static struct pal_expr *pal_signal_set(const struct pal_peer_rule *r)
{
	struct pal_charset cs = { { 0 } };
	unsigned int s;

	if (r->sigs[0] == ~0ULL && r->sigs[1] == ~0ULL)
		return pal_any_byte();
	for (s = 0; s < 128; s++)
		if ((r->sigs[s / 64] >> (s % 64)) & 1)
			pal_cs_add(&cs, s);
	return pal_expr_set(&cs);
}

static void pal_add_alt(struct pal_expr *root, struct pal_expr *cat,
			uint32_t tag, const char *what,
			const struct pal_loc *loc, unsigned int dump_flags,
			FILE *dump)
{
	pal_expr_add(cat, pal_expr_accept(tag));
	if (dump_flags & PAL_DUMP_EXPR_TREE) {
		fprintf(dump, "%s: %s:%u:%u: rules => ", what, loc->file,
			loc->line, loc->col);
		pal_expr_dump(dump, cat);
		fputc('\n', dump);
	}
	pal_expr_add(root, cat);
}

static void pal_compile_caps(const struct pal_class_rules *cr,
			     struct pal_rules_result *out)
{
	size_t i, w;

	for (i = 0; i < cr->ncaps; i++) {
		const struct pal_cap_rule *r = &cr->caps[i];

		for (w = 0; w < PAL_CAP_WORDS; w++) {
			if (r->qual & PAL_Q_DENY) {
				out->cap_deny[w] |= r->caps[w];
				if (!(r->qual & PAL_Q_AUDIT))
					out->cap_quiet[w] |= r->caps[w];
			} else {
				out->cap_allow[w] |= r->caps[w];
			}
			if (r->qual & PAL_Q_AUDIT)
				out->cap_audit[w] |= r->caps[w];
		}
	}
}

int pal_compile_class_rules(struct pal_diag *d, const struct pal_profile *p,
			    const char *name, unsigned int dump_flags,
			    FILE *dump, struct pal_rules_result *out)
{
	const struct pal_class_rules *cr = p->classes;
	struct pal_expr *root, *cat, *peer;
	struct pal_dfa *dfa;
	struct pal_buf what = { 0 };
	char msg[200];
	size_t i, nalts = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!cr)
		return 0;
	pal_compile_caps(cr, out);
	if (!cr->nnets && !cr->nsigs && !cr->nptraces)
		return 0;

	pal_buf_printf(&what, "profile '%s'", name);
	root = pal_expr_new(PAL_X_ALT);
	for (i = 0; i < cr->nnets; i++) {
		const struct pal_net_rule *r = &cr->nets[i];

		if (r->conditional) {
			/* The address of a socket is not mediated: granting
			 * or denying the whole family would be wrong both ways. */
			if (pal_diag_unenforced(d, &r->loc,
						"network rules with ip, port, peer, interface or label conditions"))
				goto out;
			continue;
		}
		cat = pal_expr_new(PAL_X_CAT);
		pal_expr_add(cat, pal_byte(PAL_CLASS_NET));
		pal_expr_add(cat, pal_net_fields(r));
		pal_add_alt(root, cat, PAL_CLASS_NET << PAL_TAG_SHIFT | (uint32_t)i,
			    what.s, &r->loc, dump_flags, dump);
		nalts++;
	}
	for (i = 0; i < cr->nsigs; i++) {
		const struct pal_peer_rule *r = &cr->sigs[i];

		peer = pal_peer_expr(d, p, r);
		if (!peer)
			goto out;
		cat = pal_expr_new(PAL_X_CAT);
		pal_expr_add(cat, pal_byte(PAL_CLASS_SIGNAL));
		pal_expr_add(cat, pal_signal_set(r));
		pal_expr_add(cat, peer);
		pal_add_alt(root, cat,
			    PAL_CLASS_SIGNAL << PAL_TAG_SHIFT | (uint32_t)i,
			    what.s, &r->loc, dump_flags, dump);
		nalts++;
	}
	for (i = 0; i < cr->nptraces; i++) {
		const struct pal_peer_rule *r = &cr->ptraces[i];

		peer = pal_peer_expr(d, p, r);
		if (!peer)
			goto out;
		cat = pal_expr_new(PAL_X_CAT);
		pal_expr_add(cat, pal_byte(PAL_CLASS_PTRACE));
		pal_expr_add(cat, peer);
		pal_add_alt(root, cat,
			    PAL_CLASS_PTRACE << PAL_TAG_SHIFT | (uint32_t)i,
			    what.s, &r->loc, dump_flags, dump);
		nalts++;
	}
	if (!nalts) {
		ret = 0;
		goto out;
	}
	if (cr->nnets > PAL_TAG_INDEX || cr->nsigs > PAL_TAG_INDEX ||
	    cr->nptraces > PAL_TAG_INDEX) {
		pal_error(d, &p->loc, "%s: too many rules", what.s);
		goto out;
	}
	dfa = pal_dfa_build(root, pal_rules_accept, (void *)cr,
			    PAL_RULES_MAX_CELLS, msg, sizeof(msg));
	if (!dfa) {
		pal_error(d, &p->loc, "%s: rules: %s", what.s, msg);
		goto out;
	}
	if (dump_flags & PAL_DUMP_DFA_STATES) {
		fprintf(dump, "%s: rules DFA before minimisation\n", what.s);
		pal_dump_dfa(dump, dfa);
	}
	out->dfa = pal_dfa_minimize(dfa, PAL_MIN_HOPCROFT);
	out->states_before = dfa->nstates;
	if (dump_flags & PAL_DUMP_DFA_MINIMIZE) {
		fprintf(dump, "%s: rules DFA after minimisation (%u -> %u states)\n",
			what.s, dfa->nstates, out->dfa->nstates);
		pal_dump_dfa(dump, out->dfa);
	}
	pal_dfa_free(dfa);
	ret = 0;
out:
	pal_expr_free(root);
	pal_buf_free(&what);
	return ret;
}
