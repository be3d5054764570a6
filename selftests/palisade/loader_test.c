// SPDX-License-Identifier: GPL-2.0
/*
 * palisade selftests: loading and replacing policy.  Pins, status, refusal
 * of bad binary policy, atomic replace with stable profile ids, and
 * enforcement that outlives palisaded.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <linux/bpf.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "common.h"
#include "palisade.h"
#include "kselftest_harness.h"

#define PIN "/sys/fs/bpf/palisade"

FIXTURE(loader) {
	char dir[64];
	char confined[PATH_MAX];
	char profile[PATH_MAX];
	char bin[PATH_MAX];
	char out[8192];
};

FIXTURE_SETUP(loader)
{
	char text[PATH_MAX + 256];

	ASSERT_EQ(0, pal_tmpfs_make(self->dir, "size=16m,mode=0755"));
	snprintf(self->confined, sizeof(self->confined), "%s/confined", self->dir);
	ASSERT_EQ(0, pal_copy_file(PAL_TRY, self->confined, 0755));
	snprintf(self->profile, sizeof(self->profile), "%s/loader.profile", self->dir);
	snprintf(self->bin, sizeof(self->bin), "%s/loader.bin", self->dir);
	snprintf(text, sizeof(text),
		 "profile loader %s flags=(complain) {\n"
		 "  deny /etc/passwd r,\n"
		 "  /etc/hostname r,\n"
		 "}\n", self->confined);
	ASSERT_EQ(0, pal_write_file(self->profile, text));
}

FIXTURE_TEARDOWN(loader)
{
	pal_tmpfs_drop(self->dir);
}

static int load_path(struct _test_data_loader *self, const char *path)
{
	const char *argv[] = { "/usr/sbin/palisade", "load", path, NULL };

	return pal_run_capture(argv, self->out, sizeof(self->out));
}

static int compile(struct _test_data_loader *self)
{
	const char *argv[] = { "/usr/sbin/palisade_parser", "-o", self->bin,
			       self->profile, NULL };

	return pal_run_capture(argv, self->out, sizeof(self->out));
}

static int confined_try(struct _test_data_loader *self, const char *op,
			const char *path)
{
	const char *argv[] = { self->confined, op, path, NULL };

	return pal_run(argv);
}

TEST_F(loader, maps_and_links_are_pinned)
{
	static const char *const pins[] = {
		PIN "/pal_policy", PIN "/pal_policy_segs", PIN "/pal_state", PIN "/pal_events",
		PIN "/pal_task", PIN "/pal_stats", PIN "/pal_readers",
		PIN "/pal_config", PIN "/pal_ratelimit", PIN "/pal_profile_ctl",
		PIN "/pal_ctl_used",
		PIN "/links/pal_file_open", PIN "/links/pal_bprm_creds_for_exec",
		PIN "/links/pal_bprm_committed_creds", PIN "/links/pal_task_alloc",
	};
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(pins) / sizeof(pins[0]); i++)
		EXPECT_EQ(0, stat(pins[i], &st)) TH_LOG("pin %zu missing", i);
}

TEST_F(loader, status_lists_profiles_as_json)
{
	const char *argv[] = { "/usr/sbin/palisade", "--json", "status", NULL };

	ASSERT_EQ(0, load_path(self, self->profile)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pal_run_capture(argv, self->out, sizeof(self->out)));
	EXPECT_NE(NULL, strstr(self->out, "\"loaded\":true")) TH_LOG("%s", self->out);
	EXPECT_NE(NULL, strstr(self->out,
			       "{\"name\":\"loader\",\"mode\":\"complain\"}"))
		TH_LOG("%s", self->out);
}

TEST_F(loader, binary_policy_loads)
{
	ASSERT_EQ(0, compile(self)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load_path(self, self->bin)) TH_LOG("%s", self->out);
	/* complain mode: allowed; explicit deny: denied */
	EXPECT_EQ(0, confined_try(self, "r", "/etc/group"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/passwd"));
}

TEST_F(loader, corrupt_binary_policy_is_refused)
{
	char bad[PATH_MAX];
	unsigned char buf[1 << 16];
	ssize_t n;
	int fd;

	ASSERT_EQ(0, compile(self)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, load_path(self, self->bin)) TH_LOG("%s", self->out);
	fd = open(self->bin, O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	ASSERT_LT(64, n);

	/* A flipped byte in the tables: the checksum catches it. */
	snprintf(bad, sizeof(bad), "%s/flipped.bin", self->dir);
	buf[n / 2] ^= 0x40;
	fd = open(bad, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_EQ(n, write(fd, buf, n));
	close(fd);
	EXPECT_NE(0, load_path(self, bad));
	EXPECT_NE(NULL, strstr(self->out, "checksum")) TH_LOG("%s", self->out);
	buf[n / 2] ^= 0x40;

	/* Truncated. */
	snprintf(bad, sizeof(bad), "%s/short.bin", self->dir);
	fd = open(bad, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ASSERT_EQ(n - 7, write(fd, buf, n - 7));
	close(fd);
	EXPECT_NE(0, load_path(self, bad)) TH_LOG("%s", self->out);

	/* The policy in force is untouched. */
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/passwd"));
	EXPECT_EQ(0, confined_try(self, "r", "/etc/hostname"));
}

TEST_F(loader, replace_keeps_running_tasks_in_their_profile)
{
	const char *argv[] = { self->confined, "wait", "r", "/etc/hostname", NULL };
	char text[PATH_MAX + 256];
	int fds[2], status;
	pid_t pid;

	ASSERT_EQ(0, load_path(self, self->profile)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, pipe(fds));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[1]);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fds[0]);
	usleep(200 * 1000);	/* let it exec and block on stdin */

	/* Same profile name, new rules: /etc/hostname now explicitly denied. */
	snprintf(text, sizeof(text),
		 "profile loader %s {\n"
		 "  deny /etc/hostname r,\n"
		 "}\n", self->confined);
	ASSERT_EQ(0, pal_write_file(self->profile, text));
	ASSERT_EQ(0, load_path(self, self->profile)) TH_LOG("%s", self->out);

	ASSERT_EQ(1, write(fds[1], "go", 1));
	close(fds[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(EACCES, WEXITSTATUS(status));
}

TEST_F(loader, enforcement_outlives_palisaded)
{
	const char *argv[] = { self->confined, "r", "/etc/passwd", NULL };
	char needle[64], line[8192], text[PATH_MAX + 256];
	const char *needles[] = { "apparmor=\"DENIED\"", needle, NULL };
	pid_t old = pal_palisaded_pid(), pid, child = 0;
	int i;

	ASSERT_LT(0, old);
	ASSERT_EQ(0, load_path(self, self->profile)) TH_LOG("%s", self->out);
	ASSERT_EQ(0, kill(old, SIGTERM));
	for (i = 0; i < 100 && kill(old, 0) == 0; i++)
		usleep(50 * 1000);
	ASSERT_NE(0, kill(old, 0)) TH_LOG("palisaded did not exit");

	/* No daemon: the pinned links still enforce. */
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/passwd"));

	/* A new palisaded finds the pins and only drains. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		setsid();
		execl("/usr/sbin/palisaded", "palisaded", "-f", "-l",
		      PAL_AUDIT_LOG, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && pal_palisaded_pid() != pid; i++)
		usleep(50 * 1000);
	ASSERT_EQ(pid, pal_palisaded_pid());

	/* An audited denial: the new daemon writes its line. */
	snprintf(text, sizeof(text),
		 "profile loader %s {\n  audit deny /etc/passwd r,\n}\n",
		 self->confined);
	ASSERT_EQ(0, pal_write_file(self->profile, text));
	ASSERT_EQ(0, load_path(self, self->profile)) TH_LOG("%s", self->out);
	EXPECT_EQ(EACCES, pal_run_pid(argv, &child));
	snprintf(needle, sizeof(needle), " pid=%d ", child);
	EXPECT_EQ(0, pal_find_audit(needles, line, sizeof(line)));
}

/* FNV-1a 32 of a profile name: its id (pal_profile_id()). */
static uint32_t profile_id(const char *name)
{
	uint32_t h = 2166136261U;

	while (*name)
		h = (h ^ (uint8_t)*name++) * 16777619U;
	return h ? h : 1;
}

/* Ten rules over paths no test touches: a DFA of a few kilobytes. */
static void filler_rules(FILE *f, int i, int n)
{
	int k;

	for (k = 0; k < n; k++) {
		switch (k % 5) {
		case 0: fprintf(f, "  /srv/app%d_%d/** r,\n", i, k); break;
		case 1: fprintf(f, "  /var/lib/svc%d_%d/*.db rw,\n", i, k); break;
		case 2: fprintf(f, "  /etc/conf%d_%d/{main,local,extra}*.conf r,\n", i, k); break;
		case 3: fprintf(f, "  /usr/share/pkg%d_%d/[a-z]*/data r,\n", i, k); break;
		case 4: fprintf(f, "  owner /home/*/.cache/tool%d_%d/** rw,\n", i, k); break;
		}
	}
}

/*
 * The segment holding the file DFA of profile @name in the compiled policy
 * @path (palisade.h's format in this machine's byte order), -1 on error.
 */
static int dfa_segment(const char *path, const char *name)
{
	struct pal_policy_header h;
	struct pal_profile_rec r;
	uint32_t i, id = profile_id(name);
	int fd = open(path, O_RDONLY), seg = -1;

	if (fd < 0)
		return -1;
	if (pread(fd, &h, sizeof(h), 0) != sizeof(h))
		goto out;
	for (i = 0; i < h.nprofiles; i++) {
		if (pread(fd, &r, sizeof(r), h.profiles_off + i * sizeof(r)) != sizeof(r))
			goto out;
		if (r.id == id) {
			seg = (int)(r.file_dfa_off >> PAL_SEG_SHIFT);
			break;
		}
	}
out:
	close(fd);
	return seg;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

/*
 * Empty the slot of segment @seg of the bank in force, as a failed or
 * racing install could leave it.  Returns 0 or -1.
 */
static int drop_active_segment(int seg)
{
	union bpf_attr attr;
	struct pal_state st;
	__u32 zero = 0, key;
	int state, segs, ret = -1;

	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(unsigned long)PIN "/pal_state";
	state = (int)sys_bpf(BPF_OBJ_GET, &attr);
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(unsigned long)PIN "/pal_policy_segs";
	segs = (int)sys_bpf(BPF_OBJ_GET, &attr);
	if (state < 0 || segs < 0)
		goto out;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = state;
	attr.key = (__u64)(unsigned long)&zero;
	attr.value = (__u64)(unsigned long)&st;
	if (sys_bpf(BPF_MAP_LOOKUP_ELEM, &attr))
		goto out;
	key = (st.active & 1) * (PAL_POLICY_SEGS - 1) + seg - 1;
	memset(&attr, 0, sizeof(attr));
	attr.map_fd = segs;
	attr.key = (__u64)(unsigned long)&key;
	ret = sys_bpf(BPF_MAP_DELETE_ELEM, &attr) ? -1 : 0;
out:
	if (state >= 0)
		close(state);
	if (segs >= 0)
		close(segs);
	return ret;
}

/*
 * A policy of several segments: 1,000 profiles of ten rules (about 5.5 MB,
 * three segments) and the profile of the confined program, named so that
 * its id sorts late and given more rules than any other, so the packer
 * cannot fit it in what segment 0 has left: its DFA lies in a segment
 * after 0.  It is enforced, and without that segment nothing is granted;
 * then a one-segment policy replaces it and is enforced in turn.
 */
TEST_F_TIMEOUT(loader, policy_of_several_segments, 300)
{
	char src[PATH_MAX], name[64], small[PATH_MAX + 256];
	const char *argv[] = { "/usr/sbin/palisade_parser", "-o", self->bin,
			       src, NULL };
	struct stat st;
	int i, seg;
	FILE *f;

	/* a tmpfs of its own: the source and the policy take ~12 MB */
	snprintf(src, sizeof(src), "%s/many.profile", self->dir);
	ASSERT_EQ(0, mount("none", self->dir, "tmpfs", MS_REMOUNT, "size=64m,mode=0755"));
	for (i = 0; ; i++) {
		snprintf(name, sizeof(name), "segtarget%d", i);
		if (profile_id(name) > 0xe0000000U)
			break;
	}
	f = fopen(src, "w");
	ASSERT_NE(NULL, f);
	for (i = 0; i < 1000; i++) {
		fprintf(f, "profile seg%d /opt/seg/bin%d {\n", i, i);
		filler_rules(f, i, 10);
		fprintf(f, "}\n");
	}
	fprintf(f, "profile %s %s {\n  /etc/hostname r,\n", name, self->confined);
	filler_rules(f, 100000, 30);
	fprintf(f, "}\n");
	ASSERT_EQ(0, fclose(f));
	ASSERT_EQ(0, pal_run_capture(argv, self->out, sizeof(self->out)))
		TH_LOG("%s", self->out);
	ASSERT_EQ(0, stat(self->bin, &st));
	EXPECT_LT(2 * 1024 * 1024, st.st_size);
	seg = dfa_segment(self->bin, name);
	TH_LOG("%lld bytes, %s's file DFA in segment %d", (long long)st.st_size,
	       name, seg);
	ASSERT_LE(1, seg);

	ASSERT_EQ(0, load_path(self, self->bin)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, confined_try(self, "r", "/etc/hostname"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/group"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/passwd"));
	/* A missing segment fails closed, remembered decisions included. */
	ASSERT_EQ(0, drop_active_segment(seg));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/hostname"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/group"));

	/* Replaced by a policy of one segment, with other rules. */
	snprintf(small, sizeof(small),
		 "profile %s %s {\n  /etc/group r,\n}\n", name, self->confined);
	ASSERT_EQ(0, pal_write_file(self->profile, small));
	ASSERT_EQ(0, load_path(self, self->profile)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, confined_try(self, "r", "/etc/group"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/hostname"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/passwd"));

	/* And the large one again, over the bank the small one left. */
	ASSERT_EQ(0, load_path(self, self->bin)) TH_LOG("%s", self->out);
	EXPECT_EQ(0, confined_try(self, "r", "/etc/hostname"));
	EXPECT_EQ(EACCES, confined_try(self, "r", "/etc/group"));
}

TEST_HARNESS_MAIN
