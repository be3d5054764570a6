// SPDX-License-Identifier: GPL-2.0
/*
 * Lexer: token kinds and text, locations, the context-dependent path
 * tokens, raw rule skipping and variable values.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#include "pal_test.h"
#include "pal_lex.h"

struct want_tok {
	enum pal_tok_kind kind;
	const char *text;
	unsigned int line, col;
};

static int lex_all(const char *src, const struct want_tok *want, size_t n,
		   char *why, size_t whylen)
{
	struct pal_diag d;
	struct pal_lex lx;
	size_t i;

	pal_diag_init(&d, NULL, 0);
	pal_lex_init(&lx, &d, pal_diag_intern(&d, "t"), src, strlen(src));
	for (i = 0; i < n; i++) {
		struct pal_tok t;

		if (pal_lex_next(&lx, &t)) {
			snprintf(why, whylen, "token %zu: error", i);
			goto fail;
		}
		if (t.kind != want[i].kind ||
		    strcmp(t.text ? t.text : "", want[i].text ? want[i].text : "") ||
		    t.loc.line != want[i].line || t.loc.col != want[i].col) {
			snprintf(why, whylen, "token %zu: kind %d '%s' at %u:%u", i,
				 t.kind, t.text ? t.text : "", t.loc.line,
				 t.loc.col);
			pal_tok_free(&t);
			goto fail;
		}
		pal_tok_free(&t);
	}
	pal_diag_fini(&d);
	return 0;
fail:
	pal_diag_fini(&d);
	return -1;
}

TEST(tokens)
{
	static const char src[] =
		"#include <tunables/global>\n"
		"# a comment {\n"
		"profile foo//bar /usr/{bin,sbin}/x* flags=(complain) {\n"
		"  \"/a b\" rw,\n"
		"  /x Px->y, /p/a,b r,\n"
		"  @{V}/[a,]* r,\n"
		"}\n";
	static const struct want_tok want[] = {
		{ PAL_TOK_WORD, "include", 1, 1 },
		{ PAL_TOK_INCNAME, "tunables/global", 1, 10 },
		{ PAL_TOK_WORD, "profile", 3, 1 },
		{ PAL_TOK_WORD, "foo//bar", 3, 9 },
		{ PAL_TOK_PATH, "/usr/{bin,sbin}/x*", 3, 18 },
		{ PAL_TOK_WORD, "flags", 3, 37 },
		{ PAL_TOK_EQ, NULL, 3, 42 },
		{ PAL_TOK_LPAREN, NULL, 3, 43 },
		{ PAL_TOK_WORD, "complain", 3, 44 },
		{ PAL_TOK_RPAREN, NULL, 3, 52 },
		{ PAL_TOK_LBRACE, NULL, 3, 54 },
		{ PAL_TOK_STRING, "/a b", 4, 3 },
		{ PAL_TOK_WORD, "rw", 4, 10 },
		{ PAL_TOK_COMMA, NULL, 4, 12 },
		{ PAL_TOK_PATH, "/x", 5, 3 },
		{ PAL_TOK_WORD, "Px", 5, 6 },
		{ PAL_TOK_ARROW, NULL, 5, 8 },
		{ PAL_TOK_WORD, "y", 5, 10 },
		{ PAL_TOK_COMMA, NULL, 5, 11 },
		/* as in AppArmor, a ',' followed by a name character joins */
		{ PAL_TOK_PATH, "/p/a,b", 5, 13 },
		{ PAL_TOK_WORD, "r", 5, 20 },
		{ PAL_TOK_COMMA, NULL, 5, 21 },
		{ PAL_TOK_PATH, "@{V}/[a,]*", 6, 3 },
		{ PAL_TOK_WORD, "r", 6, 14 },
		{ PAL_TOK_COMMA, NULL, 6, 15 },
		{ PAL_TOK_RBRACE, NULL, 7, 1 },
		{ PAL_TOK_EOF, NULL, 8, 1 },
	};
	char why[128] = "";

	EXPECT_EQ(0, lex_all(src, want, sizeof(want) / sizeof(want[0]), why,
			     sizeof(why))) TH_LOG("%s", why);
}

TEST(skip_rule_and_values)
{
	static const char src[] =
		"signal (send) set=(hup, kill) peer=\"a,b\" # c,\n"
		"  path=/x/{a,b},\n"
		"@{X} = /a \"/b c\" /d/{e,f} # comment\n"
		"next";
	struct pal_diag d;
	struct pal_lex lx;
	struct pal_lex_value *vals;
	struct pal_loc loc;
	struct pal_tok t;
	size_t n, i;
	char *name;
	int append;

	pal_diag_init(&d, NULL, 0);
	pal_lex_init(&lx, &d, pal_diag_intern(&d, "t"), src, strlen(src));
	ASSERT_EQ(0, pal_lex_next(&lx, &t));
	EXPECT_STREQ("signal", t.text);
	pal_tok_free(&t);
	ASSERT_EQ(0, pal_lex_skip_rule(&lx));
	EXPECT_EQ(2U, lx.line);
	EXPECT_EQ(17U, lx.col);
	ASSERT_EQ(1, pal_lex_vardef(&lx, &name, &append, &loc));
	EXPECT_STREQ("X", name);
	EXPECT_EQ(0, append);
	EXPECT_EQ(3U, loc.line);
	free(name);
	ASSERT_EQ(0, pal_lex_var_values(&lx, &vals, &n));
	ASSERT_EQ(3U, n);
	EXPECT_STREQ("/a", vals[0].text);
	EXPECT_STREQ("/b c", vals[1].text);
	EXPECT_STREQ("/d/{e,f}", vals[2].text);
	EXPECT_EQ(11U, vals[1].loc.col);
	for (i = 0; i < n; i++)
		free(vals[i].text);
	free(vals);
	ASSERT_EQ(0, pal_lex_next(&lx, &t));
	EXPECT_STREQ("next", t.text);
	EXPECT_EQ(4U, t.loc.line);
	pal_tok_free(&t);
	/* not a definition: nothing consumed */
	pal_lex_init(&lx, &d, pal_diag_intern(&d, "t"), "@{X}/a r,", 9);
	EXPECT_EQ(0, pal_lex_vardef(&lx, &name, &append, &loc));
	ASSERT_EQ(0, pal_lex_next(&lx, &t));
	EXPECT_STREQ("@{X}/a", t.text);
	pal_tok_free(&t);
	pal_diag_fini(&d);
}

TEST(unquote)
{
	char *s = pal_unquote("a\\\"b\\\\c\\d");

	EXPECT_STREQ("a\"b\\c\\d", s);
	free(s);
}

TEST_HARNESS_MAIN
