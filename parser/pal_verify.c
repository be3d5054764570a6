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
#include <string.h>

#include "palisade.h"
#include "palisade_parser.h"
#include "pal_util.h"

struct pal_vctx {
	const uint8_t *b;
	uint64_t size;
	char *err;
	size_t errlen;
};

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

static uint32_t pal_rd(const struct pal_vctx *v, uint64_t off)
{
	uint32_t x;

	memcpy(&x, v->b + off, sizeof(x));
	return x;
}

#define PAL_RD(v, base, type, field) pal_rd((v), (base) + offsetof(type, field))

/* [off, off + len) inside the policy and off 4-aligned? */
static int pal_in_bounds(const struct pal_vctx *v, uint64_t off, uint64_t len)
{
	return !(off & 3) && off <= v->size && len <= v->size - off;
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

static int pal_verify_dfa(struct pal_vctx *v, uint32_t off, const char *what,
			  enum pal_vdfa kind, uint32_t max_value)
{
	uint32_t ns, nc, start, classes, trans, accept, i;
	uint64_t s, c;

	if (!pal_in_bounds(v, off, sizeof(struct pal_dfa_header)))
		return pal_vfail(v, -EINVAL, "%s: DFA header at %u out of bounds or misaligned",
				 what, off);
	ns = PAL_RD(v, off, struct pal_dfa_header, nstates);
	nc = PAL_RD(v, off, struct pal_dfa_header, nclasses);
	start = PAL_RD(v, off, struct pal_dfa_header, start);
	classes = PAL_RD(v, off, struct pal_dfa_header, classes_off);
	trans = PAL_RD(v, off, struct pal_dfa_header, trans_off);
	accept = PAL_RD(v, off, struct pal_dfa_header, accept_off);
	if (!ns)
		return pal_vfail(v, -EINVAL, "%s: DFA has no states", what);
	if (nc < 1 || nc > 256)
		return pal_vfail(v, -EINVAL, "%s: DFA has %u byte classes (must be 1..256)",
				 what, nc);
	if (start >= ns)
		return pal_vfail(v, -EINVAL, "%s: DFA start state %u >= %u states",
				 what, start, ns);
	if (!pal_in_bounds(v, classes, 256))
		return pal_vfail(v, -EINVAL, "%s: DFA class map at %u out of bounds or misaligned",
				 what, classes);
	if (!pal_in_bounds(v, trans, (uint64_t)ns * nc * 4))
		return pal_vfail(v, -EINVAL, "%s: DFA transitions at %u (%u x %u) out of bounds or misaligned",
				 what, trans, ns, nc);
	if (!pal_in_bounds(v, accept, (uint64_t)ns * sizeof(struct pal_accept)))
		return pal_vfail(v, -EINVAL, "%s: DFA accept table at %u (%u states) out of bounds or misaligned",
				 what, accept, ns);
	for (i = 0; i < 256; i++)
		if (v->b[classes + i] >= nc)
			return pal_vfail(v, -EINVAL, "%s: byte 0x%02x has class %u >= %u classes",
					 what, i, v->b[classes + i], nc);
	for (s = 0; s < ns; s++) {
		for (c = 0; c < nc; c++) {
			uint32_t t = pal_rd(v, trans + (s * nc + c) * 4);

			if (t >= ns)
				return pal_vfail(v, -EINVAL, "%s: transition of state %llu to %u >= %u states",
						 what, (unsigned long long)s, t, ns);
			if (!s && t)
				return pal_vfail(v, -EINVAL, "%s: state 0 is not a dead state (leads to %u)",
						 what, t);
		}
	}
	for (s = 0; s < ns; s++) {
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
				return pal_vfail(v, -EINVAL, "%s: state %llu has unknown permission bits 0x%x",
						 what, (unsigned long long)s, f[k]);
		if (kind == PAL_VDFA_FILE) {
			if (!pal_xvalid(value, max_value) || !pal_xvalid(xowner, max_value))
				return pal_vfail(v, -EINVAL, "%s: state %llu has a bad exec transition 0x%x/0x%x",
						 what, (unsigned long long)s, value, xowner);
		} else {
			if (value > max_value)
				return pal_vfail(v, -EINVAL, "%s: state %llu accept value %u > %u",
						 what, (unsigned long long)s, value, max_value);
			if (xowner)
				return pal_vfail(v, -EINVAL, "%s: state %llu owner exec field is not zero",
						 what, (unsigned long long)s);
		}
		if (!s && (f[0] | f[1] | f[2] | f[3] | f[4] | f[5] | value | xowner))
			return pal_vfail(v, -EINVAL, "%s: state 0 is not a dead state (it accepts)",
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
	s = v->b + strings + off;
	if (!memchr(s, 0, strsize - off))
		return NULL;
	return (const char *)s;
}

int pal_policy_verify(const void *blob, size_t size, char *err, size_t errlen)
{
	struct pal_vctx v = { blob, size, err, errlen };
	uint32_t magic, endian, version, hsize, sum, nprof, profs, attach;
	uint32_t strings, strsize, i, prev_id = 0, xt, nxt, ids, nids;
	uint8_t zero[4] = { 0 };
	uint32_t h;
	int ret;

	if (err && errlen)
		err[0] = 0;
	if (!blob || size < sizeof(struct pal_policy_header))
		return pal_vfail(&v, -EINVAL, "policy truncated: %zu bytes, the header alone is %zu",
				 size, sizeof(struct pal_policy_header));
	magic = PAL_RD(&v, 0, struct pal_policy_header, magic);
	endian = PAL_RD(&v, 0, struct pal_policy_header, endian);
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
	version = PAL_RD(&v, 0, struct pal_policy_header, version);
	if (version != PALISADE_POLICY_VERSION)
		return pal_vfail(&v, -EINVAL, "unsupported policy version %u (expected %u)",
				 version, PALISADE_POLICY_VERSION);
	hsize = PAL_RD(&v, 0, struct pal_policy_header, size);
	if (hsize > PALISADE_POLICY_MAX || size > PALISADE_POLICY_MAX)
		return pal_vfail(&v, -E2BIG, "policy of %zu bytes exceeds the %u-byte limit",
				 hsize > size ? (size_t)hsize : size,
				 PALISADE_POLICY_MAX);
	if (hsize != size)
		return pal_vfail(&v, -EINVAL, "policy truncated or padded: header says %u bytes, got %zu",
				 hsize, size);
	if (size & 3)
		return pal_vfail(&v, -EINVAL, "policy size %zu is not a multiple of 4", size);
	sum = PAL_RD(&v, 0, struct pal_policy_header, checksum);
	h = pal_fnv1a(PAL_FNV_OFFSET, v.b, offsetof(struct pal_policy_header, checksum));
	h = pal_fnv1a(h, zero, 4);
	h = pal_fnv1a(h, v.b + offsetof(struct pal_policy_header, checksum) + 4,
		      size - offsetof(struct pal_policy_header, checksum) - 4);
	if (h != sum)
		return pal_vfail(&v, -EINVAL, "checksum mismatch (stored 0x%08x, computed 0x%08x)",
				 sum, h);
	if (PAL_RD(&v, 0, struct pal_policy_header, flags) ||
	    PAL_RD(&v, 0, struct pal_policy_header, reserved))
		return pal_vfail(&v, -EINVAL, "reserved header fields are not zero");
	nprof = PAL_RD(&v, 0, struct pal_policy_header, nprofiles);
	profs = PAL_RD(&v, 0, struct pal_policy_header, profiles_off);
	attach = PAL_RD(&v, 0, struct pal_policy_header, attach_dfa_off);
	strings = PAL_RD(&v, 0, struct pal_policy_header, strings_off);
	strsize = PAL_RD(&v, 0, struct pal_policy_header, strings_size);
	if (!pal_in_bounds(&v, profs, (uint64_t)nprof * sizeof(struct pal_profile_rec)))
		return pal_vfail(&v, -EINVAL, "profile records (%u at %u) out of bounds or misaligned",
				 nprof, profs);
	if (!strsize || !pal_in_bounds(&v, strings, strsize))
		return pal_vfail(&v, -EINVAL, "string table (%u bytes at %u) out of bounds or misaligned",
				 strsize, strings);
	xt = PAL_RD(&v, 0, struct pal_policy_header, xtargets_off);
	nxt = PAL_RD(&v, 0, struct pal_policy_header, nxtargets);
	ids = PAL_RD(&v, 0, struct pal_policy_header, ids_off);
	nids = PAL_RD(&v, 0, struct pal_policy_header, nids);
	if (!pal_in_bounds(&v, xt, (uint64_t)nxt * sizeof(struct pal_xtarget)) ||
	    nxt > PAL_X_TARGET_MAX)
		return pal_vfail(&v, -EINVAL, "exec target table (%u at %u) out of bounds or misaligned",
				 nxt, xt);
	if (!pal_in_bounds(&v, ids, (uint64_t)nids * 4))
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
