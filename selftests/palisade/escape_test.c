// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: the escape suite.  What attackers try against
 * path-based MAC, each case either refused (exact errno, and the audit line
 * names the real object) or a documented limit (README.md, "Limits"),
 * asserted as documented so a change of behaviour shows up here.
 *
 * The confined pal_try may read and write {D}/pub/ and nothing else of
 * {D}; {D}/secret is the file it must not read.
 */
#define _GNU_SOURCE
#include "common.h"
#include "kselftest_harness.h"

FIXTURE(esc) {
	char dir[64];
	char confined[PATH_MAX];
	char msg[4096];
};

/* The capabilities and ptrace access the escapes need are granted: only
 * the file rules stand between the task and the secret. */
#define ESC_PROFILE \
	"profile esc {D}/confined {\n" \
	"  {D}/pub/ r,\n" \
	"  {D}/pub/** rwl,\n" \
	"  {D}/ r,\n" \
	"  capability sys_admin sys_chroot,\n" \
	"  ptrace (read) peer=unconfined,\n" \
	"}\n"

static void path_of(struct _test_data_esc *self, const char *rel, char *out)
{
	snprintf(out, PATH_MAX, "%s/%s", self->dir, rel);
}

FIXTURE_SETUP(esc)
{
	char text[4096], p[PATH_MAX];

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	path_of(self, "pub", p);
	ASSERT_EQ(0, mkdir(p, 0755));
	path_of(self, "sdir", p);
	ASSERT_EQ(0, mkdir(p, 0755));
	path_of(self, "secret", p);
	ASSERT_EQ(0, pal_write_file(p, "secret\n"));
	path_of(self, "sdir/secret2", p);
	ASSERT_EQ(0, pal_write_file(p, "secret\n"));
	path_of(self, "pub/f", p);
	ASSERT_EQ(0, pal_write_file(p, "public\n"));
	pal_expand(self->dir, ESC_PROFILE, text, sizeof(text));
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
}

FIXTURE_TEARDOWN(esc)
{
	pal_tmpfs_drop(self->dir);
}

static int conf(struct _test_data_esc *self, const char *a, const char *b,
		const char *c, const char *d, pid_t *pid)
{
	const char *argv[] = { self->confined, a, b, c, d, NULL };

	return pal_run_pid(argv, pid);
}

/* The refusal of @pid names @name (absolute). */
static int denied_as(pid_t pid, const char *op, const char *name)
{
	char p[32], n[PATH_MAX + 16], o[64], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", " profile=\"esc\"", o, n,
				  p, NULL };

	snprintf(p, sizeof(p), " pid=%d ", pid);
	snprintf(n, sizeof(n), " name=\"%s\"", name);
	snprintf(o, sizeof(o), " operation=\"%s\"", op);
	return pal_find_audit(needles, line, sizeof(line));
}

TEST_F(esc, symlink_to_denied_file)
{
	char link[PATH_MAX], secret[PATH_MAX];
	pid_t pid;

	path_of(self, "pub/sl", link);
	path_of(self, "secret", secret);
	ASSERT_EQ(0, symlink(secret, link));
	/* The open is decided on the file reached, not on the link. */
	EXPECT_EQ(EACCES, conf(self, "r", link, NULL, NULL, &pid));
	EXPECT_EQ(0, denied_as(pid, "open", secret));
}

TEST_F(esc, hardlink_to_denied_file)
{
	char hl[PATH_MAX], secret[PATH_MAX];
	pid_t pid;

	path_of(self, "pub/hl", hl);
	path_of(self, "secret", secret);
	/* The link would give the secret pub's rwl: the subset rule. */
	EXPECT_EQ(EACCES, conf(self, "fs", "link", secret, hl, &pid));
	EXPECT_EQ(0, denied_as(pid, "link", hl));
	/* Limit: a hard link someone else made is another name of the
	 * file, decided by its own rules. */
	ASSERT_EQ(0, link(secret, hl));
	EXPECT_EQ(0, conf(self, "r", hl, NULL, NULL, NULL));
}

TEST_F(esc, rename_of_a_parent_directory)
{
	char from[PATH_MAX], to[PATH_MAX], moved[PATH_MAX];
	pid_t pid;

	path_of(self, "sdir", from);
	path_of(self, "pub/sdir", to);
	/* The confined task cannot move the directory under its rules. */
	EXPECT_EQ(EACCES, conf(self, "fs", "rename", from, to, &pid));
	EXPECT_EQ(0, denied_as(pid, "rename_src", strcat(from, "/")));
	/* Limit: decisions follow the name at the time of the access: once
	 * someone else moved it, it is decided by its new name. */
	path_of(self, "sdir", from);
	ASSERT_EQ(0, rename(from, to));
	path_of(self, "pub/sdir/secret2", moved);
	EXPECT_EQ(0, conf(self, "r", moved, NULL, NULL, NULL));
}

TEST_F(esc, proc_self_fd_reopen)
{
	char secret[PATH_MAX], n[16];
	const char *argv[] = { self->confined, "fs", "fdreopen", n, NULL };
	const char *argv_read[] = { self->confined, "fs", "fdread", n, NULL };
	pid_t pid;
	int fd;

	path_of(self, "secret", secret);
	fd = open(secret, O_RDONLY);	/* inherited across the exec */
	ASSERT_LE(0, fd);
	snprintf(n, sizeof(n), "%d", fd);
	/* Re-opening through /proc/self/fd/N opens the file itself. */
	EXPECT_EQ(EACCES, pal_run_pid(argv, &pid));
	EXPECT_EQ(0, denied_as(pid, "open", secret));
	/* Limit: an fd opened before the task was confined keeps working. */
	EXPECT_EQ(0, pal_run(argv_read));
	close(fd);
}

TEST_F(esc, proc_pid_root)
{
	char via[PATH_MAX + 32], secret[PATH_MAX];
	pid_t pid;

	path_of(self, "secret", secret);
	snprintf(via, sizeof(via), "/proc/1/root%s", secret);
	EXPECT_EQ(EACCES, conf(self, "r", via, NULL, NULL, &pid));
	EXPECT_EQ(0, denied_as(pid, "open", secret));
}

TEST_F(esc, openat_relative_to_dirfd)
{
	char secret[PATH_MAX];
	pid_t pid;

	path_of(self, "secret", secret);
	EXPECT_EQ(EACCES, conf(self, "fs", "openat", self->dir, "secret", &pid));
	EXPECT_EQ(0, denied_as(pid, "open", secret));
}

TEST_F(esc, o_path_then_reopen)
{
	char secret[PATH_MAX];
	pid_t pid;

	path_of(self, "secret", secret);
	/* O_PATH opens nothing (no file_open); the re-open is decided. */
	EXPECT_EQ(EACCES, conf(self, "fs", "opath", secret, NULL, &pid));
	EXPECT_EQ(0, denied_as(pid, "open", secret));
}

TEST_F(esc, unshare_mount_namespace)
{
	char secret[PATH_MAX];

	path_of(self, "secret", secret);
	EXPECT_EQ(EACCES, conf(self, "fs", "unshare", secret, NULL, NULL));
}

TEST_F(esc, bind_mount_over_an_allowed_name)
{
	char secret[PATH_MAX], pub[PATH_MAX];

	path_of(self, "secret", secret);
	path_of(self, "pub/f", pub);
	{
	/* Limit: in its own mount namespace (CAP_SYS_ADMIN, which this
	 * profile does not restrict) the task names the secret pub/f. */
	const char *argv[] = { self->confined, "fs", "bind", secret, pub, pub,
			       NULL };

	EXPECT_EQ(0, pal_run(argv));
	}
}

TEST_F(esc, chroot_renames_nothing)
{
	char secret[PATH_MAX];
	pid_t pid;

	/* In a chroot at {D}, the task opens "/secret": the name decided
	 * (and logged) is still the absolute {D}/secret, as AppArmor names
	 * it, not the chroot-relative name bpf_d_path() would give. */
	path_of(self, "secret", secret);
	EXPECT_EQ(EACCES, conf(self, "fs", "chroot", self->dir, "/secret", &pid));
	EXPECT_EQ(0, denied_as(pid, "open", secret));
}

TEST_F(esc, memfd_execveat)
{
	const char *name = "/memfd:pal (deleted)";
	char other[PATH_MAX], hex[128], p[32], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", " operation=\"exec\"",
				  hex, p, NULL };
	pid_t pid;
	size_t i;

	path_of(self, "pub/other", other);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, other, 0755));
	/* The memfd's name is "/memfd:pal (deleted)": no x rule. */
	EXPECT_EQ(EACCES, conf(self, "fs", "memfdx", other, NULL, &pid));
	/* A name with a space is logged in hex, as the audit system does. */
	strcpy(hex, " name=");
	for (i = 0; name[i]; i++)
		snprintf(hex + strlen(hex), 3, "%02X", (unsigned char)name[i]);
	snprintf(p, sizeof(p), " pid=%d ", pid);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line))) {
		needles[2] = p;
		needles[3] = NULL;
		if (!pal_find_audit(needles, line, sizeof(line)))
			TH_LOG("logged as: %s", line);
	}
}

TEST_F(esc, io_uring_open)
{
	char secret[PATH_MAX], pub[PATH_MAX];
	int r;

	path_of(self, "secret", secret);
	path_of(self, "pub/f", pub);
	r = conf(self, "fs", "uring", pub, NULL, NULL);
	if (r == ENOSYS)
		SKIP(return, "kernel without io_uring");
	EXPECT_EQ(0, r);
	/* Inline: the submitting task opens; async: an io-wq worker, a
	 * thread of the task, labelled at its creation (task_alloc). */
	EXPECT_EQ(EACCES, conf(self, "fs", "uring", secret, NULL, NULL));
	EXPECT_EQ(EACCES, conf(self, "fs", "uring", secret, "async", NULL));
	EXPECT_EQ(0, conf(self, "fs", "uring", pub, "async", NULL));
}

TEST_HARNESS_MAIN
