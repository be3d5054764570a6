// SPDX-License-Identifier: GPL-2.0
/*
 * The loader's trust boundary.  Everything match.h will read is checked
 * here, with overflow-safe 64-bit arithmetic, before a policy may reach
 * the kernel: once it passes, every offset, length and state number the
 * matcher follows is in bounds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade.h"
#include "palisade_parser.h"
#include "pal_comb.h"
#include "pal_util.h"

/*
 * The policy as its segments: a virtual offset names segment off >> 21
 * and a place in it; every table must lie inside the used bytes of one
 * segment.
 */
struct pal_vctx {
	const uint8_t *seg[PAL_POLICY_SEGS];
	uint64_t size[PAL_POLICY_SEGS];
	uint32_t nsegs;
	char *err;
	size_t errlen;
};

#define PAL_SEG_OF(off)		((uint64_t)(off) >> PAL_SEG_SHIFT)
#define PAL_IN_SEG(off)		((uint64_t)(off) & (PALISADE_POLICY_MAX - 1))

static int pal_vfail(struct pal_vctx *v, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pal_vfail(struct pal_vctx *v, int code, const char *fmt, ...)
{
	va_list ap;

	if (v->err && v->errlen) {
		va_start(ap, fmt);
		vsnprintf(v->err, v->errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

/* The bytes at virtual offset @off, which pal_in_bounds() has checked. */
static const uint8_t *pal_vp(const struct pal_vctx *v, uint64_t off)
{
	return v->seg[PAL_SEG_OF(off)] + PAL_IN_SEG(off);
}

static uint32_t pal_rd(const struct pal_vctx *v, uint64_t off)
{
	uint32_t x;

	memcpy(&x, pal_vp(v, off), sizeof(x));
	return x;
}

#define PAL_RD(v, base, type, field) pal_rd((v), (base) + offsetof(type, field))

/* [off, off + len) inside the used bytes of one segment, off 4-aligned? */
static int pal_in_bounds(const struct pal_vctx *v, uint64_t off, uint64_t len)
{
	uint64_t k = PAL_SEG_OF(off), in = PAL_IN_SEG(off);

	return !(off & 3) && k < v->nsegs && in <= v->size[k] &&
	       len <= v->size[k] - in;
}

/* The same, in segment 0: the tables every hook reads from the bank's
 * own map value. */
static int pal_in_seg0(const struct pal_vctx *v, uint64_t off, uint64_t len)
{
	return !PAL_SEG_OF(off) && pal_in_bounds(v, off, len);
}

/* What a DFA's accept records hold, by the DFA's role. */
enum pal_vdfa {
	PAL_VDFA_FILE,		/* file perms; value/xowner: exec transitions */
	PAL_VDFA_RULES,		/* class perms; value/xowner zero */
	PAL_VDFA_ATTACH,	/* value: profile index + 1; xowner zero */
};

/* A valid PAL_X_* word with a target index up to @ntargets? */
static int pal_xvalid(uint32_t x, uint32_t ntargets)
{
	uint32_t type = x & PAL_X_TYPE_MASK;
	uint32_t fb = (x & PAL_X_FALLBACK_MASK) >> PAL_X_FALLBACK_SHIFT;
	uint32_t known = PAL_X_TYPE_MASK | PAL_X_FALLBACK_MASK | PAL_X_SCRUB |
			 (PAL_X_TARGET_MAX << PAL_X_TARGET_SHIFT);

	if (x & ~known)
		return 0;
	if (type > PAL_X_UX || fb > 2)
		return 0;
	if (type == PAL_X_NONE && x)
		return 0;
	return (x >> PAL_X_TARGET_SHIFT) <= ntargets;
}

/* Comb entry @i of the comb at @ent of @esize-byte entries, in the 8-byte
 * form (a 4-byte entry widened); the caller checked the comb's bounds. */
static uint64_t pal_rd_entry(const struct pal_vctx *v, uint64_t ent,
			     uint32_t esize, uint64_t i)
{
	return pal_comb_entry_at(pal_vp(v, ent), esize, (uint32_t)i);
}

/*
 * The comb of a DFA: every entry is unused, a state's header or a row
 * entry of a state; there are @ns headers, the dead state's at token 0
 * naming the all-zero accept record 0, each naming an accept record below
 * @na and with its whole row, header + nc classes, inside the comb; every
 * row entry lies within its owner's row; every next and default half is
 * a token; the dead state owns no row entry and has no default, so
 * nothing leaves it.  Marks the tokens in is_tok[n].
 */
static int pal_verify_comb(struct pal_vctx *v, const char *what, uint64_t ent,
			   uint32_t esize, uint32_t n, uint32_t ns, uint32_t na,
			   uint32_t nc, uint8_t *is_tok)
{
	uint64_t i, heads = 0;

	for (i = 0; i < n; i++) {
		uint64_t e = pal_rd_entry(v, ent, esize, i);
		uint32_t chk = PAL_DFA_ENTRY_CHECK(e), a;

		if (chk == PAL_DFA_ENTRY_CHECK(PAL_DFA_EMPTY)) {
			if (e != PAL_DFA_EMPTY)
				return pal_vfail(v, -EINVAL, "%s: comb entry %llu is unused but not empty",
						 what, (unsigned long long)i);
			continue;
		}
		if (!(chk & PAL_DFA_HDR))
			continue;
		a = chk & ~PAL_DFA_HDR;
		if (a >= na)
			return pal_vfail(v, -EINVAL, "%s: state at token %llu names accept record %u >= %u",
					 what, (unsigned long long)i, a, na);
		if (i + nc >= n)
			return pal_vfail(v, -EINVAL, "%s: row of the state at token %llu runs past the %u-entry comb",
					 what, (unsigned long long)i, n);
		is_tok[i] = 1;
		heads++;
	}
	if (heads != ns)
		return pal_vfail(v, -EINVAL, "%s: comb holds %llu states, header says %u",
				 what, (unsigned long long)heads, ns);
	if (pal_rd_entry(v, ent, esize, 0) != PAL_DFA_ENTRY(0, PAL_DFA_HDR))
		return pal_vfail(v, -EINVAL, "%s: state 0 is not a dead state (token 0 is not a header without default and accept)",
				 what);
	for (i = 0; i < n; i++) {
		uint64_t e = pal_rd_entry(v, ent, esize, i);
		uint32_t chk = PAL_DFA_ENTRY_CHECK(e), next = PAL_DFA_ENTRY_NEXT(e);

		if (e == PAL_DFA_EMPTY)
			continue;
		if (next >= n || !is_tok[next])
			return pal_vfail(v, -EINVAL, "%s: comb entry %llu leads to %u, not a state",
					 what, (unsigned long long)i, next);
		if (chk & PAL_DFA_HDR)
			continue;
		if (!chk && i <= nc)
			return pal_vfail(v, -EINVAL, "%s: state 0 is not a dead state (leads to %u)",
					 what, next);
		if (chk >= i || i - chk > nc || !is_tok[chk])
			return pal_vfail(v, -EINVAL, "%s: comb entry %llu claims owner %u outside its row",
					 what, (unsigned long long)i, chk);
	}
	return 0;
}

static int pal_verify_dfa(struct pal_vctx *v, uint32_t off, const char *what,
			  enum pal_vdfa kind, uint32_t max_value)
{
	uint32_t ns, nc, na, start, classes, ent, nent, accept, esize, i;
	uint8_t *is_tok;
	uint64_t s;
	int ret;

	if (!pal_in_bounds(v, off, sizeof(struct pal_dfa_header)))
		return pal_vfail(v, -EINVAL, "%s: DFA header at %u out of bounds or misaligned",
				 what, off);
	ns = PAL_RD(v, off, struct pal_dfa_header, nstates);
	nc = PAL_RD(v, off, struct pal_dfa_header, nclasses);
	start = PAL_RD(v, off, struct pal_dfa_header, start);
	classes = PAL_RD(v, off, struct pal_dfa_header, classes_off);
	ent = PAL_RD(v, off, struct pal_dfa_header, entries_off);
	nent = PAL_RD(v, off, struct pal_dfa_header, nentries);
	accept = PAL_RD(v, off, struct pal_dfa_header, accept_off);
	na = PAL_RD(v, off, struct pal_dfa_header, naccept);
	esize = PAL_RD(v, off, struct pal_dfa_header, entry_size);
	if ((esize != 4 && esize != 8) ||
	    PAL_RD(v, off, struct pal_dfa_header, reserved))
		return pal_vfail(v, -EINVAL, "%s: DFA comb entries of %u bytes (must be 4 or 8; reserved 0)",
				 what, esize);
	if (esize == 4 && (nent > PAL_DFA16_MAX || na > PAL_DFA16_MAX))
		return pal_vfail(v, -EINVAL, "%s: DFA of %u comb entries and %u accept records in 4-byte entries (at most %u)",
				 what, nent, na, PAL_DFA16_MAX);
	if (!na || na > ns)
		return pal_vfail(v, -EINVAL, "%s: DFA has %u accept records for %u states",
				 what, na, ns);
	if (!ns || ns > PAL_DFA_STATES_MAX)
		return pal_vfail(v, -EINVAL, "%s: DFA has %u states (must be 1..%u)",
				 what, ns, PAL_DFA_STATES_MAX);
	if (nc < 1 || nc > 256)
		return pal_vfail(v, -EINVAL, "%s: DFA has %u byte classes (must be 1..256)",
				 what, nc);
	/* The matcher reads a DFA's tables from the segment of its header. */
	if (PAL_SEG_OF(classes) != PAL_SEG_OF(off) ||
	    PAL_SEG_OF(ent) != PAL_SEG_OF(off) ||
	    PAL_SEG_OF(accept) != PAL_SEG_OF(off))
		return pal_vfail(v, -EINVAL, "%s: DFA at %u crosses a segment boundary (tables at %u, %u, %u)",
				 what, off, classes, ent, accept);
	if (!pal_in_bounds(v, classes, 256))
		return pal_vfail(v, -EINVAL, "%s: DFA class map at %u out of bounds or misaligned",
				 what, classes);
	if ((ent & 7) || !pal_in_bounds(v, ent, (uint64_t)nent * esize))
		return pal_vfail(v, -EINVAL, "%s: DFA comb at %u (%u entries) out of bounds or not 8-byte aligned",
				 what, ent, nent);
	if ((uint64_t)nent < (uint64_t)nc + 1)
		return pal_vfail(v, -EINVAL, "%s: DFA comb of %u entries cannot hold a row of %u classes",
				 what, nent, nc);
	if (!pal_in_bounds(v, accept, (uint64_t)na * sizeof(struct pal_accept)))
		return pal_vfail(v, -EINVAL, "%s: DFA accept table at %u (%u records) out of bounds or misaligned",
				 what, accept, na);
	for (i = 0; i < 256; i++)
		if (pal_vp(v, classes)[i] < 1 || pal_vp(v, classes)[i] > nc)
			return pal_vfail(v, -EINVAL, "%s: byte 0x%02x has class %u, not in 1..%u",
					 what, i, pal_vp(v, classes)[i], nc);
	is_tok = calloc(nent, 1);
	if (!is_tok)
		return pal_vfail(v, -ENOMEM, "%s: out of memory", what);
	ret = pal_verify_comb(v, what, ent, esize, nent, ns, na, nc, is_tok);
	if (!ret && (start >= nent || !is_tok[start]))
		ret = pal_vfail(v, -EINVAL, "%s: DFA start %u is not a state", what, start);
	free(is_tok);
	if (ret)
		return ret;
	for (s = 0; s < na; s++) {
		uint64_t a = accept + s * sizeof(struct pal_accept);
		uint32_t f[6], value, xowner;
		uint32_t mask = kind == PAL_VDFA_RULES ? (uint32_t)PAL_NET_MASK :
							 (uint32_t)PAL_MAY_MASK;
		int k;

		f[0] = PAL_RD(v, a, struct pal_accept, allow);
		f[1] = PAL_RD(v, a, struct pal_accept, deny);
		f[2] = PAL_RD(v, a, struct pal_accept, audit);
		f[3] = PAL_RD(v, a, struct pal_accept, quiet);
		f[4] = PAL_RD(v, a, struct pal_accept, owner_allow);
		f[5] = PAL_RD(v, a, struct pal_accept, owner_deny);
		value = PAL_RD(v, a, struct pal_accept, value);
		xowner = PAL_RD(v, a, struct pal_accept, xowner);
		for (k = 0; k < 6; k++)
			if (f[k] & ~mask)
				return pal_vfail(v, -EINVAL, "%s: accept record %llu has unknown permission bits 0x%x",
						 what, (unsigned long long)s, f[k]);
		if (kind == PAL_VDFA_FILE) {
			if (!pal_xvalid(value, max_value) || !pal_xvalid(xowner, max_value))
				return pal_vfail(v, -EINVAL, "%s: accept record %llu has a bad exec transition 0x%x/0x%x",
						 what, (unsigned long long)s, value, xowner);
		} else {
			if (value > max_value)
				return pal_vfail(v, -EINVAL, "%s: accept record %llu value %u > %u",
						 what, (unsigned long long)s, value, max_value);
			if (xowner)
				return pal_vfail(v, -EINVAL, "%s: accept record %llu owner exec field is not zero",
						 what, (unsigned long long)s);
		}
		if (!s && (f[0] | f[1] | f[2] | f[3] | f[4] | f[5] | value | xowner))
			return pal_vfail(v, -EINVAL, "%s: accept record 0 is not empty",
					 what);
	}
	return 0;
}

/* A NUL-terminated string starting at @off of the string table. */
static const char *pal_vstring(struct pal_vctx *v, uint32_t strings,
			       uint32_t strsize, uint32_t off)
{
	const uint8_t *s;

	if (off >= strsize)
		return NULL;
	s = pal_vp(v, (uint64_t)strings + off);
	if (!memchr(s, 0, strsize - off))
		return NULL;
	return (const char *)s;
}

int pal_policy_verify(const void *blob, size_t size, char *err, size_t errlen)
{
	struct pal_vctx v = { .err = err, .errlen = errlen };
	struct pal_policy_seg segs[PAL_POLICY_SEGS];
	uint32_t magic, endian, version, sum, nprof, profs, attach, k;
	uint32_t strings, strsize, i, prev_id = 0, xt, nxt, ids, nids;
	const uint8_t *b = blob;
	uint8_t zero[4] = { 0 };
	uint32_t h;
	int ret;

	if (err && errlen)
		err[0] = 0;
	if (!blob || size < sizeof(struct pal_policy_header))
		return pal_vfail(&v, -EINVAL, "policy truncated: %zu bytes, the header alone is %zu",
				 size, sizeof(struct pal_policy_header));
	memcpy(&magic, b + offsetof(struct pal_policy_header, magic), 4);
	memcpy(&endian, b + offsetof(struct pal_policy_header, endian), 4);
	if (magic == __builtin_bswap32(PALISADE_POLICY_MAGIC) ||
	    (magic == PALISADE_POLICY_MAGIC &&
	     endian == PALISADE_ENDIAN_TAG_SWAPPED)) {
		const uint32_t one = 1;
		int host_big = *(const uint8_t *)&one == 0;

		return pal_vfail(&v, -EINVAL, "policy is %s-endian, this machine is %s-endian",
				 host_big ? "little" : "big",
				 host_big ? "big" : "little");
	}
	if (magic != PALISADE_POLICY_MAGIC)
		return pal_vfail(&v, -EINVAL, "not a palisade policy (bad magic 0x%08x)", magic);
	if (endian != PALISADE_ENDIAN_TAG)
		return pal_vfail(&v, -EINVAL, "bad endian tag 0x%08x", endian);
	memcpy(&version, b + offsetof(struct pal_policy_header, version), 4);
	if (version != PALISADE_POLICY_VERSION)
		return pal_vfail(&v, -EINVAL, "unsupported policy version %u (expected %u)",
				 version, PALISADE_POLICY_VERSION);
	/* Header, segment table and sizes: the reader's checks. */
	ret = pal_policy_segments(blob, size, segs, &v.nsegs, err, errlen);
	if (ret)
		return ret;
	for (k = 0; k < v.nsegs; k++) {
		v.seg[k] = b;
		v.size[k] = segs[k].size;
		b += segs[k].size;
	}
	if (v.size[0] & 3)
		return pal_vfail(&v, -EINVAL, "policy size %llu is not a multiple of 4",
				 (unsigned long long)v.size[0]);
	sum = PAL_RD(&v, 0, struct pal_policy_header, checksum);
	h = pal_fnv1a(PAL_FNV_OFFSET, v.seg[0], offsetof(struct pal_policy_header, checksum));
	h = pal_fnv1a(h, zero, 4);
	h = pal_fnv1a(h, v.seg[0] + offsetof(struct pal_policy_header, checksum) + 4,
		      v.size[0] - offsetof(struct pal_policy_header, checksum) - 4);
	if (h != sum)
		return pal_vfail(&v, -EINVAL, "checksum mismatch (stored 0x%08x, computed 0x%08x)",
				 sum, h);
	for (k = 1; k < v.nsegs; k++) {
		h = pal_fnv1a(PAL_FNV_OFFSET, v.seg[k], v.size[k]);
		if (h != segs[k].checksum)
			return pal_vfail(&v, -EINVAL, "segment %u: checksum mismatch (stored 0x%08x, computed 0x%08x)",
					 k, segs[k].checksum, h);
		if (!v.size[k])
			return pal_vfail(&v, -EINVAL, "segment %u is empty", k);
	}
	if (PAL_RD(&v, 0, struct pal_policy_header, flags) ||
	    PAL_RD(&v, 0, struct pal_policy_header, reserved))
		return pal_vfail(&v, -EINVAL, "reserved header fields are not zero");
	nprof = PAL_RD(&v, 0, struct pal_policy_header, nprofiles);
	profs = PAL_RD(&v, 0, struct pal_policy_header, profiles_off);
	attach = PAL_RD(&v, 0, struct pal_policy_header, attach_dfa_off);
	strings = PAL_RD(&v, 0, struct pal_policy_header, strings_off);
	strsize = PAL_RD(&v, 0, struct pal_policy_header, strings_size);
	if (!pal_in_seg0(&v, profs, (uint64_t)nprof * sizeof(struct pal_profile_rec)))
		return pal_vfail(&v, -EINVAL, "profile records (%u at %u) out of bounds or misaligned",
				 nprof, profs);
	if (!strsize || !pal_in_seg0(&v, strings, strsize))
		return pal_vfail(&v, -EINVAL, "string table (%u bytes at %u) out of bounds or misaligned",
				 strsize, strings);
	xt = PAL_RD(&v, 0, struct pal_policy_header, xtargets_off);
	nxt = PAL_RD(&v, 0, struct pal_policy_header, nxtargets);
	ids = PAL_RD(&v, 0, struct pal_policy_header, ids_off);
	nids = PAL_RD(&v, 0, struct pal_policy_header, nids);
	if (!pal_in_seg0(&v, xt, (uint64_t)nxt * sizeof(struct pal_xtarget)) ||
	    nxt > PAL_X_TARGET_MAX)
		return pal_vfail(&v, -EINVAL, "exec target table (%u at %u) out of bounds or misaligned",
				 nxt, xt);
	if (!pal_in_seg0(&v, ids, (uint64_t)nids * 4))
		return pal_vfail(&v, -EINVAL, "id table (%u at %u) out of bounds or misaligned",
				 nids, ids);
	for (i = 0; i < nxt; i++) {
		uint64_t e = xt + (uint64_t)i * sizeof(struct pal_xtarget);
		const char *tn = pal_vstring(&v, strings, strsize,
					     PAL_RD(&v, e, struct pal_xtarget, name_off));

		if (!tn || !*tn)
			return pal_vfail(&v, -EINVAL, "exec target %u: name is not a string of the string table", i);
		if (PAL_RD(&v, e, struct pal_xtarget, id) != pal_profile_id(tn))
			return pal_vfail(&v, -EINVAL, "exec target %u: id does not match its name", i);
	}
	for (i = 0; i < nprof; i++) {
		uint64_t rec = profs + (uint64_t)i * sizeof(struct pal_profile_rec);
		uint32_t id = PAL_RD(&v, rec, struct pal_profile_rec, id);
		uint32_t mode = PAL_RD(&v, rec, struct pal_profile_rec, mode);
		const char *name, *att;
		char what[64];

		name = pal_vstring(&v, strings, strsize,
				   PAL_RD(&v, rec, struct pal_profile_rec, name_off));
		att = pal_vstring(&v, strings, strsize,
				  PAL_RD(&v, rec, struct pal_profile_rec, attach_off));
		if (!name || !*name)
			return pal_vfail(&v, -EINVAL, "profile %u: name is not a string of the string table", i);
		if (!att)
			return pal_vfail(&v, -EINVAL, "profile %u: attachment is not a string of the string table", i);
		if (!id || (i && id <= prev_id))
			return pal_vfail(&v, -EINVAL, "profile %u: ids not sorted, unique and non-zero", i);
		if (id != pal_profile_id(name))
			return pal_vfail(&v, -EINVAL, "profile %u: id 0x%08x does not match its name", i, id);
		prev_id = id;
		if (mode > PAL_MODE_LAST)
			return pal_vfail(&v, -EINVAL, "profile %u: unknown mode %u", i, mode);
		if (PAL_RD(&v, rec, struct pal_profile_rec, flags) & ~PAL_PF_MASK)
			return pal_vfail(&v, -EINVAL, "profile %u: unknown flags", i);
		if (PAL_RD(&v, rec, struct pal_profile_rec, pc_flags) & ~PAL_PC_MASK)
			return pal_vfail(&v, -EINVAL, "profile %u: unknown program-control flags", i);
		if (PAL_RD(&v, rec, struct pal_profile_rec, reserved))
			return pal_vfail(&v, -EINVAL, "profile %u: reserved field is not zero", i);
		if ((uint64_t)PAL_RD(&v, rec, struct pal_profile_rec, uids_idx) +
		    PAL_RD(&v, rec, struct pal_profile_rec, nuids) > nids ||
		    (uint64_t)PAL_RD(&v, rec, struct pal_profile_rec, gids_idx) +
		    PAL_RD(&v, rec, struct pal_profile_rec, ngids) > nids)
			return pal_vfail(&v, -EINVAL, "profile %u: id list out of the id table", i);
		if (!PAL_RD(&v, rec, struct pal_profile_rec, parent_id) !=
		    !(PAL_RD(&v, rec, struct pal_profile_rec, flags) & PAL_PF_CHILD))
			return pal_vfail(&v, -EINVAL, "profile %u: parent id and child flag disagree", i);
		snprintf(what, sizeof(what), "profile %u", i);
		ret = pal_verify_dfa(&v, PAL_RD(&v, rec, struct pal_profile_rec, file_dfa_off),
				     what, PAL_VDFA_FILE, nxt);
		if (ret)
			return ret;
		snprintf(what, sizeof(what), "profile %u rules", i);
		ret = pal_verify_dfa(&v, PAL_RD(&v, rec, struct pal_profile_rec, rules_dfa_off),
				     what, PAL_VDFA_RULES, 0);
		if (ret)
			return ret;
	}
	if (PAL_SEG_OF(attach))
		return pal_vfail(&v, -EINVAL, "attachment DFA at %u is not in segment 0", attach);
	return pal_verify_dfa(&v, attach, "attachment", PAL_VDFA_ATTACH, nprof);
}

int pal_policy_profile_index(const void *blob, const char *name)
{
	const uint8_t *b = blob;
	struct pal_policy_header h;
	uint32_t i;

	memcpy(&h, b, sizeof(h));
	for (i = 0; i < h.nprofiles; i++) {
		struct pal_profile_rec r;

		memcpy(&r, b + h.profiles_off + i * sizeof(r), sizeof(r));
		if (!strcmp((const char *)b + h.strings_off + r.name_off, name))
			return (int)i;
	}
	return -1;
}
