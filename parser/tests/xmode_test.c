// SPDX-License-Identifier: GPL-2.0
/*
 * Exec transitions: the PAL_X_* words the compiler writes into accept
 * records, the exec target table, conflicting x modifiers, and the
 * transition match.h's pal_exec_transition() computes from them (the code
 * the exec hook runs).
 */
#include "kselftest_harness.h"
#include "pal_test.h"
#include "pal_xmode.h"

static struct pal_xresult pt_exec(const struct pt_policy *p, const char *prof,
				  const char *path, int owner)
{
	static char buf[PALISADE_PATH_MAX];
	struct pal_xresult r;
	uint32_t rec = pt_profile(p, prof);

	memset(&r, 0, sizeof(r));
	memset(buf, 0, sizeof(buf));
	memcpy(buf, path, strnlen(path, sizeof(buf) - 1));
	if (rec)
		pal_exec_transition(p->buf, rec, buf, owner, &r);
	return r;
}

/* Name of the exec target table entry @idx (1-based). */
static const char *pt_xtarget(const struct pt_policy *p, uint32_t idx)
{
	const struct pal_policy_header *h = (const void *)p->buf;
	const struct pal_xtarget *t;

	if (!idx || idx > h->nxtargets)
		return NULL;
	t = (const void *)(p->buf + h->xtargets_off);
	return (const char *)p->buf + h->strings_off + t[idx - 1].name_off;
}

static const char *pt_name(const struct pt_policy *p, uint32_t rec)
{
	const struct pal_policy_header *h = (const void *)p->buf;
	const struct pal_profile_rec *r = (const void *)(p->buf + rec);

	return rec ? (const char *)p->buf + h->strings_off + r->name_off : NULL;
}

TEST(every_mode_has_its_word)
{
	static const struct {
		const char *mode;
		uint32_t word;
	} modes[] = {
		{ "ix", PAL_X_IX },
		{ "ux", PAL_X_UX },
		{ "Ux", PAL_X_UX | PAL_X_SCRUB },
		{ "px", PAL_X_PX },
		{ "Px", PAL_X_PX | PAL_X_SCRUB },
		{ "cx", PAL_X_CX },
		{ "Cx", PAL_X_CX | PAL_X_SCRUB },
		{ "pix", PAL_X_PX | PAL_X_FALLBACK_IX },
		{ "Pix", PAL_X_PX | PAL_X_FALLBACK_IX | PAL_X_SCRUB },
		{ "cix", PAL_X_CX | PAL_X_FALLBACK_IX },
		{ "Cix", PAL_X_CX | PAL_X_FALLBACK_IX | PAL_X_SCRUB },
		{ "pux", PAL_X_PX | PAL_X_FALLBACK_UX },
		{ "PUx", PAL_X_PX | PAL_X_FALLBACK_UX | PAL_X_SCRUB },
		{ "cux", PAL_X_CX | PAL_X_FALLBACK_UX },
		{ "CUx", PAL_X_CX | PAL_X_FALLBACK_UX | PAL_X_SCRUB },
		{ "safe ux", PAL_X_UX | PAL_X_SCRUB },
		{ "unsafe Px", PAL_X_PX },
	};
	size_t i;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		struct pal_buf b = { 0 };
		struct pt_policy p;
		struct pal_xresult r;
		const char *sp = strchr(modes[i].mode, ' ');

		/* "safe ux /bin/a,": the safety word before the mode */
		if (sp)
			pal_buf_printf(&b, "profile p {\n  %s /bin/a,\n}\n",
				       modes[i].mode);
		else
			pal_buf_printf(&b, "profile p {\n  /bin/a %s,\n}\n",
				       modes[i].mode);
		ASSERT_EQ(0, pt_compile(b.s, &p)) TH_LOG("%s: %s", b.s, p.errs);
		r = pt_exec(&p, "p", "/bin/a", 0);
		EXPECT_EQ(modes[i].word, r.xmode) TH_LOG("%s", modes[i].mode);
		EXPECT_EQ((uint32_t)PAL_MAY_EXEC, r.perms.allow & PAL_MAY_EXEC);
		/* the owner sees rules without owner too */
		EXPECT_EQ(modes[i].word, pt_exec(&p, "p", "/bin/a", 1).xmode);
		EXPECT_EQ(0U, pt_exec(&p, "p", "/bin/b", 0).xmode);
		pal_buf_free(&b);
		pt_free(&p);
	}
}

TEST(named_targets_go_to_the_table)
{
	struct pt_policy p;
	struct pal_xresult r;
	const char *text =
		"profile p {\n"
		"  /bin/a px -> q,\n"
		"  /bin/b Px -> q,\n"
		"  /bin/c cx -> kid,\n"
		"  /bin/d pix -> @{T},\n"
		"  profile kid { }\n"
		"}\n"
		"@{T} = gone\n"
		"profile q { }\n";

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	r = pt_exec(&p, "p", "/bin/a", 0);
	EXPECT_STREQ("q", pt_xtarget(&p, r.xmode >> PAL_X_TARGET_SHIFT));
	/* one entry per name */
	EXPECT_EQ(r.xmode >> PAL_X_TARGET_SHIFT,
		  pt_exec(&p, "p", "/bin/b", 0).xmode >> PAL_X_TARGET_SHIFT);
	r = pt_exec(&p, "p", "/bin/c", 0);
	EXPECT_STREQ("p//kid", pt_xtarget(&p, r.xmode >> PAL_X_TARGET_SHIFT));
	r = pt_exec(&p, "p", "/bin/d", 0);
	EXPECT_STREQ("gone", pt_xtarget(&p, r.xmode >> PAL_X_TARGET_SHIFT));
	EXPECT_EQ(3U, ((const struct pal_policy_header *)p.buf)->nxtargets);
	pt_free(&p);
}

TEST(transitions)
{
	struct pt_policy p;
	struct pal_xresult r;
	const char *text =
		"profile p /usr/bin/p {\n"
		"  /bin/ix ix,\n"
		"  /bin/px px -> q,\n"
		"  /bin/Px Px -> q,\n"
		"  /bin/missing px -> nobody,\n"
		"  /bin/pix pix -> nobody,\n"
		"  /bin/Pix Pix -> nobody,\n"
		"  /bin/PUx PUx -> nobody,\n"
		"  /bin/pux pux -> nobody,\n"
		"  /bin/cx cx -> kid,\n"
		"  /bin/Cix Cix -> nokid,\n"
		"  /bin/ux ux,\n"
		"  /bin/Ux Ux,\n"
		"  /usr/bin/* px,\n"
		"  /opt/* cx,\n"
		"  deny /bin/denied x,\n"
		"  profile kid { }\n"
		"  profile /opt/tool { }\n"
		"}\n"
		"profile q { }\n"
		"profile attached /usr/bin/att* { }\n";
	uint32_t p_rec, q_rec, kid_rec;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	p_rec = pt_profile(&p, "p");
	q_rec = pt_profile(&p, "q");
	kid_rec = pt_profile(&p, "p//kid");
	ASSERT_NE(0U, p_rec);
	ASSERT_NE(0U, q_rec);
	ASSERT_NE(0U, kid_rec);

	r = pt_exec(&p, "p", "/bin/ix", 0);
	EXPECT_EQ(PAL_X_IX, r.type);
	EXPECT_EQ(p_rec, r.target);
	EXPECT_EQ(pal_profile_id("p"), r.target_id);
	EXPECT_EQ(0U, r.secure);

	r = pt_exec(&p, "p", "/bin/px", 0);
	EXPECT_EQ(PAL_X_PX, r.type);
	EXPECT_EQ(q_rec, r.target);
	EXPECT_EQ(pal_profile_id("q"), r.target_id);
	EXPECT_EQ(0U, r.secure);
	EXPECT_EQ(1U, pt_exec(&p, "p", "/bin/Px", 0).secure);

	r = pt_exec(&p, "p", "/bin/missing", 0);
	EXPECT_EQ(PAL_X_NONE, r.type);
	EXPECT_EQ((uint32_t)PAL_INFO_NO_TARGET, r.info);
	EXPECT_EQ(pal_profile_id("nobody"), r.target_id);
	EXPECT_EQ(0U, r.target);

	/* fallbacks: ix stays without scrubbing (as AppArmor), ux scrubs
	 * when the mode is upper-case */
	r = pt_exec(&p, "p", "/bin/pix", 0);
	EXPECT_EQ(PAL_X_IX, r.type);
	EXPECT_EQ(p_rec, r.target);
	EXPECT_EQ(0U, r.info);
	r = pt_exec(&p, "p", "/bin/Pix", 0);
	EXPECT_EQ(PAL_X_IX, r.type);
	EXPECT_EQ(0U, r.secure);
	r = pt_exec(&p, "p", "/bin/pux", 0);
	EXPECT_EQ(PAL_X_UX, r.type);
	EXPECT_EQ(0U, r.target_id);
	EXPECT_EQ(0U, r.secure);
	r = pt_exec(&p, "p", "/bin/PUx", 0);
	EXPECT_EQ(PAL_X_UX, r.type);
	EXPECT_EQ(1U, r.secure);
	r = pt_exec(&p, "p", "/bin/Cix", 0);
	EXPECT_EQ(PAL_X_IX, r.type);

	r = pt_exec(&p, "p", "/bin/cx", 0);
	EXPECT_EQ(PAL_X_CX, r.type);
	EXPECT_EQ(kid_rec, r.target);

	r = pt_exec(&p, "p", "/bin/ux", 0);
	EXPECT_EQ(PAL_X_UX, r.type);
	EXPECT_EQ(0U, r.target);
	EXPECT_EQ(0U, r.secure);
	EXPECT_EQ(1U, pt_exec(&p, "p", "/bin/Ux", 0).secure);

	/* px without a name: attachment among top-level profiles */
	r = pt_exec(&p, "p", "/usr/bin/attach", 0);
	EXPECT_EQ(PAL_X_PX, r.type);
	EXPECT_STREQ("attached", pt_name(&p, r.target));
	r = pt_exec(&p, "p", "/usr/bin/p", 0);
	EXPECT_STREQ("p", pt_name(&p, r.target));
	r = pt_exec(&p, "p", "/usr/bin/none", 0);
	EXPECT_EQ(PAL_X_NONE, r.type);
	EXPECT_EQ((uint32_t)PAL_INFO_NO_TARGET, r.info);

	/* cx without a name: the child named by the path */
	r = pt_exec(&p, "p", "/opt/tool", 0);
	EXPECT_EQ(PAL_X_CX, r.type);
	EXPECT_STREQ("p///opt/tool", pt_name(&p, r.target));
	r = pt_exec(&p, "p", "/opt/tool2", 0);
	EXPECT_EQ(PAL_X_NONE, r.type);
	r = pt_exec(&p, "p", "/opt/too", 0);
	EXPECT_EQ(PAL_X_NONE, r.type);

	/* deny x: no transition, and x is denied */
	r = pt_exec(&p, "p", "/bin/denied", 0);
	EXPECT_EQ(0U, r.xmode);
	EXPECT_EQ((uint32_t)PAL_MAY_EXEC, r.perms.deny & PAL_MAY_EXEC);
	pt_free(&p);
}

TEST(cx_by_path_only_finds_own_children)
{
	struct pt_policy p;
	const char *text =
		"profile p {\n"
		"  /opt/* cx,\n"
		"}\n"
		"profile other {\n"
		"  profile /opt/tool { }\n"
		"}\n";

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(PAL_X_NONE, pt_exec(&p, "p", "/opt/tool", 0).type);
	EXPECT_EQ((uint32_t)PAL_INFO_NO_TARGET, pt_exec(&p, "p", "/opt/tool", 0).info);
	pt_free(&p);
}

TEST(plain_path_beats_glob)
{
	struct pt_policy p;
	const char *text =
		"profile p {\n"
		"  /usr/bin/* ix,\n"
		"  /usr/bin/foo px -> q,\n"
		"  /usr/{lib,libexec}/** ux,\n"
		"  /usr/lib/x Ux,\n"
		"}\n"
		"profile q { }\n"
		"profile r {\n"
		"  /** ix,\n"
		"  /{,usr/}sbin/gzip cx -> g,\n"
		"  profile g { }\n"
		"}\n";

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(PAL_X_PX, pt_exec(&p, "p", "/usr/bin/foo", 0).type);
	EXPECT_EQ(PAL_X_IX, pt_exec(&p, "p", "/usr/bin/fo", 0).type);
	/* An alternation of plain paths is exact too (Debian's man profile
	 * has a bzip2 rule of the form "/{,usr/}bin/bzip2 rmCx" beside a
	 * wildcard ix rule for everything). */
	EXPECT_EQ(PAL_X_CX, pt_exec(&p, "r", "/sbin/gzip", 0).type);
	EXPECT_EQ(PAL_X_CX, pt_exec(&p, "r", "/usr/sbin/gzip", 0).type);
	EXPECT_EQ(PAL_X_IX, pt_exec(&p, "r", "/usr/sbin/gzipx", 0).type);
	EXPECT_EQ(PAL_X_UX | PAL_X_SCRUB, pt_exec(&p, "p", "/usr/lib/x", 0).xmode);
	EXPECT_EQ(PAL_X_UX, pt_exec(&p, "p", "/usr/lib/y", 0).xmode);
	pt_free(&p);
}

/*
 * A plain-path rule and a glob rule with the same exec mode must not be
 * merged into one accept tag: the plain path's precedence would be lost
 * (AppArmor's xtrans/simple_ok_x_mods_1).
 */
TEST(plain_and_glob_rules_of_one_mode_stay_apart)
{
	struct pt_policy p;
	const char *text =
		"profile p {\n"
		"  /1/1* ix,\n"
		"  /1/2exact ix,\n"
		"  /1/2* ux,\n"
		"  /2/1exact ux,\n"
		"  /2/1* ix,\n"
		"}\n";

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(PAL_X_IX, pt_exec(&p, "p", "/1/2exact", 0).type);
	EXPECT_EQ(PAL_X_UX, pt_exec(&p, "p", "/1/2other", 0).type);
	EXPECT_EQ(PAL_X_UX, pt_exec(&p, "p", "/2/1exact", 0).type);
	EXPECT_EQ(PAL_X_IX, pt_exec(&p, "p", "/2/1other", 0).type);
	EXPECT_EQ(PAL_X_IX, pt_exec(&p, "p", "/1/1x", 0).type);
	pt_free(&p);
}

TEST(owner_rules)
{
	struct pt_policy p;
	const char *text =
		"profile p {\n"
		"  owner /home/*/bin/* ix,\n"
		"  /srv/* px -> q,\n"
		"  deny owner /srv/secret x,\n"
		"}\n"
		"profile q { }\n";
	struct pal_xresult r;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(PAL_X_IX, pt_exec(&p, "p", "/home/u/bin/t", 1).type);
	r = pt_exec(&p, "p", "/home/u/bin/t", 0);
	EXPECT_EQ(0U, r.xmode);
	EXPECT_EQ(0U, r.perms.allow & PAL_MAY_EXEC);
	EXPECT_EQ(PAL_X_PX, pt_exec(&p, "p", "/srv/a", 1).type);
	EXPECT_EQ(PAL_X_PX, pt_exec(&p, "p", "/srv/secret", 0).type);
	r = pt_exec(&p, "p", "/srv/secret", 1);
	EXPECT_EQ(0U, r.xmode);
	EXPECT_EQ((uint32_t)PAL_MAY_EXEC, r.perms.deny & PAL_MAY_EXEC);
	pt_free(&p);
}

struct conflict_case {
	const char *text;
	const char *msg;
};

static const struct conflict_case conflicts[] = {
	{ "profile p {\n  /usr/bin/* ix,\n  /usr/bin/[ab] ux,\n}\n",
	  "test.prof:3:3: error: conflicting x modifiers: '/usr/bin/[ab] ux' and '/usr/bin/* ix' at test.prof:2:3 can match the same path\n" },
	{ "profile p {\n  /a/** px -> x,\n  /a/b/* px -> y,\n}\n",
	  "test.prof:3:3: error: conflicting x modifiers: '/a/b/* px -> y' and '/a/** px -> x' at test.prof:2:3 can match the same path\n" },
	{ "profile p {\n  /a/x px -> x,\n  /a/x px -> y,\n}\n",
	  "test.prof:3:3: error: conflicting x modifiers: '/a/x px -> y' and '/a/x px -> x' at test.prof:2:3 can match the same path\n" },
	{ "profile p {\n  /a/* cx,\n  owner /a/* Cx,\n}\n",
	  "test.prof:3:3: error: conflicting x modifiers: '/a/* Cx' and '/a/* cx' at test.prof:2:3 can match the same path\n" },
	{ "profile p {\n  /a/* px -> q,\n  /a/? Px -> q,\n}\n",
	  "test.prof:3:3: error: conflicting x modifiers: '/a/? Px -> q' and '/a/* px -> q' at test.prof:2:3 can match the same path\n" },
};

TEST(conflicting_x_modifiers)
{
	size_t i;

	for (i = 0; i < sizeof(conflicts) / sizeof(conflicts[0]); i++) {
		struct pt_policy p;

		EXPECT_EQ(-1, pt_compile(conflicts[i].text, &p)) TH_LOG("%s", conflicts[i].text);
		EXPECT_STREQ(conflicts[i].msg, p.errs);
		pt_free(&p);
	}
}

TEST(agreeing_or_disjoint_rules_are_fine)
{
	static const char *const ok[] = {
		/* same mode twice */
		"profile p {\n  /a/* ix,\n  /a/** ix,\n}\n",
		/* disjoint globs */
		"profile p {\n  /a/* ix,\n  /b/* ux,\n}\n",
		/* deny x removes the transition, so nothing conflicts */
		"profile p {\n  /a/* ix,\n  /a/b ux,\n  deny /a/c x,\n}\n",
		/* a rule without x */
		"profile p {\n  /a/* ix,\n  /a/** r,\n}\n",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct pt_policy p;

		EXPECT_EQ(0, pt_compile(ok[i], &p)) TH_LOG("%s: %s", ok[i], p.errs);
		pt_free(&p);
	}
}

TEST(bad_targets)
{
	struct pal_compile_opts strict = { .big_endian = -1, .strict = 1 };
	struct pt_policy p;
	struct pal_xresult r;

	EXPECT_EQ(-1, pt_compile("@{T} = q*\nprofile p {\n  /a px -> @{T},\n}\n", &p));
	EXPECT_STREQ("test.prof:3:3: error: exec target 'q*' is not a profile name\n",
		     p.errs);
	pt_free(&p);
	/* Stacking compiles (AppArmor accepts it) to an exec that is
	 * refused: no profile is named "&q". */
	ASSERT_EQ(0, pt_compile("profile p {\n  /a px -> &q,\n}\nprofile q { }\n", &p));
	EXPECT_STREQ("test.prof:2:3: note: stacked and namespaced exec targets (such execs are refused) are parsed, not enforced\n",
		     p.errs);
	r = pt_exec(&p, "p", "/a", 0);
	EXPECT_EQ(PAL_X_NONE, r.type);
	EXPECT_EQ((uint32_t)PAL_INFO_NO_TARGET, r.info);
	pt_free(&p);
	EXPECT_EQ(-1, pt_compile_opts("profile p {\n  /a px -> :ns:q,\n}\n", &strict, &p));
	pt_free(&p);
}

TEST(xtab)
{
	struct pal_xtab t = { 0 };

	EXPECT_EQ(1U, pal_xtab_intern(&t, "a"));
	EXPECT_EQ(2U, pal_xtab_intern(&t, "b"));
	EXPECT_EQ(1U, pal_xtab_intern(&t, "a"));
	EXPECT_EQ(2U, t.n);
	pal_xtab_free(&t);
	EXPECT_EQ(PAL_X_NONE, pal_xmode_word(PAL_EXEC_X));
	EXPECT_EQ(PAL_X_NONE, pal_xmode_word(PAL_EXEC_NONE));
}

TEST_HARNESS_MAIN
