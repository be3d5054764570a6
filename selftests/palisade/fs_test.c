// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: file-system operations beyond open.  A confined copy
 * of pal_try performs one operation (pal_try fs OP ...); each test checks
 * that the allowed one succeeds, that the denied one fails with the exact
 * errno, and the audit line: AppArmor's operation name, the object's name
 * and the requested and denied masks.
 */
#define _GNU_SOURCE
#include "common.h"
#include "palisade.h"
/* The harness's setjmp-based test wrappers draw a false -Wclobbered on
 * their own fork variable once the helpers below are inlined. */
#pragma GCC diagnostic ignored "-Wclobbered"
#include "kselftest_harness.h"

FIXTURE(fs) {
	char dir[64];
	char confined[PATH_MAX];
	char msg[4096];
};

static void mk(const char *dir, const char *rel, int is_dir)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (is_dir)
		mkdir(path, 0755);
	else
		pal_write_file(path, "palisade\n");
}

/*
 * ok/   everything (rwlkm)       ro/   read only
 * rw/   read and write, no k     own/  owner-only write
 * nol/  read and write, no l
 */
#define FS_PROFILE \
	"profile fsp {D}/confined {\n" \
	"  {D}/ok/ r,\n" \
	"  {D}/ok/** rwlkm,\n" \
	"  {D}/ro/ r,\n" \
	"  {D}/ro/** r,\n" \
	"  {D}/rw/** rw,\n" \
	"  {D}/nol/** rw,\n" \
	"  {D}/own/** r,\n" \
	"  owner {D}/own/** w,\n" \
	"}\n"

FIXTURE_SETUP(fs)
{
	char text[8192];
	static const char *const dirs[] = { "ok", "ro", "rw", "nol", "own",
					    "ok/e", "ro/e" };
	static const char *const files[] = { "ok/f", "ok/g", "ok/t", "ro/f",
					     "ro/t", "rw/f", "own/mine",
					     "own/theirs" };
	char path[PATH_MAX];
	size_t i;

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mk(self->dir, dirs[i], 1);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		mk(self->dir, files[i], 0);
	snprintf(path, sizeof(path), "%s/own/theirs", self->dir);
	ASSERT_EQ(0, chown(path, 1000, 1000));
	pal_expand(self->dir, FS_PROFILE, text, sizeof(text));
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
}

FIXTURE_TEARDOWN(fs)
{
	pal_tmpfs_drop(self->dir);
}

/* Run `confined fs OP A [B]` (relative names under the test directory). */
static int fs(struct _test_data_fs *self, const char *op, const char *a,
	      const char *b, pid_t *pid)
{
	char pa[PATH_MAX], pb[PATH_MAX];
	const char *argv[] = { self->confined, "fs", op, pa, b ? pb : NULL, NULL };

	snprintf(pa, sizeof(pa), "%s/%s", self->dir, a);
	if (b)
		snprintf(pb, sizeof(pb), "%s/%s", self->dir, b);
	return pal_run_pid(argv, pid);
}

/* The denial of @pid is logged as @op on @rel with these masks. */
static int logged(struct _test_data_fs *self, pid_t pid, const char *op,
		  const char *rel, const char *req, const char *den)
{
	char o[64], name[PATH_MAX + 16], p[32], r[32], d[32], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", " profile=\"fsp\"", o,
				  name, p, r, d, NULL };

	snprintf(o, sizeof(o), " operation=\"%s\"", op);
	snprintf(name, sizeof(name), " name=\"%s/%s\"", self->dir, rel);
	snprintf(p, sizeof(p), " pid=%d ", pid);
	snprintf(r, sizeof(r), " requested_mask=\"%s\"", req);
	snprintf(d, sizeof(d), " denied_mask=\"%s\"", den);
	return pal_find_audit(needles, line, sizeof(line));
}

static int exists(struct _test_data_fs *self, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", self->dir, rel);
	return lstat(path, &st) == 0;
}

TEST_F(fs, mknod)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "mknod", "ok/n", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "mknod", "ro/n", NULL, &pid));
	EXPECT_FALSE(exists(self, "ro/n"));
	EXPECT_EQ(0, logged(self, pid, "mknod", "ro/n", "w", "w"));
}

TEST_F(fs, creating_open_is_mknod)
{
	char path[PATH_MAX];
	const char *argv[] = { self->confined, "c", path, NULL };
	pid_t pid;

	snprintf(path, sizeof(path), "%s/ro/new", self->dir);
	EXPECT_EQ(EACCES, pal_run_pid(argv, &pid));
	EXPECT_FALSE(exists(self, "ro/new"));
	EXPECT_EQ(0, logged(self, pid, "mknod", "ro/new", "w", "w"));
	snprintf(path, sizeof(path), "%s/ok/new", self->dir);
	EXPECT_EQ(0, pal_run(argv));
	/* O_CREAT on an existing file creates nothing: only the open's r/w. */
	snprintf(path, sizeof(path), "%s/rw/f", self->dir);
	EXPECT_EQ(0, pal_run(argv));
}

TEST_F(fs, truncating_open_needs_w)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "otrunc", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "otrunc", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "open", "ro/f", "wr", "w"));
}

TEST_F(fs, mkdir_names_directories_with_slash)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "mkdir", "ok/d", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "mkdir", "ro/d", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "mkdir", "ro/d/", "w", "w"));
}

TEST_F(fs, rmdir)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "rmdir", "ok/e", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "rmdir", "ro/e", NULL, &pid));
	EXPECT_TRUE(exists(self, "ro/e"));
	EXPECT_EQ(0, logged(self, pid, "rmdir", "ro/e/", "w", "w"));
}

TEST_F(fs, unlink)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "unlink", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "unlink", "ro/f", NULL, &pid));
	EXPECT_TRUE(exists(self, "ro/f"));
	EXPECT_EQ(0, logged(self, pid, "unlink", "ro/f", "w", "w"));
}

TEST_F(fs, symlink)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "symlink", "ok/s", "/etc/hostname", NULL));
	EXPECT_EQ(EACCES, fs(self, "symlink", "ro/s", "/etc/hostname", &pid));
	EXPECT_FALSE(exists(self, "ro/s"));
	EXPECT_EQ(0, logged(self, pid, "symlink", "ro/s", "w", "w"));
}

TEST_F(fs, rename_both_ends)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "rename", "ok/f", "ok/f2", NULL));
	/* The source needs r and w. */
	EXPECT_EQ(EACCES, fs(self, "rename", "ro/f", "ok/f3", &pid));
	EXPECT_EQ(0, logged(self, pid, "rename_src", "ro/f", "wr", "w"));
	/* The destination needs w. */
	EXPECT_EQ(EACCES, fs(self, "rename", "ok/g", "ro/g", &pid));
	EXPECT_EQ(0, logged(self, pid, "rename_dest", "ro/g", "w", "w"));
	EXPECT_TRUE(exists(self, "ok/g"));
	/* A directory is named with a '/' at both ends. */
	EXPECT_EQ(EACCES, fs(self, "rename", "ro/e", "ok/e2", &pid));
	EXPECT_EQ(0, logged(self, pid, "rename_src", "ro/e/", "wr", "w"));
	/* RENAME_EXCHANGE: each end is a source too. */
	EXPECT_EQ(EACCES, fs(self, "exchange", "ok/g", "ro/t", &pid));
	EXPECT_EQ(0, logged(self, pid, "rename_src", "ro/t", "wr", "w"));
	EXPECT_EQ(0, fs(self, "exchange", "ok/g", "ok/t", NULL));
}

TEST_F(fs, link_needs_l_and_subset)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "link", "ok/t", "ok/l1", NULL));
	/* ok/l2 would get rwkm on what the profile lets it only read. */
	EXPECT_EQ(EACCES, fs(self, "link", "ro/t", "ok/l2", &pid));
	EXPECT_FALSE(exists(self, "ok/l2"));
	/* w grants a too, so a is part of what the link would add. */
	EXPECT_EQ(0, logged(self, pid, "link", "ok/l2", "wakml", "wakm"));
	/* No l on the new name. */
	EXPECT_EQ(EACCES, fs(self, "link", "rw/f", "nol/l3", &pid));
	EXPECT_EQ(0, logged(self, pid, "link", "nol/l3", "l", "l"));
}

TEST_F(fs, chmod_chown_truncate_need_w)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "chmod", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "chmod", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "chmod", "ro/f", "w", "w"));
	EXPECT_EQ(0, fs(self, "chown", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "chown", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "chown", "ro/f", "w", "w"));
	EXPECT_EQ(0, fs(self, "truncate", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "truncate", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "truncate", "ro/f", "w", "w"));
	/* A directory's mode is named with its '/'. */
	EXPECT_EQ(EACCES, fs(self, "chmod", "ro/e", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "chmod", "ro/e/", "w", "w"));
}

TEST_F(fs, file_lock_needs_k_and_w_for_write_locks)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "lockr", "ok/f", NULL, NULL));
	EXPECT_EQ(0, fs(self, "lockw", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "lockr", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "file_lock", "ro/f", "k", "k"));
	/* rw/ has w but no k. */
	EXPECT_EQ(EACCES, fs(self, "lockw", "rw/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "file_lock", "rw/f", "wk", "k"));
}

TEST_F(fs, exec_mappings_need_m)
{
	pid_t pid;

	EXPECT_EQ(0, fs(self, "mmapx", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "mmapx", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "file_mmap", "ro/f", "m", "m"));
	EXPECT_EQ(0, fs(self, "mprotx", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "mprotx", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "file_mprotect", "ro/f", "m", "m"));
}

TEST_F(fs, owner_rules_follow_fsuid)
{
	char o[32], line[8192], name[PATH_MAX + 16];
	const char *needles[] = { " operation=\"unlink\"", name, o, NULL };
	pid_t pid;

	EXPECT_EQ(0, fs(self, "unlink", "own/mine", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "unlink", "own/theirs", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "unlink", "own/theirs", "w", "w"));
	snprintf(name, sizeof(name), " name=\"%s/own/theirs\"", self->dir);
	snprintf(o, sizeof(o), " ouid=1000");
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
	/* A new file is the task's own. */
	EXPECT_EQ(0, fs(self, "mknod", "own/new", NULL, NULL));
}

/* Run `confined fs OP N` with @path open (@flags) as fd N in the child:
 * an fd the task had before it was confined. */
static int fs_fd(struct _test_data_fs *self, const char *op, const char *rel,
		 int flags, pid_t *pid)
{
	char path[PATH_MAX], num[16];
	const char *argv[] = { self->confined, "fs", op, num, NULL };
	int fd, ret;

	snprintf(path, sizeof(path), "%s/%s", self->dir, rel);
	fd = open(path, flags);	/* no O_CLOEXEC: the child inherits it */
	if (fd < 0)
		return -errno;
	snprintf(num, sizeof(num), "%d", fd);
	ret = pal_run_pid(argv, pid);
	close(fd);
	return ret;
}

static off_t size_of(struct _test_data_fs *self, const char *rel)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", self->dir, rel);
	return stat(path, &st) ? -1 : st.st_size;
}

/*
 * ftruncate(2) asks for w on the file's name, so an fd opened for writing
 * before the task was confined cannot truncate what the profile only lets
 * it read.  6.2+ decides it in the file_truncate hook; 6.1 has no such
 * hook (palisaded leaves that program out: no link pinned) and calls
 * path_truncate for ftruncate and O_TRUNC instead.  Same errno and audit
 * line either way.
 */
TEST_F(fs, ftruncate_needs_w)
{
	int has = pal_kernel_btf_has("bpf_lsm_file_truncate");
	struct stat st;
	pid_t pid = 0;

	ASSERT_LE(0, has);
	EXPECT_EQ(has, stat(PALISADE_PIN_DIR "/links/pal_file_truncate", &st) == 0);
	EXPECT_EQ(0, fs(self, "ftrunc", "ok/f", NULL, NULL));
	EXPECT_EQ(0, size_of(self, "ok/f"));
	EXPECT_EQ(EACCES, fs_fd(self, "ftruncfd", "ro/f", O_RDWR, &pid));
	EXPECT_EQ(9, size_of(self, "ro/f"));
	EXPECT_EQ(0, logged(self, pid, "truncate", "ro/f", "w", "w"));
	EXPECT_EQ(0, fs_fd(self, "ftruncfd", "rw/f", O_RDWR, NULL));
	EXPECT_EQ(0, size_of(self, "rw/f"));
}

/*
 * Changing a file's times (utimensat, futimens) asks for w through the
 * inode_setattr hook, on every kernel (its arguments changed in 6.3:
 * palisaded loads the program written for the running kernel's).
 */
TEST_F(fs, utimes_need_w)
{
	char path[PATH_MAX];
	struct stat st;
	pid_t pid = 0;

	snprintf(path, sizeof(path), "%s/ro/f", self->dir);
	ASSERT_EQ(1, pal_kernel_btf_has("bpf_lsm_inode_setattr"));
	EXPECT_EQ(0, fs(self, "utimes", "ok/f", NULL, NULL));
	EXPECT_EQ(EACCES, fs(self, "utimes", "ro/f", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "setattr", "ro/f", "w", "w"));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_NE(2, st.st_mtime);
	/* An inherited fd is decided by the file's name too. */
	EXPECT_EQ(EACCES, fs_fd(self, "utimesfd", "ro/f", O_RDONLY, &pid));
	EXPECT_EQ(0, logged(self, pid, "setattr", "ro/f", "w", "w"));
	EXPECT_EQ(0, fs_fd(self, "utimesfd", "rw/f", O_RDONLY, NULL));
	/* A directory's times are named with its '/'. */
	EXPECT_EQ(EACCES, fs(self, "utimes", "ro/e", NULL, &pid));
	EXPECT_EQ(0, logged(self, pid, "setattr", "ro/e/", "w", "w"));
	/* Writing drops nothing here and is decided by the open alone. */
	EXPECT_EQ(0, fs(self, "ftrunc", "rw/f", NULL, NULL));
}

#define DEL_PROFILE \
	"profile fsp {D}/confined {FLAGS}{\n" \
	"  /etc/hostname r,\n" \
	"  {D}/ok/** rix,\n" \
	"}\n"

/* Load DEL_PROFILE with @flags ("" or "flags=(...) "). */
static int load_del(struct _test_data_fs *self, const char *flags)
{
	char tmpl[1024], text[4096];
	const char *at = strstr(DEL_PROFILE, "{FLAGS}");

	snprintf(tmpl, sizeof(tmpl), "%.*s%s%s", (int)(at - DEL_PROFILE),
		 DEL_PROFILE, flags, at + strlen("{FLAGS}"));
	pal_expand(self->dir, tmpl, text, sizeof(text));
	return pal_load_profile(self->dir, text, self->msg, sizeof(self->msg));
}

/* Open @rel (read-only, inheritable), then delete it.  Return: the fd. */
static int open_unlinked(struct _test_data_fs *self, const char *rel)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", self->dir, rel);
	fd = open(path, O_RDONLY);
	if (fd >= 0 && unlink(path)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Run `confined fs OP FD`. */
static int fs_num(struct _test_data_fs *self, const char *op, int fd, pid_t *pid)
{
	char num[16];
	const char *argv[] = { self->confined, "fs", op, num, NULL };

	snprintf(num, sizeof(num), "%d", fd);
	return pal_run_pid(argv, pid);
}

/*
 * A deleted file is decided by its name without " (deleted)" (the name
 * bpf_d_path() gives it), in every hook.  Exec'ing one needs
 * flags=(mediate_deleted); without it the exec is refused, audited with
 * info="deleted file".
 */
TEST_F(fs, deleted_files_by_their_name)
{
	char path[PATH_MAX], info[64], name[PATH_MAX + 16], p[32], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", " operation=\"exec\"",
				  info, name, p, NULL };
	int f, g, prog;
	pid_t pid = 0;

	snprintf(path, sizeof(path), "%s/ok/prog", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, path, 0755));
	ASSERT_EQ(0, load_del(self, "")) TH_LOG("%s", self->msg);
	f = open_unlinked(self, "ok/f");
	g = open_unlinked(self, "ro/f");
	prog = open_unlinked(self, "ok/prog");
	ASSERT_LE(0, f);
	ASSERT_LE(0, g);
	ASSERT_LE(0, prog);

	/* Re-opened through /proc/self/fd: the rule for ok/f decides. */
	EXPECT_EQ(0, fs_num(self, "fdreopen", f, NULL));
	EXPECT_EQ(EACCES, fs_num(self, "fdreopen", g, &pid));
	EXPECT_EQ(0, logged(self, pid, "open", "ro/f", "r", "r"));

	EXPECT_EQ(EACCES, fs_num(self, "execfd", prog, &pid));
	snprintf(info, sizeof(info), " info=\"deleted file\"");
	snprintf(name, sizeof(name), " name=\"%s/ok/prog\"", self->dir);
	snprintf(p, sizeof(p), " pid=%d ", pid);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));

	ASSERT_EQ(0, load_del(self, "flags=(mediate_deleted) "))
		TH_LOG("%s", self->msg);
	EXPECT_EQ(0, fs_num(self, "execfd", prog, NULL));
	close(f);
	close(g);
	close(prog);
}

/*
 * An object on a detached mount (umount -l while a directory fd stays
 * open) is disconnected: it does not lead back to the task's root.  The
 * path hooks give it no name, so no rule matches; under
 * flags=(attach_disconnected) it is named from the root of its mount, as
 * if that were "/".
 */
TEST_F(fs, disconnected_objects)
{
	char mnt[PATH_MAX], tmpl[512], text[2048], num[16], line[8192];
	const char *argv[] = { self->confined, "fs", "mkdirat", num, NULL, NULL };
	char p[32];
	const char *needles[] = { "apparmor=\"DENIED\"", " operation=\"mkdir\"",
				  NULL, p, NULL };
	static const char prof[] =
		"profile fsp {D}/confined %s{\n"
		"  /d1/ w,\n"
		"}\n";
	int fd;
	pid_t pid = 0;

	snprintf(mnt, sizeof(mnt), "%s/mnt", self->dir);
	ASSERT_EQ(0, mkdir(mnt, 0755));
	ASSERT_EQ(0, mount("tmpfs", mnt, "tmpfs", 0, "size=1m"));
	fd = open(mnt, O_RDONLY | O_DIRECTORY);	/* inherited */
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, umount2(mnt, MNT_DETACH));
	snprintf(num, sizeof(num), "%d", fd);

	snprintf(tmpl, sizeof(tmpl), prof, "");
	pal_expand(self->dir, tmpl, text, sizeof(text));
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
	argv[4] = "d1";
	EXPECT_EQ(EACCES, pal_run_pid(argv, &pid));
	snprintf(p, sizeof(p), " pid=%d ", pid);
	needles[2] = " name=\"\"";
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));

	snprintf(tmpl, sizeof(tmpl), prof, "flags=(attach_disconnected) ");
	pal_expand(self->dir, tmpl, text, sizeof(text));
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
	EXPECT_EQ(0, pal_run(argv));
	argv[4] = "d3";
	EXPECT_EQ(EACCES, pal_run_pid(argv, &pid));
	snprintf(p, sizeof(p), " pid=%d ", pid);
	needles[2] = " name=\"/d3/\"";
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
	close(fd);
}

TEST_HARNESS_MAIN
