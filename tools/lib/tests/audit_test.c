// SPDX-License-Identifier: GPL-2.0
/*
 * palisade native tests: audit lines.  Every kind of line palisaded writes
 * must read back through libapparmor's parse_record() with the same fields,
 * so the tools that read AppArmor's log read palisade's.
 */
#include <stdio.h>
#include <string.h>
#include <aalogparse/aalogparse.h>

#include "pal_audit.h"
#include "kselftest_harness.h"

static void fill(struct pal_event *e, __u32 verdict, __u32 req, __u32 den,
		 const char *name, const char *comm)
{
	memset(e, 0, sizeof(*e));
	e->op = PAL_OP_OPEN;
	e->verdict = verdict;
	e->profile_id = 7;
	e->pid = 4242;
	e->fsuid = 1000;
	e->ouid = 0;
	e->requested = req;
	e->denied = den;
	e->error = den && verdict == PAL_VERDICT_DENIED ? -13 : 0;
	snprintf(e->comm, sizeof(e->comm), "%s", comm);
	snprintf(e->name, sizeof(e->name), "%s", name);
}

/* Format @e the way palisaded does and parse it back. */
static aa_log_record *roundtrip(const struct pal_event *e, const char *profile,
				char *line, size_t len)
{
	char body[PALISADE_PATH_MAX * 3];

	pal_audit_format(e, profile, body, sizeof(body));
	snprintf(line, len, "type=AVC msg=audit(1700000000.123:42): %s", body);
	return parse_record(line);
}

TEST(mask_letters_in_apparmor_order)
{
	char m[16];

	pal_mask_str(PAL_MAY_READ | PAL_MAY_WRITE, m, sizeof(m));
	EXPECT_STREQ("wr", m);
	pal_mask_str(PAL_MAY_EXEC | PAL_MAY_MMAP | PAL_MAY_READ, m, sizeof(m));
	EXPECT_STREQ("xrm", m);
	pal_mask_str(PAL_MAY_APPEND, m, sizeof(m));
	EXPECT_STREQ("a", m);
	pal_mask_str(0, m, sizeof(m));
	EXPECT_STREQ("", m);
}

TEST(denied_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_READ, PAL_MAY_READ, "/etc/shadow", "cat");
	r = roundtrip(&e, "/usr/bin/cat", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("open", r->operation);
	EXPECT_STREQ("/usr/bin/cat", r->profile);
	EXPECT_STREQ("/etc/shadow", r->name);
	EXPECT_STREQ("cat", r->comm);
	EXPECT_STREQ("r", r->requested_mask);
	EXPECT_STREQ("r", r->denied_mask);
	EXPECT_EQ(4242UL, r->pid);
	EXPECT_EQ(1000UL, r->fsuid);
	EXPECT_EQ(0UL, r->ouid);
	free_record(r);
}

/* Kill mode: AppArmor's kernel writes apparmor="KILLED" for the same
 * event; libapparmor 3.0 does not know the word, so check the text. */
TEST(killed_line_names_the_kill)
{
	struct pal_event e;
	char body[PALISADE_PATH_MAX * 3];

	fill(&e, PAL_VERDICT_KILLED, PAL_MAY_READ, PAL_MAY_READ, "/etc/shadow", "cat");
	e.error = -13;
	pal_audit_format(&e, "/usr/bin/cat", body, sizeof(body));
	EXPECT_EQ((char *)body, strstr(body, "apparmor=\"KILLED\" operation=\"open\" "))
		TH_LOG("%s", body);
	EXPECT_NE(NULL, strstr(body, " denied_mask=\"r\"")) TH_LOG("%s", body);
	EXPECT_NE(NULL, strstr(body, " error=-13")) TH_LOG("%s", body);
}

TEST(complain_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill(&e, PAL_VERDICT_ALLOWED, PAL_MAY_READ | PAL_MAY_WRITE, PAL_MAY_WRITE,
	     "/var/tmp/x", "learner");
	r = roundtrip(&e, "learner", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_ALLOWED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("wr", r->requested_mask);
	EXPECT_STREQ("w", r->denied_mask);
	free_record(r);
}

TEST(audit_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill(&e, PAL_VERDICT_AUDIT, PAL_MAY_READ, 0, "/etc/hostname", "cat");
	r = roundtrip(&e, "p", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_AUDIT, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("r", r->requested_mask);
	free_record(r);
}

TEST(exec_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_EXEC, PAL_MAY_EXEC, "/bin/sh", "httpd");
	e.op = PAL_OP_EXEC;
	r = roundtrip(&e, "httpd", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("exec", r->operation);
	EXPECT_STREQ("x", r->denied_mask);
	EXPECT_STREQ("/bin/sh", r->name);
	free_record(r);
}

TEST(untrusted_strings_are_hex_encoded)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	/* A space and a quote in a file name, a space in comm. */
	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_READ, PAL_MAY_READ,
	     "/tmp/a \"b\".txt", "my prog");
	r = roundtrip(&e, "p", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ(NULL, strstr(line, "\"b\"")) TH_LOG("%s", line);
	EXPECT_STREQ("/tmp/a \"b\".txt", r->name);
	EXPECT_STREQ("my prog", r->comm);
	free_record(r);
}

TEST(unknown_profile_is_named_by_id)
{
	struct pal_event e;
	char body[8192];

	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_READ, PAL_MAY_READ, "/x", "c");
	pal_audit_format(&e, NULL, body, sizeof(body));
	EXPECT_NE(NULL, strstr(body, "profile=\"?00000007\"")) TH_LOG("%s", body);
}

TEST(truncated_buffer_stays_terminated)
{
	struct pal_event e;
	char body[40];

	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_READ, PAL_MAY_READ, "/etc/shadow", "cat");
	EXPECT_EQ(39, pal_audit_format(&e, "p", body, sizeof(body)));
	EXPECT_EQ(39, (int)strlen(body));
}

/* Exec records name the profile the task moves to as target=, which
 * libapparmor reads into name2. */
TEST(exec_target_parses)
{
	struct pal_event e;
	char body[PALISADE_PATH_MAX * 3], line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill(&e, PAL_VERDICT_AUDIT, PAL_MAY_EXEC, 0, "/usr/bin/helper", "httpd");
	e.op = PAL_OP_EXEC;
	e.peer_id = 9;
	e.arg[0] = PAL_X_PX | PAL_X_SCRUB;
	pal_audit_format_peer(&e, "httpd", "httpd//helper", body, sizeof(body));
	EXPECT_NE(NULL, strstr(body, " target=\"httpd//helper\""));
	snprintf(line, sizeof(line), "type=AVC msg=audit(1700000000.123:42): %s", body);
	r = parse_record(line);
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_AUDIT, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("exec", r->operation);
	EXPECT_STREQ("/usr/bin/helper", r->name);
	EXPECT_STREQ("httpd//helper", r->name2);
	free_record(r);

	/* A missing named target: denied, info and the name it had. */
	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_EXEC, PAL_MAY_EXEC, "/bin/x", "httpd");
	e.op = PAL_OP_EXEC;
	e.peer_id = 11;
	e.info = PAL_INFO_NO_TARGET;
	e.arg[0] = PAL_X_PX | (1U << PAL_X_TARGET_SHIFT);
	pal_audit_format_peer(&e, "httpd", "missing", body, sizeof(body));
	snprintf(line, sizeof(line), "type=AVC msg=audit(1700000000.123:43): %s", body);
	r = parse_record(line);
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("profile not found", r->info);
	EXPECT_STREQ("missing", r->name2);
	EXPECT_STREQ("x", r->denied_mask);
	free_record(r);

	/* ux: the task leaves confinement. */
	fill(&e, PAL_VERDICT_AUDIT, PAL_MAY_EXEC, 0, "/bin/x", "httpd");
	e.op = PAL_OP_EXEC;
	e.arg[0] = PAL_X_UX;
	pal_audit_format_peer(&e, "httpd", NULL, body, sizeof(body));
	EXPECT_NE(NULL, strstr(body, " target=\"unconfined\"")) TH_LOG("%s", body);

	/* No transition (no x permission, unnamed target missing): none. */
	e.arg[0] = 0;
	pal_audit_format_peer(&e, "httpd", NULL, body, sizeof(body));
	EXPECT_EQ(NULL, strstr(body, "target=")) TH_LOG("%s", body);
	e.arg[0] = PAL_X_PX;
	e.info = PAL_INFO_NO_TARGET;
	pal_audit_format_peer(&e, "httpd", NULL, body, sizeof(body));
	EXPECT_EQ(NULL, strstr(body, "target=")) TH_LOG("%s", body);

	/* An unknown target id is still named, by id. */
	e.info = 0;
	e.peer_id = 0xabc;
	pal_audit_format_peer(&e, "httpd", NULL, body, sizeof(body));
	EXPECT_NE(NULL, strstr(body, " target=\"?00000abc\"")) TH_LOG("%s", body);

	/* Other operations never carry target=. */
	fill(&e, PAL_VERDICT_DENIED, PAL_MAY_READ, PAL_MAY_READ, "/etc/x", "httpd");
	e.peer_id = 9;
	pal_audit_format_peer(&e, "httpd", "peer", body, sizeof(body));
	EXPECT_EQ(NULL, strstr(body, "target=")) TH_LOG("%s", body);
}

/* ---- capability, network, signal and ptrace lines ---- */

static aa_log_record *roundtrip_peer(const struct pal_event *e,
				     const char *profile, const char *peer,
				     char *line, size_t len)
{
	char body[PALISADE_PATH_MAX * 3];

	pal_audit_format_peer(e, profile, peer, body, sizeof(body));
	snprintf(line, len, "type=AVC msg=audit(1700000000.123:42): %s", body);
	return parse_record(line);
}

static void fill_class(struct pal_event *e, __u32 op, __u32 verdict, __u32 req,
		       __u32 den)
{
	fill(e, verdict, req, den, "", "prober");
	e->op = op;
	e->error = verdict == PAL_VERDICT_DENIED ? -13 : 0;
}

TEST(capability_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill_class(&e, PAL_OP_CAPABLE, PAL_VERDICT_DENIED, PAL_CAP_USE, PAL_CAP_USE);
	e.error = -1;
	e.arg[0] = 12;
	r = roundtrip_peer(&e, "capprof", NULL, line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("capable", r->operation);
	EXPECT_STREQ("capprof", r->profile);
	/* libapparmor files capname= as the record's name */
	EXPECT_STREQ("net_admin", r->name);
	EXPECT_STREQ("prober", r->comm);
	EXPECT_EQ(4242UL, r->pid);
	EXPECT_NE(NULL, strstr(line, " capability=12 capname=\"net_admin\"")) TH_LOG("%s", line);
	EXPECT_EQ(NULL, strstr(line, "requested_mask")) TH_LOG("%s", line);
	free_record(r);
}

TEST(capability_audit_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill_class(&e, PAL_OP_CAPABLE, PAL_VERDICT_AUDIT, PAL_CAP_USE, 0);
	e.arg[0] = 0;
	r = roundtrip_peer(&e, "capprof", NULL, line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_AUDIT, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("chown", r->name);
	free_record(r);
}

TEST(network_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill_class(&e, PAL_OP_NET_CREATE, PAL_VERDICT_DENIED, PAL_NET_CREATE,
		   PAL_NET_CREATE);
	e.arg[0] = 2;	/* AF_INET */
	e.arg[1] = 1;	/* SOCK_STREAM */
	e.arg[2] = 6;	/* IPPROTO_TCP */
	r = roundtrip_peer(&e, "netprof", NULL, line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("create", r->operation);
	EXPECT_STREQ("netprof", r->profile);
	EXPECT_STREQ("inet", r->net_family);
	EXPECT_STREQ("stream", r->net_sock_type);
	EXPECT_STREQ("tcp", r->net_protocol);
	EXPECT_STREQ("create", r->requested_mask);
	EXPECT_STREQ("create", r->denied_mask);
	EXPECT_EQ(13, r->error_code);
	EXPECT_NE(NULL, strstr(line, " family=\"inet\" sock_type=\"stream\" protocol=6 "))
		TH_LOG("%s", line);
	free_record(r);
}

TEST(network_ops_and_masks)
{
	static const struct {
		__u32 op, bit;
		const char *opname, *mask;
	} ops[] = {
		{ PAL_OP_NET_BIND, PAL_NET_BIND, "bind", "bind" },
		{ PAL_OP_NET_CONNECT, PAL_NET_CONNECT, "connect", "connect" },
		{ PAL_OP_NET_LISTEN, PAL_NET_LISTEN, "listen", "listen" },
		{ PAL_OP_NET_ACCEPT, PAL_NET_ACCEPT, "accept", "accept" },
		{ PAL_OP_NET_SENDMSG, PAL_NET_SEND, "sendmsg", "send" },
		{ PAL_OP_NET_RECVMSG, PAL_NET_RECEIVE, "recvmsg", "receive" },
	};
	char line[PALISADE_PATH_MAX * 4];
	struct pal_event e;
	aa_log_record *r;
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		fill_class(&e, ops[i].op, PAL_VERDICT_ALLOWED, ops[i].bit, ops[i].bit);
		e.arg[0] = 10;	/* AF_INET6 */
		e.arg[1] = 2;	/* SOCK_DGRAM */
		e.arg[2] = 17;	/* IPPROTO_UDP */
		r = roundtrip_peer(&e, "netprof", NULL, line, sizeof(line));
		ASSERT_NE(NULL, r);
		EXPECT_EQ((int)AA_RECORD_ALLOWED, (int)r->event) TH_LOG("%s", line);
		EXPECT_STREQ(ops[i].opname, r->operation);
		EXPECT_STREQ(ops[i].mask, r->requested_mask);
		EXPECT_STREQ(ops[i].mask, r->denied_mask);
		EXPECT_STREQ("inet6", r->net_family);
		EXPECT_STREQ("dgram", r->net_sock_type);
		EXPECT_STREQ("udp", r->net_protocol);
		free_record(r);
	}
	/* unix sockets; several bits in one mask */
	fill_class(&e, PAL_OP_NET_SENDMSG, PAL_VERDICT_DENIED,
		   PAL_NET_SEND | PAL_NET_RECEIVE, PAL_NET_SEND);
	e.arg[0] = 1;
	e.arg[1] = 5;
	e.arg[2] = 0;
	r = roundtrip_peer(&e, "netprof", NULL, line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("unix", r->net_family);
	EXPECT_STREQ("seqpacket", r->net_sock_type);
	EXPECT_STREQ("send receive", r->requested_mask);
	EXPECT_STREQ("send", r->denied_mask);
	free_record(r);
}

TEST(signal_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill_class(&e, PAL_OP_SIGNAL, PAL_VERDICT_DENIED, PAL_SIG_SEND, PAL_SIG_SEND);
	e.arg[0] = 1;
	e.peer_id = 99;
	e.peer_pid = 77;
	r = roundtrip_peer(&e, "sender", "/usr/bin/target", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("signal", r->operation);
	EXPECT_STREQ("sender", r->profile);
	EXPECT_STREQ("send", r->requested_mask);
	EXPECT_STREQ("send", r->denied_mask);
	EXPECT_STREQ("hup", r->signal);
	EXPECT_STREQ("/usr/bin/target", r->peer);
	free_record(r);

	/* receive side, a real-time signal, an unconfined peer */
	fill_class(&e, PAL_OP_SIGNAL, PAL_VERDICT_DENIED, PAL_SIG_RECEIVE,
		   PAL_SIG_RECEIVE);
	e.arg[0] = 34;
	r = roundtrip_peer(&e, "target", NULL, line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_STREQ("receive", r->requested_mask);
	EXPECT_STREQ("rtmin+2", r->signal);
	EXPECT_STREQ("unconfined", r->peer);
	free_record(r);
}

TEST(ptrace_line_parses)
{
	struct pal_event e;
	char line[PALISADE_PATH_MAX * 4];
	aa_log_record *r;

	fill_class(&e, PAL_OP_PTRACE, PAL_VERDICT_DENIED, PAL_PTRACE_TRACE,
		   PAL_PTRACE_TRACE);
	e.peer_id = 5;
	r = roundtrip_peer(&e, "tracer", "tracee", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_DENIED, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("ptrace", r->operation);
	EXPECT_STREQ("tracer", r->profile);
	EXPECT_STREQ("trace", r->requested_mask);
	EXPECT_STREQ("trace", r->denied_mask);
	EXPECT_STREQ("tracee", r->peer);
	free_record(r);

	fill_class(&e, PAL_OP_PTRACE, PAL_VERDICT_AUDIT, PAL_PTRACE_READBY, 0);
	r = roundtrip_peer(&e, "tracee", "tracer", line, sizeof(line));
	ASSERT_NE(NULL, r);
	EXPECT_EQ((int)AA_RECORD_AUDIT, (int)r->event) TH_LOG("%s", line);
	EXPECT_STREQ("readby", r->requested_mask);
	free_record(r);
}

/* A peer id the log reader cannot name is written as ?ID, as profiles are. */
TEST(unknown_peer_is_named_by_id)
{
	struct pal_event e;
	char body[8192];

	fill_class(&e, PAL_OP_PTRACE, PAL_VERDICT_DENIED, PAL_PTRACE_READ,
		   PAL_PTRACE_READ);
	e.peer_id = 0xabc;
	pal_audit_format_peer(&e, "p", NULL, body, sizeof(body));
	EXPECT_NE(NULL, strstr(body, " peer=\"?00000abc\"")) TH_LOG("%s", body);
}

TEST_HARNESS_MAIN
