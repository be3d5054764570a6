// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: network.  A confined task's socket operations are decided by
 * its profile's network rules on the socket's family, type and protocol
 * (``network [access] [family] [type|protocol],``): creation from the
 * arguments of socket(2), every later operation from the socket itself.
 * As in AppArmor, a refusal is EACCES, and the address a socket binds or
 * connects to is not looked at.
 */
#include "common.bpf.h"

/* A memo's key for a kind of socket; 0 (never remembered) when a field
 * does not fit. */
static __always_inline __u32 pal_net_what(__u32 family, __u32 type,
					  __u32 protocol)
{
	if (family >= 256 || type >= 256 || protocol >= 65536)
		return 0;
	return family << 24 | type << 16 | protocol;
}

/* The task's memo of @what under the policy of generation @gen and its
 * current profile, or NULL. */
static __always_inline struct pal_net_memo *
pal_net_memo_find(struct pal_task_ctx *tc, __u32 what, __u64 gen)
{
	struct pal_net_memo *m;
	__u32 i;

	if (!what)
		return NULL;
	for (i = 0; i < 2; i++) {
		m = i ? &tc->net[1] : &tc->net[0];
		if (m->what == what && m->generation == gen &&
		    m->id == tc->profile_id)
			return m;
	}
	return NULL;
}

/*
 * pal_net_perms(), answered from the task's memo when it asked the same
 * question (@what, 0 when it cannot be remembered) under the same policy
 * and profile lately.
 */
static __always_inline void pal_net_perms_memo(const struct pal_policy_ref *ref,
					       __u32 prof,
					       struct pal_task_ctx *tc,
					       __u32 family, __u32 type,
					       __u32 protocol, __u32 what,
					       struct pal_perms *perms)
{
	struct pal_net_memo *m = pal_net_memo_find(tc, what, ref->generation);

	if (m) {
		perms->allow = m->allow;
		perms->deny = m->deny;
		perms->audit = m->audit;
		perms->quiet = m->quiet;
		return;
	}
	pal_net_perms(ref->blob, prof, family, type, protocol, perms);
	if (!what)
		return;
	m = (tc->net_next & 1) ? &tc->net[1] : &tc->net[0];
	tc->net_next ^= 1;
	m->generation = ref->generation;
	m->id = tc->profile_id;
	m->what = what;
	m->allow = perms->allow;
	m->deny = perms->deny;
	m->audit = perms->audit;
	m->quiet = perms->quiet;
}

/*
 * Does the task's memo say, for the policy in force, that @requested on
 * this kind of socket is granted and not audited?  Such an answer holds in
 * every mode (modes differ only on what is not granted) and whether or
 * not the profile was removed since (an unconfined task is allowed too),
 * so it is taken without holding the policy: the generation in the state
 * map tells whether the memo's policy is still the one in force.
 */
static __always_inline int pal_net_memo_silent(struct pal_task_ctx *tc,
					       __u32 what, __u32 requested)
{
	const struct pal_net_memo *m;
	struct pal_state *st;
	__u32 zero = 0;

	st = bpf_map_lookup_elem(&pal_state, &zero);
	if (!st)
		return 0;
	m = pal_net_memo_find(tc, what, *(volatile __u64 *)&st->generation);
	return m && !(requested & ~(m->allow & ~m->deny)) &&
	       !(requested & m->audit);
}

/*
 * Decide @requested on a socket of @family/@type/@protocol for the current
 * task, whose label with a profile is @tc (pal_net_confined()).
 * Return: the hook's return value.
 */
static __always_inline int pal_net_check(struct pal_task_ctx *tc,
					 __u32 family, __u32 type,
					 __u32 protocol, __u32 requested,
					 __u32 op)
{
	__u32 what = pal_net_what(family, type, protocol);
	__u32 mode = PAL_MODE_ENFORCE, prof;
	struct pal_audit_extra x = { };
	struct pal_policy_ref ref;
	struct pal_decision d;
	struct pal_perms perms;
	int ret;

	if (pal_net_memo_silent(tc, what, requested))
		return 0;
	ret = pal_policy_get(&ref);
	if (ret)
		return ret == -EBUSY ? -EACCES : 0;
	prof = pal_task_profile(&ref, tc, &mode);
	if (!prof) {
		pal_policy_put(&ref);
		return 0;
	}
	pal_net_perms_memo(&ref, prof, tc, family, type, protocol, what,
			   &perms);
	pal_decide_class(&perms, requested, mode, &d);
	x.arg[0] = family;
	x.arg[1] = type;
	x.arg[2] = protocol;
	ret = pal_enforce_ex(&d, op, tc->profile_id, requested, 0, "", &x,
			     -EACCES);
	pal_policy_put(&ref);
	return ret;
}

/* The current task's label when it has a profile, else NULL: asked before
 * anything else, so that an unconfined task's socket calls cost a lookup. */
static __always_inline struct pal_task_ctx *pal_net_confined(void)
{
	struct pal_task_ctx *tc = pal_current_ctx();

	return tc && tc->profile_id ? tc : NULL;
}

/* An operation on an existing socket: its own family, type, protocol. */
static __always_inline int pal_net_sock(struct socket *sock, __u32 requested,
					__u32 op)
{
	struct pal_task_ctx *tc = pal_net_confined();
	struct sock *sk;

	if (!tc)
		return 0;
	/* Direct loads (fault-handled through BTF pointers): four
	 * bpf_probe_read_kernel() calls were most of a memo hit's cost. */
	sk = sock->sk;
	if (!sk)
		return 0;
	return pal_net_check(tc, sk->__sk_common.skc_family, sk->sk_type,
			     sk->sk_protocol, requested, op);
}

SEC("lsm/socket_create")
int BPF_PROG(pal_socket_create, int family, int type, int protocol, int kern)
{
	struct pal_task_ctx *tc;

	/* Sockets the kernel makes for itself are not the task's doing. */
	if (kern)
		return 0;
	tc = pal_net_confined();
	if (!tc)
		return 0;
	return pal_net_check(tc, (__u32)family, (__u32)type, (__u32)protocol,
			     PAL_NET_CREATE, PAL_OP_NET_CREATE);
}

SEC("lsm/socket_bind")
int BPF_PROG(pal_socket_bind, struct socket *sock, struct sockaddr *address,
	     int addrlen)
{
	return pal_net_sock(sock, PAL_NET_BIND, PAL_OP_NET_BIND);
}

SEC("lsm/socket_connect")
int BPF_PROG(pal_socket_connect, struct socket *sock, struct sockaddr *address,
	     int addrlen)
{
	return pal_net_sock(sock, PAL_NET_CONNECT, PAL_OP_NET_CONNECT);
}

SEC("lsm/socket_listen")
int BPF_PROG(pal_socket_listen, struct socket *sock, int backlog)
{
	return pal_net_sock(sock, PAL_NET_LISTEN, PAL_OP_NET_LISTEN);
}

/* Decided on the listening socket, as in AppArmor. */
SEC("lsm/socket_accept")
int BPF_PROG(pal_socket_accept, struct socket *sock, struct socket *newsock)
{
	return pal_net_sock(sock, PAL_NET_ACCEPT, PAL_OP_NET_ACCEPT);
}

SEC("lsm/socket_sendmsg")
int BPF_PROG(pal_socket_sendmsg, struct socket *sock, struct msghdr *msg,
	     int size)
{
	return pal_net_sock(sock, PAL_NET_SEND, PAL_OP_NET_SENDMSG);
}

SEC("lsm/socket_recvmsg")
int BPF_PROG(pal_socket_recvmsg, struct socket *sock, struct msghdr *msg,
	     int size, int flags)
{
	return pal_net_sock(sock, PAL_NET_RECEIVE, PAL_OP_NET_RECVMSG);
}
