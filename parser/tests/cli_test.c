// SPDX-License-Identifier: GPL-2.0
/*
 * What the front end's options rest on: -p (includes inlined, the result
 * compiling to the same policy as the original), -q (no warnings or
 * notes) and the quoted source line with a caret under errors.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pal_test.h"

static char *tmpdir_make(void)
{
	const char *t = getenv("TMPDIR");
	struct pal_buf b = { 0 };

	pal_buf_printf(&b, "%s/pal_cli_XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(b.s) ? b.s : NULL;
}

static void put(const char *dir, const char *name, const char *text)
{
	struct pal_buf b = { 0 };
	FILE *f;

	pal_buf_printf(&b, "%s/%s", dir, name);
	f = fopen(b.s, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	pal_buf_free(&b);
}

static char *path_of(const char *dir, const char *name)
{
	struct pal_buf b = { 0 };

	pal_buf_printf(&b, "%s/%s", dir, name);
	return pal_buf_take(&b);
}

TEST(preprocess_inlines_and_compiles_the_same)
{
	char *dir = tmpdir_make(), *prof, *inc, *absd, *text = NULL;
	struct pal_compile_opts o = { .big_endian = -1 };
	const char *dirs[1];
	void *b1 = NULL, *b2 = NULL;
	size_t s1 = 0, s2 = 0, tlen = 0;
	FILE *out, *err;
	char *errs = NULL;
	size_t elen = 0;

	ASSERT_NE(NULL, dir);
	inc = path_of(dir, "abstractions");
	ASSERT_EQ(0, mkdir(inc, 0700));
	absd = path_of(dir, "abstractions/d");
	ASSERT_EQ(0, mkdir(absd, 0700));
	put(dir, "abstractions/base", "  /etc/base r,\n  # include <nothing> in a comment\n");
	put(dir, "abstractions/d/one", "  /one/** rw,\n");
	put(dir, "abstractions/d/two", "  \"/two include\" r,\n");
	put(dir, "abstractions/d/two~", "  /backup/** rw,\n");
	put(dir, "local", "  deny /etc/shadow r,\n");
	put(dir, "p.prof",
	    "@{X}=/x\n"
	    "profile p /bin/p {\n"
	    "  include <abstractions/base>\n"
	    "  #include \"local\"\n"
	    "  include if exists <abstractions/missing>\n"
	    "  @{X}/** r, include <abstractions/d>\n"
	    "}\n");
	prof = path_of(dir, "p.prof");
	dirs[0] = dir;
	o.include_dirs = dirs;
	o.ninclude_dirs = 1;

	out = open_memstream(&text, &tlen);
	ASSERT_EQ(0, pal_preprocess_file(&o, prof, out, stderr));
	fclose(out);
	EXPECT_EQ(NULL, strstr(text, "include <abstractions/base>\n  #"));
	EXPECT_NE(NULL, strstr(text, "/etc/base r,"));
	EXPECT_NE(NULL, strstr(text, "deny /etc/shadow r,"));
	EXPECT_NE(NULL, strstr(text, "/one/** rw,"));
	EXPECT_NE(NULL, strstr(text, "\"/two include\" r,"));
	EXPECT_NE(NULL, strstr(text, "@{X}/** r,"));	/* variables kept */
	EXPECT_EQ(NULL, strstr(text, "/backup/"));	/* backups skipped */

	ASSERT_EQ(0, pal_compile_files(&o, (const char *const *)&prof, 1, &b1,
				       &s1, stderr));
	ASSERT_EQ(0, pal_compile_string(&o, prof, text, &b2, &s2, stderr));
	ASSERT_EQ(s1, s2);
	EXPECT_EQ(0, memcmp(b1, b2, s1));

	/* a missing include is a file:line:col error */
	put(dir, "bad.prof", "profile b {\n  /a r,\n  include <abstractions/nope>\n}\n");
	free(prof);
	prof = path_of(dir, "bad.prof");
	err = open_memstream(&errs, &elen);
	out = fopen("/dev/null", "w");
	EXPECT_EQ(-1, pal_preprocess_file(&o, prof, out, err));
	fclose(out);
	fclose(err);
	EXPECT_NE(NULL, strstr(errs, "bad.prof:3:3: error: cannot find include <abstractions/nope>"))
		TH_LOG("%s", errs);

	free(errs);
	free(b1);
	free(b2);
	free(text);
	free(prof);
	free(inc);
	free(absd);
	{
		struct pal_buf rm = { 0 };

		pal_buf_printf(&rm, "rm -rf '%s'", dir);
		EXPECT_EQ(0, system(rm.s));
		pal_buf_free(&rm);
	}
	free(dir);
}

TEST(quiet_drops_notes_and_warnings)
{
	const char *text = "profile p {\n  dbus,\n  /a r,\n}\n";
	struct pal_compile_opts o = { .big_endian = -1 };
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile_opts(text, &o, &p));
	EXPECT_NE(NULL, strstr(p.errs, "note:")) TH_LOG("%s", p.errs);
	pt_free(&p);
	o.quiet = 1;
	ASSERT_EQ(0, pt_compile_opts(text, &o, &p));
	EXPECT_STREQ("", p.errs);
	pt_free(&p);
	/* errors still show */
	ASSERT_EQ(-1, pt_compile_opts("profile p {\n  /a rx q,\n}\n", &o, &p));
	EXPECT_NE(NULL, strstr(p.errs, "test.prof:2:7: error:")) TH_LOG("%s", p.errs);
	pt_free(&p);
}

TEST(errors_quote_the_line_with_a_caret)
{
	struct pal_compile_opts o = { .big_endian = -1, .show_source = 1 };
	struct pt_policy p;

	ASSERT_EQ(-1, pt_compile_opts("profile p {\n\t/a  rx q,\n}\n", &o, &p));
	EXPECT_NE(NULL, strstr(p.errs, "test.prof:2:7: error: "));
	EXPECT_NE(NULL, strstr(p.errs, "\n  \t/a  rx q,\n  \t     ^\n")) TH_LOG("[%s]", p.errs);
	pt_free(&p);
}

TEST_HARNESS_MAIN
