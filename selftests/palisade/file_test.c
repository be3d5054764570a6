// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: file mediation.  A copy of pal_try in the test's
 * private tmpfs is attached to a profile; each test runs it and checks the
 * exact errno of the open, and the audit line palisaded writes.
 */
#define _GNU_SOURCE
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(file) {
	char dir[64];
	char confined[PATH_MAX];
	char other[PATH_MAX];
	char msg[4096];
};

static void mkfile(const char *dir, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	pal_write_file(path, "palisade\n");
}

static void mkdir_in(const char *dir, const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	mkdir(path, 0755);
}

FIXTURE_SETUP(file)
{
	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	snprintf(self->other, sizeof(self->other), "%s/other", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->other, 0755));
	mkdir_in(self->dir, "data");
	mkdir_in(self->dir, "data/sub");
	mkdir_in(self->dir, "tree");
	mkdir_in(self->dir, "tree/x");
	mkdir_in(self->dir, "tree/x/y");
	mkfile(self->dir, "data/a");
	mkfile(self->dir, "data/sub/b");
	mkfile(self->dir, "tree/x/y/z");
	mkfile(self->dir, "secret1");
	mkfile(self->dir, "public");
	mkfile(self->dir, "log");
}

FIXTURE_TEARDOWN(file)
{
	pal_tmpfs_drop(self->dir);
}

/* Replace every "{D}" of @tmpl with the test directory and load it. */
static int load(struct _test_data_file *self, const char *tmpl)
{
	char text[8192];

	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->msg, sizeof(self->msg));
}

/* Run the confined copy of pal_try: returns 0 or the errno it got. */
static int try(struct _test_data_file *self, const char *op, const char *rel)
{
	char path[PATH_MAX];
	const char *argv[] = { self->confined, op, path, NULL };

	if (rel[0] == '/')
		snprintf(path, sizeof(path), "%s", rel);
	else
		snprintf(path, sizeof(path), "%s/%s", self->dir, rel);
	return pal_run(argv);
}

#define BASIC_PROFILE \
	"profile basic {D}/confined {\n" \
	"  /etc/hostname r,\n" \
	"  {D}/data/* rw,\n" \
	"  {D}/tree/** rw,\n" \
	"  {D}/** r,\n" \
	"  deny {D}/secret* r,\n" \
	"  {D}/log a,\n" \
	"}\n"

TEST_F(file, allow_literal_read)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try(self, "r", "/etc/hostname"));
}

TEST_F(file, deny_unlisted_path)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, try(self, "r", "/etc/passwd"));
}

TEST_F(file, deny_write_without_w)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, try(self, "w", "/etc/hostname"));
	EXPECT_EQ(EACCES, try(self, "rw", "/etc/hostname"));
	EXPECT_EQ(EACCES, try(self, "w", "public"));
}

TEST_F(file, star_matches_one_component)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try(self, "rw", "data/a"));
	/* '*' does not cross '/': data/sub/b is only readable (by the {D} double-star rule). */
	EXPECT_EQ(0, try(self, "r", "data/sub/b"));
	EXPECT_EQ(EACCES, try(self, "w", "data/sub/b"));
}

TEST_F(file, doublestar_matches_any_depth)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try(self, "rw", "tree/x/y/z"));
	EXPECT_EQ(0, try(self, "c", "tree/x/new"));
}

TEST_F(file, glob_after_slash_needs_a_character)
{
	ASSERT_EQ(0, load(self,
		"profile dirs {D}/confined {\n"
		"  {D}/data/* r,\n"
		"  {D}/tree/** r,\n"
		"}\n")) TH_LOG("%s", self->msg);
	/* Directories are named with a trailing '/': "data/" does not match the data-star rule. */
	EXPECT_EQ(EACCES, try(self, "d", "data"));
	EXPECT_EQ(EACCES, try(self, "d", "tree"));
	EXPECT_EQ(0, try(self, "d", "tree/x"));
	EXPECT_EQ(0, try(self, "r", "data/a"));
}

TEST_F(file, deny_beats_allow)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, try(self, "r", "secret1"));
	EXPECT_EQ(0, try(self, "r", "public"));
}

TEST_F(file, append_rule)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try(self, "a", "log"));
	EXPECT_EQ(EACCES, try(self, "w", "log"));
}

TEST_F(file, complain_mode_allows_and_logs)
{
	char name[PATH_MAX + 8], line[8192];
	const char *needles[] = { "apparmor=\"ALLOWED\"", " operation=\"open\"",
				  " profile=\"learner\"", name,
				  " requested_mask=\"r\"", " denied_mask=\"r\"",
				  NULL };

	ASSERT_EQ(0, load(self,
		"profile learner {D}/confined flags=(complain) {\n"
		"  /etc/hostname r,\n"
		"}\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try(self, "r", "public"));
	snprintf(name, sizeof(name), " name=\"%s/public\"", self->dir);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
	/* An allowed access in complain mode is not logged. */
	EXPECT_EQ(0, try(self, "r", "/etc/hostname"));
}

TEST_F(file, complain_mode_explicit_deny_still_denies)
{
	ASSERT_EQ(0, load(self,
		"profile learner2 {D}/confined flags=(complain) {\n"
		"  deny {D}/secret* r,\n"
		"}\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, try(self, "r", "secret1"));
	EXPECT_EQ(0, try(self, "r", "public"));
}

TEST_F(file, fork_inherits_profile)
{
	const char *deny[] = { self->confined, "fork", "r", "/etc/passwd", NULL };
	const char *allow[] = { self->confined, "fork", "r", "/etc/hostname", NULL };

	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, pal_run(deny));
	EXPECT_EQ(0, pal_run(allow));
}

TEST_F(file, unconfined_tasks_unaffected)
{
	const char *other[] = { self->other, "r", "/etc/passwd", NULL };
	const char *other_w[] = { self->other, "w", "/etc/hostname", NULL };
	int fd;

	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	/* This test process never exec'd an attached path. */
	fd = open("/etc/passwd", O_RDONLY);
	EXPECT_LE(0, fd);
	if (fd >= 0)
		close(fd);
	/* The same binary at a path no profile attaches to. */
	EXPECT_EQ(0, pal_run(other));
	EXPECT_EQ(0, pal_run(other_w));
}

TEST_F(file, audit_line_content)
{
	char name[PATH_MAX + 8], pidstr[32], line[8192];
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };
	pid_t pid = 0;

	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, pal_run_pid(argv, &pid));
	snprintf(name, sizeof(name), " name=\"/etc/passwd\"");
	snprintf(pidstr, sizeof(pidstr), " pid=%d ", pid);
	{
		const char *needles[] = {
			"apparmor=\"DENIED\"", " operation=\"open\"",
			" profile=\"basic\"", name, pidstr, " comm=\"confined\"",
			" requested_mask=\"r\"", " denied_mask=\"r\"",
			" fsuid=0", " ouid=0", NULL,
		};

		ASSERT_EQ(0, pal_find_audit(needles, line, sizeof(line)))
			TH_LOG("no audit line for pid %d", pid);
		EXPECT_EQ(0, strncmp(line, "type=AVC msg=audit(", 19)) TH_LOG("%s", line);
	}
	/* One denial, one line. */
	EXPECT_EQ(1, pal_count_audit(pidstr));
}

TEST_F(file, deny_rules_are_quiet_unless_audited)
{
	char quiet[PATH_MAX + 16], loud[PATH_MAX + 16], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", loud, NULL };

	ASSERT_EQ(0, load(self,
		"profile quiet {D}/confined {\n"
		"  deny {D}/secret* r,\n"
		"  audit deny {D}/public r,\n"
		"}\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, try(self, "r", "secret1"));
	EXPECT_EQ(EACCES, try(self, "r", "public"));
	snprintf(quiet, sizeof(quiet), " name=\"%s/secret1\"", self->dir);
	snprintf(loud, sizeof(loud), " name=\"%s/public\"", self->dir);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
	/* The audited denial was written after the quiet one: had the quiet
	 * one been logged, it would be there by now. */
	EXPECT_EQ(0, pal_count_audit(quiet));
}

TEST_F(file, bad_profile_is_rejected_and_policy_stays)
{
	ASSERT_EQ(0, load(self, BASIC_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_NE(0, load(self,
		"profile broken {D}/confined {\n"
		"  /etc/passwd rq,\n"
		"}\n"));
	/* file:line:col: message */
	EXPECT_NE(NULL, strstr(self->msg, ":2:")) TH_LOG("%s", self->msg);
	/* The previous policy is still in force. */
	EXPECT_EQ(EACCES, try(self, "r", "/etc/passwd"));
	EXPECT_EQ(0, try(self, "r", "/etc/hostname"));
}

/* Run the confined pal_try and have it exec @prog (relative) with args. */
static int try_exec(struct _test_data_file *self, const char *prog,
		    const char *op, const char *arg)
{
	char path[PATH_MAX];
	const char *argv[] = { self->confined, "x", path, op, arg, NULL };

	snprintf(path, sizeof(path), "%s/%s", self->dir, prog);
	return pal_run(argv);
}

TEST_F(file, exec_needs_x_permission)
{
	ASSERT_EQ(0, load(self,
		"profile execer {D}/confined {\n"
		"  {D}/other ix,\n"
		"  /etc/hostname r,\n"
		"}\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try_exec(self, "other", "r", "/etc/hostname"));
	EXPECT_EQ(EACCES, try_exec(self, "confined", "r", "/etc/hostname"));
}

TEST_F(file, exec_ix_keeps_profile)
{
	ASSERT_EQ(0, load(self,
		"profile execer2 {D}/confined {\n"
		"  {D}/other ix,\n"
		"  /etc/hostname r,\n"
		"}\n")) TH_LOG("%s", self->msg);
	/* other is not attached to any profile, yet after an ix exec from
	 * a confined task it runs under execer2. */
	EXPECT_EQ(EACCES, try_exec(self, "other", "r", "/etc/passwd"));
	EXPECT_EQ(0, try_exec(self, "other", "r", "/etc/hostname"));
}

TEST_HARNESS_MAIN

/*
 * The decision cache (fcache.bpf.h): a repeated open is decided from the
 * inode's storage, and every way a name can change makes the next open
 * decide by the new name.
 */
#define CACHE_PROFILE \
	"profile cache {D}/confined {\n" \
	"  {D}/pub/** r,\n" \
	"}\n"

static unsigned long long cache_hits(struct _test_data_file *self)
{
	return pal_status_field(self->msg, sizeof(self->msg), "cache_hits");
}

/* Open @rel @n times from one confined process; 0 or the errno. */
static int try_n(struct _test_data_file *self, int n, const char *rel)
{
	char path[PATH_MAX], count[16];
	const char *argv[] = { self->confined, "repeat", count, "r", path, NULL };

	snprintf(count, sizeof(count), "%d", n);
	snprintf(path, sizeof(path), "%s/%s", self->dir, rel);
	return pal_run(argv);
}

static void cache_setup(struct _test_data_file *self)
{
	mkdir_in(self->dir, "pub");
	mkdir_in(self->dir, "pub/d");
	mkdir_in(self->dir, "priv");
	mkfile(self->dir, "pub/d/f");
	mkfile(self->dir, "pub/g");
}

/* 0 when palisaded logged a denial of @rel under the cache profile. */
static int denial_logged(struct _test_data_file *self, const char *rel)
{
	char name[PATH_MAX + 16], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", " profile=\"cache\"",
				  name, NULL };

	snprintf(name, sizeof(name), " name=\"%s/%s\"", self->dir, rel);
	return pal_find_audit(needles, line, sizeof(line));
}

TEST_F(file, cache_repeated_open_is_a_hit)
{
	unsigned long long h0, h1, n0, n1, f0, f1;

	cache_setup(self);
	ASSERT_EQ(0, load(self, CACHE_PROFILE)) TH_LOG("%s", self->msg);
	h0 = cache_hits(self);
	ASSERT_NE(~0ULL, h0) TH_LOG("%s", self->msg);
	n0 = pal_status_field(self->msg, sizeof(self->msg), "cache_nostore");
	f0 = pal_status_field(self->msg, sizeof(self->msg), "cache_fills");
	EXPECT_EQ(0, try_n(self, 20, "pub/d/f"));
	n1 = pal_status_field(self->msg, sizeof(self->msg), "cache_nostore");
	f1 = pal_status_field(self->msg, sizeof(self->msg), "cache_fills");
	if (f1 == f0 && n1 > n0)
		SKIP(return, "the kernel creates no BPF inode storage (%llu refusals): "
		     "decisions are not remembered", n1 - n0);
	h1 = cache_hits(self);
	/* The first open names the file and fills; the others hit. */
	EXPECT_LE(19ULL, h1 - h0) TH_LOG("hits %llu", h1 - h0);
	/* A denial is never taken from the cache and is logged each time. */
	EXPECT_EQ(EACCES, try_n(self, 3, "secret1"));
	EXPECT_EQ(h1, cache_hits(self));
}

TEST_F(file, cache_follows_rename_of_a_parent)
{
	char from[PATH_MAX], to[PATH_MAX];

	cache_setup(self);
	ASSERT_EQ(0, load(self, CACHE_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try_n(self, 3, "pub/d/f"));
	/* Only the directory moves: the file's own dentry is the same. */
	snprintf(from, sizeof(from), "%s/pub/d", self->dir);
	snprintf(to, sizeof(to), "%s/priv/d", self->dir);
	ASSERT_EQ(0, rename(from, to));
	EXPECT_EQ(EACCES, try_n(self, 1, "priv/d/f"));
	EXPECT_EQ(0, denial_logged(self, "priv/d/f"));
	ASSERT_EQ(0, rename(to, from));
	EXPECT_EQ(0, try_n(self, 1, "pub/d/f"));
}

TEST_F(file, cache_follows_rename_of_the_file)
{
	char from[PATH_MAX], to[PATH_MAX];

	cache_setup(self);
	ASSERT_EQ(0, load(self, CACHE_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try_n(self, 3, "pub/g"));
	snprintf(from, sizeof(from), "%s/pub/g", self->dir);
	snprintf(to, sizeof(to), "%s/priv/g", self->dir);
	ASSERT_EQ(0, rename(from, to));
	EXPECT_EQ(EACCES, try_n(self, 1, "priv/g"));
	EXPECT_EQ(0, denial_logged(self, "priv/g"));
}

TEST_F(file, cache_follows_mount_move)
{
	char from[PATH_MAX], to[PATH_MAX], file[PATH_MAX];

	cache_setup(self);
	snprintf(from, sizeof(from), "%s/pub/m", self->dir);
	snprintf(to, sizeof(to), "%s/priv/m", self->dir);
	ASSERT_EQ(0, mkdir(from, 0755));
	ASSERT_EQ(0, mkdir(to, 0755));
	ASSERT_EQ(0, mount("tmpfs", from, "tmpfs", 0, "size=1m"));
	snprintf(file, sizeof(file), "%s/pub/m/f", self->dir);
	ASSERT_EQ(0, pal_write_file(file, "palisade\n"));
	ASSERT_EQ(0, load(self, CACHE_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try_n(self, 3, "pub/m/f"));
	/* Same mount, same dentry, no rename: only the mount tree moved. */
	ASSERT_EQ(0, mount(from, to, NULL, MS_MOVE, NULL));
	EXPECT_EQ(EACCES, try_n(self, 1, "priv/m/f"));
	EXPECT_EQ(0, denial_logged(self, "priv/m/f"));
	umount2(to, MNT_DETACH);
}

TEST_F(file, cache_follows_replace)
{
	cache_setup(self);
	ASSERT_EQ(0, load(self, CACHE_PROFILE)) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, try_n(self, 3, "pub/g"));
	ASSERT_EQ(0, load(self, "profile cache {D}/confined {\n"
				"  {D}/pub/d/** r,\n"
				"}\n")) TH_LOG("%s", self->msg);
	EXPECT_EQ(EACCES, try_n(self, 1, "pub/g"));
	EXPECT_EQ(0, denial_logged(self, "pub/g"));
	EXPECT_EQ(0, try_n(self, 1, "pub/d/f"));
}

TEST_F(file, cache_skips_files_with_other_names)
{
	char from[PATH_MAX], to[PATH_MAX];
	unsigned long long h0;

	cache_setup(self);
	snprintf(from, sizeof(from), "%s/pub/g", self->dir);
	snprintf(to, sizeof(to), "%s/priv/g", self->dir);
	ASSERT_EQ(0, link(from, to));
	ASSERT_EQ(0, load(self, CACHE_PROFILE)) TH_LOG("%s", self->msg);
	h0 = cache_hits(self);
	/* Each name decides for itself, however often and in what order. */
	EXPECT_EQ(0, try_n(self, 3, "pub/g"));
	EXPECT_EQ(EACCES, try_n(self, 1, "priv/g"));
	EXPECT_EQ(0, try_n(self, 3, "pub/g"));
	EXPECT_EQ(h0, cache_hits(self));
}
