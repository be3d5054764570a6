// SPDX-License-Identifier: GPL-2.0
/*
 * The binary policy: accept records (deny beats allow, owner, audit,
 * quiet), layout and header, determinism, attachment priority, byte order.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#include "pal_test.h"
#include "pal_policy.h"

static const char base_text[] =
	"profile app /usr/bin/app {\n"
	"  /data/** rw,\n"
	"  deny /data/secret/** w,\n"
	"  audit /data/log r,\n"
	"  audit deny /data/secret/key r,\n"
	"  owner /home/*/** rwk,\n"
	"  deny owner /home/*/.ssh/** w,\n"
	"  deny /etc/shadow r,\n"
	"  /etc/shadow r,\n"
	"}\n";

TEST(accept_records)
{
	struct pt_policy p;
	struct pal_perms pm;
	struct pal_decision d;
	const uint32_t rw = PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND;
	const uint32_t w = PAL_MAY_WRITE | PAL_MAY_APPEND;
	static char path[PALISADE_PATH_MAX] = "/home/u/.ssh/id";
	const struct pal_accept *a;
	uint32_t rec, dfa, acc;

	ASSERT_EQ(0, pt_compile(base_text, &p)) TH_LOG("%s", p.errs);

	pm = pt_perms(&p, "app", "/data/x", 0);
	EXPECT_EQ(rw, pm.allow);
	EXPECT_EQ(0U, pm.deny);
	EXPECT_EQ(0U, pm.audit);
	EXPECT_EQ(0U, pm.quiet);

	/* deny beats allow */
	pm = pt_perms(&p, "app", "/data/secret/a", 0);
	EXPECT_EQ(rw, pm.allow);
	EXPECT_EQ(w, pm.deny);
	EXPECT_EQ(w, pm.quiet);
	pal_decide(&pm, PAL_MAY_WRITE, PAL_MODE_ENFORCE, &d);
	EXPECT_EQ(PAL_MAY_WRITE, d.denied);
	EXPECT_EQ(1U, d.error);
	EXPECT_EQ(0U, d.log);	/* quiet: deny without audit */
	pal_decide(&pm, PAL_MAY_WRITE, PAL_MODE_COMPLAIN, &d);
	EXPECT_EQ(1U, d.error);	/* explicit deny holds in complain mode */
	pal_decide(&pm, PAL_MAY_READ, PAL_MODE_ENFORCE, &d);
	EXPECT_EQ(0U, d.denied);

	/* audit: allow rule and deny rule */
	pm = pt_perms(&p, "app", "/data/log", 0);
	EXPECT_EQ(PAL_MAY_READ, pm.audit);
	EXPECT_EQ(0U, pm.quiet);
	pm = pt_perms(&p, "app", "/data/secret/key", 0);
	EXPECT_EQ(PAL_MAY_READ | w, pm.deny);
	EXPECT_EQ(PAL_MAY_READ, pm.audit);
	EXPECT_EQ(w, pm.quiet);
	pal_decide(&pm, PAL_MAY_READ, PAL_MODE_ENFORCE, &d);
	EXPECT_EQ(1U, d.error);
	EXPECT_EQ(1U, d.log);

	/* owner rules apply to the owner only */
	pm = pt_perms(&p, "app", "/home/u/f", 0);
	EXPECT_EQ(0U, pm.allow);
	pm = pt_perms(&p, "app", "/home/u/f", 1);
	EXPECT_EQ(rw | PAL_MAY_LOCK, pm.allow);
	EXPECT_EQ(0U, pm.deny);
	pm = pt_perms(&p, "app", "/home/u/.ssh/id", 1);
	EXPECT_EQ(rw | PAL_MAY_LOCK, pm.allow);
	EXPECT_EQ(w, pm.deny);
	pm = pt_perms(&p, "app", "/home/u/.ssh/id", 0);
	EXPECT_EQ(0U, pm.deny);

	/* the same path allowed and denied: deny wins, order irrelevant */
	pm = pt_perms(&p, "app", "/etc/shadow", 0);
	EXPECT_EQ(PAL_MAY_READ, pm.allow);
	EXPECT_EQ(PAL_MAY_READ, pm.deny);

	/* the raw record of a state reached by an owner rule */
	rec = pt_profile(&p, "app");
	dfa = PAL_FIELD(p.buf, rec, struct pal_profile_rec, file_dfa_off);
	acc = pal_dfa_accept(p.buf, dfa, pal_dfa_walk(p.buf, dfa, path));
	a = (const void *)(p.buf + acc);
	EXPECT_EQ(0U, a->allow);
	EXPECT_EQ(0U, a->deny);
	EXPECT_EQ(rw | PAL_MAY_LOCK, a->owner_allow);
	EXPECT_EQ(w, a->owner_deny);
	EXPECT_EQ(w, a->quiet);
	EXPECT_EQ(0U, a->value);
	/* no rule: the dead state, all zero */
	pm = pt_perms(&p, "app", "/elsewhere", 1);
	EXPECT_EQ(0U, pm.allow | pm.deny | pm.audit | pm.quiet);
	pt_free(&p);
}

TEST(layout)
{
	static const char text[] =
		"profile zeta {\n  /z r,\n}\n"
		"profile alpha /bin/alpha {\n  /a r,\n}\n"
		"profile mid flags=(complain) {\n}\n";
	const struct pal_policy_header *h;
	struct pt_policy p;
	char err[128];
	uint32_t i, prev = 0, sum;
	uint8_t *copy;

	ASSERT_EQ(0, pt_compile(text, &p));
	h = (const void *)p.buf;
	EXPECT_EQ(PALISADE_POLICY_MAGIC, h->magic);
	EXPECT_EQ(PALISADE_ENDIAN_TAG, h->endian);
	EXPECT_EQ(PALISADE_POLICY_VERSION, h->version);
	EXPECT_EQ(p.size, h->size);
	EXPECT_EQ(3U, h->nprofiles);
	EXPECT_EQ(sizeof(*h), h->profiles_off);
	EXPECT_EQ(0U, h->flags);
	EXPECT_EQ(0U, h->size % 4);
	EXPECT_EQ(0U, h->attach_dfa_off % 4);
	EXPECT_EQ(0U, h->strings_off % 4);
	EXPECT_EQ(0, p.buf[h->strings_off]);	/* offset 0: "" */
	for (i = 0; i < h->nprofiles; i++) {
		const struct pal_profile_rec *r = (const void *)(p.buf + h->profiles_off +
								 i * sizeof(*r));
		const char *name = (const char *)p.buf + h->strings_off + r->name_off;

		EXPECT_GT(r->id, prev);
		prev = r->id;
		EXPECT_EQ(pal_profile_id(name), r->id);
		EXPECT_EQ(0U, r->file_dfa_off % 4);
		EXPECT_EQ((int)i, pal_policy_profile_index(p.blob, name));
	}
	EXPECT_EQ(-1, pal_policy_profile_index(p.blob, "nope"));
	/* the checksum covers everything, with its own field as zero */
	copy = malloc(p.size);
	memcpy(copy, p.blob, p.size);
	memset(copy + offsetof(struct pal_policy_header, checksum), 0, 4);
	sum = pal_fnv1a(PAL_FNV_OFFSET, copy, p.size);
	EXPECT_EQ(sum, h->checksum);
	free(copy);
	EXPECT_EQ(0, pal_policy_verify(p.blob, p.size, err, sizeof(err)));
	EXPECT_STREQ("", err);
	pt_free(&p);
}

TEST(profile_ids)
{
	/* FNV-1a 32 reference values */
	EXPECT_EQ(0x811c9dc5U, pal_fnv1a(PAL_FNV_OFFSET, "", 0));
	EXPECT_EQ(0xe40c292cU, pal_profile_id("a"));
	EXPECT_EQ(0xbf9cf968U, pal_profile_id("foobar"));
}

TEST(deterministic_output)
{
	static const char a[] =
		"@{V} = /x /y\n"
		"profile one /usr/bin/one {\n  /a/** r,\n  deny /a/b w,\n  @{V}/c rw,\n}\n"
		"profile two /usr/bin/t* {\n  owner /h/** rw,\n  audit /l a,\n}\n"
		"/usr/bin/three {\n  /** r,\n}\n";
	/* same profiles, reordered, rules reordered, spelled differently */
	static const char b[] =
		"# reordered\n"
		"/usr/bin/three {\n  /** r,\n}\n"
		"profile two /usr/bin/t* {\n  audit /l a,\n  owner /h/** rw,\n}\n"
		"@{V} = /y\n@{V} += /x\n"
		"profile one /usr/bin/one {\n  rw @{V}/c,\n  deny /a/b w,\n  /a/** r,\n}\n";
	struct pt_policy p1, p2, p3;

	ASSERT_EQ(0, pt_compile(a, &p1));
	ASSERT_EQ(0, pt_compile(a, &p2));
	ASSERT_EQ(0, pt_compile(b, &p3)) TH_LOG("%s", p3.errs);
	ASSERT_EQ(p1.size, p2.size);
	EXPECT_EQ(0, memcmp(p1.blob, p2.blob, p1.size));
	ASSERT_EQ(p1.size, p3.size);
	EXPECT_EQ(0, memcmp(p1.blob, p3.blob, p1.size));
	pt_free(&p1);
	pt_free(&p2);
	pt_free(&p3);
}

TEST(attachment_longest_left_match)
{
	static const char text[] =
		"profile any /usr/** {\n}\n"
		"profile bin /usr/bin/* {\n}\n"
		"profile exact /usr/bin/foo {\n}\n"
		"profile tie1 /opt/*/run {\n}\n"
		"profile tie2 /opt/x*/run {\n}\n"
		"profile tie3 /opt/*/r{u,a}n {\n}\n";
	struct pt_policy p;
	const char *lo, *hi;
	char want[256];

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_STREQ("exact", pt_attach(&p, "/usr/bin/foo"));
	EXPECT_STREQ("bin", pt_attach(&p, "/usr/bin/bar"));
	EXPECT_STREQ("any", pt_attach(&p, "/usr/lib/x"));
	EXPECT_STREQ("any", pt_attach(&p, "/usr/bin/a/b"));
	EXPECT_EQ(NULL, pt_attach(&p, "/usr/"));
	EXPECT_EQ(NULL, pt_attach(&p, "/bin/foo"));
	/* tie2 has the longer literal prefix ("/opt/x") */
	EXPECT_STREQ("tie2", pt_attach(&p, "/opt/xy/run"));
	/* tie1 and tie3 both have "/opt/": the lower record index wins */
	if (pal_policy_profile_index(p.blob, "tie1") <
	    pal_policy_profile_index(p.blob, "tie3")) {
		lo = "tie1";
		hi = "tie3";
	} else {
		lo = "tie3";
		hi = "tie1";
	}
	EXPECT_STREQ(lo, pt_attach(&p, "/opt/y/run"));
	EXPECT_STREQ("tie3", pt_attach(&p, "/opt/y/ran"));
	snprintf(want, sizeof(want),
		 "test.prof:%d:%d: warning: attachments of profiles '%s' and '%s' overlap with equal literal prefix length 5; '%s' wins\n",
		 strcmp(hi, "tie1") ? 11 : 7, strcmp(hi, "tie1") ? 14 : 14, lo,
		 hi, lo);
	EXPECT_STREQ(want, p.errs);
	pt_free(&p);
}

TEST(byte_order)
{
	struct pal_compile_opts le = { .big_endian = 0 }, be = { .big_endian = 1 };
	struct pt_policy pl, pb;
	const uint8_t *l, *b;
	char err[128];
	size_t i;
	int host_big = pal_resolve_big_endian(-1);
	uint32_t so, ss;

	ASSERT_EQ(0, pt_compile_opts(base_text, &le, &pl));
	ASSERT_EQ(0, pt_compile_opts(base_text, &be, &pb));
	ASSERT_EQ(pl.size, pb.size);
	l = pl.blob;
	b = pb.blob;
	/* the header, profile records and tables are words: swapped */
	for (i = 0; i < sizeof(struct pal_policy_header); i += 4)
		if (i != offsetof(struct pal_policy_header, checksum))
			EXPECT_EQ(pal_get32(l + i, 0), pal_get32(b + i, 1));
	EXPECT_EQ(0x04, l[4]);
	EXPECT_EQ(0x01, b[4]);
	/* the string table is bytes: identical */
	so = pal_get32(l + offsetof(struct pal_policy_header, strings_off), 0);
	ss = pal_get32(l + offsetof(struct pal_policy_header, strings_size), 0);
	EXPECT_EQ(0, memcmp(l + so, b + so, ss));
	/* the foreign one is refused with a clear reason */
	if (host_big) {
		EXPECT_EQ(-EINVAL, pal_policy_verify(pl.blob, pl.size, err, sizeof(err)));
		EXPECT_STREQ("policy is little-endian, this machine is big-endian", err);
		EXPECT_EQ(0, pal_policy_verify(pb.blob, pb.size, err, sizeof(err)));
	} else {
		EXPECT_EQ(-EINVAL, pal_policy_verify(pb.blob, pb.size, err, sizeof(err)));
		EXPECT_STREQ("policy is big-endian, this machine is little-endian", err);
		EXPECT_EQ(0, pal_policy_verify(pl.blob, pl.size, err, sizeof(err)));
	}
	pt_free(&pl);
	pt_free(&pb);
}

TEST(empty_policy)
{
	struct pt_policy p;
	const struct pal_policy_header *h;
	char err[128];

	ASSERT_EQ(0, pt_compile("# nothing\n", &p));
	h = (const void *)p.buf;
	EXPECT_EQ(0U, h->nprofiles);
	EXPECT_EQ(0, pal_policy_verify(p.blob, p.size, err, sizeof(err)));
	EXPECT_EQ(NULL, pt_attach(&p, "/bin/sh"));
	EXPECT_EQ(0U, pt_profile(&p, "x"));
	pt_free(&p);
}

/* Two names with the same FNV-1a id: found by birthday search. */
static void colliding_names(char *a, char *b, size_t n)
{
	static uint32_t seen[1 << 20];
	uint32_t i;

	memset(seen, 0, sizeof(seen));
	for (i = 1;; i++) {
		char name[32];
		uint32_t id, slot;

		snprintf(name, sizeof(name), "n%u", i);
		id = pal_profile_id(name);
		slot = id & ((1 << 20) - 1);
		while (seen[slot]) {
			char other[32];

			snprintf(other, sizeof(other), "n%u", seen[slot]);
			if (pal_profile_id(other) == id) {
				snprintf(a, n, "%s", other);
				snprintf(b, n, "%s", name);
				return;
			}
			slot = (slot + 1) & ((1 << 20) - 1);
		}
		seen[slot] = i;
	}
}

TEST(id_collision_is_an_error)
{
	char a[32], b[32], text[256], want[256];
	struct pt_policy p;

	colliding_names(a, b, sizeof(a));
	ASSERT_STRNE(a, b);
	ASSERT_EQ(pal_profile_id(a), pal_profile_id(b));
	snprintf(text, sizeof(text), "profile %s {\n}\nprofile %s {\n}\n", a, b);
	EXPECT_EQ(-1, pt_compile(text, &p));
	snprintf(want, sizeof(want),
		 "test.prof:3:9: error: profile names '%s' and '%s' hash to the same id 0x%08x; rename one\n",
		 a, b, pal_profile_id(a));
	EXPECT_STREQ(want, p.errs);
	pt_free(&p);
}

TEST_HARNESS_MAIN
