// SPDX-License-Identifier: GPL-2.0
/*
 * Conformance with AppArmor's own parser test corpus (one case per .sd
 * file, "#=EXRESULT PASS|FAIL", "#=TODO" and "#=DISABLED" headers): every
 * case is compiled in-process, with its "#=" lines removed and the corpus
 * directory as include path, and must be accepted or rejected as AppArmor
 * decides, and compile to the same bytes and messages on three threads
 * (-j3) as on one.  The cases run from a directory laid out as AppArmor's own
 * test directory (tst/simple_tests is the corpus), since some name their
 * includes relative to it ("simple_tests/...", "../tst/simple_tests/...").  The corpus is not part of the tree: $PALISADE_CORPUS names it,
 * else ../shared/corpus/apparmor-simple-tests (relative to the current
 * directory) is tried, else the test is skipped.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* the harness's fixture-with-timeout macro trips -Wclobbered in gcc */
#pragma GCC diagnostic ignored "-Wclobbered"
#include "kselftest_harness.h"
#include "palisade_parser.h"
#include "pal_comb.h"
#include "pal_util.h"

/* Cases decided as AppArmor decides must not drop below this. */
#define CORPUS_FLOOR	1393

#define CORPUS_DEFAULT "../shared/corpus/apparmor-simple-tests"
#define CORPUS_MAX_FILES 100000
#define CORPUS_MAX_DEPTH 8

struct corpus {
	char **files;
	size_t n, cap;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static void collect(struct corpus *c, const char *dir, int depth)
{
	struct dirent *e;
	DIR *d;

	if (depth > CORPUS_MAX_DEPTH || !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) && c->n < CORPUS_MAX_FILES) {
		struct pal_buf b = { 0 };
		struct stat st;
		char *path;

		if (e->d_name[0] == '.')
			continue;
		pal_buf_printf(&b, "%s/%s", dir, e->d_name);
		path = pal_buf_take(&b);
		if (stat(path, &st)) {
			free(path);
		} else if (S_ISDIR(st.st_mode)) {
			collect(c, path, depth + 1);
			free(path);
		} else if (S_ISREG(st.st_mode) && ends_with(path, ".sd")) {
			PAL_GROW(c->files, c->cap, c->n + 1);
			c->files[c->n++] = path;
		} else {
			free(path);
		}
	}
	closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int header(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncasecmp(line, "#=", 2) && !strncasecmp(line + 2, key, n);
}

/*
 * Write @path without its "#=" lines to @out.  *expect_pass and *skip from
 * the headers.  0 on success.
 */
static int prepare(const char *path, FILE *out, int *expect_pass, int *skip)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	*expect_pass = 1;
	*skip = 0;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "#=", 2)) {
			fputs(line, out);
			continue;
		}
		if (header(line, "TODO") || header(line, "DISABLED"))
			*skip = 1;
		if (header(line, "EXRESULT")) {
			const char *v = line + strlen("#=EXRESULT");

			v += strspn(v, " \t");
			*expect_pass = strncasecmp(v, "FAIL", 4) != 0;
		}
	}
	fclose(f);
	return fflush(out);
}

/*
 * A temporary directory L with L/tst/simple_tests -> the corpus, made the
 * current directory (L/tst), as AppArmor's test suite runs.  *absdir: the
 * corpus as an absolute path.
 */
static int upstream_layout(const char *dir, char **layout, char **absdir)
{
	const char *tmpdir = getenv("TMPDIR");
	struct pal_buf b = { 0 };

	*absdir = realpath(dir, NULL);
	if (!*absdir)
		return -1;
	pal_buf_printf(&b, "%s/pal_corpus_layout_XXXXXX",
		       tmpdir && *tmpdir ? tmpdir : "/tmp");
	*layout = pal_buf_take(&b);
	if (!mkdtemp(*layout))
		return -1;
	pal_buf_printf(&b, "%s/tst", *layout);
	if (mkdir(b.s, 0700) || chdir(b.s) ||
	    symlink(*absdir, "simple_tests")) {
		pal_buf_free(&b);
		return -1;
	}
	pal_buf_free(&b);
	return 0;
}

static void drop_layout(const char *layout)
{
	struct pal_buf b = { 0 };

	pal_buf_printf(&b, "%s/tst/simple_tests", layout);
	unlink(b.s);
	pal_buf_free(&b);
	pal_buf_printf(&b, "%s/tst", layout);
	rmdir(b.s);
	pal_buf_free(&b);
	rmdir(layout);
}

/* Compile one case, its messages kept in *errs. */
static int compile_case(const struct pal_compile_opts *opts,
			const char *const *paths, int n, void **blob,
			size_t *size, char **errs)
{
	size_t len = 0;
	FILE *f = open_memstream(errs, &len);
	int ret;

	ret = pal_compile_files(opts, paths, n, blob, size, f);
	fclose(f);
	return ret;
}

FIXTURE(corpus) {
	int unused;
};

FIXTURE_SETUP(corpus) {}
FIXTURE_TEARDOWN(corpus) {}

TEST_F_TIMEOUT(corpus, apparmor_simple_tests, 900)
{
	const char *dir = getenv("PALISADE_CORPUS");
	const char *tmpdir = getenv("TMPDIR");
	struct pal_compile_opts opts = { .big_endian = -1 };
	struct corpus c = { 0 };
	size_t i, ok = 0, bad = 0, skipped = 0, jobs_differ = 0;
	struct pal_buf tb = { 0 };
	char *tmpl, *layout = NULL, *absdir = NULL, *real = NULL, cwd[4096];
	int fd;

	(void)self;
	if (!dir || !*dir) {
		struct stat st;

		if (stat(CORPUS_DEFAULT, &st) || !S_ISDIR(st.st_mode))
			SKIP(return, "no corpus: set PALISADE_CORPUS to AppArmor's simple_tests directory");
		dir = CORPUS_DEFAULT;
	}
	/* Absolute: the cases are read after the chdir into the layout. */
	real = realpath(dir, NULL);
	ASSERT_NE(NULL, real);
	dir = real;
	collect(&c, dir, 0);
	if (!c.n)
		SKIP(return, "no .sd cases under %s", dir);
	qsort(c.files, c.n, sizeof(*c.files), cmp_str);

	pal_buf_printf(&tb, "%s/pal_corpus_XXXXXX.sd",
		       tmpdir && *tmpdir ? tmpdir : "/tmp");
	tmpl = pal_buf_take(&tb);
	fd = mkstemps(tmpl, 3);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_NE(NULL, getcwd(cwd, sizeof(cwd)));
	ASSERT_EQ(0, upstream_layout(dir, &layout, &absdir));
	dir = absdir;
	opts.include_dirs = &dir;
	opts.ninclude_dirs = 1;
	/* every packed table of the corpus against its flat form */
	pal_comb_selfcheck = 1;

	for (i = 0; i < c.n; i++) {
		const char *paths[1] = { tmpl };
		int expect_pass, skip, got_pass, got_pass_j;
		void *blob = NULL, *blob_j = NULL;
		size_t size = 0, size_j = 0;
		char *errs = NULL, *errs_j = NULL;
		FILE *out = fopen(tmpl, "w");

		ASSERT_NE(NULL, out);
		if (prepare(c.files[i], out, &expect_pass, &skip)) {
			fclose(out);
			bad++;
			printf("# unreadable: %s\n", c.files[i]);
			continue;
		}
		fclose(out);
		if (skip) {
			skipped++;
			continue;
		}
		got_pass = !compile_case(&opts, paths, 1, &blob, &size, &errs);
		/* on threads: the same bytes, messages and outcome */
		opts.jobs = 3;
		got_pass_j = !compile_case(&opts, paths, 1, &blob_j, &size_j,
					   &errs_j);
		opts.jobs = 0;
		if (got_pass != got_pass_j || size != size_j ||
		    (size && memcmp(blob, blob_j, size)) || strcmp(errs, errs_j)) {
			jobs_differ++;
			printf("# differs with -j3: %s\n", c.files[i]);
		}
		free(blob_j);
		free(errs);
		free(errs_j);
		if (got_pass) {
			char err[160];

			/* and what the writer made of them passes the loader */
			EXPECT_EQ(0, pal_policy_verify(blob, size, err, sizeof(err)))
				TH_LOG("%s: %s", c.files[i], err);
		}
		free(blob);
		if (got_pass == expect_pass) {
			ok++;
		} else {
			bad++;
			printf("# mismatch (AppArmor %s, palisade %s): %s\n",
			       expect_pass ? "accepts" : "rejects",
			       got_pass ? "accepts" : "rejects",
			       c.files[i] + strlen(dir) + 1);
		}
	}
	unlink(tmpl);
	free(tmpl);
	ASSERT_EQ(0, chdir(cwd));
	drop_layout(layout);
	free(layout);
	free(absdir);
	free(real);
	printf("# corpus: %lu packed DFAs equal to their flat tables, %lu differ\n",
	       pal_comb_checked - pal_comb_failed, pal_comb_failed);
	EXPECT_EQ(0UL, pal_comb_failed);
	EXPECT_LT(1000UL, pal_comb_checked);
	printf("# corpus: %zu cases compile differently on 3 threads\n",
	       jobs_differ);
	EXPECT_EQ(0UL, jobs_differ);
	printf("# corpus: %zu of %zu cases decided as AppArmor decides (%zu mismatches, %zu skipped), floor %d\n",
	       ok, ok + bad, bad, skipped, CORPUS_FLOOR);
	for (i = 0; i < c.n; i++)
		free(c.files[i]);
	free(c.files);
	EXPECT_LE(CORPUS_FLOOR, (long)ok);
}

TEST_HARNESS_MAIN
