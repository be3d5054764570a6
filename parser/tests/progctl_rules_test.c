// SPDX-License-Identifier: GPL-2.0
/*
 * Program-control rules (DESIGN.md section 4): daemon, server [read|update],
 * progctl, setuid -> / setgid -> lists resolved against a system root's
 * passwd and group files, limit threads|processes, flags=(must_stay_clean);
 * every bad input gets its file:line:col error.
 */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pal_test.h"

static uint32_t pt_field(const struct pt_policy *p, uint32_t rec, size_t off)
{
	return pal_load_u32(p->buf, rec + (uint32_t)off);
}

#define PT_REC(p, rec, field) \
	pt_field(p, rec, offsetof(struct pal_profile_rec, field))

/* Entry @i of the id list starting at @idx. */
static uint32_t pt_id(const struct pt_policy *p, uint32_t idx, uint32_t i)
{
	uint32_t ids = pt_field(p, 0, offsetof(struct pal_policy_header, ids_off));

	return pal_load_u32(p->buf, ids + 4 * (idx + i));
}

/* A system root with its own passwd and group files in @dir. */
static void pt_make_root(char *dir)
{
	char path[256];
	FILE *f;

	strcpy(dir, "/tmp/pal-root.XXXXXX");
	if (!mkdtemp(dir))
		return;
	snprintf(path, sizeof(path), "%s/etc", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc/passwd", dir);
	f = fopen(path, "w");
	fputs("root:x:0:0:root:/root:/bin/sh\nalice:x:2001:2001::/home/alice:/bin/sh\n"
	      "nobody:x:65534:65534::/:/bin/false\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/etc/group", dir);
	f = fopen(path, "w");
	fputs("root:x:0:\nstaff:x:50:\nnogroup:x:65534:\n", f);
	fclose(f);
}

static void pt_drop_root(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/etc/passwd", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/group", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc", dir);
	rmdir(path);
	rmdir(dir);
}

TEST(grants_and_limits)
{
	struct pt_policy p;
	uint32_t rec;

	ASSERT_EQ(0, pt_compile("profile d /usr/sbin/d flags=(must_stay_clean) {\n"
				"  daemon,\n  server read,\n  progctl,\n"
				"  limit threads 64,\n  limit processes 3,\n}\n"
				"profile s /usr/sbin/s {\n  server,\n}\n", &p))
		TH_LOG("%s", p.errs);
	rec = pt_profile(&p, "d");
	ASSERT_NE(0U, rec);
	EXPECT_EQ(0U | PAL_PC_DAEMON | PAL_PC_SERVER_READ | PAL_PC_PROGCTL |
		  PAL_PC_MUST_STAY_CLEAN, PT_REC(&p, rec, pc_flags));
	EXPECT_EQ(64U, PT_REC(&p, rec, limit_threads));
	EXPECT_EQ(3U, PT_REC(&p, rec, limit_procs));
	rec = pt_profile(&p, "s");
	ASSERT_NE(0U, rec);
	/* Plain server, is z/OS's UPDATE. */
	EXPECT_EQ(PAL_PC_SERVER_UPDATE, PT_REC(&p, rec, pc_flags));
	EXPECT_EQ(0U, PT_REC(&p, rec, limit_threads));
	pt_free(&p);
}

TEST(surrogate_lists_resolve_names_ids_and_variables)
{
	struct pal_compile_opts o = { 0 };
	struct pt_policy p;
	char root[64];
	uint32_t rec, idx, n;

	pt_make_root(root);
	o.big_endian = -1;
	o.id_root = root;
	ASSERT_EQ(0, pt_compile_opts("@{students} = alice 3002\n"
				     "profile g /usr/sbin/graderd {\n"
				     "  daemon,\n"
				     "  setuid -> {nobody, @{students}},\n"
				     "  setgid -> (staff 7),\n"
				     "}\n", &o, &p)) TH_LOG("%s", p.errs);
	rec = pt_profile(&p, "g");
	ASSERT_NE(0U, rec);
	EXPECT_EQ(PAL_PC_DAEMON | PAL_PC_SETUID_LIST | PAL_PC_SETGID_LIST,
		  PT_REC(&p, rec, pc_flags));
	idx = PT_REC(&p, rec, uids_idx);
	n = PT_REC(&p, rec, nuids);
	/* The compiler sorts each list. */
	ASSERT_EQ(3U, n);
	EXPECT_EQ(2001U, pt_id(&p, idx, 0));
	EXPECT_EQ(3002U, pt_id(&p, idx, 1));
	EXPECT_EQ(65534U, pt_id(&p, idx, 2));
	idx = PT_REC(&p, rec, gids_idx);
	ASSERT_EQ(2U, PT_REC(&p, rec, ngids));
	EXPECT_EQ(7U, pt_id(&p, idx, 0));
	EXPECT_EQ(50U, pt_id(&p, idx, 1));
	pt_free(&p);
	/* A name the target system does not know is an error there. */
	EXPECT_NE(0, pt_compile_opts("profile g /g {\n  setuid -> bob,\n}\n",
				     &o, &p));
	EXPECT_NE(NULL, strstr(p.errs, "test.prof:2:13: error: unknown user 'bob'"))
		TH_LOG("%s", p.errs);
	pt_free(&p);
	pt_drop_root(root);
}

struct err_case {
	const char *rule;
	const char *msg;
};

static const struct err_case errors[] = {
	{ "limit threads 0,",
	  "test.prof:2:17: error: limit must be a number from 1 to 1000000 in 'limit' rule\n" },
	{ "limit files 3,",
	  "test.prof:2:9: error: unknown limit 'files' (threads or processes) in 'limit' rule\n" },
	{ "setuid -> {},",
	  "test.prof:2:15: error: '->' needs at least one user in 'setuid' rule\n" },
	{ "server write,",
	  "test.prof:2:10: error: expected 'server,', 'server read,' or 'server update,' in 'server' rule\n" },
	{ "daemon x,",
	  "test.prof:2:10: error: 'daemon' takes nothing in 'daemon' rule\n" },
};

TEST(bad_rules_have_locations)
{
	char text[256];
	struct pt_policy p;
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		snprintf(text, sizeof(text), "profile p /p {\n  %s\n}\n",
			 errors[i].rule);
		EXPECT_NE(0, pt_compile(text, &p));
		EXPECT_STREQ(errors[i].msg, p.errs ? p.errs : "");
		pt_free(&p);
	}
}

TEST_HARNESS_MAIN
