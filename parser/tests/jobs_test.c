// SPDX-License-Identifier: GPL-2.0
/*
 * Compiling on several threads (-j, pal_compile_opts.jobs) must not show:
 * the policy bytes, the messages and their order, and the failure are
 * those of the serial compile for every job count.  The profiles below
 * exercise what the threads could disturb: exec targets numbered in one
 * table (px/cx/pix to named profiles and children), notes given once per
 * compile, warnings, and errors found at different stages.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pal_test.h"

/* What one compile gave. */
struct jt_out {
	int ret;
	void *blob;
	size_t size;
	char *errs;
};

static void jt_free(struct jt_out *o)
{
	free(o->blob);
	free(o->errs);
	memset(o, 0, sizeof(*o));
}

/*
 * Profile @i of @n.  Its px target is another profile, picked so that the
 * exec target table fills in an order unlike the profiles'; some profiles
 * bring notes (stacked targets, network conditions, mount rules: one
 * found while exec targets are numbered, one while the class rules are
 * compiled on a worker, one by the parser), attachments that tie (a
 * warning) or, when @bad says so, an error.
 */
enum jt_bad {
	JT_OK = 0,
	JT_CONFLICT = 1,	/* conflicting x: found building the file DFA */
	JT_TARGET = 2,		/* bad exec target: found numbering targets */
	JT_NO_MOUNT = 4,	/* no parser note (its --strict error would
				   stop the compile before the workers) */
	JT_NO_STACK = 8,	/* no note while numbering exec targets */
	JT_SYNTAX = 16,		/* an error found by the parser */
};

static void jt_profile(struct pal_buf *b, unsigned int i, unsigned int n,
		       unsigned int bad)
{
	pal_buf_printf(b, "profile p%u /usr/bin/p%u{,-x} {\n", i, i);
	pal_buf_printf(b, "  /etc/p%u/** r,\n", i);
	pal_buf_printf(b, "  /tmp/p%u.* rw,\n", i);
	pal_buf_printf(b, "  deny /secret%u/** w,\n", i % 5);
	pal_buf_printf(b, "  /usr/bin/p%u_helper px -> p%u,\n", i,
		       (i * 7 + 3) % n);
	pal_buf_printf(b, "  /usr/libexec/p%u/* pix -> p%u,\n", i,
		       (i * 13 + 1) % n);
	pal_buf_printf(b, "  /usr/bin/p%u_kid cx -> kid,\n", i);
	pal_buf_printf(b, "  /bin/sh ix,\n");
	pal_buf_printf(b, "  network inet stream,\n");
	pal_buf_printf(b, "  signal send peer=p%u,\n", (i + 1) % n);
	pal_buf_printf(b, "  ptrace read peer=p%u,\n", (i + 2) % n);
	pal_buf_printf(b, "  capability chown,\n");
	if (i % 7 == 3 && !(bad & JT_NO_STACK))
		pal_buf_printf(b, "  /usr/bin/stk%u px -> &stacked%u,\n", i, i);
	if (i % 11 == 5 && !(bad & JT_NO_MOUNT))
		pal_buf_printf(b, "  mount,\n");
	if (i % 9 == 2)
		pal_buf_printf(b, "  network inet dgram port=%u,\n", 50 + i);
	if (bad & JT_CONFLICT)
		pal_buf_printf(b, "  /bin/{a,b} ix,\n  /bin/a px,\n");
	if (bad & JT_SYNTAX)
		pal_buf_printf(b, "  capability nonsense%u,\n", i);
	if (bad & JT_TARGET)
		pal_buf_printf(b, "  /bin/t%u px -> bad*,\n", i);
	pal_buf_printf(b, "  profile kid {\n    /kid%u/** r,\n", i);
	pal_buf_printf(b, "    /usr/bin/back px -> p%u,\n  }\n}\n",
		       (i * 3) % n);
	/* equal literal prefixes: the attachment DFA warns about the pair */
	if (i % 10 == 4)
		pal_buf_printf(b, "profile tie%u /opt/tie/* {\n  /opt/tie/** r,\n}\n",
			       i);
}

/* @n profiles, all with @all, and @bad too for the one at @bad_at */
static char *jt_policy_text(unsigned int n, unsigned int bad_at,
			    unsigned int bad, unsigned int all)
{
	struct pal_buf b = { 0 };
	unsigned int i;

	for (i = 0; i < n; i++)
		jt_profile(&b, i, n, all | (i == bad_at ? bad : JT_OK));
	return pal_buf_take(&b);
}

static void jt_compile_string(const char *text, int jobs, unsigned int dump,
			      struct jt_out *o)
{
	struct pal_compile_opts opts = {
		.big_endian = -1, .show_source = 1, .jobs = jobs,
		.dump_flags = dump,
	};
	size_t elen = 0;
	FILE *ef;

	memset(o, 0, sizeof(*o));
	ef = open_memstream(&o->errs, &elen);
	opts.dump = ef;
	o->ret = pal_compile_string(&opts, "jobs.prof", text, &o->blob,
				    &o->size, ef);
	fclose(ef);
}

/* Both compiles gave the same: return, bytes and messages. */
static int jt_same(const struct jt_out *a, const struct jt_out *b)
{
	return a->ret == b->ret && a->size == b->size &&
	       (!a->size || !memcmp(a->blob, b->blob, a->size)) &&
	       !strcmp(a->errs, b->errs);
}

static unsigned int jt_count(const char *s, const char *what)
{
	unsigned int n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

TEST(same_policy_for_every_job_count)
{
	static const int jobs[] = { 2, 3, 8, PAL_JOBS_AUTO, 64, 0 };
	char *text = jt_policy_text(64, ~0U, JT_OK, JT_OK);
	struct jt_out serial, par;
	char err[200];
	size_t k;

	jt_compile_string(text, 1, 0, &serial);
	ASSERT_EQ(0, serial.ret) TH_LOG("%s", serial.errs);
	/* the set is what the test is about: targets, notes, warnings */
	ASSERT_NE(0U, jt_count(serial.errs, "note: stacked"));
	ASSERT_NE(0U, jt_count(serial.errs, "note: 'mount'"));
	ASSERT_NE(0U, jt_count(serial.errs, "note: network rules with"));
	ASSERT_NE(0U, jt_count(serial.errs, "warning: attachments"));
	ASSERT_EQ(0, pal_policy_verify(serial.blob, serial.size, err,
				       sizeof(err))) TH_LOG("%s", err);
	for (k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		jt_compile_string(text, jobs[k], 0, &par);
		EXPECT_TRUE(jt_same(&serial, &par))
			TH_LOG("jobs=%d: ret %d, %zu bytes (serial %zu)", jobs[k],
			       par.ret, par.size, serial.size);
		jt_free(&par);
	}
	jt_free(&serial);
	free(text);
}

/* One profile: no threads, and nothing to differ. */
TEST(one_profile)
{
	char *text = jt_policy_text(1, ~0U, JT_OK, JT_OK);
	struct jt_out serial, par;

	jt_compile_string(text, 1, 0, &serial);
	jt_compile_string(text, 8, 0, &par);
	ASSERT_EQ(0, serial.ret) TH_LOG("%s", serial.errs);
	EXPECT_TRUE(jt_same(&serial, &par));
	jt_free(&serial);
	jt_free(&par);
	free(text);
}

/* Dumps are written in profile order whatever the job count. */
TEST(dumps_keep_profile_order)
{
	static const unsigned int dumps[] = {
		PAL_DUMP_EXPR_TREE, PAL_DUMP_DFA_MINIMIZE, PAL_DUMP_STATS,
	};
	char *text = jt_policy_text(12, ~0U, JT_OK, JT_OK);
	struct jt_out serial, par;
	size_t k;

	for (k = 0; k < sizeof(dumps) / sizeof(dumps[0]); k++) {
		jt_compile_string(text, 1, dumps[k], &serial);
		jt_compile_string(text, 4, dumps[k], &par);
		ASSERT_EQ(0, serial.ret) TH_LOG("%s", serial.errs);
		EXPECT_TRUE(jt_same(&serial, &par))
			TH_LOG("dump flag %#x", dumps[k]);
		jt_free(&serial);
		jt_free(&par);
	}
	free(text);
}

/*
 * @n profiles, one file each, in a fresh directory; profile @bad_at has
 * the error @bad.  The paths are returned in *paths.
 */
static char *jt_write_files(unsigned int n, unsigned int bad_at,
			    unsigned int bad, char ***paths)
{
	const char *t = getenv("TMPDIR");
	struct pal_buf d = { 0 };
	unsigned int i;

	pal_buf_printf(&d, "%s/pal_jobs_XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(d.s))
		return NULL;
	*paths = pal_xcalloc(n, sizeof(**paths));
	for (i = 0; i < n; i++) {
		struct pal_buf name = { 0 }, text = { 0 };
		FILE *f;

		pal_buf_printf(&name, "%s/p%04u", d.s, i);
		jt_profile(&text, i, n, i == bad_at ? bad : JT_OK);
		f = fopen(name.s, "w");
		if (f) {
			fputs(text.s, f);
			fclose(f);
		}
		pal_buf_free(&text);
		(*paths)[i] = pal_buf_take(&name);
	}
	return pal_buf_take(&d);
}

static void jt_remove_files(char *dir, char **paths, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		unlink(paths[i]);
		free(paths[i]);
	}
	free(paths);
	rmdir(dir);
	free(dir);
}

static void jt_compile_files(char **paths, unsigned int n, int jobs,
			     struct jt_out *o)
{
	struct pal_compile_opts opts = {
		.big_endian = -1, .show_source = 1, .jobs = jobs,
	};
	size_t elen = 0;
	FILE *ef;

	memset(o, 0, sizeof(*o));
	ef = open_memstream(&o->errs, &elen);
	o->ret = pal_compile_files(&opts, (const char *const *)paths, (int)n,
				   &o->blob, &o->size, ef);
	fclose(ef);
}

/*
 * An error in the 700th of 1,000 profile files: the same messages, in the
 * same order, and the same failure with 4 jobs as with 1.  Two kinds: a
 * conflict found while its DFA is built (on a worker) and a bad exec
 * target found while the targets are numbered (before the workers run).
 */
static void jt_error_700(struct __test_metadata *_metadata, unsigned int bad,
			 const char *msg)
{
	const unsigned int n = 1000, bad_at = 699;
	struct jt_out serial, par;
	char **paths = NULL, *dir;
	struct pal_buf where = { 0 };

	dir = jt_write_files(n, bad_at, bad, &paths);
	ASSERT_NE(NULL, dir);
	jt_compile_files(paths, n, 1, &serial);
	jt_compile_files(paths, n, 4, &par);
	EXPECT_EQ(-1, serial.ret);
	EXPECT_EQ(1U, jt_count(serial.errs, ": error: "));
	EXPECT_EQ(1U, jt_count(serial.errs, msg)) TH_LOG("%s", serial.errs);
	pal_buf_printf(&where, "/p%04u:", bad_at);
	EXPECT_NE(NULL, strstr(serial.errs, where.s));
	EXPECT_NE(0U, jt_count(serial.errs, "note: "));
	EXPECT_EQ(NULL, serial.blob);
	EXPECT_TRUE(jt_same(&serial, &par))
		TH_LOG("serial:\n%s\nparallel:\n%s", serial.errs, par.errs);
	pal_buf_free(&where);
	jt_free(&serial);
	jt_free(&par);
	jt_remove_files(dir, paths, n);
}

TEST(error_in_profile_700_of_1000_while_building)
{
	jt_error_700(_metadata, JT_CONFLICT, "conflicting x modifiers");
}

TEST(error_in_profile_700_of_1000_in_exec_targets)
{
	jt_error_700(_metadata, JT_TARGET, "is not a profile name");
}

/* The files are parsed on threads too: a parse error stops alike. */
TEST(error_in_profile_700_of_1000_while_parsing)
{
	jt_error_700(_metadata, JT_SYNTAX, "unknown capability");
}

/*
 * Files 700 and 900 of 1,000 cannot be read: the serial compile stops at
 * the first, and so must the threads, though they read the second too.
 */
TEST(unreadable_files_700_and_900_of_1000)
{
	const unsigned int n = 1000;
	struct jt_out serial, par;
	char **paths = NULL, *dir, *keep, *keep2;

	dir = jt_write_files(n, ~0U, JT_OK, &paths);
	ASSERT_NE(NULL, dir);
	keep = paths[699];
	keep2 = paths[899];
	paths[699] = pal_xstrdup("/nonexistent/pal_jobs_test");
	paths[899] = pal_xstrdup("/nonexistent/pal_jobs_test2");
	jt_compile_files(paths, n, 1, &serial);
	jt_compile_files(paths, n, 4, &par);
	EXPECT_EQ(-1, serial.ret);
	EXPECT_EQ(1U, jt_count(serial.errs, ": error: ")) TH_LOG("%s", serial.errs);
	EXPECT_NE(NULL, strstr(serial.errs, "/nonexistent/pal_jobs_test"));
	EXPECT_TRUE(jt_same(&serial, &par))
		TH_LOG("serial:\n%s\nparallel:\n%s", serial.errs, par.errs);
	jt_free(&serial);
	jt_free(&par);
	free(paths[699]);
	free(paths[899]);
	paths[699] = keep;
	paths[899] = keep2;
	jt_remove_files(dir, paths, n);
}

/*
 * Two errors in one compile: wherever they fall in the compile order
 * (profiles are compiled sorted by id, not as written), the threads
 * report what the serial compile reports, i.e. only the first.
 */
TEST(two_errors_report_as_serial)
{
	static const unsigned int at[][2] = {
		{ 5, 40 }, { 40, 5 }, { 17, 18 }, { 63, 0 },
	};
	size_t k;

	for (k = 0; k < sizeof(at) / sizeof(at[0]); k++) {
		struct pal_buf b = { 0 };
		struct jt_out serial, par;
		unsigned int i;

		for (i = 0; i < 64; i++)
			jt_profile(&b, i, 64,
				   i == at[k][0] ? JT_CONFLICT :
				   i == at[k][1] ? JT_TARGET : JT_OK);
		jt_compile_string(b.s, 1, 0, &serial);
		jt_compile_string(b.s, 3, 0, &par);
		EXPECT_EQ(-1, serial.ret);
		EXPECT_EQ(1U, jt_count(serial.errs, ": error: "));
		EXPECT_TRUE(jt_same(&serial, &par))
			TH_LOG("errors at %u, %u:\nserial:\n%s\nparallel:\n%s",
			       at[k][0], at[k][1], serial.errs, par.errs);
		jt_free(&serial);
		jt_free(&par);
		pal_buf_free(&b);
	}
}

/*
 * --strict turns the notes into errors: the first one fails alike, be it
 * found numbering exec targets or compiling class rules on a worker.
 */
static void jt_strict(struct __test_metadata *_metadata, unsigned int all,
		      const char *msg)
{
	char *text = jt_policy_text(64, ~0U, JT_OK, all);
	struct pal_compile_opts opts = { .big_endian = -1, .strict = 1 };
	struct jt_out o[2];
	int k;

	for (k = 0; k < 2; k++) {
		size_t elen = 0;
		FILE *ef;

		memset(&o[k], 0, sizeof(o[k]));
		opts.jobs = k ? 4 : 1;
		ef = open_memstream(&o[k].errs, &elen);
		o[k].ret = pal_compile_string(&opts, "strict.prof", text,
					      &o[k].blob, &o[k].size, ef);
		fclose(ef);
	}
	EXPECT_EQ(-1, o[0].ret);
	EXPECT_EQ(1U, jt_count(o[0].errs, ": error: "));
	EXPECT_EQ(1U, jt_count(o[0].errs, msg)) TH_LOG("%s", o[0].errs);
	EXPECT_TRUE(jt_same(&o[0], &o[1]))
		TH_LOG("serial:\n%s\nparallel:\n%s", o[0].errs, o[1].errs);
	jt_free(&o[0]);
	jt_free(&o[1]);
	free(text);
}

TEST(strict_as_serial_numbering_exec_targets)
{
	jt_strict(_metadata, JT_NO_MOUNT, "stacked and namespaced");
}

TEST(strict_as_serial_in_class_rules)
{
	jt_strict(_metadata, JT_NO_MOUNT | JT_NO_STACK, "network rules with");
}

TEST_HARNESS_MAIN
