/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade decision core: the DFA walk and the permission decision.
 *
 * Written once, compiled into the BPF objects and into the userspace library
 * (unit tests, `palisade explain`).  Plain C: no allocation, every loop
 * bounded, every table load masked into the policy buffer.
 *
 * Offsets are virtual (see PAL_SEG_SHIFT in palisade.h).  In userspace
 * the policy buffer is the whole virtual policy, PAL_POLICY_VSIZE bytes
 * (pal_policy_unpack()), and a segment is a part of it.  Under BPF the
 * buffer handed in is segment 0, the bank's map value, and pal_seg() finds
 * the map value of any other segment; the masks keep each load inside the
 * PALISADE_POLICY_MAX bytes of the segment it is made in.  The loader has
 * verified every offset and state number before a policy reaches this code;
 * the masks only make each load provably in bounds for the BPF verifier, so
 * a corrupted table can produce a wrong answer but never a stray access.
 *
 * Segments are chosen only where a DFA offset is taken from a profile
 * record; a DFA walk and its accept records stay in that DFA's segment,
 * and everything else (records, strings, exec targets, ids, the
 * attachment DFA) is in segment 0.
 */
#ifndef PALISADE_MATCH_H
#define PALISADE_MATCH_H

#include "palisade.h"

#ifndef offsetof
#define offsetof(type, member) __builtin_offsetof(type, member)
#endif

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif

/*
 * Hide a value from the optimiser so that the mask after it is emitted as
 * written: clang drops masks it can prove redundant, the verifier cannot.
 */
#define pal_opaque(x) asm volatile("" : "+r"(x))

/* What a load may reach: one segment under BPF, the whole virtual policy
 * in userspace. */
#ifdef __bpf__
#define PAL_BLOB_MASK	(PALISADE_POLICY_MAX - 1)
#else
#define PAL_BLOB_MASK	((__u32)(PAL_POLICY_VSIZE - 1))
#endif

static __always_inline __u32 pal_load_u32(const __u8 *blob, __u32 off)
{
	pal_opaque(off);
	off &= PAL_BLOB_MASK & ~(__u32)(sizeof(__u32) - 1);
	return *(const __u32 *)(blob + off);
}

static __always_inline __u8 pal_load_u8(const __u8 *blob, __u32 off)
{
	pal_opaque(off);
	off &= PAL_BLOB_MASK;
	return blob[off];
}

/*
 * An accept offset in no segment: what a DFA in a missing segment yields.
 * Its segment never exists, so every read of it grants nothing.
 */
#define PAL_ACCEPT_NONE		(PAL_POLICY_SEGS << PAL_SEG_SHIFT)

#ifdef __bpf__
#include "seg.bpf.h"

/**
 * pal_seg - the buffer holding the virtual offset @off
 * @blob: segment 0 (a &struct pal_policy_bank's blob)
 * @off: virtual offset
 *
 * Return: segment 0 itself for its offsets (one compare: today's policies
 * are one segment), else the segment's map value, or NULL when the bank
 * has no such segment (callers then grant nothing).
 */
static __always_inline const __u8 *pal_seg(const __u8 *blob, __u32 off)
{
	__u32 k = off >> PAL_SEG_SHIFT;

	if (!k)
		return blob;
	return pal_seg_lookup(blob, k);
}
#else
static inline const __u8 *pal_seg(const __u8 *blob, __u32 off)
{
	return off < PAL_POLICY_VSIZE ? blob : (const __u8 *)0;
}
#endif

#define PAL_FIELD(blob, base, type, field) \
	pal_load_u32(blob, (base) + offsetof(type, field))

/*
 * Bounded loops.  In BPF they run through bpf_loop(): its callback is
 * verified once, where an open-coded loop over a whole path would be
 * verified once per iteration and exceed the verifier's budget.  In
 * userspace the same callbacks run from a plain loop.
 */
#ifdef __bpf__
#define pal_loop(n, fn, ctx) bpf_loop((n), (fn), (ctx), 0)
#else
static inline long pal_loop(__u32 n, long (*fn)(__u32, void *), void *ctx)
{
	__u32 i;

	for (i = 0; i < n; i++)
		if (fn(i, ctx))
			return i + 1;
	return n;
}
#endif

#define pal_unused __attribute__((unused))

/* Bytes walked per loop callback: fewer calls, still a small callback.
 * 16 took inode_setattr past the 7.2 verifier's budget once a transition
 * read either entry size (pal_comb_view()). */
#define PAL_WALK_CHUNK	8
_Static_assert(PALISADE_PATH_MAX % PAL_WALK_CHUNK == 0, "chunks tile a path");

/*
 * How to read a DFA's comb, whichever its entry size, without a branch
 * per transition: an entry is read as two 32-bit words at @lo and @hi
 * past its start (the same word for 4-byte entries); its next token is
 * @lo's word & @nmask, its check half @hi's word >> @cshift.  (A branch
 * per byte of the walk's unrolled loop made the verifier's work grow past
 * its budget on 7.2.)
 */
struct pal_comb_view {
	__u32 entries;
	__u32 esize;
	__u32 lo;
	__u32 hi;
	__u32 nmask;
	__u32 cshift;
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define PAL_LO_WORD	4
#define PAL_HI_WORD	0
#else
#define PAL_LO_WORD	0
#define PAL_HI_WORD	4
#endif

/*
 * Arithmetic, not conditionals: BPF has no conditional move, so each
 * "narrow ? a : b" would be a branch, and the verifier would follow every
 * walk after it twice, once per entry size.
 */
static __always_inline void pal_comb_view(const __u8 *blob, __u32 dfa,
					  struct pal_comb_view *c)
{
	/* 1 for 4-byte entries, 0 for 8-byte ones (the loader verified
	 * the size is one of them; anything else only misreads). */
	__u32 n = (PAL_FIELD(blob, dfa, struct pal_dfa_header, entry_size) >> 2) & 1;

	pal_opaque(n);
	c->entries = PAL_FIELD(blob, dfa, struct pal_dfa_header, entries_off);
	c->esize = 8 - 4 * n;
	c->lo = PAL_LO_WORD * (1 - n);
	c->hi = PAL_HI_WORD * (1 - n);
	c->cshift = 16 * n;
	c->nmask = 0xffffffffU >> c->cshift;
}

struct pal_walk {
	const __u8 *blob;
	const char *path;
	__u32 classes;
	struct pal_comb_view comb;
	__u32 state;
};

/*
 * One transition of a comb-packed DFA (see &struct pal_dfa_header): from
 * the state with token @tok on byte class @cls.  The common case, the
 * state's own row holding the class, is one entry read; a miss reads the
 * header entry for the default state and that state's entry.  Offsets
 * are computed in 32 bits and masked by the loads: a verified policy
 * keeps every token + class inside its comb.
 */
static __always_inline __u32 pal_dfa_next(const __u8 *blob,
					  const struct pal_comb_view *c,
					  __u32 tok, __u32 cls)
{
	__u32 at = c->entries + (tok + cls) * c->esize;

	if ((pal_load_u32(blob, at + c->hi) >> c->cshift) == tok)
		return pal_load_u32(blob, at + c->lo) & c->nmask;
	tok = pal_load_u32(blob, c->entries + tok * c->esize + c->lo) & c->nmask;
	at = c->entries + (tok + cls) * c->esize;
	if ((pal_load_u32(blob, at + c->hi) >> c->cshift) == tok)
		return pal_load_u32(blob, at + c->lo) & c->nmask;
	return 0;
}

/*
 * One chunk of the walk.  The position comes from the loop index rather
 * than from @data: the verifier (6.7+) re-verifies a callback until the
 * state it passes on stops changing, and a position counter in @data
 * (0, 16, 32, ...) never would.
 */
static pal_unused long pal_walk_chunk(__u32 index, void *data)
{
	struct pal_walk *w = data;
	__u32 pos = index * PAL_WALK_CHUNK;
	__u32 k;

#ifdef __clang__
#pragma unroll
#else
#pragma GCC unroll 8
#endif
	for (k = 0; k < PAL_WALK_CHUNK; k++) {
		__u8 c = w->path[(pos + k) & (PALISADE_PATH_MAX - 1)];

		if (!c)
			return 1;
		w->state = pal_dfa_next(w->blob, &w->comb, w->state,
					pal_load_u8(w->blob, w->classes + c));
		/* The dead state never leaves itself: stop early. */
		if (!w->state)
			return 1;
	}
	return 0;
}

/**
 * pal_dfa_walk_from - run a DFA from @state over a NUL-terminated string
 * @blob: the buffer of @dfa's segment (pal_seg())
 * @dfa: virtual offset of a &struct pal_dfa_header
 * @state: state (token) to start from (the DFA's start state, or where
 *	pal_dfa_step() left a query's fixed fields)
 * @path: buffer of PALISADE_PATH_MAX bytes holding the string
 *
 * Return: the state reached after the last byte; 0 is the dead state.
 */
static __always_inline __u32 pal_dfa_walk_from(const __u8 *blob, __u32 dfa,
					       __u32 state, const char *path)
{
	struct pal_walk w = {
		.blob = blob,
		.path = path,
		.classes = PAL_FIELD(blob, dfa, struct pal_dfa_header, classes_off),
		.state = state,
	};

	if (!state)
		return 0;
	pal_comb_view(blob, dfa, &w.comb);
	pal_loop(PALISADE_PATH_MAX / PAL_WALK_CHUNK, pal_walk_chunk, &w);
	return w.state;
}

/* The start state of the DFA at @dfa. */
static __always_inline __u32 pal_dfa_start(const __u8 *blob, __u32 dfa)
{
	return PAL_FIELD(blob, dfa, struct pal_dfa_header, start);
}

/**
 * pal_dfa_walk - run a DFA over a NUL-terminated path from its start state
 * @blob: the buffer of @dfa's segment (pal_seg())
 * @dfa: virtual offset of a &struct pal_dfa_header
 * @path: buffer of PALISADE_PATH_MAX bytes holding the path
 *
 * Return: the state reached after the last byte; 0 is the dead state.
 */
static __always_inline __u32 pal_dfa_walk(const __u8 *blob, __u32 dfa,
					  const char *path)
{
	return pal_dfa_walk_from(blob, dfa, pal_dfa_start(blob, dfa), path);
}

/**
 * pal_dfa_step - one transition, for any byte value (zero included)
 * @blob: the buffer of @dfa's segment (pal_seg())
 * @dfa: virtual offset of the DFA header
 * @state: current state
 * @c: input byte
 *
 * Used for the fixed fields of a rules-DFA query (&enum pal_class), which
 * may contain zero bytes.  Return: the next state.
 */
static __always_inline __u32 pal_dfa_step(const __u8 *blob, __u32 dfa,
					  __u32 state, __u8 c)
{
	__u32 classes = PAL_FIELD(blob, dfa, struct pal_dfa_header, classes_off);
	struct pal_comb_view cv;

	pal_comb_view(blob, dfa, &cv);
	return pal_dfa_next(blob, &cv, state, pal_load_u8(blob, classes + c));
}

/*
 * Byte offset of the accept record of @state (a token): its header entry
 * holds the index of the record.
 */
static __always_inline __u32 pal_dfa_accept(const __u8 *blob, __u32 dfa,
					    __u32 state)
{
	struct pal_comb_view cv;
	__u32 num;

	pal_comb_view(blob, dfa, &cv);
	/* The check half less its top bit (the header bit). */
	num = (pal_load_u32(blob, cv.entries + state * cv.esize + cv.hi) >>
	       cv.cshift) & (cv.nmask >> 1);

	return PAL_FIELD(blob, dfa, struct pal_dfa_header, accept_off) +
	       num * sizeof(struct pal_accept);
}

/**
 * struct pal_perms - what the matching rules say about one object
 * @allow: allowed permissions (owner rules folded in when they apply)
 * @deny: explicitly denied permissions
 * @audit: permissions logged even when allowed
 * @quiet: denials not to log
 */
struct pal_perms {
	__u32 allow;
	__u32 deny;
	__u32 audit;
	__u32 quiet;
};

/**
 * pal_accept_perms - the permissions one accept entry grants
 * @blob: policy buffer (segment 0 under BPF: the record's segment is
 *	found from @acc, and a missing one grants nothing)
 * @acc: virtual offset of the &struct pal_accept
 * @owner: non-zero when the task's fsuid owns the object
 * @perms: result (owner rules folded in when @owner)
 */
static __always_inline void pal_accept_perms(const __u8 *blob, __u32 acc,
					     int owner, struct pal_perms *perms)
{
	const __u8 *seg = pal_seg(blob, acc);

	perms->allow = perms->deny = perms->audit = perms->quiet = 0;
	if (!seg)
		return;
	perms->allow = PAL_FIELD(seg, acc, struct pal_accept, allow);
	perms->deny = PAL_FIELD(seg, acc, struct pal_accept, deny);
	perms->audit = PAL_FIELD(seg, acc, struct pal_accept, audit);
	perms->quiet = PAL_FIELD(seg, acc, struct pal_accept, quiet);
	if (owner) {
		perms->allow |= PAL_FIELD(seg, acc, struct pal_accept, owner_allow);
		perms->deny |= PAL_FIELD(seg, acc, struct pal_accept, owner_deny);
	}
}

/**
 * pal_accept_xmode - the exec transition (PAL_X_*) of a file DFA's accept
 *	record
 * @blob: policy buffer (segment 0 under BPF)
 * @acc: virtual offset of the &struct pal_accept
 * @owner: non-zero when the task's fsuid owns the file: xowner, which
 *	merges owner rules and the others, applies
 *
 * Return: the PAL_X_* word, 0 when none (or the segment is missing).
 */
static __always_inline __u32 pal_accept_xmode(const __u8 *blob, __u32 acc,
					      int owner)
{
	const __u8 *seg = pal_seg(blob, acc);

	if (!seg)
		return 0;
	if (owner)
		return PAL_FIELD(seg, acc, struct pal_accept, xowner);
	return PAL_FIELD(seg, acc, struct pal_accept, value);
}

/**
 * pal_file_accept - the accept entry a path reaches in a profile's file DFA
 * @blob: policy buffer
 * @profile: byte offset of the &struct pal_profile_rec
 * @path: PALISADE_PATH_MAX buffer; directories end in '/'
 *
 * Return: virtual offset of the &struct pal_accept, for pal_accept_perms()
 * (%PAL_ACCEPT_NONE when the DFA's segment is missing).
 * It depends on the name alone (owner rules are folded in later), which is
 * what lets the BPF side remember it per file (fcache.bpf.h).
 */
static __always_inline __u32 pal_file_accept(const __u8 *blob, __u32 profile,
					     const char *path)
{
	__u32 dfa = PAL_FIELD(blob, profile, struct pal_profile_rec, file_dfa_off);
	const __u8 *seg = pal_seg(blob, dfa);

	if (!seg)
		return PAL_ACCEPT_NONE;
	return pal_dfa_accept(seg, dfa, pal_dfa_walk(seg, dfa, path));
}

/**
 * pal_file_perms - permissions of a path under one profile
 * @blob: policy buffer
 * @profile: byte offset of the &struct pal_profile_rec
 * @path: PALISADE_PATH_MAX buffer; directories end in '/'
 * @owner: non-zero when the task's fsuid owns the object
 * @perms: result
 */
static __always_inline void pal_file_perms(const __u8 *blob, __u32 profile,
					   const char *path, int owner,
					   struct pal_perms *perms)
{
	pal_accept_perms(blob, pal_file_accept(blob, profile, path), owner,
			 perms);
}

/**
 * struct pal_decision - outcome of one access check
 * @denied: requested permissions the profile does not grant
 * @error: non-zero when the access must fail (-EACCES is returned)
 * @log: non-zero when an audit record is due
 * @kill: non-zero when the task must also be killed (kill mode)
 */
struct pal_decision {
	__u32 denied;
	__u32 error;
	__u32 log;
	__u32 kill;
};

/**
 * pal_decide - apply a profile's mode to the matched permissions
 * @perms: from pal_file_perms()
 * @requested: PAL_MAY_* asked for
 * @mode: &enum pal_mode of the profile
 * @d: result
 *
 * Explicit deny beats allow; anything not allowed is denied in enforce and
 * kill mode; complain mode allows and logs what enforce would deny, except
 * explicit denials, which still deny.
 */
static __always_inline void pal_decide(const struct pal_perms *perms,
				       __u32 requested, __u32 mode,
				       struct pal_decision *d)
{
	__u32 granted = perms->allow & ~perms->deny;

	/* As in AppArmor, write access includes appending. */
	if (granted & PAL_MAY_WRITE)
		granted |= PAL_MAY_APPEND & ~perms->deny;

	d->denied = requested & ~granted;
	d->error = 0;
	d->kill = 0;
	if (mode == PAL_MODE_UNCONFINED)
		d->denied = 0;
	if (d->denied) {
		if (mode != PAL_MODE_COMPLAIN || (requested & perms->deny))
			d->error = 1;
		if (mode == PAL_MODE_KILL)
			d->kill = 1;
	}
	d->log = (d->denied & ~perms->quiet) || (requested & perms->audit);
}

struct pal_find {
	const __u8 *blob;
	__u32 base;
	__u32 id;
	__u32 lo;
	__u32 hi;
	__u32 found;
};

static pal_unused long pal_find_step(__u32 index, void *data)
{
	struct pal_find *f = data;
	__u32 mid, rec, mid_id;

	(void)index;
	if (f->lo >= f->hi)
		return 1;
	mid = f->lo + (f->hi - f->lo) / 2;
	rec = f->base + mid * sizeof(struct pal_profile_rec);
	mid_id = PAL_FIELD(f->blob, rec, struct pal_profile_rec, id);
	if (mid_id == f->id) {
		f->found = rec;
		return 1;
	}
	if (mid_id < f->id)
		f->lo = mid + 1;
	else
		f->hi = mid;
	return 0;
}

/**
 * pal_profile_find - binary search of a profile record by id
 * @blob: policy buffer
 * @id: &pal_profile_rec.id
 *
 * Profile records are sorted by id (the compiler guarantees it and the
 * loader checks it).
 *
 * Return: byte offset of the record, or 0 when no profile has @id.
 */
static __always_inline __u32 pal_profile_find(const __u8 *blob, __u32 id)
{
	struct pal_find f = {
		.blob = blob,
		.base = PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off),
		.id = id,
		.lo = 0,
		.hi = PAL_FIELD(blob, 0, struct pal_policy_header, nprofiles),
		.found = 0,
	};

	/* 33 halvings cover any 32-bit count. */
	pal_loop(33, pal_find_step, &f);
	return f.found;
}

/**
 * pal_profile_find_hint - pal_profile_find(), trying @hint first
 * @blob: policy buffer
 * @id: &pal_profile_rec.id, not 0
 * @hint: the byte offset a record with @id had in this or an earlier
 *	policy, or 0
 *
 * Ids are unique within a policy: a record at a record offset of this
 * policy's table that has @id is the one the search would find, whatever
 * policy the hint came from.  A task's hooks ask for its profile at every
 * decision; the search costs a loop step per halving of the table.
 *
 * Return: byte offset of the record, or 0 when no profile has @id.
 */
static __always_inline __u32 pal_profile_find_hint(const __u8 *blob, __u32 id,
						   __u32 hint)
{
	__u32 base = PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off);
	__u32 n = PAL_FIELD(blob, 0, struct pal_policy_header, nprofiles);
	__u32 rel = hint - base;

	if (hint >= base && rel / sizeof(struct pal_profile_rec) < n &&
	    rel % sizeof(struct pal_profile_rec) == 0 &&
	    PAL_FIELD(blob, hint, struct pal_profile_rec, id) == id)
		return hint;
	return pal_profile_find(blob, id);
}

/**
 * pal_attach_find - profile attached to an executable path
 * @blob: policy buffer
 * @path: PALISADE_PATH_MAX buffer with the executable's path
 *
 * Return: byte offset of the profile record, or 0 when none attaches.
 */
static __always_inline __u32 pal_attach_find(const __u8 *blob, const char *path)
{
	__u32 dfa = PAL_FIELD(blob, 0, struct pal_policy_header, attach_dfa_off);
	__u32 state = pal_dfa_walk(blob, dfa, path);
	__u32 acc = pal_dfa_accept(blob, dfa, state);
	__u32 value = PAL_FIELD(blob, acc, struct pal_accept, value);
	__u32 base = PAL_FIELD(blob, 0, struct pal_policy_header, profiles_off);

	if (!value)
		return 0;
	return base + (value - 1) * sizeof(struct pal_profile_rec);
}

/* ------------------------------------------------------------------ */
/* Exec transitions                                                     */
/* ------------------------------------------------------------------ */

/* FNV-1a 32, the hash of profile ids (pal_profile_id() in the compiler). */
#define PAL_ID_FNV_OFFSET	2166136261U
#define PAL_ID_FNV_PRIME	16777619U

/* Hash a NUL-terminated string of the policy's string table. */
struct pal_hash_str {
	const __u8 *blob;
	__u32 off;
	__u32 hash;
	__u32 len;
};

static pal_unused long pal_hash_str_step(__u32 index, void *data)
{
	struct pal_hash_str *h = data;
	__u8 c = pal_load_u8(h->blob, h->off + index);

	if (!c)
		return 1;
	h->hash = (h->hash ^ c) * PAL_ID_FNV_PRIME;
	h->len = index + 1;
	return 0;
}

/* Hash a PALISADE_PATH_MAX path buffer, chunk by chunk (see pal_walk). */
struct pal_hash_path {
	const char *path;
	__u32 hash;
	__u32 len;
};

static pal_unused long pal_hash_path_chunk(__u32 index, void *data)
{
	struct pal_hash_path *h = data;
	__u32 pos = index * PAL_WALK_CHUNK;
	__u32 k;

#ifdef __clang__
#pragma unroll
#else
#pragma GCC unroll 8
#endif
	for (k = 0; k < PAL_WALK_CHUNK; k++) {
		__u8 c = h->path[(pos + k) & (PALISADE_PATH_MAX - 1)];

		if (!c)
			return 1;
		h->hash = (h->hash ^ c) * PAL_ID_FNV_PRIME;
		h->len = pos + k + 1;
	}
	return 0;
}

/* Compare a string-table string with a path buffer. */
struct pal_cmp_path {
	const __u8 *blob;
	__u32 off;
	const char *path;
	__u32 differ;
};

static pal_unused long pal_cmp_path_step(__u32 index, void *data)
{
	struct pal_cmp_path *c = data;
	__u8 a = pal_load_u8(c->blob, c->off + index);
	__u8 b = c->path[index & (PALISADE_PATH_MAX - 1)];

	if (a != b) {
		c->differ = 1;
		return 1;
	}
	return !a;
}

/**
 * pal_child_find - the child profile of @prof named by an executable path
 * @blob: policy buffer
 * @prof: byte offset of the parent's &struct pal_profile_rec
 * @path: PALISADE_PATH_MAX buffer with the executable's path
 *
 * What ``cx`` without ``-> name`` enters: the child profile (or hat) whose
 * name is the path (``profile /usr/bin/foo { }`` inside the parent), found
 * by its id, the hash of ``parent//path``, and checked by name.  Child
 * profiles have no attachment globs of their own (the compiler reports
 * them as not enforced), so the name is the whole match.
 *
 * Return: byte offset of the child's record, or 0 when there is none.
 */
static __always_inline __u32 pal_child_find(const __u8 *blob, __u32 prof,
					    const char *path)
{
	__u32 strings = PAL_FIELD(blob, 0, struct pal_policy_header, strings_off);
	__u32 pid = PAL_FIELD(blob, prof, struct pal_profile_rec, id);
	struct pal_hash_str hs = {
		.blob = blob,
		.off = strings + PAL_FIELD(blob, prof, struct pal_profile_rec,
					   name_off),
		.hash = PAL_ID_FNV_OFFSET,
		.len = 0,
	};
	struct pal_hash_path hp;
	struct pal_cmp_path cp;
	__u32 child, id;

	pal_loop(PALISADE_NAME_MAX, pal_hash_str_step, &hs);
	hp.path = path;
	hp.hash = ((hs.hash ^ '/') * PAL_ID_FNV_PRIME ^ '/') * PAL_ID_FNV_PRIME;
	hp.len = 0;
	pal_loop(PALISADE_PATH_MAX / PAL_WALK_CHUNK, pal_hash_path_chunk, &hp);
	if (!hp.len)
		return 0;
	id = hp.hash ? hp.hash : 1;
	child = pal_profile_find(blob, id);
	if (!child)
		return 0;
	if (!(PAL_FIELD(blob, child, struct pal_profile_rec, flags) & PAL_PF_CHILD) ||
	    PAL_FIELD(blob, child, struct pal_profile_rec, parent_id) != pid)
		return 0;
	/* Ids are hashes: make sure the name really is parent//path. */
	cp.blob = blob;
	cp.off = strings + PAL_FIELD(blob, child, struct pal_profile_rec,
				     name_off) + hs.len + 2;
	cp.path = path;
	cp.differ = 0;
	pal_loop(PALISADE_PATH_MAX, pal_cmp_path_step, &cp);
	return cp.differ ? 0 : child;
}

/**
 * struct pal_xresult - what an exec does under a profile
 * @perms: the matched permissions of the executable, as pal_file_perms()
 * @xmode: the PAL_X_* word of the matching rules, 0 when none
 * @type: the transition taken after fallbacks: PAL_X_IX (stay in the
 *	profile), PAL_X_PX or PAL_X_CX (enter @target), PAL_X_UX (leave
 *	confinement), PAL_X_NONE (no transition: no exec mode, or the
 *	target does not exist and there is no fallback)
 * @target: byte offset of the record of the profile the task will have
 *	(its own for ix), 0 for ux and none
 * @target_id: id of that profile; for a missing named target the id the
 *	rule names, so the audit record can say which; else 0
 * @secure: non-zero when the exec must be a secure exec (AT_SECURE: the
 *	dynamic loader and libc drop dangerous environment variables)
 * @info: PAL_INFO_NO_TARGET when the target profile does not exist
 */
struct pal_xresult {
	struct pal_perms perms;
	__u32 xmode;
	__u32 type;
	__u32 target;
	__u32 target_id;
	__u32 secure;
	__u32 info;
};

/*
 * Finish @r for the px or cx transition of its xmode once the target's
 * record @tgt (0 when missing) is known: enter it, or fall back.
 */
static __always_inline void pal_exec_target_set(const __u8 *blob, __u32 prof,
						__u32 tgt, struct pal_xresult *r)
{
	__u32 fallback;

	if (tgt) {
		r->type = r->xmode & PAL_X_TYPE_MASK;
		r->target = tgt;
		r->target_id = PAL_FIELD(blob, tgt, struct pal_profile_rec, id);
		r->secure = !!(r->xmode & PAL_X_SCRUB);
		return;
	}
	fallback = r->xmode & PAL_X_FALLBACK_MASK;
	if (fallback == PAL_X_FALLBACK_IX) {
		r->type = PAL_X_IX;
		r->target = prof;
		r->target_id = PAL_FIELD(blob, prof, struct pal_profile_rec, id);
	} else if (fallback == PAL_X_FALLBACK_UX) {
		r->type = PAL_X_UX;
		r->target_id = 0;
		r->secure = !!(r->xmode & PAL_X_SCRUB);
	} else {
		r->info = PAL_INFO_NO_TARGET;
	}
}

/**
 * pal_exec_transition_at - pal_exec_transition() from the accept entry
 * @acc that the executable's path reached in the file DFA of @prof
 * @blob: policy buffer
 * @prof: byte offset of the confined task's &struct pal_profile_rec
 * @acc: pal_file_accept() of the path
 * @owner: non-zero when the task's fsuid owns the executable
 * @r: result
 *
 * Everything but a px or cx without a named target depends on the accept
 * entry alone, so an exec can be decided from a remembered entry without
 * naming the file.
 *
 * Return: 1 when @r is complete; 0 when the target is to be found by the
 * path: pal_exec_target_by_path() completes @r.
 */
static __always_inline int pal_exec_transition_at(const __u8 *blob, __u32 prof,
						  __u32 acc, int owner,
						  struct pal_xresult *r)
{
	__u32 type, idx, tgt = 0;

	pal_accept_perms(blob, acc, owner, &r->perms);
	r->xmode = pal_accept_xmode(blob, acc, owner);
	type = r->xmode & PAL_X_TYPE_MASK;
	idx = r->xmode >> PAL_X_TARGET_SHIFT;
	r->type = PAL_X_NONE;
	r->target = 0;
	r->target_id = 0;
	r->secure = 0;
	r->info = PAL_INFO_NONE;

	if (type == PAL_X_IX) {
		r->type = PAL_X_IX;
		r->target = prof;
		r->target_id = PAL_FIELD(blob, prof, struct pal_profile_rec, id);
		return 1;
	}
	if (type == PAL_X_UX) {
		r->type = PAL_X_UX;
		r->secure = !!(r->xmode & PAL_X_SCRUB);
		return 1;
	}
	if (type != PAL_X_PX && type != PAL_X_CX)
		return 1;
	if (!idx)
		return 0;
	if (idx <= PAL_FIELD(blob, 0, struct pal_policy_header, nxtargets)) {
		__u32 xt = PAL_FIELD(blob, 0, struct pal_policy_header, xtargets_off);

		r->target_id = PAL_FIELD(blob, xt + (idx - 1) *
					 sizeof(struct pal_xtarget),
					 struct pal_xtarget, id);
		tgt = pal_profile_find(blob, r->target_id);
	}
	pal_exec_target_set(blob, prof, tgt, r);
	return 1;
}

/* Complete @r when pal_exec_transition_at() returned 0: a px attaches by
 * @path among top-level profiles, a cx finds the child of @prof it names. */
static __always_inline void pal_exec_target_by_path(const __u8 *blob, __u32 prof,
						    const char *path,
						    struct pal_xresult *r)
{
	__u32 tgt;

	if ((r->xmode & PAL_X_TYPE_MASK) == PAL_X_PX)
		tgt = pal_attach_find(blob, path);
	else
		tgt = pal_child_find(blob, prof, path);
	pal_exec_target_set(blob, prof, tgt, r);
}

/**
 * pal_exec_transition - permissions and transition of an exec
 * @blob: policy buffer
 * @prof: byte offset of the confined task's &struct pal_profile_rec
 * @path: PALISADE_PATH_MAX buffer with the executable's path
 * @owner: non-zero when the task's fsuid owns the executable
 * @r: result
 *
 * As AppArmor: a named target (``px -> name``) is looked up by id through
 * the exec target table; ``px`` without a name attaches by the path among
 * top-level profiles (longest-left match), ``cx`` without one finds the
 * child profile named by the path.  When the target does not exist, pix
 * and cix fall back to ix, pux and cux to ux; otherwise the exec has no
 * transition (denied, info "profile not found").  The upper-case modes
 * ask for a secure exec, except when falling back to ix: as in AppArmor,
 * staying in the same profile needs no scrubbing.
 */
static __always_inline void pal_exec_transition(const __u8 *blob, __u32 prof,
						const char *path, int owner,
						struct pal_xresult *r)
{
	if (!pal_exec_transition_at(blob, prof, pal_file_accept(blob, prof, path),
				    owner, r))
		pal_exec_target_by_path(blob, prof, path, r);
}

/* ------------------------------------------------------------------ */
/* Capabilities and the rules DFA (network, signal, ptrace)             */
/* ------------------------------------------------------------------ */

/**
 * pal_cap_perms - what a profile says about one capability
 * @blob: policy buffer
 * @profile: byte offset of the &struct pal_profile_rec
 * @cap: capability number; numbers past the profile's words are never
 *	granted
 * @perms: result, in terms of %PAL_CAP_USE
 */
static __always_inline void pal_cap_perms(const __u8 *blob, __u32 profile,
					  __u32 cap, struct pal_perms *perms)
{
	__u32 word = (cap / 32) * 4, bit = cap % 32;

	perms->allow = perms->deny = perms->audit = perms->quiet = 0;
	if (cap >= 32 * PAL_CAP_WORDS)
		return;
	perms->allow = (pal_load_u32(blob, profile + word +
				     offsetof(struct pal_profile_rec, cap_allow)) >> bit) & 1;
	perms->deny = (pal_load_u32(blob, profile + word +
				    offsetof(struct pal_profile_rec, cap_deny)) >> bit) & 1;
	perms->audit = (pal_load_u32(blob, profile + word +
				     offsetof(struct pal_profile_rec, cap_audit)) >> bit) & 1;
	perms->quiet = (pal_load_u32(blob, profile + word +
				     offsetof(struct pal_profile_rec, cap_quiet)) >> bit) & 1;
}

/* A rules DFA in a missing segment grants nothing. */
static __always_inline void pal_rules_none(struct pal_perms *perms)
{
	perms->allow = perms->deny = perms->audit = perms->quiet = 0;
}

/* The accept record of @state of the rules DFA @dfa, into @perms; @blob is
 * the DFA's segment. */
static __always_inline void pal_rules_accept(const __u8 *blob, __u32 dfa,
					     __u32 state, struct pal_perms *perms)
{
	__u32 acc = pal_dfa_accept(blob, dfa, state);

	perms->allow = PAL_FIELD(blob, acc, struct pal_accept, allow);
	perms->deny = PAL_FIELD(blob, acc, struct pal_accept, deny);
	perms->audit = PAL_FIELD(blob, acc, struct pal_accept, audit);
	perms->quiet = PAL_FIELD(blob, acc, struct pal_accept, quiet);
}

/* A query field as one byte: values past 254 share the byte 255. */
static __always_inline __u8 pal_query_byte(__u32 v)
{
	return v >= 255 ? 255 : (__u8)v;
}

/*
 * The rules DFA of the profile record at @profile, stepped past the class
 * byte @class: its offset in *@dfa, the state in *@state.
 * Return: the DFA's segment, or NULL when it is missing (fail closed:
 * the caller grants nothing).
 */
static __always_inline const __u8 *pal_rules_begin(const __u8 *blob,
						   __u32 profile, __u32 class,
						   __u32 *dfa, __u32 *state)
{
	const __u8 *seg;

	*dfa = PAL_FIELD(blob, profile, struct pal_profile_rec, rules_dfa_off);
	seg = pal_seg(blob, *dfa);
	if (seg)
		*state = pal_dfa_step(seg, *dfa, pal_dfa_start(seg, *dfa),
				      class);
	return seg;
}

/**
 * pal_net_perms - network permissions of a profile for one kind of socket
 * @blob: policy buffer
 * @profile: byte offset of the &struct pal_profile_rec
 * @family: AF_*
 * @type: SOCK_* (without flags)
 * @protocol: the protocol given to socket(2) at creation, the socket's
 *	protocol afterwards
 * @perms: result, PAL_NET_* bits
 */
static __always_inline void pal_net_perms(const __u8 *blob, __u32 profile,
					  __u32 family, __u32 type,
					  __u32 protocol, struct pal_perms *perms)
{
	const __u8 *seg;
	__u32 dfa, state;

	seg = pal_rules_begin(blob, profile, PAL_CLASS_NET, &dfa, &state);
	if (!seg) {
		pal_rules_none(perms);
		return;
	}
	state = pal_dfa_step(seg, dfa, state, pal_query_byte(family));
	state = pal_dfa_step(seg, dfa, state, pal_query_byte(type));
	state = pal_dfa_step(seg, dfa, state, pal_query_byte(protocol));
	pal_rules_accept(seg, dfa, state, perms);
}

/**
 * pal_signal_perms - signal permissions of a profile towards a peer
 * @blob: policy buffer
 * @profile: byte offset of the &struct pal_profile_rec
 * @sig: signal number (0: the existence check of kill(pid, 0))
 * @peer: PALISADE_PATH_MAX buffer with the other task's profile name,
 *	%PAL_UNCONFINED_NAME for a task without one
 * @perms: result, PAL_SIG_* bits
 */
static __always_inline void pal_signal_perms(const __u8 *blob, __u32 profile,
					     __u32 sig, const char *peer,
					     struct pal_perms *perms)
{
	const __u8 *seg;
	__u32 dfa, state;

	seg = pal_rules_begin(blob, profile, PAL_CLASS_SIGNAL, &dfa, &state);
	if (!seg) {
		pal_rules_none(perms);
		return;
	}
	state = pal_dfa_step(seg, dfa, state, pal_query_byte(sig));
	state = pal_dfa_walk_from(seg, dfa, state, peer);
	pal_rules_accept(seg, dfa, state, perms);
}

/**
 * pal_ptrace_perms - ptrace permissions of a profile towards a peer
 * @blob: policy buffer
 * @profile: byte offset of the &struct pal_profile_rec
 * @peer: as for pal_signal_perms()
 * @perms: result, PAL_PTRACE_* bits
 */
static __always_inline void pal_ptrace_perms(const __u8 *blob, __u32 profile,
					     const char *peer,
					     struct pal_perms *perms)
{
	const __u8 *seg;
	__u32 dfa, state;

	seg = pal_rules_begin(blob, profile, PAL_CLASS_PTRACE, &dfa, &state);
	if (!seg) {
		pal_rules_none(perms);
		return;
	}
	state = pal_dfa_walk_from(seg, dfa, state, peer);
	pal_rules_accept(seg, dfa, state, perms);
}

/**
 * pal_decide_class - pal_decide() for the classes that are not files
 * @perms: from pal_cap_perms(), pal_net_perms(), ...
 * @requested: the class's permission bits asked for
 * @mode: &enum pal_mode of the profile
 * @d: result
 *
 * The same rules as pal_decide(), without the file class's "write
 * includes append", which would read another class's bits as file bits.
 */
static __always_inline void pal_decide_class(const struct pal_perms *perms,
					     __u32 requested, __u32 mode,
					     struct pal_decision *d)
{
	__u32 granted = perms->allow & ~perms->deny;

	d->denied = requested & ~granted;
	d->error = 0;
	d->kill = 0;
	if (mode == PAL_MODE_UNCONFINED)
		d->denied = 0;
	if (d->denied) {
		if (mode != PAL_MODE_COMPLAIN || (requested & perms->deny))
			d->error = 1;
		if (mode == PAL_MODE_KILL)
			d->kill = 1;
	}
	d->log = (d->denied & ~perms->quiet) || (requested & perms->audit);
}

/**
 * pal_profile_name - offset in @blob of the name of the profile record at
 *	@profile (a NUL-terminated string in the policy's string table)
 */
static __always_inline __u32 pal_profile_name(const __u8 *blob, __u32 profile)
{
	return PAL_FIELD(blob, 0, struct pal_policy_header, strings_off) +
	       PAL_FIELD(blob, profile, struct pal_profile_rec, name_off);
}

#endif /* PALISADE_MATCH_H */
