// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "palisade_parser.h"
#include "pal_dump.h"
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

static void pal_dump_blob_dfa(FILE *f, const uint8_t *b, uint32_t off)
{
	struct pal_dfa_header h;
	uint32_t *trans;
	struct pal_accept *acc;

	memcpy(&h, b + off, sizeof(h));
	trans = pal_xmalloc((size_t)h.nstates * h.nclasses * sizeof(*trans));
	acc = pal_xmalloc(h.nstates * sizeof(*acc));
	memcpy(trans, b + h.trans_off, (size_t)h.nstates * h.nclasses * 4);
	memcpy(acc, b + h.accept_off, h.nstates * sizeof(*acc));
	fprintf(f, "  dfa at %u: classes at %u, transitions at %u, accept at %u\n",
		off, h.classes_off, h.trans_off, h.accept_off);
	pal_dump_tables(f, h.nstates, h.nclasses, h.start, b + h.classes_off,
			trans, acc);
	free(trans);
	free(acc);
}

void pal_dump_policy(FILE *f, const void *blob, size_t size)
{
	const uint8_t *b = blob;
	struct pal_policy_header h;
	uint32_t i;

	memcpy(&h, b, sizeof(h));
	fprintf(f, "policy: %zu bytes, checksum 0x%08x, %u profiles\n", size,
		h.checksum, h.nprofiles);
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
}
