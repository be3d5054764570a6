// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pal_comb.h"
#include "pal_policy.h"
#include "pal_util.h"
#include "palisade_parser.h"

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

/* Bytes of @cb's comb as written: padded to 8 so that what follows
 * stays 8-byte aligned. */
static size_t pal_comb_bytes(const struct pal_comb *cb)
{
	return ((size_t)cb->nentries * cb->entry_size + 7) & ~(size_t)7;
}

size_t pal_dfa_blob_size(const struct pal_dfa *d)
{
	return sizeof(struct pal_dfa_header) + 256 +
	       pal_comb_bytes(pal_dfa_comb(d)) +
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
	size_t accept = entries + pal_comb_bytes(cb);
	size_t i;

	PAL_PUT(buf, off, struct pal_dfa_header, nstates, d->nstates, big);
	PAL_PUT(buf, off, struct pal_dfa_header, nclasses, d->nclasses, big);
	PAL_PUT(buf, off, struct pal_dfa_header, start, cb->token[d->start], big);
	PAL_PUT(buf, off, struct pal_dfa_header, classes_off, (uint32_t)classes, big);
	PAL_PUT(buf, off, struct pal_dfa_header, entries_off, (uint32_t)entries, big);
	PAL_PUT(buf, off, struct pal_dfa_header, nentries, cb->nentries, big);
	PAL_PUT(buf, off, struct pal_dfa_header, accept_off, (uint32_t)accept, big);
	PAL_PUT(buf, off, struct pal_dfa_header, naccept, cb->naccept, big);
	PAL_PUT(buf, off, struct pal_dfa_header, entry_size, cb->entry_size, big);
	PAL_PUT(buf, off, struct pal_dfa_header, reserved, 0, big);
	for (i = 0; i < 256; i++)
		buf[classes + i] = (uint8_t)(d->classmap[i] + 1);
	for (i = 0; i < cb->nentries; i++) {
		uint64_t e = cb->ent[i];

		if (cb->entry_size == 8) {
			pal_put64(buf + entries + 8 * i, e, big);
			continue;
		}
		/* Tokens and accept indices fit (pal_comb_build() checked). */
		pal_put32(buf + entries + 4 * i, pal_dfa_narrow16(e), big);
	}
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

void pal_seg_packer_init(struct pal_seg_packer *p, size_t seg0_used)
{
	memset(p, 0, sizeof(*p));
	p->used[0] = (uint32_t)seg0_used;
	p->nsegs = 1;
}

int64_t pal_seg_place(struct pal_seg_packer *p, size_t size)
{
	uint32_t k;

	if (size > PALISADE_POLICY_MAX)
		return -1;
	/* First fit: a later small DFA fills what a large one left. */
	for (k = 0; k < PAL_POLICY_SEGS; k++) {
		if (size > PALISADE_POLICY_MAX - p->used[k])
			continue;
		if (k >= p->nsegs)
			p->nsegs = k + 1;
		p->used[k] += (uint32_t)size;
		return ((int64_t)k << PAL_SEG_SHIFT) + p->used[k] - (int64_t)size;
	}
	return -1;
}

/* Place one DFA of profile @name, with a message naming it on failure. */
static int64_t pal_place_dfa(struct pal_seg_packer *pk, const struct pal_dfa *d,
			     const char *name, const char *what,
			     char *err, size_t errlen)
{
	size_t sz = pal_dfa_blob_size(d);
	int64_t at = pal_seg_place(pk, sz);

	if (at >= 0)
		return at;
	if (sz > PALISADE_POLICY_MAX)
		snprintf(err, errlen,
			 "profile '%s': its %s DFA needs %zu bytes, more than one %u-byte policy segment (PALISADE_POLICY_MAX)",
			 name, what, sz, PALISADE_POLICY_MAX);
	else
		snprintf(err, errlen,
			 "policy needs more than %u segments of %u bytes (PAL_POLICY_SEGS x PALISADE_POLICY_MAX), at profile '%s'",
			 PAL_POLICY_SEGS, PALISADE_POLICY_MAX, name);
	return -1;
}

int pal_policy_pack(const uint8_t *vbuf, const struct pal_seg_packer *pk,
		    int big, void **blob, size_t *size)
{
	size_t total = 0, at;
	uint32_t k, segs, sum;
	uint8_t *out, *b0 = (uint8_t *)vbuf;

	segs = pal_get32(vbuf + offsetof(struct pal_policy_header, segs_off), big);
	for (k = 1; k < pk->nsegs; k++) {
		size_t e = segs + (k - 1) * sizeof(struct pal_policy_seg);
		const uint8_t *seg = vbuf + ((size_t)k << PAL_SEG_SHIFT);

		PAL_PUT(b0, e, struct pal_policy_seg, size, pk->used[k], big);
		PAL_PUT(b0, e, struct pal_policy_seg, checksum,
			pal_fnv1a(PAL_FNV_OFFSET, seg, pk->used[k]), big);
	}
	PAL_PUT(b0, 0, struct pal_policy_header, nsegs, pk->nsegs, big);
	PAL_PUT(b0, 0, struct pal_policy_header, size, pk->used[0], big);
	PAL_PUT(b0, 0, struct pal_policy_header, checksum, 0, big);
	sum = pal_fnv1a(PAL_FNV_OFFSET, vbuf, pk->used[0]);
	PAL_PUT(b0, 0, struct pal_policy_header, checksum, sum, big);
	for (k = 0; k < pk->nsegs; k++)
		total += pk->used[k];
	out = pal_xcalloc(1, total);
	for (k = 0, at = 0; k < pk->nsegs; k++) {
		memcpy(out + at, vbuf + ((size_t)k << PAL_SEG_SHIFT), pk->used[k]);
		at += pk->used[k];
	}
	*blob = out;
	*size = total;
	return 0;
}

void *pal_policy_vbuf_alloc(void)
{
	/* calloc of this size maps zero pages lazily: unused segments cost
	 * address space, not memory. */
	return calloc(1, PAL_POLICY_VSIZE);
}

static int pal_unpack_fail(char *err, size_t errlen, int code,
			   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int pal_unpack_fail(char *err, size_t errlen, int code,
			   const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

int pal_policy_segments(const void *blob, size_t size,
			struct pal_policy_seg *segs, uint32_t *nsegs,
			char *err, size_t errlen)
{
	const uint8_t *b = blob;
	struct pal_policy_header h;
	uint64_t total;
	uint32_t k;

	if (size > PAL_POLICY_VSIZE)
		return pal_unpack_fail(err, errlen, -E2BIG,
				       "policy of %zu bytes exceeds the %llu-byte limit (PAL_POLICY_SEGS x PALISADE_POLICY_MAX)",
				       size, (unsigned long long)PAL_POLICY_VSIZE);
	if (!blob || size < sizeof(h))
		return pal_unpack_fail(err, errlen, -EINVAL,
				       "policy truncated: %zu bytes, the header alone is %zu",
				       size, sizeof(h));
	memcpy(&h, b, sizeof(h));
	if (h.magic == __builtin_bswap32(PALISADE_POLICY_MAGIC) ||
	    (h.magic == PALISADE_POLICY_MAGIC && h.endian == PALISADE_ENDIAN_TAG_SWAPPED))
		return pal_unpack_fail(err, errlen, -EINVAL,
				       "policy is in the foreign byte order");
	if (h.magic != PALISADE_POLICY_MAGIC)
		return pal_unpack_fail(err, errlen, -EINVAL,
				       "not a palisade policy (bad magic 0x%08x)",
				       h.magic);
	if (h.version != PALISADE_POLICY_VERSION)
		return pal_unpack_fail(err, errlen, -EINVAL,
				       "unsupported policy version %u (expected %u)",
				       h.version, PALISADE_POLICY_VERSION);
	if (!h.nsegs || h.nsegs > PAL_POLICY_SEGS)
		return pal_unpack_fail(err, errlen, -E2BIG,
				       "policy has %u segments (must be 1..%u)",
				       h.nsegs, PAL_POLICY_SEGS);
	if (h.size > PALISADE_POLICY_MAX || h.size < sizeof(h) || h.size > size)
		return pal_unpack_fail(err, errlen, h.size > PALISADE_POLICY_MAX ? -E2BIG : -EINVAL,
				       "segment 0 of %u bytes: beyond the %zu-byte segment or the file",
				       h.size, h.size > PALISADE_POLICY_MAX ?
				       (size_t)PALISADE_POLICY_MAX : size);
	if ((h.segs_off & 3) ||
	    (uint64_t)h.segs_off + (uint64_t)(h.nsegs - 1) * sizeof(*segs) > h.size)
		return pal_unpack_fail(err, errlen, -EINVAL,
				       "segment table at %u (%u entries) out of segment 0 or misaligned",
				       h.segs_off, h.nsegs - 1);
	segs[0].size = h.size;
	segs[0].checksum = h.checksum;
	total = h.size;
	for (k = 1; k < h.nsegs; k++) {
		memcpy(&segs[k], b + h.segs_off + (k - 1) * sizeof(*segs), sizeof(*segs));
		if (segs[k].size > PALISADE_POLICY_MAX || (segs[k].size & 7))
			return pal_unpack_fail(err, errlen, -EINVAL,
					       "segment %u: size %u is over the segment size or not 8-byte aligned",
					       k, segs[k].size);
		total += segs[k].size;
	}
	if (total != size)
		return pal_unpack_fail(err, errlen, -EINVAL,
				       "policy truncated or padded: its segments hold %llu bytes, got %zu",
				       (unsigned long long)total, size);
	*nsegs = h.nsegs;
	return 0;
}

int pal_policy_unpack(const void *blob, size_t size, void **vbuf,
		      char *err, size_t errlen)
{
	struct pal_policy_seg segs[PAL_POLICY_SEGS];
	const uint8_t *src = blob;
	uint32_t n, k;
	uint8_t *v;
	int ret;

	*vbuf = NULL;
	ret = pal_policy_segments(blob, size, segs, &n, err, errlen);
	if (ret)
		return ret;
	v = pal_policy_vbuf_alloc();
	if (!v)
		return pal_unpack_fail(err, errlen, -ENOMEM, "out of memory");
	for (k = 0; k < n; k++) {
		memcpy(v + ((size_t)k << PAL_SEG_SHIFT), src, segs[k].size);
		src += segs[k].size;
	}
	*vbuf = v;
	return 0;
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
	size_t strsize = 1, total, i, k, nids = 0, xt, ids, segs, idx;
	size_t *name_off = pal_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *attach_off = pal_xcalloc(n ? n : 1, sizeof(size_t));
	size_t *xt_off = pal_xcalloc(nxtargets ? nxtargets : 1, sizeof(size_t));
	int64_t *file_at = pal_xcalloc(n ? n : 1, sizeof(int64_t));
	int64_t *rules_at = pal_xcalloc(n ? n : 1, sizeof(int64_t));
	/* the rules DFA of profiles without one: only the dead state */
	struct pal_dfa *empty_dfa = pal_dfa_alloc(1, 1);
	struct pal_seg_packer pk;
	int64_t empty = 0, attach_at;
	uint8_t *buf = NULL;
	int any_empty = 0, ret = -1;

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
	segs = ids + nids * 4;
	/* the DFAs start 8-byte aligned: the matcher loads 8-byte entries */
	total = (segs + (PAL_POLICY_SEGS - 1) * sizeof(struct pal_policy_seg) + 7) &
		~(size_t)7;
	/* Segment 0 first: the tables, the attachment DFA and the shared
	 * empty DFA must all be there; profile DFAs go where they fit. */
	pal_seg_packer_init(&pk, 0);
	pk.used[0] = total > PALISADE_POLICY_MAX ? PALISADE_POLICY_MAX : (uint32_t)total;
	attach_at = pal_seg_place(&pk, pal_dfa_blob_size(attach));
	if (any_empty)
		empty = pal_seg_place(&pk, pal_dfa_blob_size(empty_dfa));
	if (total > PALISADE_POLICY_MAX || attach_at < 0 || empty < 0 ||
	    attach_at >= PALISADE_POLICY_MAX || empty >= PALISADE_POLICY_MAX) {
		snprintf(err, errlen,
			 "policy needs %zu bytes in its first segment (profile table, strings, attachment DFA), more than the %u-byte limit (PALISADE_POLICY_MAX)",
			 total + pal_dfa_blob_size(attach) +
			 (any_empty ? pal_dfa_blob_size(empty_dfa) : 0),
			 PALISADE_POLICY_MAX);
		goto out;
	}
	for (i = 0; i < n; i++) {
		file_at[i] = pal_place_dfa(&pk, profs[i].file_dfa, profs[i].name,
					   "file", err, errlen);
		if (file_at[i] < 0)
			goto out;
		rules_at[i] = empty;
		if (profs[i].rules_dfa) {
			rules_at[i] = pal_place_dfa(&pk, profs[i].rules_dfa,
						    profs[i].name, "rules", err,
						    errlen);
			if (rules_at[i] < 0)
				goto out;
		}
	}

	buf = pal_policy_vbuf_alloc();
	if (!buf) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
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
	if (any_empty)
		pal_write_dfa(buf, (size_t)empty, empty_dfa, big);
	PAL_PUT(buf, 0, struct pal_policy_header, attach_dfa_off, (uint32_t)attach_at, big);
	pal_write_dfa(buf, (size_t)attach_at, attach, big);

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
		PAL_PUT(buf, rec, struct pal_profile_rec, file_dfa_off, (uint32_t)file_at[i], big);
		pal_write_dfa(buf, (size_t)file_at[i], p->file_dfa, big);
		PAL_PUT(buf, rec, struct pal_profile_rec, rules_dfa_off, (uint32_t)rules_at[i], big);
		if (p->rules_dfa)
			pal_write_dfa(buf, (size_t)rules_at[i], p->rules_dfa, big);
	}

	PAL_PUT(buf, 0, struct pal_policy_header, magic, PALISADE_POLICY_MAGIC, big);
	PAL_PUT(buf, 0, struct pal_policy_header, endian, PALISADE_ENDIAN_TAG, big);
	PAL_PUT(buf, 0, struct pal_policy_header, version, PALISADE_POLICY_VERSION, big);
	PAL_PUT(buf, 0, struct pal_policy_header, flags, 0, big);
	PAL_PUT(buf, 0, struct pal_policy_header, nprofiles, (uint32_t)n, big);
	PAL_PUT(buf, 0, struct pal_policy_header, profiles_off, (uint32_t)recs, big);
	PAL_PUT(buf, 0, struct pal_policy_header, strings_off, (uint32_t)strings, big);
	PAL_PUT(buf, 0, struct pal_policy_header, strings_size, (uint32_t)strsize, big);
	PAL_PUT(buf, 0, struct pal_policy_header, xtargets_off, (uint32_t)xt, big);
	PAL_PUT(buf, 0, struct pal_policy_header, nxtargets, (uint32_t)nxtargets, big);
	PAL_PUT(buf, 0, struct pal_policy_header, ids_off, (uint32_t)ids, big);
	PAL_PUT(buf, 0, struct pal_policy_header, nids, (uint32_t)nids, big);
	PAL_PUT(buf, 0, struct pal_policy_header, segs_off, (uint32_t)segs, big);
	PAL_PUT(buf, 0, struct pal_policy_header, reserved, 0, big);
	ret = pal_policy_pack(buf, &pk, big, blob, size);
out:
	free(buf);
	free(name_off);
	free(attach_off);
	free(xt_off);
	free(file_at);
	free(rules_at);
	pal_dfa_free(empty_dfa);
	return ret;
}
