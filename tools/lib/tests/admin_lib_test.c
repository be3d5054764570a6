// SPDX-License-Identifier: GPL-2.0
/*
 * Native tests of the administration library: policy merge (replace and
 * remove), DFA diff by product construction, rule provenance for explain,
 * and the flags=() editor behind enforce/complain, on hand-checked cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "palisade_parser.h"
#include "pal_diff.h"
#include "pal_explain.h"
#include "pal_flags.h"
#include "pal_loader.h"
#include "pal_merge.h"
#include "pal_provenance.h"
#include "match.h"

/* Compile @text into a virtual policy buffer. */
static void *compile(const char *text)
{
	void *blob, *buf;
	size_t size;

	if (pal_compile_string(NULL, "t", text, &blob, &size, stderr))
		return NULL;
	buf = pal_explain_prepare(blob, size);
	free(blob);
	return buf;
}

static void *pad(void *blob, size_t size)
{
	void *buf = pal_explain_prepare(blob, size);

	free(blob);
	return buf;
}

/* 1 when @profile may @access @path under @policy, 0 if denied, -1 if no
 * such profile. */
static int allowed(const void *policy, const char *profile, const char *path,
		   __u32 access)
{
	struct pal_explanation ex;

	if (pal_explain(policy, profile, path, access, 0, &ex))
		return -1;
	return !ex.decision.error;
}

#define A "profile a /usr/bin/a {\n  /etc/a r,\n}\n"
#define A2 "profile a /usr/bin/a {\n  /etc/a r,\n  /etc/a2 w,\n}\n"
#define B "profile b /usr/bin/* {\n  /etc/b r,\n  profile kid {\n  /k r,\n  }\n}\n"

TEST(merge_replaces_and_removes_profiles)
{
	void *base = compile(A B), *add = compile(A2), *out, *m;
	const char *drop[] = { "b" };
	const char **names;
	size_t size;
	char err[256];

	ASSERT_NE(NULL, base);
	ASSERT_NE(NULL, add);
	ASSERT_EQ(0, pal_policy_merge(base, add, NULL, 0, &out, &size, err,
				      sizeof(err))) TH_LOG("%s", err);
	m = pad(out, size);
	EXPECT_EQ(3U, pal_policy_names(m, &names));
	free(names);
	EXPECT_EQ(1, allowed(m, "a", "/etc/a2", PAL_MAY_WRITE));
	EXPECT_EQ(1, allowed(m, "b", "/etc/b", PAL_MAY_READ));
	EXPECT_EQ(1, allowed(m, "b//kid", "/k", PAL_MAY_READ));
	/* Attachments rebuilt with the compiler's precedence: the longer
	 * literal prefix wins. */
	EXPECT_NE(0U, pal_attach_find(m, "/usr/bin/a"));
	EXPECT_EQ(pal_profile_find(m, PAL_FIELD((const __u8 *)m,
						pal_attach_find(m, "/usr/bin/a"),
						struct pal_profile_rec, id)),
		  pal_attach_find(m, "/usr/bin/a"));
	{
		const char *n = pal_policy_profile_name(m,
			PAL_FIELD((const __u8 *)m, pal_attach_find(m, "/usr/bin/a"),
				  struct pal_profile_rec, id));

		EXPECT_STREQ("a", n);
		n = pal_policy_profile_name(m,
			PAL_FIELD((const __u8 *)m, pal_attach_find(m, "/usr/bin/zz"),
				  struct pal_profile_rec, id));
		EXPECT_STREQ("b", n);
	}
	/* remove b: its child goes with it. */
	ASSERT_EQ(0, pal_policy_merge(m, NULL, drop, 1, &out, &size, err,
				      sizeof(err))) TH_LOG("%s", err);
	free(m);
	m = pad(out, size);
	EXPECT_EQ(1U, pal_policy_names(m, &names));
	free(names);
	EXPECT_EQ(-1, allowed(m, "b", "/etc/b", PAL_MAY_READ));
	EXPECT_EQ(-1, allowed(m, "b//kid", "/k", PAL_MAY_READ));
	EXPECT_EQ(0U, pal_attach_find(m, "/usr/bin/zz"));
	free(m);
	free(base);
	free(add);
}

struct collected {
	struct pal_diff_item items[8];
	int n;
};

static int collect(void *ctx, const struct pal_diff_item *it)
{
	struct collected *c = ctx;

	if (c->n < 8)
		c->items[c->n++] = *it;
	return 0;
}

static int diff(const char *old, const char *new, struct collected *c)
{
	void *a = compile(old), *b = compile(new);
	int n;

	memset(c, 0, sizeof(*c));
	n = pal_dfa_diff(a, PAL_FIELD((const __u8 *)a, pal_policy_profile_by_name(a, "d"),
				      struct pal_profile_rec, file_dfa_off),
			 b, PAL_FIELD((const __u8 *)b, pal_policy_profile_by_name(b, "d"),
				      struct pal_profile_rec, file_dfa_off),
			 collect, c);
	free(a);
	free(b);
	return n;
}

TEST(diff_finds_shortest_examples)
{
	struct collected c;

	EXPECT_EQ(0, diff("profile d {\n /srv/** r,\n}\n",
			  "profile d {\n /srv/** r,\n}\n", &c));
	/* A new w rule: one difference, shortest path under it. */
	ASSERT_EQ(1, diff("profile d {\n /srv/** r,\n}\n",
			  "profile d {\n /srv/** r,\n /srv/*/log w,\n}\n", &c));
	EXPECT_STREQ("/srv/a/log", c.items[0].example);
	EXPECT_EQ((__u32)(PAL_MAY_WRITE | PAL_MAY_APPEND), c.items[0].added);
	EXPECT_EQ(0U, c.items[0].removed);
	/* A deny carves out: removed, never added. */
	ASSERT_EQ(1, diff("profile d {\n /srv/** r,\n}\n",
			  "profile d {\n /srv/** r,\n deny /srv/x r,\n}\n", &c));
	EXPECT_STREQ("/srv/x", c.items[0].example);
	EXPECT_EQ((__u32)PAL_MAY_READ, c.items[0].removed);
	EXPECT_EQ(0U, c.items[0].added);
	/* Owner rules differ only for the owner. */
	ASSERT_EQ(1, diff("profile d {\n}\n",
			  "profile d {\n owner /h/* r,\n}\n", &c));
	EXPECT_EQ(1, c.items[0].owner);
	EXPECT_STREQ("/h/a", c.items[0].example);
}

TEST(provenance_names_file_line_col)
{
	char path[] = "/tmp/pal_prov.XXXXXX";
	struct pal_rule_hit *hits;
	int fd = mkstemp(path), n;
	const char text[] = "profile p {\n  /etc/** r,\n  deny /etc/passwd rw,\n  /tmp/* w,\n}\n";
	const char *paths[] = { path };

	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)strlen(text), write(fd, text, strlen(text)));
	close(fd);
	n = pal_rule_hits(paths, 1, NULL, 0, "p", "/etc/passwd", &hits, stderr);
	ASSERT_EQ(2, n);
	EXPECT_EQ(2U, hits[0].line);
	EXPECT_EQ(3U, hits[0].col);
	EXPECT_EQ(0, hits[0].deny);
	EXPECT_STREQ("/etc/**", hits[0].glob);
	EXPECT_EQ(3U, hits[1].line);
	EXPECT_EQ(1, hits[1].deny);
	/* w grants append too, as in AppArmor. */
	EXPECT_EQ((__u32)(PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND), hits[1].perms);
	free(hits);
	EXPECT_EQ(0, pal_rule_hits(paths, 1, NULL, 0, "p", "/usr/x", &hits, stderr));
	free(hits);
	EXPECT_EQ(-ENOENT, pal_rule_hits(paths, 1, NULL, 0, "q", "/x", &hits, stderr));
	unlink(path);
}

static void edit(struct __test_metadata *_metadata, const char *text,
		 const char *mode, const char *want)
{
	char *out = pal_flags_edit(text, strlen("profile "), mode);

	ASSERT_NE(NULL, out);
	EXPECT_STREQ(want, out);
	free(out);
}

TEST(flags_editor_keeps_other_flags)
{
	edit(_metadata, "profile x /x {\n}\n", "complain",
	     "profile x /x flags=(complain) {\n}\n");
	edit(_metadata, "profile x /x flags=(complain) {\n}\n", "enforce",
	     "profile x /x {\n}\n");
	edit(_metadata, "profile x /x flags=(audit,complain) {\n}\n", "kill",
	     "profile x /x flags=(audit, kill) {\n}\n");
	edit(_metadata, "profile x /x flags=(audit, complain) {\n}\n", "enforce",
	     "profile x /x flags=(audit) {\n}\n");
	edit(_metadata, "profile x /x (complain) { # {\n}\n", "unconfined",
	     "profile x /x (unconfined) { # {\n}\n");
	edit(_metadata, "profile x \"/a b\" {\n}\n", "complain",
	     "profile x \"/a b\" flags=(complain) {\n}\n");
}

/* Profiles of a few kilobytes each: @n of them take several segments. */
static char *many_profiles(int n)
{
	size_t cap = (size_t)n * 512 + 64, len = 0;
	char *t = malloc(cap);
	int i, k;

	for (i = 0; i < n; i++) {
		len += snprintf(t + len, cap - len, "profile s%d /usr/bin/s%d {\n", i, i);
		for (k = 0; k < 4; k++)
			len += snprintf(t + len, cap - len,
					"  /usr/share/pkg%d_%d/[a-z]*/data r,\n"
					"  /opt/vendor%d_%d/lib/lib*.so* mr,\n",
					i, k, i, k);
		len += snprintf(t + len, cap - len, "}\n");
	}
	return t;
}

TEST(merge_over_several_segments)
{
	char *text = many_profiles(1500), err[256];
	void *base = compile(text), *add = compile(A2), *out, *m;
	const char *drop[] = { "s1499", "s3" };
	const struct pal_policy_header *h;
	const char **names;
	size_t size;

	ASSERT_NE(NULL, base);
	h = base;
	ASSERT_GE(h->nsegs, 2U);
	ASSERT_EQ(0, pal_policy_merge(base, add, NULL, 0, &out, &size, err,
				      sizeof(err))) TH_LOG("%s", err);
	m = pad(out, size);
	h = m;
	EXPECT_GE(h->nsegs, 2U);
	EXPECT_EQ(1501U, pal_policy_names(m, &names));
	free(names);
	EXPECT_EQ(1, allowed(m, "a", "/etc/a2", PAL_MAY_WRITE));
	EXPECT_EQ(1, allowed(m, "s1499", "/usr/share/pkg1499_3/x/data", PAL_MAY_READ));
	EXPECT_EQ(0, allowed(m, "s1499", "/usr/share/pkg1498_3/x/data", PAL_MAY_READ));
	EXPECT_EQ(1, allowed(m, "s0", "/opt/vendor0_2/lib/libz.so.1", PAL_MAY_MMAP));
	ASSERT_EQ(0, pal_policy_merge(m, NULL, drop, 2, &out, &size, err,
				      sizeof(err))) TH_LOG("%s", err);
	free(m);
	m = pad(out, size);
	EXPECT_EQ(1499U, pal_policy_names(m, &names));
	free(names);
	EXPECT_EQ(-1, allowed(m, "s1499", "/usr/share/pkg1499_3/x/data", PAL_MAY_READ));
	EXPECT_EQ(1, allowed(m, "s1498", "/usr/share/pkg1498_0/x/data", PAL_MAY_READ));
	free(m);
	free(base);
	free(add);
	free(text);
}

TEST_HARNESS_MAIN
