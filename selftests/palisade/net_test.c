// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: network rules.  A confined pal_try runs a server and
 * a client socket through create, bind, listen, connect, accept, send and
 * receive over inet, inet6 (loopback) and unix (abstract address); each
 * operation the profile does not grant fails with EACCES and leaves an
 * audit line naming the operation, family, type and protocol.
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(net) {
	char dir[64];
	char confined[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(net)
{
	ASSERT_EQ(0, pal_loopback_up());
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
}

FIXTURE_TEARDOWN(net)
{
	pal_tmpfs_drop(self->dir);
}

static int load(struct _test_data_net *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->out, sizeof(self->out));
}

/* Run the exchange confined: its exit status, the failed step in @step. */
static int exchange(struct _test_data_net *self, const char *family,
		    const char *type, char *step, size_t len, pid_t *pid)
{
	const char *argv[] = { self->confined, "net", family, type, NULL };
	char *nl;
	int ret;

	/* pal_run_capture() does not give the pid: the audit check matches
	 * the profile and the operation instead. */
	ret = pal_run_capture(argv, step, len);
	nl = strchr(step, '\n');
	if (nl)
		*nl = 0;
	if (pid)
		*pid = 0;
	return ret;
}

/* Lines of @verdict for @op of profile "nety" with these fields. */
static int net_lines(const char *verdict, const char *op, const char *fields,
		     const char *mask, int want)
{
	char v[64], o[64], m[96];
	const char *needles[] = { v, o, " profile=\"nety\"", fields, m, NULL };

	snprintf(v, sizeof(v), "apparmor=\"%s\"", verdict);
	snprintf(o, sizeof(o), " operation=\"%s\"", op);
	snprintf(m, sizeof(m), " denied_mask=\"%s\"", mask);
	return pal_wait_audit_count(needles, want);
}

/* Does the kernel have this family at all (s390x's test kernel has no
 * IPv6)? */
static int have_family(int family)
{
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

TEST_F(net, inet_stream_each_operation)
{
	static const struct {
		const char *granted, *fails, *op, *mask;
	} steps[] = {
		{ "", "create", "create", "create" },
		{ "create", "bind", "bind", "bind" },
		{ "create, bind", "listen", "listen", "listen" },
		{ "create, bind, listen", "connect", "connect", "connect" },
		{ "create, bind, listen, connect", "accept", "accept", "accept" },
		{ "create, bind, listen, connect, accept", "send", "sendmsg", "send" },
		{ "create, bind, listen, connect, accept, send", "recv", "recvmsg",
		  "receive" },
	};
	char text[1024], step[256];
	int before;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		snprintf(text, sizeof(text),
			 "profile nety {D}/confined {\n"
			 "  network (%s) inet stream,\n"
			 "}\n", steps[i].granted[0] ? steps[i].granted : "getattr");
		ASSERT_EQ(0, load(self, text)) TH_LOG("%s", self->out);
		before = net_lines("DENIED", steps[i].op,
				   " family=\"inet\" sock_type=\"stream\"",
				   steps[i].mask, 0);
		EXPECT_EQ(EACCES, exchange(self, "inet", "stream", step,
					   sizeof(step), NULL)) TH_LOG("%s", steps[i].op);
		EXPECT_STREQ(steps[i].fails, step);
		EXPECT_EQ(before + 1,
			  net_lines("DENIED", steps[i].op,
				    " family=\"inet\" sock_type=\"stream\"",
				    steps[i].mask, before + 1)) TH_LOG("%s", steps[i].op);
	}
	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet stream,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, exchange(self, "inet", "stream", step, sizeof(step), NULL))
		TH_LOG("%s", step);
}

TEST_F(net, create_names_the_protocol)
{
	char step[256], line[8192];
	const char *needles[] = { " operation=\"create\"", " profile=\"nety\"",
				  " family=\"inet\" sock_type=\"dgram\" protocol=0 "
				  "requested_mask=\"create\" denied_mask=\"create\"",
				  " error=-13", NULL };

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet stream,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, exchange(self, "inet", "dgram", step, sizeof(step), NULL));
	EXPECT_STREQ("create", step);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
}

TEST_F(net, inet_dgram_and_protocol_names)
{
	char step[256];

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet udp,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, exchange(self, "inet", "dgram", step, sizeof(step), NULL))
		TH_LOG("%s", step);
	EXPECT_EQ(EACCES, exchange(self, "inet", "stream", step, sizeof(step), NULL));
	EXPECT_STREQ("create", step);

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet dgram,\n"
				"  deny network (send) inet dgram,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, exchange(self, "inet", "dgram", step, sizeof(step), NULL));
	EXPECT_STREQ("send", step);
}

TEST_F(net, inet6_stream)
{
	char step[256];

	if (!have_family(AF_INET6))
		SKIP(return, "no IPv6 in this kernel");
	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet6 tcp,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, exchange(self, "inet6", "stream", step, sizeof(step), NULL))
		TH_LOG("%s", step);
	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network (create, bind, listen) inet6 stream,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, exchange(self, "inet6", "stream", step, sizeof(step), NULL));
	EXPECT_STREQ("connect", step);
	EXPECT_LE(1, net_lines("DENIED", "connect",
			       " family=\"inet6\" sock_type=\"stream\" protocol=6",
			       "connect", 1));
	/* inet rules do not cover inet6 */
	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, exchange(self, "inet6", "stream", step, sizeof(step), NULL));
	EXPECT_STREQ("create", step);
}

TEST_F(net, unix_stream_and_dgram)
{
	char step[256];

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network unix,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, exchange(self, "unix", "stream", step, sizeof(step), NULL))
		TH_LOG("%s", step);
	EXPECT_EQ(0, exchange(self, "unix", "dgram", step, sizeof(step), NULL))
		TH_LOG("%s", step);

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network unix stream,\n"
				"  deny network (accept) unix,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, exchange(self, "unix", "stream", step, sizeof(step), NULL));
	EXPECT_STREQ("accept", step);
	EXPECT_EQ(EACCES, exchange(self, "unix", "dgram", step, sizeof(step), NULL));
	EXPECT_STREQ("create", step);
	EXPECT_LE(1, net_lines("DENIED", "create",
			       " family=\"unix\" sock_type=\"dgram\" protocol=0",
			       "create", 1));
}

TEST_F(net, bare_network_allows_all_complain_logs)
{
	char step[256];

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, exchange(self, "inet", "stream", step, sizeof(step), NULL));
	EXPECT_EQ(0, exchange(self, "unix", "dgram", step, sizeof(step), NULL));

	ASSERT_EQ(0, load(self, "profile nety {D}/confined flags=(complain) {\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, exchange(self, "inet", "stream", step, sizeof(step), NULL))
		TH_LOG("%s", step);
	EXPECT_LE(1, net_lines("ALLOWED", "accept",
			       " family=\"inet\" sock_type=\"stream\"", "accept", 1));
}

/*
 * A task remembers its last network decision (net.bpf.c): one process
 * asking the same question across replaces gets each policy's answer.
 */
TEST_F(net, remembered_decision_follows_replace)
{
	struct pal_server sv = { .pid = -1, .in = -1, .out = -1 };

	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet dgram,\n"
				"}\n")) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_serve_start(&sv, self->confined, "udp", "-"));
	EXPECT_EQ(0, pal_serve_step(&sv));
	EXPECT_EQ(0, pal_serve_step(&sv));
	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet stream,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_serve_step(&sv));
	EXPECT_EQ(EACCES, pal_serve_step(&sv));
	ASSERT_EQ(0, load(self, "profile nety {D}/confined {\n"
				"  network inet dgram,\n"
				"}\n")) TH_LOG("%s", self->out);
	EXPECT_EQ(0, pal_serve_step(&sv));
	pal_serve_stop(&sv);
}

TEST_HARNESS_MAIN
