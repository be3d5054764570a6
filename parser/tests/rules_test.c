// SPDX-License-Identifier: GPL-2.0
/*
 * palisade parser tests: capability, network, signal and ptrace rules,
 * compiled and then queried through match.h exactly as the hooks query
 * them (pal_cap_perms, pal_net_perms, pal_signal_perms, pal_ptrace_perms).
 */
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <linux/capability.h>

#include "pal_test.h"
#include "kselftest_harness.h"

static struct pal_perms cap(const struct pt_policy *p, const char *prof,
			    unsigned int c)
{
	struct pal_perms r;

	pal_cap_perms(p->buf, pt_profile(p, prof), c, &r);
	return r;
}

static struct pal_perms net(const struct pt_policy *p, const char *prof,
			    int family, int type, int protocol)
{
	struct pal_perms r;

	pal_net_perms(p->buf, pt_profile(p, prof), (__u32)family, (__u32)type,
		      (__u32)protocol, &r);
	return r;
}

/* A peer name in a PALISADE_PATH_MAX buffer, as the hooks pass it. */
static char *peer_buf(const char *name)
{
	static char buf[PALISADE_PATH_MAX];

	memset(buf, 0, sizeof(buf));
	snprintf(buf, sizeof(buf), "%s", name);
	return buf;
}

static struct pal_perms sig(const struct pt_policy *p, const char *prof,
			    int signo, const char *peer)
{
	struct pal_perms r;

	pal_signal_perms(p->buf, pt_profile(p, prof), (__u32)signo,
			 peer_buf(peer), &r);
	return r;
}

static struct pal_perms ptr(const struct pt_policy *p, const char *prof,
			    const char *peer)
{
	struct pal_perms r;

	pal_ptrace_perms(p->buf, pt_profile(p, prof), peer_buf(peer), &r);
	return r;
}

static struct pal_decision decide(struct pal_perms perms, __u32 req)
{
	struct pal_decision d;

	pal_decide_class(&perms, req, PAL_MODE_ENFORCE, &d);
	return d;
}

TEST(capabilities_by_name)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n"
				"  capability chown net_raw,\n"
				"  capability checkpoint_restore,\n"
				"  deny capability sys_admin,\n"
				"  audit deny capability sys_module,\n"
				"  audit capability kill,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(1U, cap(&p, "a", CAP_CHOWN).allow);
	EXPECT_EQ(1U, cap(&p, "a", CAP_NET_RAW).allow);
	EXPECT_EQ(1U, cap(&p, "a", CAP_CHECKPOINT_RESTORE).allow);
	EXPECT_EQ(0U, cap(&p, "a", CAP_DAC_OVERRIDE).allow);
	EXPECT_EQ(0U, cap(&p, "a", CAP_DAC_OVERRIDE).deny);
	/* a plain deny is quiet, an audited one is not */
	EXPECT_EQ(1U, cap(&p, "a", CAP_SYS_ADMIN).deny);
	EXPECT_EQ(1U, cap(&p, "a", CAP_SYS_ADMIN).quiet);
	EXPECT_EQ(1U, cap(&p, "a", CAP_SYS_MODULE).deny);
	EXPECT_EQ(0U, cap(&p, "a", CAP_SYS_MODULE).quiet);
	EXPECT_EQ(1U, cap(&p, "a", CAP_SYS_MODULE).audit);
	EXPECT_EQ(1U, cap(&p, "a", CAP_KILL).allow);
	EXPECT_EQ(1U, cap(&p, "a", CAP_KILL).audit);
	/* out of range: nothing, and no read outside the record */
	EXPECT_EQ(0U, cap(&p, "a", 64).allow);
	EXPECT_EQ(0U, cap(&p, "a", 0xffffffffU).allow);
	EXPECT_EQ(1U, decide(cap(&p, "a", CAP_SETUID), PAL_CAP_USE).error);
	EXPECT_EQ(0U, decide(cap(&p, "a", CAP_CHOWN), PAL_CAP_USE).error);
	pt_free(&p);
}

TEST(bare_capability_is_all_and_deny_wins)
{
	struct pt_policy p;
	unsigned int c;

	ASSERT_EQ(0, pt_compile("profile a {\n  capability,\n"
				"  deny capability setuid,\n}\n", &p)) TH_LOG("%s", p.errs);
	for (c = 0; c <= CAP_LAST_CAP; c++)
		EXPECT_EQ(1U, cap(&p, "a", c).allow);
	EXPECT_EQ(1U, decide(cap(&p, "a", CAP_SETUID), PAL_CAP_USE).error);
	EXPECT_EQ(0U, decide(cap(&p, "a", CAP_SETGID), PAL_CAP_USE).error);
	pt_free(&p);
}

TEST(capability_in_a_qualifier_block)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n  audit {\n    capability chown,\n  }\n}\n",
				&p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(1U, cap(&p, "a", CAP_CHOWN).allow);
	EXPECT_EQ(1U, cap(&p, "a", CAP_CHOWN).audit);
	pt_free(&p);
}

TEST(network_family_type_protocol)
{
	struct pt_policy p;
	struct pal_perms r;

	ASSERT_EQ(0, pt_compile("profile a {\n"
				"  network inet stream,\n"
				"  network inet6 udp,\n"
				"  network (bind, listen) unix dgram,\n"
				"  network netlink,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	r = net(&p, "a", AF_INET, SOCK_STREAM, 0);
	EXPECT_EQ((__u32)PAL_NET_MASK, r.allow);
	EXPECT_EQ((__u32)PAL_NET_MASK, net(&p, "a", AF_INET, SOCK_STREAM, IPPROTO_TCP).allow);
	EXPECT_EQ(0U, net(&p, "a", AF_INET, SOCK_DGRAM, 0).allow);
	EXPECT_EQ(0U, net(&p, "a", AF_INET6, SOCK_STREAM, 0).allow);
	/* udp: datagram sockets of protocol 0 or IPPROTO_UDP */
	EXPECT_EQ((__u32)PAL_NET_MASK, net(&p, "a", AF_INET6, SOCK_DGRAM, 0).allow);
	EXPECT_EQ((__u32)PAL_NET_MASK, net(&p, "a", AF_INET6, SOCK_DGRAM, IPPROTO_UDP).allow);
	EXPECT_EQ(0U, net(&p, "a", AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6).allow);
	EXPECT_EQ((__u32)(PAL_NET_BIND | PAL_NET_LISTEN),
		  net(&p, "a", AF_UNIX, SOCK_DGRAM, 0).allow);
	EXPECT_EQ(0U, net(&p, "a", AF_UNIX, SOCK_STREAM, 0).allow);
	EXPECT_EQ((__u32)PAL_NET_MASK, net(&p, "a", AF_NETLINK, SOCK_RAW, 15).allow);
	/* bind does not grant connect (no file-class implication) */
	EXPECT_EQ(1U, decide(net(&p, "a", AF_UNIX, SOCK_DGRAM, 0), PAL_NET_CONNECT).error);
	EXPECT_EQ(0U, decide(net(&p, "a", AF_UNIX, SOCK_DGRAM, 0), PAL_NET_BIND).error);
	/* protocols past 254 share the last byte */
	EXPECT_EQ((__u32)PAL_NET_MASK, net(&p, "a", AF_NETLINK, SOCK_RAW, 1000).allow);
	pt_free(&p);
}

TEST(network_deny_audit_and_bare)
{
	struct pt_policy p;
	struct pal_perms r;

	ASSERT_EQ(0, pt_compile("profile a {\n"
				"  network,\n"
				"  deny network inet raw,\n"
				"  audit deny network (send) inet6 dgram,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	r = net(&p, "a", AF_INET, SOCK_RAW, IPPROTO_ICMP);
	EXPECT_EQ((__u32)PAL_NET_MASK, r.deny);
	EXPECT_EQ((__u32)PAL_NET_MASK, r.quiet);
	EXPECT_EQ(1U, decide(r, PAL_NET_CREATE).error);
	EXPECT_EQ(0U, decide(r, PAL_NET_CREATE).log);
	r = net(&p, "a", AF_INET6, SOCK_DGRAM, 0);
	EXPECT_EQ((__u32)PAL_NET_SEND, r.deny);
	EXPECT_EQ(0U, r.quiet);
	EXPECT_EQ(1U, decide(r, PAL_NET_SEND).log);
	EXPECT_EQ(0U, decide(r, PAL_NET_RECEIVE).error);
	EXPECT_EQ(0U, decide(net(&p, "a", AF_PACKET, SOCK_RAW, 0), PAL_NET_CREATE).error);
	pt_free(&p);
}

TEST(network_without_rules_denies)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n  /x r,\n}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(0U, net(&p, "a", AF_INET, SOCK_STREAM, 0).allow);
	EXPECT_EQ(1U, decide(net(&p, "a", AF_INET, SOCK_STREAM, 0), PAL_NET_CREATE).error);
	EXPECT_EQ(0U, sig(&p, "a", SIGTERM, "unconfined").allow);
	EXPECT_EQ(0U, ptr(&p, "a", "unconfined").allow);
	pt_free(&p);
}

TEST(network_conditions_are_left_out)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n  network inet stream port=80,\n}\n",
				&p)) TH_LOG("%s", p.errs);
	EXPECT_NE(NULL, strstr(p.errs, "not enforced")) TH_LOG("%s", p.errs);
	EXPECT_EQ(0U, net(&p, "a", AF_INET, SOCK_STREAM, 0).allow);
	pt_free(&p);
}

TEST(signal_set_and_peer)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n"
				"  signal (send) set=(hup, usr1) peer=b,\n"
				"  signal (receive) peer=unconfined,\n"
				"  signal send set=exists peer=/usr/bin/*,\n"
				"  signal (send) set=(rtmin+2) peer=b,\n"
				"}\n"
				"profile b { }\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((__u32)PAL_SIG_SEND, sig(&p, "a", SIGHUP, "b").allow);
	EXPECT_EQ((__u32)PAL_SIG_SEND, sig(&p, "a", SIGUSR1, "b").allow);
	EXPECT_EQ(0U, sig(&p, "a", SIGTERM, "b").allow);
	EXPECT_EQ(0U, sig(&p, "a", SIGHUP, "bb").allow);
	EXPECT_EQ(0U, sig(&p, "a", SIGHUP, "").allow);
	EXPECT_EQ((__u32)PAL_SIG_SEND, sig(&p, "a", 34, "b").allow);
	EXPECT_EQ((__u32)PAL_SIG_RECEIVE, sig(&p, "a", SIGKILL, "unconfined").allow);
	EXPECT_EQ((__u32)PAL_SIG_RECEIVE, sig(&p, "a", 0, "unconfined").allow);
	EXPECT_EQ((__u32)PAL_SIG_SEND, sig(&p, "a", 0, "/usr/bin/x").allow);
	EXPECT_EQ(0U, sig(&p, "a", 0, "/usr/bin/x/y").allow);
	EXPECT_EQ(0U, sig(&p, "b", SIGHUP, "a").allow);
	pt_free(&p);
}

TEST(signal_bare_and_variables)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("@{P}=peer1 peer2\n"
				"profile a {\n"
				"  signal peer=@{P},\n"
				"  deny signal (receive) set=(kill),\n"
				"  signal peer=@{profile_name},\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((__u32)PAL_SIG_MASK, sig(&p, "a", SIGTERM, "peer1").allow);
	EXPECT_EQ((__u32)PAL_SIG_MASK, sig(&p, "a", SIGTERM, "peer2").allow);
	EXPECT_EQ((__u32)PAL_SIG_MASK, sig(&p, "a", SIGTERM, "a").allow);
	EXPECT_EQ(0U, sig(&p, "a", SIGTERM, "peer3").allow);
	EXPECT_EQ((__u32)PAL_SIG_RECEIVE, sig(&p, "a", SIGKILL, "anyone").deny);
	EXPECT_EQ(1U, decide(sig(&p, "a", SIGKILL, "peer1"), PAL_SIG_RECEIVE).error);
	EXPECT_EQ(0U, decide(sig(&p, "a", SIGKILL, "peer1"), PAL_SIG_SEND).error);
	pt_free(&p);
}

TEST(ptrace_implications)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n"
				"  ptrace (trace) peer=b,\n"
				"  ptrace (read) peer=c,\n"
				"  ptrace (tracedby) peer=unconfined,\n"
				"  deny ptrace (trace) peer=d,\n"
				"  ptrace peer=d,\n"
				"}\n"
				"profile b { }\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((__u32)(PAL_PTRACE_TRACE | PAL_PTRACE_READ), ptr(&p, "a", "b").allow);
	EXPECT_EQ((__u32)PAL_PTRACE_READ, ptr(&p, "a", "c").allow);
	EXPECT_EQ((__u32)(PAL_PTRACE_TRACEDBY | PAL_PTRACE_READBY),
		  ptr(&p, "a", "unconfined").allow);
	/* deny trace leaves read */
	EXPECT_EQ(1U, decide(ptr(&p, "a", "d"), PAL_PTRACE_TRACE).error);
	EXPECT_EQ(0U, decide(ptr(&p, "a", "d"), PAL_PTRACE_READ).error);
	EXPECT_EQ(0U, ptr(&p, "a", "e").allow);
	pt_free(&p);
}

TEST(child_profile_peers)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile a {\n"
				"  signal (send) peer=a//kid,\n"
				"  profile kid { signal (receive) peer=a, }\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((__u32)PAL_SIG_SEND, sig(&p, "a", SIGTERM, "a//kid").allow);
	EXPECT_EQ((__u32)PAL_SIG_RECEIVE, sig(&p, "a//kid", SIGTERM, "a").allow);
	pt_free(&p);
}

TEST(bad_class_rules_are_errors)
{
	static const char *const bad[] = {
		"profile a { capability frob, }\n",
		"profile a { network inet frob, }\n",
		"profile a { signal set=(nosuch), }\n",
		"profile a { signal (frob), }\n",
		"profile a { ptrace (send), }\n",
		"profile a { signal peer=a{b, }\n",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct pt_policy p;

		EXPECT_NE(0, pt_compile(bad[i], &p)) TH_LOG("%s", bad[i]);
		EXPECT_NE(NULL, strstr(p.errs, "test.prof:1:")) TH_LOG("%s", p.errs);
		pt_free(&p);
	}
}

TEST(same_rules_same_bytes)
{
	struct pt_policy a, b;

	ASSERT_EQ(0, pt_compile("profile a { network inet stream, signal (send) peer=x,"
				" capability chown, }\n", &a));
	ASSERT_EQ(0, pt_compile("profile a { capability chown, signal send peer=x,"
				" network inet stream, }\n", &b));
	ASSERT_EQ(a.size, b.size);
	EXPECT_EQ(0, memcmp(a.blob, b.blob, a.size));
	pt_free(&a);
	pt_free(&b);
}

TEST_HARNESS_MAIN
