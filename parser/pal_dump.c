// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "palisade_parser.h"
#include "pal_comb.h"
#include "pal_dump.h"
#include "pal_policy.h"
#include "pal_util.h"

unsigned int pal_dump_flag(const char *name)
{
	static const struct {
		const char *name;
		unsigned int flag;
	} names[] = {
		{ "expr-tree", PAL_DUMP_EXPR_TREE },
		{ "dfa-states", PAL_DUMP_DFA_STATES },
		{ "dfa-minimize", PAL_DUMP_DFA_MINIMIZE },
		{ "compressed-dfa", PAL_DUMP_COMPRESSED_DFA },
		{ "stats", PAL_DUMP_STATS },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name))
			return names[i].flag;
	return 0;
}

static void pal_dump_byte(FILE *f, unsigned int c)
{
	if (c > ' ' && c < 0x7f && c != '\\')
		fputc((int)c, f);
	else
		fprintf(f, "\\x%02x", c);
}

static void pal_dump_class_bytes(FILE *f, const uint8_t *classmap,
				 unsigned int cls)
{
	unsigned int c = 0, first = 1;

	while (c < 256) {
		unsigned int end;

		if (classmap[c] != cls) {
			c++;
			continue;
		}
		for (end = c; end + 1 < 256 && classmap[end + 1] == cls; end++)
			;
		if (!first)
			fputc(' ', f);
		first = 0;
		pal_dump_byte(f, c);
		if (end > c) {
			fputc('-', f);
			pal_dump_byte(f, end);
		}
		c = end + 1;
	}
}

static void pal_dump_accept(FILE *f, const struct pal_accept *a)
{
	if (!(a->allow | a->deny | a->audit | a->quiet | a->owner_allow |
	      a->owner_deny | a->value))
		return;
	fputs(" accept{", f);
	if (a->allow)
		fprintf(f, " allow=0x%x", a->allow);
	if (a->deny)
		fprintf(f, " deny=0x%x", a->deny);
	if (a->audit)
		fprintf(f, " audit=0x%x", a->audit);
	if (a->quiet)
		fprintf(f, " quiet=0x%x", a->quiet);
	if (a->owner_allow)
		fprintf(f, " owner_allow=0x%x", a->owner_allow);
	if (a->owner_deny)
		fprintf(f, " owner_deny=0x%x", a->owner_deny);
	if (a->value)
		fprintf(f, " value=%u", a->value);
	fputs(" }", f);
}

static void pal_dump_tables(FILE *f, uint32_t ns, uint32_t nc, uint32_t start,
			    const uint8_t *classmap, const uint32_t *trans,
			    const struct pal_accept *acc)
{
	uint32_t s, c, t;

	fprintf(f, "  %u states, %u classes, start %u\n", ns, nc, start);
	for (c = 0; c < nc; c++) {
		fprintf(f, "  class %u: ", c);
		pal_dump_class_bytes(f, classmap, c);
		fputc('\n', f);
	}
	for (s = 1; s < ns; s++) {
		fprintf(f, "  state %u:", s);
		pal_dump_accept(f, &acc[s]);
		/* group the classes by target state */
		for (t = 1; t < ns; t++) {
			int any = 0;

			for (c = 0; c < nc; c++) {
				if (trans[(size_t)s * nc + c] != t)
					continue;
				fputs(any ? "," : " [", f);
				fprintf(f, "%u", c);
				any = 1;
			}
			if (any)
				fprintf(f, "]->%u", t);
		}
		fputc('\n', f);
	}
}

void pal_dump_dfa(FILE *f, const struct pal_dfa *d)
{
	pal_dump_tables(f, d->nstates, d->nclasses, d->start, d->classmap,
			d->trans, d->accept);
}

/*
 * A DFA of a policy: where its tables are, how full the comb is, then per
 * state its token, default state and stored entries, and the transitions
 * the comb gives (decoded with the matcher's rule, so the dump shows what
 * the kernel will walk).
 */
static void pal_dump_blob_dfa(FILE *f, const uint8_t *b, uint32_t off)
{
	struct pal_dfa_header h;
	uint64_t *ent;
	uint32_t *num, *trans, s, c, i, used = 0, rows = 0, ns = 0;
	struct pal_accept *acc, *sacc;
	uint8_t classmap[256];

	memcpy(&h, b + off, sizeof(h));
	ent = pal_xmalloc((size_t)h.nentries * sizeof(*ent));
	for (i = 0; i < h.nentries; i++)
		ent[i] = pal_comb_entry_at(b + h.entries_off, h.entry_size, i);
	acc = pal_xmalloc(h.naccept * sizeof(*acc));
	memcpy(acc, b + h.accept_off, h.naccept * sizeof(*acc));
	sacc = pal_xcalloc(h.nstates, sizeof(*sacc));
	/* states are numbered in token order */
	num = pal_xcalloc(h.nentries, sizeof(*num));
	for (i = 0; i < h.nentries; i++) {
		uint32_t chk = PAL_DFA_ENTRY_CHECK(ent[i]);

		if (ent[i] == PAL_DFA_EMPTY)
			continue;
		used++;
		if (chk & PAL_DFA_HDR) {
			sacc[ns] = acc[chk & ~PAL_DFA_HDR];
			num[i] = ns++;
		} else {
			rows++;
		}
	}
	fprintf(f, "  dfa at %u: classes at %u, comb at %u (%u entries of %u bytes: %u headers, %u row entries, %u unused), %u accept records at %u\n",
		off, h.classes_off, h.entries_off, h.nentries, h.entry_size,
		used - rows, rows, h.nentries - used, h.naccept, h.accept_off);
	/* decode into a state x class table for the listing */
	trans = pal_xcalloc((size_t)h.nstates * h.nclasses, sizeof(*trans));
	for (i = 0; i < h.nentries; i++) {
		uint32_t chk = PAL_DFA_ENTRY_CHECK(ent[i]);

		if (ent[i] == PAL_DFA_EMPTY || !(chk & PAL_DFA_HDR))
			continue;
		s = num[i];
		fprintf(f, "  state %u: token %u, accept record %u", s, i,
			chk & ~PAL_DFA_HDR);
		if (PAL_DFA_ENTRY_NEXT(ent[i]))
			fprintf(f, ", default state %u",
				num[PAL_DFA_ENTRY_NEXT(ent[i])]);
		fputs(", stores classes", f);
		for (c = 1; c <= h.nclasses; c++) {
			if (i + c < h.nentries &&
			    PAL_DFA_ENTRY_CHECK(ent[i + c]) == i)
				fprintf(f, " %u", c - 1);
			trans[(size_t)s * h.nclasses + c - 1] =
				num[pal_comb_next(ent, h.nentries, i, c)];
		}
		fputc('\n', f);
	}
	for (c = 0; c < 256; c++)
		classmap[c] = (uint8_t)(b[h.classes_off + c] - 1);
	pal_dump_tables(f, h.nstates, h.nclasses,
			h.start < h.nentries ? num[h.start] : 0, classmap,
			trans, sacc);
	free(sacc);
	free(trans);
	free(num);
	free(ent);
	free(acc);
}

void pal_dump_dfa_stats(FILE *f, const char *what, const char *name,
			uint32_t states_before, const struct pal_dfa *d)
{
	const struct pal_comb *cb = pal_dfa_comb(d);

	if (name)
		fprintf(f, "%s '%s': ", what, name);
	else
		fprintf(f, "%s: ", what);
	fprintf(f, "%u states before minimisation, %u after, %u classes, comb %u entries of %u bytes (%u transitions stored, %u states with a default), %u accept records, %zu bytes (flat table: %zu bytes)\n",
		states_before, d->nstates, d->nclasses, cb->nentries,
		cb->entry_size, cb->nstored, cb->ndefaults, cb->naccept, pal_dfa_blob_size(d),
		pal_dfa_flat_size(d));
}

void pal_dump_policy(FILE *f, const void *blob, size_t size)
{
	struct pal_policy_header h;
	char err[256];
	uint8_t *b;
	uint32_t i;

	if (pal_policy_unpack(blob, size, (void **)&b, err, sizeof(err))) {
		fprintf(f, "policy: %s\n", err);
		return;
	}
	memcpy(&h, b, sizeof(h));
	fprintf(f, "policy: %zu bytes in %u segments, checksum 0x%08x, %u profiles\n",
		size, h.nsegs, h.checksum, h.nprofiles);
	for (i = 0; i < h.nprofiles; i++) {
		size_t rec = h.profiles_off + i * sizeof(struct pal_profile_rec);
		struct pal_profile_rec r;

		memcpy(&r, b + rec, sizeof(r));
		fprintf(f, "profile %u '%s' id 0x%08x mode %u attach '%s'\n", i,
			(const char *)b + h.strings_off + r.name_off, r.id,
			r.mode, (const char *)b + h.strings_off + r.attach_off);
		pal_dump_blob_dfa(f, b, r.file_dfa_off);
	}
	fprintf(f, "attachment:\n");
	pal_dump_blob_dfa(f, b, h.attach_dfa_off);
	free(b);
}
