// SPDX-License-Identifier: GPL-2.0
/*
 * Glob semantics, checked three ways for every case: the compiled DFA run
 * by match.h, the reference backtracking matcher, and the expected answer.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#include "pal_test.h"
#include "pal_glob.h"
#include "pal_globref.h"

struct glob_case {
	const char *glob;
	const char *path;
	int match;
};

static const struct glob_case cases[] = {
	/* literals */
	{ "/etc/passwd", "/etc/passwd", 1 },
	{ "/etc/passwd", "/etc/passwd2", 0 },
	{ "/etc/passwd", "/etc/passw", 0 },
	{ "/etc/", "/etc/", 1 },
	{ "/etc/", "/etc", 0 },
	{ "/etc", "/etc/", 0 },
	/* '*': no '/', at least one byte as a whole component */
	{ "/tmp/*", "/tmp/a", 1 },
	{ "/tmp/*", "/tmp/abc.d", 1 },
	{ "/tmp/*", "/tmp/", 0 },
	{ "/tmp/*", "/tmp/a/b", 0 },
	{ "/tmp/*", "/tmp/a/", 0 },
	{ "/tmp/*/", "/tmp/a/", 1 },
	{ "/tmp/*/", "/tmp//", 0 },
	{ "/tmp/*/x", "/tmp/a/x", 1 },
	{ "/tmp/*/x", "/tmp//x", 0 },
	{ "/tmp/*.c", "/tmp/a.c", 1 },
	{ "/tmp/*.c", "/tmp/.c", 1 },
	{ "/tmp/a*", "/tmp/a", 1 },
	{ "/tmp/a*", "/tmp/abc", 1 },
	{ "/tmp/a*", "/tmp/ab/c", 0 },
	{ "/tmp/*b", "/tmp/b", 1 },
	/* '**': '/' included, at least one byte as a whole component */
	{ "/tmp/**", "/tmp/", 0 },
	{ "/tmp/**", "/tmp/a", 1 },
	{ "/tmp/**", "/tmp/a/b", 1 },
	{ "/tmp/**", "/tmp/a/b/", 1 },
	{ "/tmp/**", "/tmp//a", 0 },
	{ "/tmp/**/", "/tmp/a/b/", 1 },
	{ "/tmp/**/", "/tmp/a/b", 0 },
	{ "/tmp/**/x", "/tmp/a/b/x", 1 },
	{ "/tmp/**/x", "/tmp/a/x", 1 },
	{ "/tmp/**/x", "/tmp/x", 0 },
	{ "/tmp/a**", "/tmp/a", 1 },
	{ "/tmp/a**", "/tmp/a/b/c", 1 },
	{ "/**", "/", 0 },
	{ "/**", "/a", 1 },
	{ "/{**,}", "/", 1 },
	{ "/{**,}", "/a/b", 1 },
	/* '?' */
	{ "/tmp/?", "/tmp/a", 1 },
	{ "/tmp/?", "/tmp/", 0 },
	{ "/tmp/?", "/tmp/ab", 0 },
	{ "/tmp/a?c", "/tmp/a/c", 0 },
	{ "/tmp/a?c", "/tmp/abc", 1 },
	{ "/tmp/??", "/tmp/ab", 1 },
	/* classes */
	{ "/dev/tty[0-9]", "/dev/tty5", 1 },
	{ "/dev/tty[0-9]", "/dev/ttya", 0 },
	{ "/dev/tty[0-9]", "/dev/tty", 0 },
	{ "/dev/tty[0-9a-c]", "/dev/ttyb", 1 },
	{ "/dev/tty[0-9a-c]", "/dev/ttyd", 0 },
	{ "/x[^a]y", "/xby", 1 },
	{ "/x[^a]y", "/xay", 0 },
	{ "/x[^a]y", "/x/y", 1 },	/* AppArmor: [^..] may match '/' */
	{ "/x[]]", "/x]", 1 },
	{ "/x[a-]", "/x-", 1 },
	{ "/x[\\]]", "/x]", 1 },
	{ "/x[{,}]", "/x,", 1 },
	{ "/x[{,}]", "/x{", 1 },
	/* alternations */
	{ "/{usr,opt}/bin", "/usr/bin", 1 },
	{ "/{usr,opt}/bin", "/opt/bin", 1 },
	{ "/{usr,opt}/bin", "/var/bin", 0 },
	{ "/usr/bin/foo{,.sh}", "/usr/bin/foo", 1 },
	{ "/usr/bin/foo{,.sh}", "/usr/bin/foo.sh", 1 },
	{ "/usr/bin/foo{,.sh}", "/usr/bin/foo.s", 0 },
	{ "/a{b,c{d,e{f,g}}}", "/acef", 1 },
	{ "/a{b,c{d,e{f,g}}}", "/acd", 1 },
	{ "/a{b,c{d,e{f,g}}}", "/ace", 0 },
	{ "/tmp/{*,x}", "/tmp/", 1 },	/* AppArmor: textual rule, not here */
	{ "/{a,b}/*", "/a/", 0 },
	{ "/{a,b}/*", "/b/c", 1 },
	/* escapes */
	{ "/a\\*b", "/a*b", 1 },
	{ "/a\\*b", "/axb", 0 },
	{ "/a\\{b\\}", "/a{b}", 1 },
	{ "/a\\?", "/a?", 1 },
	{ "/a\\?", "/ab", 0 },
	{ "/a\\[x\\]", "/a[x]", 1 },
	{ "/a\\\\b", "/a\\b", 1 },
	/* '//' runs collapse */
	{ "/tmp//foo", "/tmp/foo", 1 },
	{ "/tmp///foo", "/tmp/foo", 1 },
	{ "//tmp/foo", "/tmp/foo", 1 },
	{ "/tmp//*", "/tmp/", 0 },
	/* regex metacharacters are literal in globs */
	{ "/a.b", "/a.b", 1 },
	{ "/a.b", "/axb", 0 },
	{ "/a+b(c)|d^$", "/a+b(c)|d^$", 1 },
	{ "/a b", "/a b", 1 },
	/* high bytes */
	{ "/caf\xc3\xa9/*", "/caf\xc3\xa9/x", 1 },
	{ "/tmp/*", "/tmp/\xff", 1 },
};

TEST(glob_table)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct glob_case *c = &cases[i];
		int dfa = pt_glob_matches(c->glob, c->path);
		int ref = pal_globref_match(c->glob, c->path);

		if (dfa != c->match || ref != c->match)
			TH_LOG("glob '%s' path '%s': expected %d, dfa %d, ref %d",
			       c->glob, c->path, c->match, dfa, ref);
		EXPECT_EQ(c->match, dfa);
		EXPECT_EQ(c->match, ref);
	}
}

TEST(directories_need_trailing_slash_rules)
{
	/* directories reach the matcher as "/dir/" */
	EXPECT_EQ(0, pt_glob_matches("/srv/data", "/srv/data/"));
	EXPECT_EQ(1, pt_glob_matches("/srv/data/", "/srv/data/"));
	EXPECT_EQ(1, pt_glob_matches("/srv/**", "/srv/data/"));
	EXPECT_EQ(0, pt_glob_matches("/srv/*", "/srv/data/"));
	EXPECT_EQ(1, pt_glob_matches("/srv/*/", "/srv/data/"));
}

struct bad_glob {
	const char *glob;
	size_t off;
	const char *msg;
};

static const struct bad_glob bad[] = {
	{ "/a/{b,c", 3, "unterminated '{' alternation" },
	{ "/a/{b}", 3, "'{...}' needs at least two alternatives separated by ','" },
	{ "/a/{}", 3, "'{...}' needs at least two alternatives separated by ','" },
	{ "/a/b}", 4, "unmatched '}'" },
	{ "/a/[bc", 3, "unterminated '[' character class" },
	{ "/a/b]", 4, "unmatched ']'" },
	{ "/a\\", 2, "trailing '\\' escapes nothing" },
	{ "/a/[z-a]", 4, "reversed range in character class" },
	{ "/a/{x,{y,", 6, "unterminated '{' alternation" },
};

TEST(glob_syntax_errors)
{
	struct pal_glob_err e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-1, pal_glob_check(bad[i].glob, 0, &e));
		EXPECT_EQ(bad[i].off, e.off);
		EXPECT_STREQ(bad[i].msg, e.msg);
		EXPECT_EQ(-1, pal_globref_match(bad[i].glob, "/a"));
	}
}

TEST(alternation_depth_is_capped)
{
	struct pal_buf b = { 0 };
	struct pal_glob_err e;
	int i;

	pal_buf_puts(&b, "/");
	for (i = 0; i < PAL_GLOB_MAX_DEPTH; i++)
		pal_buf_puts(&b, "{a,");
	for (i = 0; i < PAL_GLOB_MAX_DEPTH; i++)
		pal_buf_puts(&b, "b}");
	EXPECT_EQ(0, pal_glob_check(b.s, 0, &e));
	pal_buf_free(&b);

	pal_buf_puts(&b, "/");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "{a,");
	EXPECT_EQ(-1, pal_glob_check(b.s, 0, &e));
	EXPECT_EQ((size_t)(1 + 3 * PAL_GLOB_MAX_DEPTH), e.off);
	EXPECT_STREQ("'{' alternations nested more than 50 deep", e.msg);
	pal_buf_free(&b);
}

TEST(literal_prefix)
{
	EXPECT_EQ((size_t)12, pal_glob_literal_prefix("/usr/bin/foo"));
	EXPECT_EQ((size_t)9, pal_glob_literal_prefix("/usr/bin/*"));
	EXPECT_EQ((size_t)5, pal_glob_literal_prefix("/usr/{bin,sbin}/x"));
	EXPECT_EQ((size_t)1, pal_glob_literal_prefix("/**"));
	EXPECT_EQ((size_t)4, pal_glob_literal_prefix("/a\\*b?"));
	EXPECT_EQ((size_t)2, pal_glob_literal_prefix("/x[ab]"));
}

TEST(filter_slashes)
{
	char *s = pal_glob_filter_slashes("//a///b/c//");

	EXPECT_STREQ("/a/b/c/", s);
	free(s);
}

TEST_HARNESS_MAIN
