// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: self-protection.  A confined task whose profile
 * allows everything on files still cannot reach the pin directory, get an
 * fd of a BPF object by id, or signal or trace palisaded; unconfined root
 * can.  Each refusal is audited as operation "selfprotect".
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include "common.h"
#include "palisade.h"
#include "kselftest_harness.h"

FIXTURE(self) {
	char dir[64];
	char confined[PATH_MAX];
	char other[PATH_MAX];
	char msg[4096];
};

/* Everything on every file, signals and ptrace of unconfined tasks (as
 * palisaded is) and every capability: only self-protection can refuse. */
#define OPEN_PROFILE \
	"profile wideopen {D}/confined {\n" \
	"  /** rwlkm,\n" \
	"  / r,\n" \
	"  capability,\n" \
	"  signal (send) peer=unconfined,\n" \
	"  ptrace (read trace) peer=unconfined,\n" \
	"}\n"

FIXTURE_SETUP(self)
{
	char text[4096];

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	snprintf(self->other, sizeof(self->other), "%s/other", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->other, 0755));
	pal_expand(self->dir, OPEN_PROFILE, text, sizeof(text));
	ASSERT_EQ(0, pal_load_profile(self->dir, text, self->msg,
				      sizeof(self->msg))) TH_LOG("%s", self->msg);
}

FIXTURE_TEARDOWN(self)
{
	pal_tmpfs_drop(self->dir);
}

static int run(const char *prog, const char *a, const char *b, const char *c,
	       const char *d, pid_t *pid)
{
	const char *argv[] = { prog, a, b, c, d, NULL };

	return pal_run_pid(argv, pid);
}

/* A "selfprotect" denial of @pid with @name was logged. */
static int refused(pid_t pid, const char *name)
{
	char p[32], n[PATH_MAX], line[8192];
	const char *needles[] = { "apparmor=\"DENIED\"", " operation=\"selfprotect\"",
				  " profile=\"wideopen\"", p, n,
				  " info=\"palisade object\"", NULL };

	snprintf(p, sizeof(p), " pid=%d ", pid);
	snprintf(n, sizeof(n), " name=\"%s\"", name);
	return pal_find_audit(needles, line, sizeof(line));
}

TEST_F(self, pin_directory_is_out_of_reach)
{
	const char *pin = PALISADE_PIN_DIR "/pal_policy";
	pid_t pid;

	/* Unconfined root can. */
	EXPECT_EQ(0, run(self->other, "r", pin, NULL, NULL, NULL));
	EXPECT_EQ(EACCES, run(self->confined, "r", pin, NULL, NULL, &pid));
	EXPECT_EQ(0, refused(pid, PALISADE_PIN_DIR));
	EXPECT_EQ(EACCES, run(self->confined, "d", PALISADE_PIN_DIR "/links",
			      NULL, NULL, NULL));
	EXPECT_EQ(EACCES, run(self->confined, "fs", "unlink", pin, NULL, NULL));
	EXPECT_EQ(EACCES, run(self->confined, "fs", "objget", pin, NULL, &pid));
	EXPECT_EQ(0, refused(pid, PALISADE_PIN_DIR));
	EXPECT_EQ(EACCES, run(self->confined, "fs", "rename", PALISADE_PIN_DIR,
			      "/sys/fs/bpf/moved", &pid));
	EXPECT_EQ(0, refused(pid, PALISADE_PIN_DIR));
	EXPECT_EQ(0, access(pin, F_OK));
	/* Another name of the same directory: /proc/1/root. */
	EXPECT_EQ(EACCES, run(self->confined, "r",
			      "/proc/1/root" PALISADE_PIN_DIR "/pal_policy",
			      NULL, NULL, NULL));
}

/*
 * What a confined task could do with palisade's BPF objects: an fd of its
 * program by pin, a new entry in its directory (BPF_OBJ_PIN makes one as
 * mknod does), chmod, and detaching a pinned link, whose fd no hook
 * refuses.  Unconfined root may detach (not tried: it would end the
 * confinement the other tests rely on).
 */
TEST_F(self, pin_directory_objects_stay_palisades)
{
	pid_t pid;

	EXPECT_EQ(EACCES, run(self->confined, "fs", "objget",
			      PALISADE_PIN_DIR "/progs/pal_inode_permission",
			      NULL, &pid));
	EXPECT_EQ(0, refused(pid, PALISADE_PIN_DIR));
	EXPECT_EQ(0, run(self->other, "fs", "objget",
			 PALISADE_PIN_DIR "/progs/pal_inode_permission", NULL,
			 NULL));
	EXPECT_EQ(EACCES, run(self->confined, "fs", "mkdir",
			      PALISADE_PIN_DIR "/x", NULL, NULL));
	EXPECT_EQ(EACCES, run(self->confined, "fs", "mknod",
			      PALISADE_PIN_DIR "/links/x", NULL, NULL));
	EXPECT_EQ(EACCES, run(self->confined, "fs", "chmod",
			      PALISADE_PIN_DIR "/pal_policy", NULL, NULL));
	/* A second name outside the pin directory, same filesystem. */
	EXPECT_EQ(EACCES, run(self->confined, "fs", "link",
			      PALISADE_PIN_DIR "/pal_policy", "/sys/fs/bpf/pal_x",
			      NULL));
	EXPECT_EQ(-1, access("/sys/fs/bpf/pal_x", F_OK));
	unlink("/sys/fs/bpf/pal_x");
	EXPECT_EQ(EPERM, run(self->confined, "fs", "linkdetach",
			     PALISADE_PIN_DIR "/links/pal_file_open", NULL, &pid));
	EXPECT_EQ(0, refused(pid, "bpf"));
	EXPECT_EQ(EACCES, run(self->confined, "r", PALISADE_PIN_DIR "/pal_policy",
			      NULL, NULL, NULL));
}

TEST_F(self, pin_directory_through_a_bind_mount)
{
	char mnt[PATH_MAX], path[PATH_MAX + 16];

	snprintf(mnt, sizeof(mnt), "%s/pins", self->dir);
	ASSERT_EQ(0, mkdir(mnt, 0700));
	ASSERT_EQ(0, mount(PALISADE_PIN_DIR, mnt, NULL, MS_BIND, NULL));
	snprintf(path, sizeof(path), "%s/pal_policy", mnt);
	EXPECT_EQ(0, run(self->other, "r", path, NULL, NULL, NULL));
	EXPECT_EQ(EACCES, run(self->confined, "r", path, NULL, NULL, NULL));
	umount2(mnt, MNT_DETACH);
}

TEST_F(self, no_bpf_object_by_id)
{
	char line[256];
	unsigned int id = 0;
	pid_t pid;
	int fd;
	union bpf_attr attr;
	struct bpf_map_info info;

	/* The id of palisade's policy map, as root sees it. */
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (unsigned long)PALISADE_PIN_DIR "/pal_policy";
	fd = (int)syscall(SYS_bpf, BPF_OBJ_GET, &attr, sizeof(attr));
	ASSERT_LE(0, fd);
	memset(&info, 0, sizeof(info));
	memset(&attr, 0, sizeof(attr));
	attr.info.bpf_fd = fd;
	attr.info.info_len = sizeof(info);
	attr.info.info = (unsigned long)&info;
	ASSERT_EQ(0, syscall(SYS_bpf, BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof(attr)));
	close(fd);
	id = info.id;
	snprintf(line, sizeof(line), "%u", id);
	EXPECT_EQ(0, run(self->other, "fs", "bpfid", "map", line, NULL));
	EXPECT_EQ(EPERM, run(self->confined, "fs", "bpfid", "map", line, &pid));
	EXPECT_EQ(0, refused(pid, "bpf"));
	EXPECT_EQ(EPERM, run(self->confined, "fs", "bpfid", "prog", "1", NULL));
	EXPECT_EQ(EPERM, run(self->confined, "fs", "bpfid", "link", "1", NULL));
}

TEST_F(self, palisaded_cannot_be_signalled_or_traced)
{
	char spid[32];
	pid_t d = pal_palisaded_pid(), pid;

	ASSERT_LT(1, d);
	snprintf(spid, sizeof(spid), "%d", d);
	EXPECT_EQ(EPERM, run(self->confined, "fs", "kill", spid, "15", &pid));
	EXPECT_EQ(0, refused(pid, "palisaded"));
	EXPECT_EQ(EPERM, run(self->confined, "fs", "kill", spid, "0", NULL));
	EXPECT_EQ(EPERM, run(self->confined, "fs", "ptrace", spid, NULL, &pid));
	EXPECT_EQ(0, refused(pid, "palisaded"));
	/* Still running, and unconfined root may probe it. */
	EXPECT_EQ(0, kill(d, 0));
	EXPECT_EQ(0, run(self->other, "fs", "kill", spid, "0", NULL));
}

TEST_HARNESS_MAIN
