// SPDX-License-Identifier: GPL-2.0
/*
 * palisade native tests: what genprof and logprof are built from.  The log
 * parser reads back every kind of line pal_audit.c writes (and the keys of
 * the capability, network, signal, ptrace and exec lines); events become
 * the rules that allow them; the suggestion engine offers the abstractions
 * whose compiled rules allow an event, then the path, then its globs, and
 * says "allowed" only when the decision core does; profile text edits and
 * their diff; and logprof's --answers file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pal_audit.h"
#include "pal_learn.h"
#include "pal_logparse.h"
#include "kselftest_harness.h"

/* the harness's fixture-with-timeout macro trips -Wclobbered in gcc */
#pragma GCC diagnostic ignored "-Wclobbered"

static char exe_dir[PATH_MAX];

static void fill(struct pal_event *e, __u32 op, __u32 verdict, __u32 req,
		 __u32 den, const char *name)
{
	memset(e, 0, sizeof(*e));
	e->op = op;
	e->verdict = verdict;
	e->profile_id = 7;
	e->pid = 4242;
	e->fsuid = 1000;
	e->ouid = 1000;
	e->requested = req;
	e->denied = den;
	e->error = den && verdict == PAL_VERDICT_DENIED ? -13 : 0;
	snprintf(e->comm, sizeof(e->comm), "%s", "try me");
	snprintf(e->name, sizeof(e->name), "%s", name);
}

static int parse_formatted(const struct pal_event *e, const char *profile,
			   struct pal_log_event *ev)
{
	char body[PALISADE_PATH_MAX * 3], line[PALISADE_PATH_MAX * 3 + 64];

	pal_audit_format(e, profile, body, sizeof(body));
	snprintf(line, sizeof(line),
		 "type=AVC msg=audit(1700000000.123:42): %s\n", body);
	return pal_log_parse_line(line, ev);
}

/* Every op, verdict and info pal_audit.c writes reads back the same. */
TEST(every_line_kind_round_trips)
{
	static const char *const verdicts[] = { "ALLOWED", "DENIED", "AUDIT",
						"KILLED" };
	struct pal_log_event *ev = malloc(sizeof(*ev));
	struct pal_event e;
	char mask[16];
	__u32 op, v, info;
	int n = 0;

	ASSERT_NE(NULL, ev);
	for (op = PAL_OP_OPEN; op <= PAL_OP_LAST; op++)
		for (v = PAL_VERDICT_ALLOWED; v <= PAL_VERDICT_KILLED; v++) {
			/* Capability, network, signal and ptrace lines have
			 * keys of their own: classes_and_their_rules covers them. */
			if (op >= PAL_OP_CAPABLE && op <= PAL_OP_PTRACE)
				continue;
			for (info = 0; info <= PAL_INFO_LAST; info++) {
				fill(&e, op, v, PAL_MAY_READ | PAL_MAY_WRITE,
				     v == PAL_VERDICT_AUDIT ? 0 : PAL_MAY_WRITE,
				     info & 1 ? "/srv/a dir/\"q\"\x01.txt" : "/etc/hostname");
				e.info = info;
				ASSERT_EQ(0, parse_formatted(&e, info & 2 ?
							     "prof with space" : "/usr/bin/x",
							     ev));
				EXPECT_STREQ(verdicts[v], ev->verdict);
				EXPECT_STREQ(pal_op_name(op), ev->operation);
				EXPECT_STREQ(info & 2 ? "prof with space" : "/usr/bin/x",
					     ev->profile);
				EXPECT_STREQ(e.name, ev->name);
				EXPECT_STREQ("try me", ev->comm);
				EXPECT_EQ(4242UL, ev->pid);
				EXPECT_EQ(1000LL, ev->fsuid);
				EXPECT_EQ(1000LL, ev->ouid);
				pal_mask_str(e.requested, mask, sizeof(mask));
				EXPECT_STREQ(mask, ev->requested);
				pal_mask_str(e.denied, mask, sizeof(mask));
				EXPECT_STREQ(mask, ev->denied);
				/* Two info texts carry the event's numbers. */
				if (info == PAL_INFO_TARGET_ID) {
					EXPECT_STREQ(op == PAL_OP_SETGID ?
						     "target gid 0 not allowed" :
						     "target uid 0 not allowed", ev->info);
				} else if (info == PAL_INFO_LIMIT) {
					EXPECT_STREQ("thread limit 0", ev->info);
				} else {
					EXPECT_STREQ(pal_info_name(info) ?
						     pal_info_name(info) : "", ev->info);
				}
				EXPECT_EQ(e.error, ev->error);
				n++;
			}
		}
	EXPECT_EQ((int)((PAL_OP_LAST - (PAL_OP_PTRACE - PAL_OP_CAPABLE + 1)) * 4 *
			(PAL_INFO_LAST + 1)), n);
	/* An unknown profile id is written "?id" and read as such. */
	fill(&e, PAL_OP_OPEN, PAL_VERDICT_DENIED, PAL_MAY_READ, PAL_MAY_READ, "/x");
	ASSERT_EQ(0, parse_formatted(&e, NULL, ev));
	EXPECT_STREQ("?00000007", ev->profile);
	free(ev);
}

TEST(other_lines_and_bad_values)
{
	struct pal_log_event ev;

	EXPECT_EQ(-ENOENT, pal_log_parse_line("not an audit line\n", &ev));
	EXPECT_EQ(-ENOENT, pal_log_parse_line("type=SYSCALL msg=audit(1.0:1): arch=c000003e\n", &ev));
	EXPECT_EQ(-EINVAL, pal_log_parse_line("apparmor=\"DENIED\" name=2F7\n", &ev));
	EXPECT_EQ(-EINVAL, pal_log_parse_line("apparmor=\"DENIED\" name=2FZZ\n", &ev));
	EXPECT_EQ(-EINVAL, pal_log_parse_line("apparmor=\"DENIED\" name=\"/x\n", &ev));
	EXPECT_EQ(-EINVAL, pal_log_parse_line("apparmor=\"DENIED\" name=2F00\n", &ev));
	EXPECT_EQ(-EINVAL, pal_log_parse_line("apparmor=\"DENIED\" pid=12x\n", &ev));
	/* Bare hex of an untrusted key is decoded. */
	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"ALLOWED\" operation=\"open\" "
					"profile=2F612062 name=2F6574632F6120622E747874 "
					"requested_mask=\"r\"\n", &ev));
	EXPECT_STREQ("/a b", ev.profile);
	EXPECT_STREQ("/etc/a b.txt", ev.name);
	EXPECT_EQ((int)PAL_LOG_FILE, (int)ev.cls);
}

/* The keys of the non-file lines, and the rule each event asks for. */
TEST(classes_and_their_rules)
{
	struct pal_log_event ev;
	char rule[512];

	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"capable\" "
					"profile=\"/usr/bin/x\" pid=3 comm=\"x\" "
					"capability=12 capname=\"net_admin\"\n", &ev));
	EXPECT_EQ((int)PAL_LOG_CAP, (int)ev.cls);
	EXPECT_EQ(12, ev.capability);
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("capability net_admin,", rule);
	/* Without capname, from the number. */
	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"capable\" "
					"profile=\"p\" capability=21\n", &ev));
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 1, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("audit capability sys_admin,", rule);

	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"create\" "
					"profile=\"p\" family=\"inet\" sock_type=\"stream\" "
					"protocol=6 requested_mask=\"create\" denied_mask=\"create\"\n",
					&ev));
	EXPECT_EQ((int)PAL_LOG_NET, (int)ev.cls);
	EXPECT_EQ(6, ev.protocol);
	EXPECT_EQ((long)PAL_NET_CREATE, pal_log_access(&ev));
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("network inet stream,", rule);

	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"signal\" "
					"profile=\"p\" requested_mask=\"send\" "
					"denied_mask=\"send\" signal=hup peer=\"q r\"\n", &ev));
	EXPECT_EQ((int)PAL_LOG_SIGNAL, (int)ev.cls);
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("signal (send) set=(hup) peer=\"q r\",", rule);
	/* A numbered signal is named. */
	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"signal\" "
					"profile=\"p\" requested_mask=\"receive\" signal=34 "
					"peer=\"unconfined\"\n", &ev));
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("signal (receive) set=(rtmin+2) peer=unconfined,", rule);

	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"ptrace\" "
					"profile=\"p\" requested_mask=\"trace\" "
					"denied_mask=\"trace\" peer=\"/usr/bin/y\"\n", &ev));
	EXPECT_EQ((int)PAL_LOG_PTRACE, (int)ev.cls);
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("ptrace (trace) peer=/usr/bin/y,", rule);

	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"exec\" "
					"profile=\"p\" name=\"/usr/bin/z\" requested_mask=\"x\" "
					"denied_mask=\"x\" target=\"/usr/bin/z\" fsuid=0 ouid=0\n",
					&ev));
	EXPECT_EQ((int)PAL_LOG_EXEC, (int)ev.cls);
	EXPECT_STREQ("/usr/bin/z", ev.target);
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, "Px -> other", rule, sizeof(rule)));
	EXPECT_STREQ("/usr/bin/z Px -> other,", rule);
	ASSERT_LT(0, pal_log_rule(&ev, "/usr/bin/*", 1, 0, "ix", rule, sizeof(rule)));
	EXPECT_STREQ("owner /usr/bin/* ix,", rule);

	/* File rules: the letters asked for, w covering a. */
	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"ALLOWED\" operation=\"open\" "
					"profile=\"p\" name=\"/srv/a b\" requested_mask=\"wra\" "
					"fsuid=0 ouid=0\n", &ev));
	ASSERT_LT(0, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
	EXPECT_STREQ("\"/srv/a b\" rw,", rule);
	/* Events no rule allows. */
	ASSERT_EQ(0, pal_log_parse_line("apparmor=\"DENIED\" operation=\"setuid\" "
					"profile=\"p\" name=\"\"\n", &ev));
	EXPECT_EQ((int)PAL_LOG_OTHER, (int)ev.cls);
	EXPECT_EQ(-EINVAL, pal_log_rule(&ev, NULL, 0, 0, NULL, rule, sizeof(rule)));
}

TEST(globs)
{
	static const struct {
		const char *in, *next, *ext;
	} t[] = {
		{ "/a/b/c.txt", "/a/b/*", "/a/b/*.txt" },
		{ "/a/b/*", "/a/b/**", NULL },
		{ "/a/b/**", "/a/**", NULL },
		{ "/a/b/*.txt", "/a/b/*", "/a/b/**.txt" },
		{ "/a/b/**.txt", "/a/b/*", "/a/**.txt" },
		{ "/a/b/", "/a/*/", NULL },
		{ "/**", NULL, NULL },
		{ "/c", "/*", NULL },
		{ "/a/.hidden", "/a/*", NULL },
	};
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		int r = pal_glob_next(t[i].in, out, sizeof(out));

		EXPECT_EQ(!!t[i].next, r) TH_LOG("next of %s", t[i].in);
		if (r && t[i].next)
			EXPECT_STREQ(t[i].next, out);
		r = pal_glob_ext(t[i].in, out, sizeof(out));
		EXPECT_EQ(!!t[i].ext, r) TH_LOG("ext of %s", t[i].in);
		if (r && t[i].ext)
			EXPECT_STREQ(t[i].ext, out);
	}
}

FIXTURE(engine) {
	char dir[64];
	const char *incs[1];
	struct pal_learn l;
};

static void put(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

FIXTURE_SETUP(engine)
{
	char sub[PATH_MAX];

	strcpy(self->dir, "/tmp/pal_learn.XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	snprintf(sub, sizeof(sub), "%s/abstractions", self->dir);
	ASSERT_EQ(0, mkdir(sub, 0755));
	put(self->dir, "abstractions/base", "/etc/ld.so.cache r,\n/usr/lib/** rm,\n");
	put(self->dir, "abstractions/nameservice", "/etc/passwd r,\n/etc/group r,\n");
	put(self->dir, "abstractions/broken", "/etc/passwd r\n");	/* no ',' */
	put(self->dir, "abstractions/writer", "/etc/passwd w,\n");
	self->incs[0] = self->dir;
	ASSERT_EQ(0, pal_learn_init(&self->l, self->incs, 1));
}

FIXTURE_TEARDOWN(engine)
{
	char cmd[128];

	pal_learn_fini(&self->l);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", self->dir);
	if (system(cmd))
		TH_LOG("cleanup of %s failed", self->dir);
}

static void file_event(struct pal_log_event *ev, const char *prof,
		       const char *name, const char *mask)
{
	char line[1024];

	snprintf(line, sizeof(line), "apparmor=\"ALLOWED\" operation=\"open\" "
		 "profile=\"%s\" name=\"%s\" requested_mask=\"%s\" "
		 "denied_mask=\"%s\" fsuid=0 ouid=0\n", prof, name, mask, mask);
	pal_log_parse_line(line, ev);
}

TEST_F(engine, abstractions_first_then_path_then_globs)
{
	struct pal_log_event ev;
	struct pal_sugg *s;
	const char *skip[] = { "abstractions/nameservice" };
	int n;

	EXPECT_EQ(4, (int)self->l.nabs);
	file_event(&ev, "/usr/bin/x", "/etc/passwd", "r");
	n = pal_learn_suggest(&self->l, &ev, NULL, 0, &s);
	ASSERT_EQ(4, n);
	/* nameservice allows reading; writer does not (r is not w);
	 * broken does not compile and is never offered. */
	EXPECT_EQ((int)PAL_SUGG_INCLUDE, (int)s[0].kind);
	EXPECT_STREQ("abstractions/nameservice", s[0].text);
	EXPECT_EQ((int)PAL_SUGG_LITERAL, (int)s[1].kind);
	EXPECT_STREQ("/etc/passwd", s[1].text);
	EXPECT_STREQ("/etc/*", s[2].text);
	EXPECT_STREQ("/etc/**", s[3].text);
	free(s);
	/* Already included: not offered again. */
	n = pal_learn_suggest(&self->l, &ev, skip, 1, &s);
	ASSERT_LT(0, n);
	EXPECT_EQ((int)PAL_SUGG_LITERAL, (int)s[0].kind);
	free(s);
	/* Write: the writer abstraction; with an extension glob. */
	file_event(&ev, "/usr/bin/x", "/var/log/x.log", "w");
	n = pal_learn_suggest(&self->l, &ev, NULL, 0, &s);
	ASSERT_EQ(4, n);
	EXPECT_STREQ("/var/log/x.log", s[0].text);
	EXPECT_STREQ("/var/log/*", s[1].text);
	EXPECT_STREQ("/var/log/*.log", s[2].text);
	EXPECT_STREQ("/var/log/**", s[3].text);
	free(s);
	file_event(&ev, "/usr/bin/x", "/etc/passwd", "w");
	n = pal_learn_suggest(&self->l, &ev, NULL, 0, &s);
	ASSERT_LT(0, n);
	EXPECT_STREQ("abstractions/writer", s[0].text);
	free(s);
}

TEST_F(engine, allowed_is_decided_on_the_compiled_profile)
{
	const char *text =
		"/usr/bin/x {\n"
		"  include <abstractions/base>\n"
		"  /srv/** r,\n"
		"  deny /srv/secret r,\n"
		"  owner /home/*/f w,\n"
		"}\n";
	struct pal_log_event ev;
	void *pol = pal_learn_compile("prof", text, self->incs, 1, stderr);

	ASSERT_NE(NULL, pol);
	file_event(&ev, "/usr/bin/x", "/srv/a/b", "r");
	EXPECT_EQ(1, pal_learn_allows(pol, "/usr/bin/x", &ev));
	file_event(&ev, "/usr/bin/x", "/srv/a/b", "rw");
	EXPECT_EQ(0, pal_learn_allows(pol, "/usr/bin/x", &ev));
	file_event(&ev, "/usr/bin/x", "/srv/secret", "r");
	EXPECT_EQ(0, pal_learn_allows(pol, "/usr/bin/x", &ev));
	/* From the abstraction. */
	file_event(&ev, "/usr/bin/x", "/usr/lib/libc.so", "rm");
	EXPECT_EQ(1, pal_learn_allows(pol, "/usr/bin/x", &ev));
	/* owner: fsuid == ouid in the event. */
	file_event(&ev, "/usr/bin/x", "/home/u/f", "w");
	EXPECT_EQ(1, pal_learn_allows(pol, "/usr/bin/x", &ev));
	ev.ouid = 1000;
	EXPECT_EQ(0, pal_learn_allows(pol, "/usr/bin/x", &ev));
	EXPECT_EQ(-ENOENT, pal_learn_allows(pol, "/usr/bin/other", &ev));
	free(pol);
}

TEST_F(engine, rules_added_and_diffed)
{
	const char *text =
		"# head\n"
		"/usr/bin/x flags=(complain) {\n"
		"  include <abstractions/base>\n"
		"  /a r, # \"}\" in a comment\n"
		"\n"
		"  profile child { /b r, }\n"
		"}\n"
		"/usr/bin/y { }\n";
	const char *lines[] = { "include <abstractions/nameservice>", "/c w," };
	char err[256], *t, *t2, **inc, *buf = NULL;
	size_t blen = 0;
	struct pal_log_event ev;
	void *pol;
	FILE *f;
	int n;

	t = pal_learn_add_lines("prof", text, self->incs, 1, "/usr/bin/x", lines,
				2, err, sizeof(err));
	ASSERT_NE(NULL, t) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(t, "  profile child { /b r, }\n"
				  "  include <abstractions/nameservice>\n"
				  "  /c w,\n}\n/usr/bin/y { }\n"));
	t2 = pal_learn_add_lines("prof", t, self->incs, 1, "/usr/bin/x//child",
				 lines + 1, 1, err, sizeof(err));
	ASSERT_NE(NULL, t2) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(t2, "  profile child { /b r, \n    /c w,\n  }\n"));
	free(t);
	t = pal_learn_add_lines("prof", t2, self->incs, 1, "/usr/bin/y", lines + 1,
				1, err, sizeof(err));
	ASSERT_NE(NULL, t) TH_LOG("%s", err);
	EXPECT_NE(NULL, strstr(t, "/usr/bin/y { \n  /c w,\n}\n"));
	EXPECT_EQ(NULL, pal_learn_add_lines("prof", t, self->incs, 1, "/nope",
					    lines, 1, err, sizeof(err)));
	/* The result compiles, and allows what was added. */
	pol = pal_learn_compile("prof", t, self->incs, 1, stderr);
	ASSERT_NE(NULL, pol);
	file_event(&ev, "/usr/bin/x", "/etc/group", "r");
	EXPECT_EQ(1, pal_learn_allows(pol, "/usr/bin/x", &ev));
	file_event(&ev, "/usr/bin/x//child", "/c", "w");
	EXPECT_EQ(1, pal_learn_allows(pol, "/usr/bin/x//child", &ev));
	free(pol);
	n = pal_learn_includes("prof", t, self->incs, 1, "/usr/bin/x", &inc);
	ASSERT_EQ(2, n);
	EXPECT_STREQ("abstractions/base", inc[0]);
	EXPECT_STREQ("abstractions/nameservice", inc[1]);
	free(inc[0]);
	free(inc[1]);
	free(inc);

	f = open_memstream(&buf, &blen);
	ASSERT_NE(NULL, f);
	EXPECT_EQ(6, pal_udiff(f, text, t2, "old", "new"));
	fclose(f);
	EXPECT_STREQ("--- old\n+++ new\n"
		     "@@ -3,6 +3,10 @@\n"
		     "   include <abstractions/base>\n"
		     "   /a r, # \"}\" in a comment\n"
		     " \n"
		     "-  profile child { /b r, }\n"
		     "+  profile child { /b r, \n"
		     "+    /c w,\n"
		     "+  }\n"
		     "+  include <abstractions/nameservice>\n"
		     "+  /c w,\n"
		     " }\n"
		     " /usr/bin/y { }\n", buf) TH_LOG("%s", buf);
	free(buf);
	f = fopen("/dev/null", "w");
	EXPECT_EQ(0, pal_udiff(f, text, text, "a", "b"));
	fclose(f);
	free(t);
	free(t2);
}

TEST(stub_profiles)
{
	char name[64], *t;

	ASSERT_EQ(0, pal_learn_file_name("/usr/bin/foo", name, sizeof(name)));
	EXPECT_STREQ("usr.bin.foo", name);
	t = pal_learn_stub("/usr/bin/foo", 1, "complain");
	ASSERT_NE(NULL, t);
	EXPECT_NE(NULL, strstr(t, "/usr/bin/foo flags=(complain) {\n"
				  "  include <abstractions/base>\n}\n"));
	free(t);
	t = pal_learn_stub("/opt/a b", 0, NULL);
	EXPECT_NE(NULL, strstr(t, "\"/opt/a b\" {\n}\n"));
	free(t);
}

/* logprof with --answers on a recorded log: the palisade binary beside
 * the tests (run under the same emulator as the tests, if any). */
static int run_palisade(const char *dir, const char *log, const char *ans,
			char *out, size_t len)
{
	char bin[PATH_MAX + 32], prof[PATH_MAX];
	const char *runner = getenv("TEST_RUNNER");
	int fds[2], status;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/../../palisade", exe_dir);
	if (access(bin, X_OK))
		return -ENOENT;
	snprintf(prof, sizeof(prof), "%s", dir);
	if (pipe(fds))
		return -errno;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		if (runner && *runner)
			execlp(runner, runner, bin, "logprof", "-d", prof, "-f", log,
			       "--answers", ans, (char *)NULL);
		else
			execl(bin, bin, "logprof", "-d", prof, "-f", log,
			      "--answers", ans, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while (got + 1 < len && (n = read(fds[0], out + got, len - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = 0;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(engine, answers_file)
{
	char log[PATH_MAX], ans[PATH_MAX], prof[PATH_MAX], text[4096];
	static char out[65536];
	FILE *f;
	int r;

	put(self->dir, "x", "/usr/bin/x {\n  /srv/known r,\n}\n");
	snprintf(prof, sizeof(prof), "%s/x", self->dir);
	snprintf(log, sizeof(log), "%s/run", self->dir);
	ASSERT_EQ(0, mkdir(log, 0755));
	snprintf(log, sizeof(log), "%s/run/log", self->dir);
	put(self->dir, "run/log",
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/srv/known\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/etc/passwd\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/var/a.log\" requested_mask=\"w\" denied_mask=\"w\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/var/b.log\" requested_mask=\"w\" denied_mask=\"w\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/opt/o\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/opt/p\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"open\" profile=\"/usr/bin/x\" name=\"/opt/p\" requested_mask=\"r\" denied_mask=\"r\" fsuid=0 ouid=0\n"
	    "apparmor=\"DENIED\" operation=\"exec\" profile=\"/usr/bin/x\" name=\"/usr/bin/z\" requested_mask=\"x\" denied_mask=\"x\" fsuid=0 ouid=0\n");
	snprintf(ans, sizeof(ans), "%s/run/ans", self->dir);
	/* passwd: the include (1); a.log: glob with extension, allow (b.log
	 * is then covered); /opt/o: a new path, audit and owner on, allow
	 * (/opt/p is then covered); exec: unconfined without scrubbing; save. */
	put(self->dir, "run/ans", "# answers\n1\na\ne\na\nn /opt/[op]\nt\no\na\nx\nu\n\ny\n");
	r = run_palisade(self->dir, log, ans, out, sizeof(out));
	if (r == -ENOENT)
		SKIP(return, "no palisade binary beside the tests");
	EXPECT_EQ(0, r) TH_LOG("%s", out);
	f = fopen(prof, "r");
	ASSERT_NE(NULL, f);
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	EXPECT_STREQ("/usr/bin/x {\n  /srv/known r,\n"
		     "  include <abstractions/nameservice>\n"
		     "  /var/*.log w,\n"
		     "  audit owner /opt/[op] r,\n"
		     "  /usr/bin/z ux,\n"
		     "}\n", text) TH_LOG("%s", out);
	EXPECT_EQ(NULL, strstr(out, "Path:     /srv/known"));
	EXPECT_EQ(NULL, strstr(out, "Path:     /var/b.log"));
	EXPECT_EQ(NULL, strstr(out, "Path:     /opt/p"));

	/* An answer that does not fit stops the run; nothing is saved. */
	put(self->dir, "x", "/usr/bin/x {\n}\n");
	put(self->dir, "run/ans", "a\nh\n");
	r = run_palisade(self->dir, log, ans, out, sizeof(out));
	EXPECT_NE(0, r);
	EXPECT_NE(NULL, strstr(out, "run/ans:2: 'h' does not answer this prompt"))
		TH_LOG("%s", out);
	f = fopen(prof, "r");
	ASSERT_NE(NULL, f);
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	EXPECT_STREQ("/usr/bin/x {\n}\n", text);
}

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	/* Under an emulator /proc/self/exe may be the emulator: argv[0]. */
	if (n > 0 && !strstr(self, "qemu")) {
		self[n] = 0;
		snprintf(exe_dir, sizeof(exe_dir), "%s", dirname(self));
	} else {
		snprintf(self, sizeof(self), "%s", argv[0]);
		snprintf(exe_dir, sizeof(exe_dir), "%s", dirname(self));
	}
	return test_harness_run(argc, argv);
}
