/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade - the one ABI header shared by the BPF programs and userspace.
 *
 * Everything that crosses the user/kernel boundary is defined here: the
 * binary policy layout (what the compiler writes and the loader copies into
 * the policy map), permission bits, profile modes, map layouts and the event
 * records the BPF side sends to palisaded through the ring buffer.
 *
 * All multi-byte fields of the binary policy are in the byte order of the
 * machine that enforces it; the header's endian tag tells which one it is,
 * so a loader refuses a policy compiled for a foreign byte order.
 */
#ifndef PALISADE_H
#define PALISADE_H

#ifdef __bpf__
/* vmlinux.h already provides the __u8/__u32 family. */
#else
#include <linux/types.h>
#endif

/* ------------------------------------------------------------------ */
/* Binary policy header                                                 */
/* ------------------------------------------------------------------ */

#define PALISADE_POLICY_MAGIC	0x50414c53U	/* "PALS" */
#define PALISADE_POLICY_VERSION	4U
/* Written in the producer's byte order; reads back as this value only on a
 * machine of the same byte order. */
#define PALISADE_ENDIAN_TAG	0x01020304U
#define PALISADE_ENDIAN_TAG_SWAPPED 0x04030201U

/*
 * Largest binary policy the kernel side accepts, in bytes.  A power of two:
 * the BPF matcher masks every table offset with (size - 1) so the verifier
 * can prove each load stays inside the map value.
 */
#ifndef PALISADE_POLICY_MAX
#define PALISADE_POLICY_MAX	(1U << 21)
#endif
_Static_assert((PALISADE_POLICY_MAX & (PALISADE_POLICY_MAX - 1)) == 0,
	       "PALISADE_POLICY_MAX must be a power of two");

/*
 * Segments.  A policy larger than one map value is split into segments of
 * PALISADE_POLICY_MAX bytes.  Segment 0 holds the header, the profile
 * records, the strings, the exec targets, the id table, the attachment DFA
 * and as many profile DFAs as fit; segments 1.. hold only profile DFAs.
 * One DFA never crosses a segment boundary.  Every offset of the format is
 * virtual: segment k starts at k << PAL_SEG_SHIFT, so an offset names its
 * segment in its high bits and its place in the segment in the low ones.
 * Userspace keeps a policy in one buffer of PAL_POLICY_VSIZE bytes laid
 * out by these offsets; the kernel side keeps segment 0 in the policy map
 * and each further segment in a map of its own (pal_policy_segs), at a
 * cost of PALISADE_POLICY_MAX bytes of kernel memory per used segment and
 * per bank.
 */
#ifndef PAL_SEG_SHIFT
#define PAL_SEG_SHIFT		21
#endif
#define PAL_POLICY_SEGS		16U
#define PAL_POLICY_VSIZE	((__u64)PAL_POLICY_SEGS * PALISADE_POLICY_MAX)
_Static_assert(PALISADE_POLICY_MAX == 1U << PAL_SEG_SHIFT,
	       "a segment is one PALISADE_POLICY_MAX map value: set PAL_SEG_SHIFT with it");

/* Longest path the matcher walks (the kernel's PATH_MAX). Power of two. */
#define PALISADE_PATH_MAX	4096U
_Static_assert((PALISADE_PATH_MAX & (PALISADE_PATH_MAX - 1)) == 0,
	       "PALISADE_PATH_MAX must be a power of two");

/* Longest profile name kept in events and listings. */
#define PALISADE_NAME_MAX	256U

/**
 * struct pal_policy_header - start of a binary policy
 * @magic: %PALISADE_POLICY_MAGIC
 * @endian: %PALISADE_ENDIAN_TAG in the producer's byte order
 * @version: %PALISADE_POLICY_VERSION
 * @size: bytes of segment 0 in use, header included
 * @checksum: FNV-1a 32 over those @size bytes with this field read as
 *	zero; the segment table in segment 0 carries the checksums of the
 *	other segments, so this one covers them all
 * @flags: reserved, zero
 * @nprofiles: number of &struct pal_profile_rec at @profiles_off
 * @profiles_off: byte offset of the profile records
 * @attach_dfa_off: byte offset of the attachment DFA; its accept records
 *	carry (profile index + 1) in &pal_accept.value, 0 when no profile
 *	attaches to the path
 * @strings_off: byte offset of the string table (NUL-terminated strings)
 * @strings_size: size of the string table in bytes
 * @xtargets_off: byte offset of the exec target table, &struct
 *	pal_xtarget[@nxtargets]: the named targets of exec rules
 *	(``px -> name``), referred to from &pal_accept.value
 * @nxtargets: entries of the exec target table
 * @ids_off: byte offset of __u32[@nids]: the uid and gid lists of
 *	``setuid ->`` / ``setgid ->`` rules, each list sorted ascending
 * @nids: entries of the id table
 * @nsegs: segments of the policy, 1..%PAL_POLICY_SEGS
 * @segs_off: byte offset in segment 0 of &struct pal_policy_seg[@nsegs - 1],
 *	which describes segments 1..@nsegs - 1
 * @reserved: zero
 *
 * Every offset is 4-byte aligned and virtual (see %PAL_SEG_SHIFT); all but
 * the DFA offsets of profile records point into segment 0.  On disk a
 * policy is segment 0's @size bytes followed by the used bytes of each
 * further segment, in order.
 */
struct pal_policy_header {
	__u32 magic;
	__u32 endian;
	__u32 version;
	__u32 size;
	__u32 checksum;
	__u32 flags;
	__u32 nprofiles;
	__u32 profiles_off;
	__u32 attach_dfa_off;
	__u32 strings_off;
	__u32 strings_size;
	__u32 xtargets_off;
	__u32 nxtargets;
	__u32 ids_off;
	__u32 nids;
	__u32 nsegs;
	__u32 segs_off;
	__u32 reserved;
};

/**
 * struct pal_policy_seg - one segment after segment 0
 * @size: bytes of the segment in use, a multiple of 8, at most
 *	%PALISADE_POLICY_MAX; the rest of the segment is zero
 * @checksum: FNV-1a 32 over those @size bytes
 */
struct pal_policy_seg {
	__u32 size;
	__u32 checksum;
};

/* The value of a segment map (pal_policy_segs' inner maps). */
struct pal_policy_seg_blob {
	__u8 blob[PALISADE_POLICY_MAX];
};

/**
 * struct pal_xtarget - a named exec target
 * @name_off: offset of the target profile's full name in the string table
 *	(``parent//child`` for a child profile)
 * @id: pal_profile_id() of that name; the target need not be in the
 *	policy (an exec to a missing ``px`` target is denied, as in AppArmor)
 */
struct pal_xtarget {
	__u32 name_off;
	__u32 id;
};

/* Profile modes. */
enum pal_mode {
	PAL_MODE_ENFORCE = 0,
	PAL_MODE_COMPLAIN = 1,
	PAL_MODE_KILL = 2,
	PAL_MODE_UNCONFINED = 3,
	PAL_MODE_LAST = PAL_MODE_UNCONFINED,
};

/* &pal_profile_rec.flags: profile flags= that change decisions. */
#define PAL_PF_AUDIT		(1U << 0)	/* flags=(audit): log every access */
#define PAL_PF_CHILD		(1U << 1)	/* a child profile or hat */
#define PAL_PF_HAT		(1U << 2)	/* a hat (^name) */
#define PAL_PF_ATTACH_DISCONNECTED (1U << 3)
#define PAL_PF_MEDIATE_DELETED	(1U << 4)
#define PAL_PF_LAST		PAL_PF_MEDIATE_DELETED
#define PAL_PF_MASK		((PAL_PF_LAST << 1) - 1)

/* &pal_profile_rec.pc_flags: program control and identity authority
 * (palisade's extensions, DESIGN.md section 4). */
#define PAL_PC_DAEMON		(1U << 0)	/* daemon, */
#define PAL_PC_SERVER_READ	(1U << 1)	/* server read, */
#define PAL_PC_SERVER_UPDATE	(1U << 2)	/* server update, (and server,) */
#define PAL_PC_PROGCTL		(1U << 3)	/* progctl, */
#define PAL_PC_MUST_STAY_CLEAN	(1U << 4)	/* flags=(must_stay_clean) */
#define PAL_PC_SETUID_LIST	(1U << 5)	/* setuid -> ... restricts targets */
#define PAL_PC_SETGID_LIST	(1U << 6)	/* setgid -> ... restricts targets */
#define PAL_PC_LAST		PAL_PC_SETGID_LIST
#define PAL_PC_MASK		((PAL_PC_LAST << 1) - 1)

/* Capabilities fit two 32-bit words (CAP_LAST_CAP is 40 on 6.x). */
#define PAL_CAP_WORDS		2

/**
 * struct pal_profile_rec - one profile of a binary policy
 * @name_off: offset of the profile name in the string table (child
 *	profiles and hats are named ``parent//child``)
 * @attach_off: offset of the attachment glob text in the string table
 *	(empty string when the profile has no attachment)
 * @mode: &enum pal_mode the profile was compiled with
 * @flags: PAL_PF_*
 * @file_dfa_off: virtual byte offset of the file-rule DFA, in any segment
 * @id: stable profile id: FNV-1a 32 of the name, never 0; tasks keep
 *	their profile across a replace because the id does not change
 * @rules_dfa_off: virtual byte offset of the rules DFA (any segment, not
 *	necessarily that of the file DFA), which decides every class
 *	that is not a path: a query is a &enum pal_class byte followed by
 *	that class's fields (see pal_class); always present, possibly a DFA
 *	that accepts nothing
 * @parent_id: id of the enclosing profile of a child profile or hat, else 0
 * @cap_allow: capabilities allowed, bit n of word n / 32 is capability n
 * @cap_deny: capabilities explicitly denied
 * @cap_audit: capabilities whose use is logged
 * @cap_quiet: capability denials not logged
 * @pc_flags: PAL_PC_*
 * @uids_idx: first entry of the ``setuid ->`` list in the id table
 * @nuids: entries of that list (PAL_PC_SETUID_LIST says whether the list
 *	applies; an empty applying list allows no switch)
 * @gids_idx: first entry of the ``setgid ->`` list
 * @ngids: entries of that list
 * @limit_threads: ``limit threads N,``: most threads of one process, 0 = none
 * @limit_procs: ``limit processes N,``: most processes of the profile
 *	per user, 0 = none
 * @reserved: zero
 */
struct pal_profile_rec {
	__u32 name_off;
	__u32 attach_off;
	__u32 mode;
	__u32 flags;
	__u32 file_dfa_off;
	__u32 id;
	__u32 rules_dfa_off;
	__u32 parent_id;
	__u32 cap_allow[PAL_CAP_WORDS];
	__u32 cap_deny[PAL_CAP_WORDS];
	__u32 cap_audit[PAL_CAP_WORDS];
	__u32 cap_quiet[PAL_CAP_WORDS];
	__u32 pc_flags;
	__u32 uids_idx;
	__u32 nuids;
	__u32 gids_idx;
	__u32 ngids;
	__u32 limit_threads;
	__u32 limit_procs;
	__u32 reserved;
};

/**
 * struct pal_dfa_header - a compiled, minimised DFA in comb-packed form
 * @nstates: number of states (header entries in the comb)
 * @nclasses: number of byte equivalence classes (1..256)
 * @start: token of the start state
 * @classes_off: byte offset of 256 bytes mapping an input byte to its
 *	class; classes are numbered 1..@nclasses (slot 0 of a row is the
 *	state's header entry)
 * @entries_off: byte offset, 8-byte aligned, of the comb: @nentries
 *	entries of @entry_size bytes (see &PAL_DFA_ENTRY_NEXT)
 * @nentries: entries of the comb
 * @accept_off: byte offset of &struct pal_accept[@naccept]
 * @naccept: distinct accept records; record 0 is all zero (the dead
 *	state's, and that of every state that accepts nothing)
 * @entry_size: 8 (__u64 entries, PAL_DFA_ENTRY()) or 4 (__u32 entries,
 *	PAL_DFA_ENTRY16(), for combs of at most %PAL_DFA16_MAX entries and
 *	accept records: most profiles' DFAs, at half the size)
 * @reserved: zero
 *
 * A state is known by its token: the index in the comb of its header
 * entry.  Its row is the @nclasses entries after the header, shared with
 * other rows (comb packing, as in AppArmor's and flex's
 * default/base/next/check tables): the entry at token + class belongs to
 * the state when its check half equals the token, and then its next half
 * is the token of the next state.  Otherwise the transition is that of the
 * state's default state (the next half of the header entry) for the same
 * class, taken the same way; if that also misses, the next state is the
 * dead state.  Defaults are never chained, so a transition costs one
 * 8-byte load when the row holds it and three when it does not.
 *
 * Token 0 is the dead state: it accepts nothing and every transition out
 * of it leads back to it, so a walk can stop as soon as it is reached.
 * The header entry of a state holds PAL_DFA_HDR | the index of its
 * accept record in the check half: no token has that bit, so a header
 * never passes another row's check.  Unused entries hold
 * %PAL_DFA_EMPTY.
 *
 * A path matches when the walk over all of its bytes ends in a state whose
 * accept record is not all zero.
 */
struct pal_dfa_header {
	__u32 nstates;
	__u32 nclasses;
	__u32 start;
	__u32 classes_off;
	__u32 entries_off;
	__u32 nentries;
	__u32 accept_off;
	__u32 naccept;
	__u32 entry_size;
	__u32 reserved;
};

/* A comb entry: next (low 32 bits) and check (high 32 bits) in one word. */
#define PAL_DFA_ENTRY(next, check) \
	((__u64)(__u32)(next) | ((__u64)(__u32)(check) << 32))
#define PAL_DFA_ENTRY_NEXT(e)	((__u32)(e))
#define PAL_DFA_ENTRY_CHECK(e)	((__u32)((e) >> 32))
/* Check half of a header entry: this bit plus the accept record index. */
#define PAL_DFA_HDR		(1U << 31)
/* An unused comb entry. */
#define PAL_DFA_EMPTY		PAL_DFA_ENTRY(0, 0xffffffffU)
/*
 * A 4-byte comb entry: next (low 16 bits) and check (high 16 bits), with
 * the header bit at bit 15 of the check and the unused check 0xffff.
 * Tokens and accept indices stay below %PAL_DFA16_MAX, so a header or an
 * unused entry never passes a row's check either.
 */
#define PAL_DFA_ENTRY16(next, check) \
	((__u32)((next) & 0xffffU) | ((__u32)((check) & 0xffffU) << 16))
#define PAL_DFA16_HDR		(1U << 15)
#define PAL_DFA16_EMPTY		PAL_DFA_ENTRY16(0, 0xffffU)
#define PAL_DFA16_MAX		0x7fffU
/* The 8-byte form of the 4-byte entry @e: what checkers and tools read. */
static inline __u64 pal_dfa_widen(__u32 e)
{
	__u32 chk = e >> 16;

	if (chk == 0xffffU)
		return PAL_DFA_ENTRY(e & 0xffffU, 0xffffffffU);
	if (chk & PAL_DFA16_HDR)
		chk = PAL_DFA_HDR | (chk & ~PAL_DFA16_HDR);
	return PAL_DFA_ENTRY(e & 0xffffU, chk);
}
/* The 4-byte form of the 8-byte entry @e, whose next and check (or accept
 * index) are below %PAL_DFA16_MAX: what the compiler writes. */
static inline __u32 pal_dfa_narrow16(__u64 e)
{
	__u32 chk = PAL_DFA_ENTRY_CHECK(e);

	if (chk == 0xffffffffU)
		return PAL_DFA_ENTRY16(PAL_DFA_ENTRY_NEXT(e), 0xffffU);
	if (chk & PAL_DFA_HDR)
		chk = PAL_DFA16_HDR | (chk & ~PAL_DFA_HDR);
	return PAL_DFA_ENTRY16(PAL_DFA_ENTRY_NEXT(e), chk);
}
/* Most states (and accept records) of one DFA: below the header bit. */
#define PAL_DFA_STATES_MAX	(1U << 24)
_Static_assert(sizeof(struct pal_dfa_header) % 8 == 0,
	       "the comb after the header and class map stays 8-byte aligned");

/**
 * struct pal_accept - permissions granted by the rules matching a path
 * @allow: permissions allowed to anyone
 * @deny: permissions explicitly denied (``deny`` rules)
 * @audit: permissions whose use is logged even when allowed
 * @quiet: denials not to log (``deny`` without ``audit``; reserved)
 * @owner_allow: permissions allowed when fsuid == the file owner
 * @owner_deny: permissions denied when fsuid == the file owner
 * @value: per-DFA payload: profile index + 1 in the attachment DFA; in a
 *	file DFA the exec transition (PAL_X_*) of rules without ``owner``
 * @xowner: in a file DFA, the exec transition for a task owning the
 *	file: ``owner`` rules and rules without ``owner`` merged (they must
 *	agree); zero elsewhere
 */
struct pal_accept {
	__u32 allow;
	__u32 deny;
	__u32 audit;
	__u32 quiet;
	__u32 owner_allow;
	__u32 owner_deny;
	__u32 value;
	__u32 xowner;
};

/* ------------------------------------------------------------------ */
/* File permissions                                                     */
/* ------------------------------------------------------------------ */

#define PAL_MAY_READ	(1ULL << 0)	/* r */
#define PAL_MAY_WRITE	(1ULL << 1)	/* w */
#define PAL_MAY_APPEND	(1ULL << 2)	/* a */
#define PAL_MAY_EXEC	(1ULL << 3)	/* x and every exec mode */
#define PAL_MAY_MMAP	(1ULL << 4)	/* m */
#define PAL_MAY_LINK	(1ULL << 5)	/* l */
#define PAL_MAY_LOCK	(1ULL << 6)	/* k */
#define PAL_MAY_LAST	PAL_MAY_LOCK
#define PAL_MAY_MASK	((PAL_MAY_LAST << 1) - 1)
_Static_assert(PAL_MAY_MASK <= 0xffffffffULL, "file permissions fit in 32 bits");

/*
 * Exec transitions (&pal_accept.value / xowner of a file DFA).  Bits 0-2 the
 * transition, 3-4 the fallback when the target profile does not exist
 * (pix, cux, ...), bit 5 set for the upper-case modes that scrub the
 * environment (secure exec), bits 8-31 the exec target table index + 1
 * (0: no ``-> name``; px then attaches by the executable's path among
 * top-level profiles, cx among the profile's children).
 */
#define PAL_X_NONE		0U
#define PAL_X_IX		1U	/* inherit: stay in the profile */
#define PAL_X_PX		2U	/* another top-level profile */
#define PAL_X_CX		3U	/* a child profile */
#define PAL_X_UX		4U	/* unconfined */
#define PAL_X_TYPE_MASK		0x7U
#define PAL_X_FALLBACK_SHIFT	3
#define PAL_X_FALLBACK_MASK	(0x3U << PAL_X_FALLBACK_SHIFT)
#define PAL_X_FALLBACK_IX	(1U << PAL_X_FALLBACK_SHIFT)	/* pix, cix */
#define PAL_X_FALLBACK_UX	(2U << PAL_X_FALLBACK_SHIFT)	/* pux, cux */
#define PAL_X_SCRUB		(1U << 5)	/* Px Cx Ux ...: secure exec */
#define PAL_X_TARGET_SHIFT	8
#define PAL_X_TARGET_MAX	((1U << (32 - PAL_X_TARGET_SHIFT)) - 1)

/* ------------------------------------------------------------------ */
/* The rules DFA: every class that is not a path                        */
/* ------------------------------------------------------------------ */

/*
 * A query of the rules DFA starts with its class byte; the fixed fields
 * that follow are single bytes and may be zero (the matcher steps over
 * them one by one), a trailing name (peer profile) is NUL-terminated.
 * The accept record's allow/deny/audit/quiet hold the class's PAL_*_
 * permission bits.
 */
enum pal_class {
	/* [NET][family][type][protocol, 255 when >= 255] */
	PAL_CLASS_NET = 1,
	/* [SIGNAL][signal number] peer-profile-name NUL */
	PAL_CLASS_SIGNAL = 2,
	/* [PTRACE] peer-profile-name NUL */
	PAL_CLASS_PTRACE = 3,
	PAL_CLASS_LAST = PAL_CLASS_PTRACE,
};

/* The name a query uses for a task without a profile. */
#define PAL_UNCONFINED_NAME	"unconfined"

/* Network permissions (AppArmor's network rule accesses). */
#define PAL_NET_CREATE		(1ULL << 0)
#define PAL_NET_BIND		(1ULL << 1)
#define PAL_NET_CONNECT		(1ULL << 2)
#define PAL_NET_LISTEN		(1ULL << 3)
#define PAL_NET_ACCEPT		(1ULL << 4)
#define PAL_NET_SEND		(1ULL << 5)
#define PAL_NET_RECEIVE		(1ULL << 6)
#define PAL_NET_SHUTDOWN	(1ULL << 7)
#define PAL_NET_GETATTR		(1ULL << 8)
#define PAL_NET_SETATTR		(1ULL << 9)
#define PAL_NET_GETOPT		(1ULL << 10)
#define PAL_NET_SETOPT		(1ULL << 11)
#define PAL_NET_LAST		PAL_NET_SETOPT
#define PAL_NET_MASK		((PAL_NET_LAST << 1) - 1)
_Static_assert(PAL_NET_MASK <= 0xffffffffULL, "network permissions fit in 32 bits");

/* Signal permissions: the sender's profile needs SEND to the receiver's
 * profile, the receiver's profile RECEIVE from the sender's. */
#define PAL_SIG_SEND		(1ULL << 0)
#define PAL_SIG_RECEIVE		(1ULL << 1)
#define PAL_SIG_LAST		PAL_SIG_RECEIVE
#define PAL_SIG_MASK		((PAL_SIG_LAST << 1) - 1)

/* ptrace permissions: the tracer's profile needs TRACE (or READ for
 * read-only access such as /proc/PID/stat), the tracee's profile
 * TRACEDBY (or READBY) from the tracer's. */
#define PAL_PTRACE_READ		(1ULL << 0)
#define PAL_PTRACE_TRACE	(1ULL << 1)
#define PAL_PTRACE_READBY	(1ULL << 2)
#define PAL_PTRACE_TRACEDBY	(1ULL << 3)
#define PAL_PTRACE_LAST		PAL_PTRACE_TRACEDBY
#define PAL_PTRACE_MASK		((PAL_PTRACE_LAST << 1) - 1)

/* The one permission of a capability check (&pal_event.requested). */
#define PAL_CAP_USE		(1ULL << 0)

/* ------------------------------------------------------------------ */
/* Maps                                                                 */
/* ------------------------------------------------------------------ */

/* The policy map holds two banks; the loader fills the inactive one and then
 * flips &pal_state.active. */
#define PAL_POLICY_BANKS	2

/**
 * struct pal_policy_bank - one bank of the policy map
 * @blob: segment 0 of the binary policy, zero padded to
 *	%PALISADE_POLICY_MAX; segment k >= 1 of the bank is element
 *	bank * (%PAL_POLICY_SEGS - 1) + k - 1 of pal_policy_segs
 * @bank: this bank's index, written by the loader: the matcher finds a
 *	bank's other segments from its blob alone
 * @slots: the loader's bookkeeping, never read by the hooks: 1 + the
 *	highest segment of this bank that may have a map in
 *	pal_policy_segs (0 or 1: none).  The loader empties only those
 *	slots, since before Linux 6.8 every lookup or delete of a
 *	map-in-map from userspace waits for an RCU grace period.
 * @generation: &pal_state.generation the policy was installed as.  Kept
 *	with the bank, not only in &struct pal_state, so a hook holding the
 *	bank reads the generation of exactly the policy it decides with.
 */
struct pal_policy_bank {
	__u8 blob[PALISADE_POLICY_MAX];
	__u32 bank;
	__u32 slots;
	__u64 generation;
};

/**
 * struct pal_state - global state, element 0 of the state map
 * @active: index of the policy bank in force
 * @loaded: non-zero once a policy has been loaded
 * @generation: incremented on every load or replace
 *
 * Only userspace writes it (one map update per replace); hooks read it.
 */
struct pal_state {
	__u32 active;
	__u32 loaded;
	__u64 generation;
};

/**
 * struct pal_readers - hooks currently reading each policy bank (per-CPU
 *	array, element 0)
 * @n: per bank, incremented by a hook before it reads the bank and
 *	decremented when it is done
 *
 * The installer writes a bank only once no CPU counts a reader of it: a
 * sleepable hook may still be walking the bank a previous flip retired.
 */
struct pal_readers {
	__u64 n[PAL_POLICY_BANKS];
};

/**
 * struct pal_stats - counters kept by the hooks (per-CPU array, element 0)
 * @events: audit records sent
 * @events_dropped: audit records lost because the ring buffer was full;
 *	the access decision never depends on whether the record was sent
 * @denials: accesses refused
 * @events_suppressed: audit records not sent because of the rate limit
 *	(&pal_config.audit_rate); counted apart from @events_dropped, which
 *	says palisaded does not keep up
 * @kills: tasks killed by a kill-mode profile
 * @cache_hits: file decisions taken from the decision cache (no name, no
 *	DFA walk)
 * @cache_fills: file decisions remembered in the decision cache
 * @cache_nostore: decisions not remembered because the kernel would not
 *	create the inode's storage
 */
struct pal_stats {
	__u64 events;
	__u64 events_dropped;
	__u64 denials;
	__u64 events_suppressed;
	__u64 kills;
	__u64 cache_hits;
	__u64 cache_fills;
	__u64 cache_nostore;
};

/* Decisions remembered per file (inode storage): one slot per profile
 * hash, so a file used by a few profiles at once keeps each decision. */
#define PAL_FCACHE_SLOTS	4
_Static_assert((PAL_FCACHE_SLOTS & (PAL_FCACHE_SLOTS - 1)) == 0,
	       "PAL_FCACHE_SLOTS indexes by mask");

/**
 * struct pal_fcache_id - what a remembered file decision holds for
 * @generation: &pal_state.generation of the policy the DFA was walked in
 * @mnt: the struct vfsmount the file was named through
 * @dentry: the struct dentry it was named through
 * @parent: @dentry's parent then
 * @hash_len: @dentry's name (hash and length) then
 * @rename_seq: the kernel's rename sequence (rename_lock) when named
 * @mount_seq: the kernel's mount sequence (mount_lock) when named
 * @profile: byte offset of the profile record in that policy
 * @reserved: zero
 *
 * A file's name is a function of (mount, dentry) while no rename and no
 * change of the mount tree happens anywhere: the two kernel sequences
 * say so.  The accept entry does not depend on the task (owner rules are
 * folded in at use), so any task of the profile may use it.
 */
struct pal_fcache_id {
	__u64 generation;
	__u64 mnt;
	__u64 dentry;
	__u64 parent;
	__u64 hash_len;
	__u32 rename_seq;
	__u32 mount_seq;
	__u32 profile;
	__u32 reserved;
};

/**
 * struct pal_fcache_slot - one remembered file decision
 * @seq: the slot's own sequence: odd while a hook writes the slot, so a
 *	reader never takes a key of one decision with the answer of another
 * @id: what the decision holds for
 * @accept: byte offset of the &struct pal_accept the name reached
 * @reserved: zero
 */
struct pal_fcache_slot {
	__u64 seq;
	struct pal_fcache_id id;
	__u32 accept;
	__u32 reserved;
};

/**
 * struct pal_fcache - the decision cache of one inode (inode storage, freed
 *	with the inode)
 * @slot: remembered decisions, indexed by a hash of the profile
 */
struct pal_fcache {
	struct pal_fcache_slot slot[PAL_FCACHE_SLOTS];
};

/* Audit records per second and CPU palisaded sets when it loads the
 * programs: enough for a learning run, too few to flood the log. */
#define PAL_AUDIT_RATE_DEFAULT	200U

/**
 * struct pal_config - run-time settings, element 0 of the config map
 * @audit_rate: audit records each CPU may send per second, 0 = unlimited;
 *	records over the limit are counted in &pal_stats.events_suppressed
 * @authority: &enum pal_authority in force
 *
 * Written by palisaded when it loads the programs and by ``palisade``.
 */
struct pal_config {
	__u32 audit_rate;
	__u32 authority;
};

/* Authority levels for identity switches (DESIGN.md section 4). */
enum pal_authority {
	PAL_AUTH_UNIX = 0,	/* uid 0 suffices; profile rules still apply */
	PAL_AUTH_DAEMON = 1,	/* switches need daemon, and a clean process */
	PAL_AUTH_MAINCHECK = 2,	/* and a MAIN first program */
	PAL_AUTH_LAST = PAL_AUTH_MAINCHECK,
};

/**
 * struct pal_ratelimit - audit rate window of one CPU (per-CPU array)
 * @window: the current one-second window and the records sent in it, in
 *	one word so a hook updates both with one compare-and-swap: the
 *	second (bpf_ktime_get_ns() / 10^9) above %PAL_RL_COUNT_BITS, the
 *	count below.  Sleepable hooks can be preempted on the CPU by other
 *	hooks; with the window in one word none of them can overshoot the
 *	limit or reset another's count.
 * @reserved: zero
 */
struct pal_ratelimit {
	__u64 window;
	__u64 reserved;
};

/* Bits of &pal_ratelimit.window that count records; higher audit rates
 * are taken as this many. */
#define PAL_RL_COUNT_BITS	24
#define PAL_RL_COUNT_MASK	((1ULL << PAL_RL_COUNT_BITS) - 1)

/* Largest number of profiles the control map tracks. */
#define PAL_PROFILE_CTL_MAX	4096

/* &pal_profile_ctl.flags */
#define PAL_CTL_MODE	(1U << 0)	/* @mode overrides the compiled mode */
#define PAL_CTL_BORN	(1U << 1)	/* @born is set */

/**
 * struct pal_profile_ctl - run-time state of one profile, by profile id
 *	(hash map, written only by userspace under the install lock)
 * @flags: PAL_CTL_*
 * @mode: &enum pal_mode set by the administrator (``palisade complain``)
 * @base: the compiled mode of the profile when @mode was set.  The
 *	override applies only while the policy in force still compiles the
 *	profile to @base: a replace whose text changes the profile's mode
 *	wins over an earlier switch, any other replace keeps the switch.  A
 *	hook checks this itself, so no replace ever shows a policy with a
 *	stale override, and the installer drops such overrides afterwards.
 * @reserved: zero
 * @born: generation of the policy that brought the profile back after
 *	it had been removed.  A task that entered it before
 *	(&pal_task_ctx.since < @born: it entered the removed incarnation)
 *	runs unconfined, as AppArmor moves the tasks of a removed profile to
 *	``unconfined`` for good.  While a profile is absent from the policy
 *	its tasks are unconfined anyway, so the map keeps entries only for
 *	profiles of the policy in force (and of the one before, until no
 *	hook uses it): it never fills with removals.
 */
struct pal_profile_ctl {
	__u32 flags;
	__u32 mode;
	__u32 base;
	__u32 reserved;
	__u64 born;
};

/**
 * struct pal_net_memo - a task's last network decision
 * @generation: &pal_state.generation of the policy it was made under
 * @id: the task's profile id then
 * @what: family << 24 | type << 16 | protocol; 0 = nothing remembered
 * @allow: &pal_perms of the answer
 * @deny: &pal_perms of the answer
 * @audit: &pal_perms of the answer
 * @quiet: &pal_perms of the answer
 *
 * sendmsg and recvmsg ask the same question on every call.  Only the task
 * itself reads and writes its memo (the mode is applied at use).
 */
struct pal_net_memo {
	__u64 generation;
	__u32 id;
	__u32 what;
	__u32 allow;
	__u32 deny;
	__u32 audit;
	__u32 quiet;
};

/**
 * struct pal_task_ctx - per-task label (the pal_task hash map)
 * @profile_id: &pal_profile_rec.id of the task's profile, 0 = unconfined
 * @pending_id: profile the task enters when the exec in progress commits
 * @since: generation of the policy under which the task entered
 *	@profile_id (see &pal_profile_ctl.born)
 * @pending_since: @since for @pending_id
 * @proc: PAL_PROC_* program-control state of the process.  Threads share
 *	it: hooks read and write the one in the thread group leader's label
 *	(the exec'ing thread becomes the leader, so an exec resets it there)
 * @pending_proc: PAL_PROC_* the image being exec'd starts with, decided
 *	before the point of no return and applied when the exec commits
 * @prof_hint: the byte offset @profile_id's record had when last looked up
 *	(pal_profile_find_hint(): checked before use, so a stale hint, or one
 *	another CPU writes meanwhile, only costs the search)
 * @net: the task's last two network decisions (see &struct pal_net_memo):
 *	socket() asks with protocol 0, connect/accept/send with the socket's
 *	own protocol, so one would be overwritten at every call
 * @net_next: which of @net the next new decision replaces
 *
 * @proc is 64 bits wide because BPF's atomic or (threads of one process
 * dirty it concurrently) needs 64-bit operands before -mcpu=v3.
 *
 * Kept small: kernels that allocate local storage from bpf_mem_alloc (7.x)
 * refuse elements over 4 KiB, so the path buffer lives elsewhere
 * (&struct pal_scratch).
 */
struct pal_task_ctx {
	__u32 profile_id;
	__u32 pending_id;
	__u64 since;
	__u64 pending_since;
	__u64 proc;
	__u32 pending_proc;
	__u32 prof_hint;
	struct pal_net_memo net[2];
	__u64 net_next;
};

/* Confined tasks at once (the label map is preallocated); a confined task
 * that would exceed it cannot fork, and an exec into a profile fails. */
#define PAL_TASKS_MAX		32768

/* Path buffers per CPU (see &struct pal_scratch). */
#define PAL_SCRATCH_SLOTS	4

/**
 * struct pal_scratch - a path buffer, one slot of a per-CPU array
 * @owner: pid_tgid of the hook holding the slot, 0 when free (64 bits:
 *	BPF's compare-and-swap needs them before -mcpu=v3)
 * @path: the path being decided
 *
 * Sleepable hooks run with migration disabled but may be preempted, so
 * another task on the same CPU can be inside a hook too: a hook takes a free
 * slot with a compare-and-swap and gives it back before it returns.
 */
struct pal_scratch {
	__u64 owner;
	char path[PALISADE_PATH_MAX];
};

/* ------------------------------------------------------------------ */
/* Events                                                               */
/* ------------------------------------------------------------------ */

/* Operations, named in audit records as AppArmor names them. */
enum pal_op {
	PAL_OP_OPEN = 1,	/* "open" */
	PAL_OP_EXEC = 2,	/* "exec" */
	PAL_OP_MKNOD,		/* "mknod" (and creating open) */
	PAL_OP_MKDIR,		/* "mkdir" */
	PAL_OP_RMDIR,		/* "rmdir" */
	PAL_OP_UNLINK,		/* "unlink" */
	PAL_OP_RENAME_SRC,	/* "rename_src" */
	PAL_OP_RENAME_DEST,	/* "rename_dest" */
	PAL_OP_LINK,		/* "link" */
	PAL_OP_SYMLINK,		/* "symlink" */
	PAL_OP_CHMOD,		/* "chmod" */
	PAL_OP_CHOWN,		/* "chown" */
	PAL_OP_TRUNCATE,	/* "truncate" */
	PAL_OP_SETATTR,		/* "setattr" (times and other attributes) */
	PAL_OP_LOCK,		/* "file_lock" */
	PAL_OP_MMAP,		/* "file_mmap" */
	PAL_OP_MPROTECT,	/* "file_mprotect" */
	PAL_OP_CAPABLE,		/* "capable" */
	PAL_OP_NET_CREATE,	/* "create" */
	PAL_OP_NET_BIND,	/* "bind" */
	PAL_OP_NET_CONNECT,	/* "connect" */
	PAL_OP_NET_LISTEN,	/* "listen" */
	PAL_OP_NET_ACCEPT,	/* "accept" */
	PAL_OP_NET_SENDMSG,	/* "sendmsg" */
	PAL_OP_NET_RECVMSG,	/* "recvmsg" */
	PAL_OP_SIGNAL,		/* "signal" */
	PAL_OP_PTRACE,		/* "ptrace" */
	PAL_OP_SETUID,		/* "setuid" (every uid switch) */
	PAL_OP_SETGID,		/* "setgid" (every gid switch) */
	PAL_OP_SETGROUPS,	/* "setgroups" */
	PAL_OP_PROGCTL,		/* "progctl": program-control marks */
	PAL_OP_CLEAN,		/* "clean": a load that makes a process dirty */
	PAL_OP_LIMIT,		/* "limit": task creation over a limit */
	PAL_OP_SELFPROTECT,	/* "selfprotect": reaching palisade's objects */
	PAL_OP_LAST = PAL_OP_SELFPROTECT,
};

enum pal_verdict {
	PAL_VERDICT_ALLOWED = 0,	/* complain mode, or an audited allow */
	PAL_VERDICT_DENIED = 1,
	PAL_VERDICT_AUDIT = 2,		/* allowed, logged by an audit rule */
	PAL_VERDICT_KILLED = 3,		/* denied, and the task killed */
};

/* Why, beyond missing permission bits (&pal_event.info; AppArmor's
 * info= key). */
enum pal_info {
	PAL_INFO_NONE = 0,
	PAL_INFO_NO_TARGET,		/* "profile not found" (px/cx target) */
	PAL_INFO_NOT_CLEAN,		/* "not clean" (name: the unmarked file) */
	PAL_INFO_NO_DAEMON,		/* "no daemon authority" */
	PAL_INFO_NO_SERVER,		/* "no server authority" */
	PAL_INFO_TARGET_ID,		/* "target user not allowed" */
	PAL_INFO_NOT_MAIN,		/* "first program not MAIN" */
	PAL_INFO_XC,			/* "execute-controlled program" */
	PAL_INFO_MARK_CLEARED,		/* "marks cleared" (write to a marked file) */
	PAL_INFO_LIMIT,			/* "limit reached" */
	PAL_INFO_SELF,			/* "palisade object" */
	PAL_INFO_DELETED,		/* "deleted file" */
	PAL_INFO_DISCONNECTED,		/* "disconnected path" */
	PAL_INFO_SERVER_READ,		/* "server identity denied" (server read,) */
	PAL_INFO_LAST = PAL_INFO_SERVER_READ,
};

#define PAL_COMM_LEN	16

/**
 * struct pal_event - one audit record, BPF -> palisaded
 * @op: &enum pal_op
 * @verdict: &enum pal_verdict
 * @profile_id: id of the profile that decided
 * @pid: thread group id of the task
 * @fsuid: the task's fsuid
 * @ouid: owner of the object
 * @requested: permissions asked for, in the op's class (PAL_MAY_*,
 *	PAL_NET_*, PAL_SIG_*, PAL_PTRACE_*; 1 for a capability)
 * @denied: permissions refused (0 for an audited allow)
 * @error: errno returned to the task (0 when allowed)
 * @peer_id: profile id of the peer (signal, ptrace) or of the exec target
 *	(0: unconfined, or none)
 * @peer_pid: the peer task (signal, ptrace)
 * @info: &enum pal_info
 * @arg: per op: capability [0] = number; network [0..2] = family, type,
 *	protocol; signal [0] = signal; setuid/setgid [0] = target id;
 *	exec [0] = the PAL_X_* transition taken
 * @comm: the task's command name
 * @name: the object's path, NUL-terminated
 */
struct pal_event {
	__u32 op;
	__u32 verdict;
	__u32 profile_id;
	__u32 pid;
	__u32 fsuid;
	__u32 ouid;
	__u32 requested;
	__u32 denied;
	__s32 error;
	__u32 peer_id;
	__u32 peer_pid;
	__u32 info;
	__u32 arg[4];
	char comm[PAL_COMM_LEN];
	char name[PALISADE_PATH_MAX];
};

/* ------------------------------------------------------------------ */
/* Administration                                                       */
/* ------------------------------------------------------------------ */

/* Clock ticks per second of /proc/PID/stat's start time (USER_HZ, 100 on
 * every architecture palisade runs on). */
#define PAL_USER_HZ		100ULL

/* Pending exec requests at once (``palisade exec``). */
#define PAL_EXEC_REQ_MAX	1024

/**
 * struct pal_exec_req - ``palisade exec -p PROFILE``: enter a profile at the
 *	next exec (the pal_exec_req hash map, keyed by the thread id)
 * @profile_id: &pal_profile_rec.id of the profile to enter
 * @reserved: zero
 * @start_ticks: the requesting thread's start time in clock ticks since
 *	boot (field 22 of /proc/PID/stat): a request left behind by a thread
 *	that died before its exec never applies to a later thread that
 *	reuses the id
 *
 * Only a task that may write palisade's pinned maps (root with
 * CAP_BPF/CAP_SYS_ADMIN) can make a request.  The exec hook consumes the
 * request whether it applies or not; an exec whose requested profile is not
 * in the policy in force fails with EACCES.
 */
struct pal_exec_req {
	__u32 profile_id;
	__u32 reserved;
	__u64 start_ticks;
};

/**
 * struct pal_self - palisade's own processes, element 0 of the self map
 * @daemon_tgid: thread group id of the running palisaded, 0 when none.
 *	Confined tasks may not signal or ptrace it (DESIGN.md section 5).
 * @reserved: zero
 *
 * Written by palisaded when it starts and cleared when it exits.
 */
struct pal_self {
	__u32 daemon_tgid;
	__u32 reserved;
};

/* The root of every bpf filesystem has this magic (include/uapi/linux/magic.h);
 * the pin directory is its "palisade" entry. */
#define PAL_BPF_FS_MAGIC	0xcafe4a11U
#define PALISADE_PIN_NAME	"palisade"
/* Program control (DESIGN.md section 4)                                */
/* ------------------------------------------------------------------ */

/* Marks of a file (``palisade extattr``). */
#define PAL_MARK_P		(1U << 0)	/* +p: a program-controlled program */
#define PAL_MARK_MAIN		(1U << 1)	/* +main: may start a daemon */
#define PAL_MARK_XC		(1U << 2)	/* +xc: execute-controlled */
#define PAL_MARK_LAST		PAL_MARK_XC
#define PAL_MARK_MASK		((PAL_MARK_LAST << 1) - 1)

/**
 * struct pal_mark_key - a file in the marks map: its inode, as the kernel
 *	names it (the hooks compute it; userspace never needs to)
 * @ino: inode number
 * @dev: the superblock's device number (kernel encoding, s_dev)
 * @gen: the inode's generation, so a recycled inode number never inherits
 *	the marks of a deleted file
 */
struct pal_mark_key {
	__u64 ino;
	__u32 dev;
	__u32 gen;
};

/* Marked files the map holds (preallocated hash). */
#define PAL_MARKS_MAX		16384

/* &pal_task_ctx.proc: the state of a process's current image. */
#define PAL_PROC_TRACKED	(1U << 0)	/* state below is kept */
#define PAL_PROC_DIRTY		(1U << 1)	/* loaded an unmarked program */
#define PAL_PROC_STAY_CLEAN	(1U << 2)	/* asked to stay clean */
#define PAL_PROC_MAIN		(1U << 3)	/* first program marked main */
#define PAL_PROC_XC_OK		(1U << 4)	/* an xc program a MAIN one ran */
#define PAL_PROC_LAST		PAL_PROC_XC_OK
#define PAL_PROC_MASK		((PAL_PROC_LAST << 1) - 1)

/* Longest name of an unmarked program remembered for the audit record of
 * a refused identity switch (&struct pal_dirt). */
#define PAL_DIRT_NAME_MAX	256

/**
 * struct pal_dirt - what made a process dirty (the pal_dirt map, keyed
 *	like the label map by the thread group leader)
 * @name: path of the first unmarked program the process loaded
 */
struct pal_dirt {
	char name[PAL_DIRT_NAME_MAX];
};

/*
 * prctl(2) options palisade's task_prctl hook answers; the kernel does not
 * know them (it returns EINVAL without palisade).  "PAL" in the high bytes.
 *
 * Success is the error PAL_PRCTL_DONE, never 0: a BPF LSM program that
 * returns 0 lets the hook's default body run after it (the trampoline
 * treats the program as fmod_ret), and task_prctl's default is -ENOSYS,
 * "no module handled it", which prctl(2) turns into EINVAL.  The verifier
 * allows such a program only 0 or a negative errno, so a distinct errno
 * is the one way to say "done".  libpalisade hides this.
 *
 * PAL_PRCTL_MARK(fd, set, clear): change the marks of the open regular file
 *	@fd (PAL_MARK_* bits to set, then to clear).  Needs a profile granting
 *	``progctl,`` (or unconfined root at authority level unix); EPERM
 *	otherwise, ETXTBSY while the file is open for writing, EINVAL for
 *	anything but a linked regular file.
 * PAL_PRCTL_HAS_MARKS(fd, marks): PAL_PRCTL_DONE when @fd carries every
 *	mark of @marks, ENODATA otherwise.
 * PAL_PRCTL_STAY_CLEAN(): from now on until the next exec, loading an
 *	unmarked program fails with EACCES; EACCES when already dirty.
 * PAL_PRCTL_IS_CLEAN(): PAL_PRCTL_DONE when the process is clean, ENODATA
 *	when dirty.
 */
#define PAL_PRCTL_BASE		0x50414c00
#define PAL_PRCTL_MARK		(PAL_PRCTL_BASE + 1)
#define PAL_PRCTL_HAS_MARKS	(PAL_PRCTL_BASE + 2)
#define PAL_PRCTL_STAY_CLEAN	(PAL_PRCTL_BASE + 3)
#define PAL_PRCTL_IS_CLEAN	(PAL_PRCTL_BASE + 4)
#define PAL_PRCTL_LAST		PAL_PRCTL_IS_CLEAN

/* The errno (from the includer's errno.h) by which an option succeeds. */
#define PAL_PRCTL_DONE		EALREADY

/* Pin directory of maps and links. */
#define PALISADE_PIN_DIR	"/sys/fs/bpf/palisade"

/* ------------------------------------------------------------------ */
/* server read, (DESIGN.md section 4)                                   */
/* ------------------------------------------------------------------ */

/* Supplementary groups of a server identity kept and compared. */
#define PAL_SERVER_GROUPS	32

/* Threads acting for a client under ``server read,`` at once (the
 * pal_server map is preallocated; a switch that finds it full fails). */
#define PAL_SERVER_MAX		4096

/**
 * struct pal_server_id - the server's own identity, kept for a thread that
 *	switched to a client's identity under ``server read,`` (the pal_server
 *	hash map, keyed like the label map by the task)
 * @uid: the server's fsuid before the switch
 * @gid: the server's fsgid before the switch
 * @ngroups: how many supplementary groups the server had; only the first
 *	PAL_SERVER_GROUPS are kept in @groups and compared
 * @reserved: zero
 * @cap: the server's effective capabilities (bit n: capability n)
 * @groups: the server's first supplementary groups
 *
 * Every inode permission check the thread makes is then also decided for
 * this identity (see server.bpf.c).  Kept from the thread's first switch
 * away from it until the thread is back on it (fsuid, fsgid and groups) or
 * exits; a task the thread creates inherits it.
 */
struct pal_server_id {
	__u32 uid;
	__u32 gid;
	__u32 ngroups;
	__u32 reserved;
	__u64 cap;
	__u32 groups[PAL_SERVER_GROUPS];
};

#endif /* PALISADE_H */
