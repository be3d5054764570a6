/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade userspace: what access a profile edit adds or removes, computed
 * on the compiled DFAs by product construction: a breadth-first walk over
 * pairs (old state, new state) from the two start states, so the first
 * path found to each difference is a shortest one.
 */
#ifndef PAL_DIFF_H
#define PAL_DIFF_H

#include <stddef.h>
#include <linux/types.h>

/**
 * struct pal_diff_item - one difference between two DFAs
 * @example: a shortest input reaching it (a path for file DFAs; a rules
 *	query for the rules DFA), NUL-terminated
 * @len: bytes of @example
 * @owner: 1 when the difference holds only for the file's owner
 * @added: permissions NEW grants and OLD does not
 * @removed: permissions OLD grants and NEW does not
 * @xchanged: the exec transition differs (both allow exec)
 */
struct pal_diff_item {
	char example[4096];
	size_t len;
	int owner;
	__u32 added;
	__u32 removed;
	int xchanged;
};

/*
 * Compare the DFA at offset @old_dfa of the verified policy @old with the
 * one at @new_dfa of @new.  Differences go to @cb in breadth-first order,
 * at most one per distinct (owner, added, removed, xchanged); @cb returns
 * non-zero to stop.  Returns the number of differences reported, or a
 * negative errno.
 */
int pal_dfa_diff(const void *old, __u32 old_dfa, const void *new,
		 __u32 new_dfa, int (*cb)(void *ctx, const struct pal_diff_item *it),
		 void *ctx);

#endif /* PAL_DIFF_H */
