// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_policy.h"
#include "pal_util.h"

int pal_resolve_big_endian(int big_endian)
{
	const uint32_t one = 1;

	if (big_endian < 0)
		return *(const uint8_t *)&one == 0;
	return !!big_endian;
}

void pal_put32(uint8_t *p, uint32_t v, int big)
{
	int i;

	for (i = 0; i < 4; i++)
		p[big ? 3 - i : i] = (uint8_t)(v >> (8 * i));
}

uint32_t pal_get32(const uint8_t *p, int big)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++)
		v |= (uint32_t)p[big ? 3 - i : i] << (8 * i);
	return v;
}

size_t pal_dfa_blob_size(const struct pal_dfa *d)
{
	return sizeof(struct pal_dfa_header) + 256 +
	       (size_t)d->nstates * d->nclasses * 4 +
	       (size_t)d->nstates * sizeof(struct pal_accept);
}

#define PAL_PUT(buf, base, type, field, v, big) \
	pal_put32((buf) + (base) + offsetof(type, field), (v), (big))

/* Write one DFA at @off; return the offset just past it. */
static size_t pal_write_dfa(uint8_t *buf, size_t off, const struct pal_dfa *d,
			    int big)
{
	size_t classes = off + sizeof(struct pal_dfa_header);
	size_t trans = classes + 256;
	size_t accept = trans + (size_t)d->nstates * d->nclasses * 4;
	size_t i;

	PAL_PUT(buf, off, struct pal_dfa_header, nstates, d->nstates, big);
	PAL_PUT(buf, off, struct pal_dfa_header, nclasses, d->nclasses, big);
	PAL_PUT(buf, off, struct pal_dfa_header, start, d->start, big);
	PAL_PUT(buf, off, struct pal_dfa_header, classes_off, (uint32_t)classes, big);
	PAL_PUT(buf, off, struct pal_dfa_header, trans_off, (uint32_t)trans, big);
	PAL_PUT(buf, off, struct pal_dfa_header, accept_off, (uint32_t)accept, big);
	memcpy(buf + classes, d->classmap, 256);
	for (i = 0; i < (size_t)d->nstates * d->nclasses; i++)
		pal_put32(buf + trans + 4 * i, d->trans[i], big);
	for (i = 0; i < d->nstates; i++) {
		const struct pal_accept *a = &d->accept[i];
		size_t at = accept + i * sizeof(*a);

		PAL_PUT(buf, at, struct pal_accept, allow, a->allow, big);
		PAL_PUT(buf, at, struct pal_accept, deny, a->deny, big);
		PAL_PUT(buf, at, struct pal_accept, audit, a->audit, big);
		PAL_PUT(buf, at, struct pal_accept, quiet, a->quiet, big);
		PAL_PUT(buf, at, struct pal_accept, owner_allow, a->owner_allow, big);
		PAL_PUT(buf, at, struct pal_accept, owner_deny, a->owner_deny, big);
		PAL_PUT(buf, at, struct pal_accept, value, a->value, big);
		PAL_PUT(buf, at, struct pal_accept, reserved, a->reserved, big);
	}
	return accept + (size_t)d->nstates * sizeof(struct pal_accept);
}

static size_t pal_align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

int pal_policy_write(const struct pal_policy_prof *profs, size_t n,
		     const struct pal_dfa *attach, int big_endian, void **blob,
		     size_t *size, char *err, size_t errlen)
{
	int big = pal_resolve_big_endian(big_endian);
	size_t hdr = sizeof(struct pal_policy_header);
	size_t recs = hdr, strings = recs + n * sizeof(struct pal_profile_rec);
	size_t strsize = 1, total, off, i;
	size_t *name_off = pal_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *attach_off = pal_xcalloc(n ? n : 1, sizeof(size_t));
	uint8_t *buf;
	uint32_t sum;

	/* string table: offset 0 is the empty string */
	for (i = 0; i < n; i++) {
		name_off[i] = strsize;
		strsize += strlen(profs[i].name) + 1;
		if (profs[i].attach[0]) {
			attach_off[i] = strsize;
			strsize += strlen(profs[i].attach) + 1;
		}
	}
	total = pal_align4(strings + strsize);
	for (i = 0; i < n; i++)
		total += pal_dfa_blob_size(profs[i].file_dfa);
	total += pal_dfa_blob_size(attach);
	if (total > PALISADE_POLICY_MAX) {
		snprintf(err, errlen,
			 "policy needs %zu bytes, more than the %u-byte limit (PALISADE_POLICY_MAX)",
			 total, PALISADE_POLICY_MAX);
		free(name_off);
		free(attach_off);
		return -1;
	}

	buf = pal_xcalloc(1, total);
	for (i = 0; i < n; i++) {
		memcpy(buf + strings + name_off[i], profs[i].name,
		       strlen(profs[i].name) + 1);
		if (profs[i].attach[0])
			memcpy(buf + strings + attach_off[i], profs[i].attach,
			       strlen(profs[i].attach) + 1);
	}
	off = pal_align4(strings + strsize);
	for (i = 0; i < n; i++) {
		size_t rec = recs + i * sizeof(struct pal_profile_rec);

		PAL_PUT(buf, rec, struct pal_profile_rec, name_off, (uint32_t)name_off[i], big);
		PAL_PUT(buf, rec, struct pal_profile_rec, attach_off, (uint32_t)attach_off[i], big);
		PAL_PUT(buf, rec, struct pal_profile_rec, mode, profs[i].mode, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, flags, 0, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, file_dfa_off, (uint32_t)off, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, id, profs[i].id, big);
		off = pal_write_dfa(buf, off, profs[i].file_dfa, big);
	}
	PAL_PUT(buf, 0, struct pal_policy_header, attach_dfa_off, (uint32_t)off, big);
	off = pal_write_dfa(buf, off, attach, big);

	PAL_PUT(buf, 0, struct pal_policy_header, magic, PALISADE_POLICY_MAGIC, big);
	PAL_PUT(buf, 0, struct pal_policy_header, endian, PALISADE_ENDIAN_TAG, big);
	PAL_PUT(buf, 0, struct pal_policy_header, version, PALISADE_POLICY_VERSION, big);
	PAL_PUT(buf, 0, struct pal_policy_header, size, (uint32_t)total, big);
	PAL_PUT(buf, 0, struct pal_policy_header, checksum, 0, big);
	PAL_PUT(buf, 0, struct pal_policy_header, flags, 0, big);
	PAL_PUT(buf, 0, struct pal_policy_header, nprofiles, (uint32_t)n, big);
	PAL_PUT(buf, 0, struct pal_policy_header, profiles_off, (uint32_t)recs, big);
	PAL_PUT(buf, 0, struct pal_policy_header, strings_off, (uint32_t)strings, big);
	PAL_PUT(buf, 0, struct pal_policy_header, strings_size, (uint32_t)strsize, big);
	PAL_PUT(buf, 0, struct pal_policy_header, reserved, 0, big);
	sum = pal_fnv1a(PAL_FNV_OFFSET, buf, total);
	PAL_PUT(buf, 0, struct pal_policy_header, checksum, sum, big);

	free(name_off);
	free(attach_off);
	(void)off;
	*blob = buf;
	*size = total;
	return 0;
}
