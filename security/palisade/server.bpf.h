/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: the server identity of threads acting for a client under
 * ``server read,`` (struct pal_server_id), shared by the identity hooks
 * (cred.bpf.c), which keep it when such a thread switches, and by
 * server.bpf.c, which decides every permission check of the thread for it.
 */
#ifndef PALISADE_SERVER_BPF_H
#define PALISADE_SERVER_BPF_H

#include "common.bpf.h"
#include <bpf/bpf_core_read.h>

/*
 * kernel_cap_t is { u32 cap[2]; } up to 6.2 and { u64 val; } from 6.3:
 * both flavors, chosen by CO-RE at load time.
 */
struct pal_kcap_u64 {
	__u64 val;
} __attribute__((preserve_access_index));

struct pal_kcap_u32 {
	__u32 cap[2];
} __attribute__((preserve_access_index));

struct cred___pal_cap64 {
	struct pal_kcap_u64 cap_effective;
} __attribute__((preserve_access_index));

struct cred___pal_cap32 {
	struct pal_kcap_u32 cap_effective;
} __attribute__((preserve_access_index));

/* The effective capabilities of @cred, bit n for capability n. */
static __always_inline __u64 pal_cred_caps(const struct cred *cred)
{
	const struct cred___pal_cap64 *c64 = (const void *)cred;
	const struct cred___pal_cap32 *c32 = (const void *)cred;

	if (bpf_core_field_exists(c64->cap_effective.val))
		return BPF_CORE_READ(c64, cap_effective.val);
	return BPF_CORE_READ(c32, cap_effective.cap[0]) |
	       ((__u64)BPF_CORE_READ(c32, cap_effective.cap[1]) << 32);
}

/* Count the entries of pal_server up or down by one. */
static __always_inline void pal_server_count_add(__s64 delta)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&pal_server_count, &zero);

	if (n)
		__sync_fetch_and_add(n, delta);
}

/* Are there any server identities at all?  One array lookup. */
static __always_inline int pal_server_any(void)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&pal_server_count, &zero);

	return n && *n;
}

/* Give the task of @key the server identity @sid unless it has one.
 * Return: 0, or -EAGAIN when the map is full. */
static __always_inline int pal_server_keep(__u64 key,
					   const struct pal_server_id *sid)
{
	long err = bpf_map_update_elem(&pal_server, &key, sid, BPF_NOEXIST);

	if (!err) {
		pal_server_count_add(1);
		return 0;
	}
	return err == -EEXIST ? 0 : -EAGAIN;
}

static __always_inline void pal_server_drop(__u64 key)
{
	if (!bpf_map_delete_elem(&pal_server, &key))
		pal_server_count_add(-1);
}

#endif /* PALISADE_SERVER_BPF_H */
