// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: the audit trail.  The rate limit drops records, never
 * decisions, and is counted apart from ring-buffer losses; palisaded sends
 * every line to syslog too.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/socket.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <sys/un.h>
#include <syslog.h>
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(trail) {
	char dir[64];
	char confined[PATH_MAX];
	char out[8192];
	char rate[32];
};

FIXTURE_SETUP(trail)
{
	char text[PATH_MAX + 128];
	char *p;

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	snprintf(text, sizeof(text),
		 "profile trail %s {\n  /etc/hostname r,\n}\n", self->confined);
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->out,
				      sizeof(self->out))) TH_LOG("%s", self->out);
	/* Keep the rate in force to put it back afterwards. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "--json",
				  "audit-rate", NULL)) TH_LOG("%s", self->out);
	p = strstr(self->out, "\"audit_rate\":");
	ASSERT_NE(NULL, p);
	snprintf(self->rate, sizeof(self->rate), "%lu",
		 strtoul(p + strlen("\"audit_rate\":"), NULL, 10));
}

FIXTURE_TEARDOWN(trail)
{
	pal_palisade(self->out, sizeof(self->out), "audit-rate", self->rate, NULL);
	pal_tmpfs_drop(self->dir);
}

static unsigned long long status_field(struct _test_data_trail *self,
				       const char *key)
{
	return pal_status_field(self->out, sizeof(self->out), key);
}

TEST_F(trail, rate_limit_suppresses_records_not_denials)
{
	const char *argv[] = { self->confined, "repeat", "50", "r", "/etc/passwd",
			       NULL };
	unsigned long long sup0, den0, sup1, den1;

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "audit-rate",
				  "1", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(1ULL, status_field(self, "audit_rate"));
	sup0 = status_field(self, "events_suppressed");
	den0 = status_field(self, "denials");
	ASSERT_NE(~0ULL, sup0) TH_LOG("%s", self->out);

	/* All 50 opens fail with EACCES, logged or not. */
	EXPECT_EQ(EACCES, pal_run(argv));

	sup1 = status_field(self, "events_suppressed");
	den1 = status_field(self, "denials");
	EXPECT_EQ(50ULL, den1 - den0);
	EXPECT_LE(40ULL, sup1 - sup0) TH_LOG("suppressed %llu", sup1 - sup0);
	EXPECT_NE(~0ULL, status_field(self, "events_dropped"));

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "status", NULL));
	EXPECT_NE(NULL, strstr(self->out, "dropped (ring buffer full) "))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "suppressed (rate limit) "))
		TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out, "audit rate limit: 1 records/s per CPU"))
		TH_LOG("%s", self->out);
}

TEST_F(trail, unlimited_rate_logs_every_denial)
{
	const char *argv[] = { self->confined, "repeat", "20", "r", "/etc/passwd",
			       NULL };
	const char *needles[] = { "apparmor=\"DENIED\"", NULL, NULL };
	char pid[32];
	pid_t child;

	needles[1] = pid;
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "audit-rate",
				  "0", NULL)) TH_LOG("%s", self->out);
	EXPECT_EQ(0ULL, status_field(self, "audit_rate"));
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	EXPECT_EQ(20, pal_wait_audit_count(needles, 20));
}

/* Stand in for the syslog daemon at /dev/log and catch palisaded's line. */
TEST_F(trail, records_go_to_syslog_authpriv)
{
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };
	const char *needles[] = { "apparmor=\"DENIED\"", NULL, NULL };
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct timeval tv = { 1, 0 };
	char buf[8192], pid[32];
	int fd, pri, tries, found = 0;
	pid_t child;
	ssize_t n;

	/* A window an earlier test filled must not suppress the record. */
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "audit-rate",
				  "0", NULL)) TH_LOG("%s", self->out);
	strcpy(sa.sun_path, "/dev/log");
	ASSERT_NE(0, access("/dev/log", F_OK)) TH_LOG("a syslog daemon runs");
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&sa, sizeof(sa)));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));

	needles[1] = pid;
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	for (tries = 0; tries < 10 && !found; ) {
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n < 0) {
			tries++;
			continue;
		}
		buf[n] = 0;
		if (!strstr(buf, pid))
			continue;
		found = 1;
		ASSERT_EQ(1, sscanf(buf, "<%d>", &pri)) TH_LOG("%s", buf);
		EXPECT_EQ(LOG_AUTHPRIV, pri & LOG_FACMASK);
		EXPECT_NE(NULL, strstr(buf, "palisaded[")) TH_LOG("%s", buf);
		EXPECT_NE(NULL, strstr(buf, "apparmor=\"DENIED\"")) TH_LOG("%s", buf);
	}
	EXPECT_TRUE(found) {
		TH_LOG("log file lines for%s: %d", pid, pal_count_audit_all(needles));
		pal_palisade(self->out, sizeof(self->out), "--json", "status", NULL);
		TH_LOG("%s", self->out);
	}
	/* The same line went to the log file. */
	EXPECT_EQ(1, pal_wait_audit_count(needles, 1));
	close(fd);
	unlink("/dev/log");

	/* With nobody at /dev/log again, palisaded still logs to its file. */
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	EXPECT_EQ(1, pal_wait_audit_count(needles, 1));
}

/*
 * With palisaded stopped nothing drains the ring buffer (1 MiB: about 240
 * records): denials go on being denied, the records that do not fit are
 * counted as dropped, and palisaded logs the ones kept once it runs again.
 */
TEST_F_TIMEOUT(trail, full_ring_buffer_drops_records_not_denials, 120)
{
	const char *argv[] = { self->confined, "repeat", "600", "r",
			       "/etc/passwd", NULL };
	const char *needles[] = { "apparmor=\"DENIED\"", NULL, NULL };
	unsigned long long drop0, den0, sent0, drop1, den1, sent1, sup0, sup1;
	pid_t daemon = pal_palisaded_pid(), child = 0;
	char pid[32];

	ASSERT_LT(1, daemon);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "audit-rate",
				  "0", NULL)) TH_LOG("%s", self->out);
	drop0 = status_field(self, "events_dropped");
	den0 = status_field(self, "denials");
	sent0 = status_field(self, "events");
	sup0 = status_field(self, "events_suppressed");
	ASSERT_NE(~0ULL, drop0) TH_LOG("%s", self->out);

	ASSERT_EQ(0, kill(daemon, SIGSTOP));
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	drop1 = status_field(self, "events_dropped");
	den1 = status_field(self, "denials");
	sent1 = status_field(self, "events");
	sup1 = status_field(self, "events_suppressed");
	ASSERT_EQ(0, kill(daemon, SIGCONT));

	/* Every open was denied, whether its record fit or not. */
	EXPECT_EQ(600ULL, den1 - den0);
	EXPECT_LT(0ULL, drop1 - drop0) TH_LOG("no record dropped");
	EXPECT_EQ(600ULL, (sent1 - sent0) + (drop1 - drop0))
		TH_LOG("sent %llu dropped %llu", sent1 - sent0, drop1 - drop0);
	EXPECT_EQ(sup0, sup1);
	/* The records kept reach the log once palisaded drains again. */
	needles[1] = pid;
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	EXPECT_EQ((int)(sent1 - sent0),
		  pal_wait_audit_count(needles, (int)(sent1 - sent0)));
}

/*
 * The rate limit's window and count change together (one compare-and-swap
 * on a per-CPU word): 200 denials at 5 records/s reach the log as at most
 * 5 per second and CPU the run spans, and every other one is counted as
 * suppressed.
 */
TEST_F(trail, rate_limit_never_overshoots)
{
	const char *argv[] = { self->confined, "repeat", "200", "r",
			       "/etc/passwd", NULL };
	unsigned long long sent0, sup0, sent1, sup1, cpus, secs;
	struct timespec t0, t1;

	cpus = (unsigned long long)sysconf(_SC_NPROCESSORS_CONF);
	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "audit-rate",
				  "5", NULL)) TH_LOG("%s", self->out);
	sent0 = status_field(self, "events");
	sup0 = status_field(self, "events_suppressed");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	EXPECT_EQ(EACCES, pal_run(argv));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	sent1 = status_field(self, "events");
	sup1 = status_field(self, "events_suppressed");
	/* Windows are whole seconds: the run touches at most this many. */
	secs = (unsigned long long)(t1.tv_sec - t0.tv_sec) + 2;
	EXPECT_EQ(200ULL, (sent1 - sent0) + (sup1 - sup0));
	EXPECT_GE(5 * secs * cpus, sent1 - sent0)
		TH_LOG("sent %llu in %llu s on %llu CPUs", sent1 - sent0, secs, cpus);
	EXPECT_LE(1ULL, sent1 - sent0);
}

/* AUDIT_SET of the daemon pid on the audit netlink socket @fd. */
static int audit_set_pid(int fd, __u32 pid)
{
	struct {
		struct nlmsghdr nh;
		struct audit_status s;
	} req;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char buf[8192];
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	ssize_t n;
	int i;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = AUDIT_SET;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nh.nlmsg_seq = 1;
	req.s.mask = AUDIT_STATUS_PID;
	req.s.pid = pid;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel,
		   sizeof(kernel)) < 0)
		return -errno;
	/* The acknowledgement (records may come first once registered). */
	for (i = 0; i < 64; i++) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0)
			return -errno;
		if (nh->nlmsg_type == NLMSG_ERROR)
			return ((struct nlmsgerr *)NLMSG_DATA(nh))->error;
	}
	return -EPROTO;
}

/*
 * With an audit daemon registered, palisaded sends each record to it as
 * AUDIT_USER_AVC (through libaudit), the AppArmor line in the record's
 * msg='...'.  The test takes the daemon's role on the audit netlink socket
 * (AUDIT_SET pid), as auditd does, and receives the record.
 */
TEST_F_TIMEOUT(trail, records_go_to_the_audit_daemon, 60)
{
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };
	struct timeval tv = { 1, 0 };
	char buf[16384], pid[32], *msg;
	int fd, ret, tries, found = 0;
	struct nlmsghdr *nh = (struct nlmsghdr *)buf;
	const char *needles[] = { "apparmor=\"DENIED\"", pid, NULL };
	pid_t child = 0;
	ssize_t n;

	ASSERT_EQ(0, pal_palisade(self->out, sizeof(self->out), "audit-rate",
				  "0", NULL)) TH_LOG("%s", self->out);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0 && errno == EPROTONOSUPPORT)
		SKIP(return, "kernel without audit");
	ASSERT_LE(0, fd);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ret = audit_set_pid(fd, (__u32)getpid());
	ASSERT_EQ(0, ret) TH_LOG("AUDIT_SET: %s", strerror(-ret));
	/* palisaded asks about the daemon at most once a second. */
	usleep(1500 * 1000);
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	snprintf(pid, sizeof(pid), " pid=%d ", child);
	for (tries = 0; tries < 20 && !found; tries++) {
		n = recv(fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0 || (size_t)n < NLMSG_HDRLEN)
			continue;
		buf[n] = 0;
		if (nh->nlmsg_type != AUDIT_USER_AVC)
			continue;
		msg = (char *)NLMSG_DATA(nh);
		if (strstr(msg, "msg='apparmor=\"DENIED\" operation=\"open\"") &&
		    strstr(msg, " profile=\"trail\"") &&
		    strstr(msg, " name=\"/etc/passwd\"") && strstr(msg, pid))
			found = 1;
		else
			TH_LOG("other record: %s", msg);
	}
	EXPECT_EQ(0, audit_set_pid(fd, 0));
	close(fd);
	EXPECT_TRUE(found) TH_LOG("no AUDIT_USER_AVC record for%s", pid);
	/* The log file has it as always. */
	EXPECT_EQ(1, pal_wait_audit_count(needles, 1));
	/* Let palisaded see the daemon gone before the next test. */
	usleep(1500 * 1000);
}

TEST_HARNESS_MAIN
