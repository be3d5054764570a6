// SPDX-License-Identifier: GPL-2.0
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_comb.h"
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
	       (size_t)pal_dfa_comb(d)->nentries * 8 +
	       (size_t)pal_dfa_comb(d)->naccept * sizeof(struct pal_accept);
}

/* Bytes the same DFA would take as a flat state x class table. */
size_t pal_dfa_flat_size(const struct pal_dfa *d)
{
	return sizeof(struct pal_dfa_header) + 256 +
	       (size_t)d->nstates * d->nclasses * 4 +
	       (size_t)d->nstates * sizeof(struct pal_accept);
}

void pal_put64(uint8_t *p, uint64_t v, int big)
{
	int i;

	for (i = 0; i < 8; i++)
		p[big ? 7 - i : i] = (uint8_t)(v >> (8 * i));
}

#define PAL_PUT(buf, base, type, field, v, big) \
	pal_put32((buf) + (base) + offsetof(type, field), (v), (big))

/*
 * Write one DFA at @off (8-byte aligned); return the offset just past it.
 * The class map is written as 1 + class: slot 0 of a row is its header.
 */
static size_t pal_write_dfa(uint8_t *buf, size_t off, const struct pal_dfa *d,
			    int big)
{
	const struct pal_comb *cb = pal_dfa_comb(d);
	size_t classes = off + sizeof(struct pal_dfa_header);
	size_t entries = classes + 256;
	size_t accept = entries + (size_t)cb->nentries * 8;
	size_t i;

	PAL_PUT(buf, off, struct pal_dfa_header, nstates, d->nstates, big);
	PAL_PUT(buf, off, struct pal_dfa_header, nclasses, d->nclasses, big);
	PAL_PUT(buf, off, struct pal_dfa_header, start, cb->token[d->start], big);
	PAL_PUT(buf, off, struct pal_dfa_header, classes_off, (uint32_t)classes, big);
	PAL_PUT(buf, off, struct pal_dfa_header, entries_off, (uint32_t)entries, big);
	PAL_PUT(buf, off, struct pal_dfa_header, nentries, cb->nentries, big);
	PAL_PUT(buf, off, struct pal_dfa_header, accept_off, (uint32_t)accept, big);
	PAL_PUT(buf, off, struct pal_dfa_header, naccept, cb->naccept, big);
	for (i = 0; i < 256; i++)
		buf[classes + i] = (uint8_t)(d->classmap[i] + 1);
	for (i = 0; i < cb->nentries; i++)
		pal_put64(buf + entries + 8 * i, cb->ent[i], big);
	for (i = 0; i < cb->naccept; i++) {
		const struct pal_accept *a = &cb->acc[i];
		size_t at = accept + i * sizeof(*a);

		PAL_PUT(buf, at, struct pal_accept, allow, a->allow, big);
		PAL_PUT(buf, at, struct pal_accept, deny, a->deny, big);
		PAL_PUT(buf, at, struct pal_accept, audit, a->audit, big);
		PAL_PUT(buf, at, struct pal_accept, quiet, a->quiet, big);
		PAL_PUT(buf, at, struct pal_accept, owner_allow, a->owner_allow, big);
		PAL_PUT(buf, at, struct pal_accept, owner_deny, a->owner_deny, big);
		PAL_PUT(buf, at, struct pal_accept, value, a->value, big);
		PAL_PUT(buf, at, struct pal_accept, xowner, a->xowner, big);
	}
	return accept + (size_t)cb->naccept * sizeof(struct pal_accept);
}

static size_t pal_align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static size_t pal_add_string(size_t *strsize, const char *s)
{
	size_t at = *strsize;

	*strsize += strlen(s) + 1;
	return at;
}

int pal_policy_write(const struct pal_policy_prof *profs, size_t n,
		     const struct pal_dfa *attach,
		     const char *const *xtargets, size_t nxtargets,
		     int big_endian, void **blob, size_t *size,
		     char *err, size_t errlen)
{
	int big = pal_resolve_big_endian(big_endian);
	size_t hdr = sizeof(struct pal_policy_header);
	size_t recs = hdr, strings = recs + n * sizeof(struct pal_profile_rec);
	size_t strsize = 1, total, off, i, k, nids = 0, xt, ids, empty, idx, dfas;
	size_t *name_off = pal_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *attach_off = pal_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *xt_off = pal_xcalloc(nxtargets ? nxtargets : 1, sizeof(size_t));
	/* the rules DFA of profiles without one: only the dead state */
	struct pal_dfa *empty_dfa = pal_dfa_alloc(1, 1);
	uint8_t *buf;
	uint32_t sum;
	int any_empty = 0;

	/* string table: offset 0 is the empty string */
	for (i = 0; i < n; i++) {
		name_off[i] = pal_add_string(&strsize, profs[i].name);
		if (profs[i].attach[0])
			attach_off[i] = pal_add_string(&strsize, profs[i].attach);
		nids += profs[i].nuids + profs[i].ngids;
		if (!profs[i].rules_dfa)
			any_empty = 1;
	}
	for (i = 0; i < nxtargets; i++)
		xt_off[i] = pal_add_string(&strsize, xtargets[i]);
	xt = pal_align4(strings + strsize);
	ids = xt + nxtargets * sizeof(struct pal_xtarget);
	/* the DFAs start 8-byte aligned: the matcher loads 8-byte entries */
	total = (ids + nids * 4 + 7) & ~(size_t)7;
	dfas = total;
	for (i = 0; i < n; i++) {
		total += pal_dfa_blob_size(profs[i].file_dfa);
		if (profs[i].rules_dfa)
			total += pal_dfa_blob_size(profs[i].rules_dfa);
	}
	if (any_empty)
		total += pal_dfa_blob_size(empty_dfa);
	total += pal_dfa_blob_size(attach);
	if (total > PALISADE_POLICY_MAX) {
		snprintf(err, errlen,
			 "policy needs %zu bytes, more than the %u-byte limit (PALISADE_POLICY_MAX)",
			 total, PALISADE_POLICY_MAX);
		free(name_off);
		free(attach_off);
		free(xt_off);
		pal_dfa_free(empty_dfa);
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
	for (i = 0; i < nxtargets; i++) {
		size_t at = xt + i * sizeof(struct pal_xtarget);

		memcpy(buf + strings + xt_off[i], xtargets[i], strlen(xtargets[i]) + 1);
		PAL_PUT(buf, at, struct pal_xtarget, name_off, (uint32_t)xt_off[i], big);
		PAL_PUT(buf, at, struct pal_xtarget, id, pal_profile_id(xtargets[i]), big);
	}
	/* The shared empty DFA goes right before the attachment DFA. */
	off = total - pal_dfa_blob_size(attach);
	empty = any_empty ? off - pal_dfa_blob_size(empty_dfa) : 0;
	if (any_empty)
		pal_write_dfa(buf, empty, empty_dfa, big);
	PAL_PUT(buf, 0, struct pal_policy_header, attach_dfa_off, (uint32_t)off, big);
	pal_write_dfa(buf, off, attach, big);

	off = dfas;
	idx = 0;
	for (i = 0; i < n; i++) {
		const struct pal_policy_prof *p = &profs[i];
		size_t rec = recs + i * sizeof(struct pal_profile_rec);

		PAL_PUT(buf, rec, struct pal_profile_rec, name_off, (uint32_t)name_off[i], big);
		PAL_PUT(buf, rec, struct pal_profile_rec, attach_off, (uint32_t)attach_off[i], big);
		PAL_PUT(buf, rec, struct pal_profile_rec, mode, p->mode, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, flags, p->flags, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, id, p->id, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, parent_id, p->parent_id, big);
		for (k = 0; k < PAL_CAP_WORDS; k++) {
			size_t w = 4 * k;

			pal_put32(buf + rec + offsetof(struct pal_profile_rec, cap_allow) + w, p->cap_allow[k], big);
			pal_put32(buf + rec + offsetof(struct pal_profile_rec, cap_deny) + w, p->cap_deny[k], big);
			pal_put32(buf + rec + offsetof(struct pal_profile_rec, cap_audit) + w, p->cap_audit[k], big);
			pal_put32(buf + rec + offsetof(struct pal_profile_rec, cap_quiet) + w, p->cap_quiet[k], big);
		}
		PAL_PUT(buf, rec, struct pal_profile_rec, pc_flags, p->pc_flags, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, uids_idx, (uint32_t)idx, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, nuids, (uint32_t)p->nuids, big);
		for (k = 0; k < p->nuids; k++, idx++)
			pal_put32(buf + ids + 4 * idx, p->uids[k], big);
		PAL_PUT(buf, rec, struct pal_profile_rec, gids_idx, (uint32_t)idx, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, ngids, (uint32_t)p->ngids, big);
		for (k = 0; k < p->ngids; k++, idx++)
			pal_put32(buf + ids + 4 * idx, p->gids[k], big);
		PAL_PUT(buf, rec, struct pal_profile_rec, limit_threads, p->limit_threads, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, limit_procs, p->limit_procs, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, file_dfa_off, (uint32_t)off, big);
		off = pal_write_dfa(buf, off, p->file_dfa, big);
		if (p->rules_dfa) {
			PAL_PUT(buf, rec, struct pal_profile_rec, rules_dfa_off, (uint32_t)off, big);
			off = pal_write_dfa(buf, off, p->rules_dfa, big);
		} else {
			PAL_PUT(buf, rec, struct pal_profile_rec, rules_dfa_off, (uint32_t)empty, big);
		}
	}

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
	PAL_PUT(buf, 0, struct pal_policy_header, xtargets_off, (uint32_t)xt, big);
	PAL_PUT(buf, 0, struct pal_policy_header, nxtargets, (uint32_t)nxtargets, big);
	PAL_PUT(buf, 0, struct pal_policy_header, ids_off, (uint32_t)ids, big);
	PAL_PUT(buf, 0, struct pal_policy_header, nids, (uint32_t)nids, big);
	PAL_PUT(buf, 0, struct pal_policy_header, reserved, 0, big);
	sum = pal_fnv1a(PAL_FNV_OFFSET, buf, total);
	PAL_PUT(buf, 0, struct pal_policy_header, checksum, sum, big);

	free(name_off);
	free(attach_off);
	free(xt_off);
	pal_dfa_free(empty_dfa);
	*blob = buf;
	*size = total;
	return 0;
}
