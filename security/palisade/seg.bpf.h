/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: the segments of a policy bank after segment 0 (see
 * PAL_SEG_SHIFT in palisade.h).  Included by match.h under BPF, after
 * maps.bpf.h.
 */
#ifndef PALISADE_SEG_BPF_H
#define PALISADE_SEG_BPF_H

/*
 * Segment @k >= 1 of the bank whose segment 0 is @blob: the bank's index
 * sits after its blob (&struct pal_policy_bank), so the matcher needs no
 * more than the blob it was given.  Slots of a bank are written only while
 * no hook reads it (the readers protocol of pal_policy_get()), so the
 * inner map lives as long as the hook's hold on the bank.
 * Return: the segment's map value, or NULL when the bank has none.
 */
static __always_inline const __u8 *pal_seg_lookup(const __u8 *blob, __u32 k)
{
	const struct pal_policy_bank *pb = (const void *)blob;
	struct pal_policy_seg_blob *sb;
	__u32 key, zero = 0;
	void *inner;

	if (k >= PAL_POLICY_SEGS)
		return NULL;
	key = (pb->bank & 1) * (PAL_POLICY_SEGS - 1) + k - 1;
	inner = bpf_map_lookup_elem(&pal_policy_segs, &key);
	if (!inner)
		return NULL;
	sb = bpf_map_lookup_elem(inner, &zero);
	return sb ? sb->blob : NULL;
}

#endif /* PALISADE_SEG_BPF_H */
