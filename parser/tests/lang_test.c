// SPDX-License-Identifier: GPL-2.0
/*
 * AppArmor language features beyond plain file rules: prefix blocks,
 * priorities, boolean variables and conditionals, built-in variables,
 * link rules, safe/unsafe exec, the 'other' qualifier, profile flags and
 * the validation of the rule classes palisade does not mediate.
 */
#include "kselftest_harness.h"
#include "pal_test.h"

struct err_case {
	const char *text;
	const char *msg;
};

static const struct err_case errors[] = {
	{ "profile p {\n  priority=1001 /a r,\n}\n",
	  "test.prof:2:12: error: priority 1001 out of range [-1000, 1000]\n" },
	{ "profile p {\n  audit priority=1 /a r,\n}\n",
	  "test.prof:2:9: error: 'priority' must come before the other rule prefixes\n" },
	{ "profile p {\n  owner capability chown,\n}\n",
	  "test.prof:2:3: error: 'owner' prefix not allowed on 'capability' rules\n" },
	{ "profile p {\n  capability foo,\n}\n",
	  "test.prof:2:14: error: unknown capability 'foo' in 'capability' rule\n" },
	{ "profile p {\n  network port=65536,\n}\n",
	  "test.prof:2:16: error: invalid port '65536' in 'network' rule\n" },
	{ "profile p {\n  network unix ip=::1,\n}\n",
	  "test.prof:2:16: error: ip and port conditions need the inet or inet6 family in 'network' rule\n" },
	{ "profile p {\n  network bind peer=(ip=::1),\n}\n",
	  "test.prof:2:16: error: 'peer' with a permission that has no peer in 'network' rule\n" },
	{ "$B = true\nprofile p {\n  if $C {\n  }\n}\n",
	  "test.prof:3:6: error: undefined boolean variable $C\n" },
	{ "profile p {\n  $B = true\n}\n",
	  "test.prof:2:3: error: boolean variables are defined outside profiles\n" },
	{ "$B = maybe\n",
	  "test.prof:1:6: error: expected 'true' or 'false', found 'maybe'\n" },
	{ "$B = true\nprofile p {\n  if $B /a r,\n}\n",
	  "test.prof:3:9: error: expected '{' after the condition, found '/a'\n" },
	{ "profile p flags=() {\n}\n",
	  "test.prof:1:17: error: empty profile flags '()'\n" },
	{ "profile p flags=(error=EFOO) {\n}\n",
	  "test.prof:1:24: error: unknown error name 'EFOO' (write e.g. EPERM)\n" },
	{ "profile p flags=(attach_disconnected, no_attach_disconnected) {\n}\n",
	  "test.prof:1:39: error: profile flag 'no_attach_disconnected' conflicts with 'attach_disconnected' (at 1:18)\n" },
	{ "profile p {\n  deny { allow /a r, }\n}\n",
	  "test.prof:2:10: error: 'allow' repeated or in conflict with an enclosing or earlier prefix\n" },
	{ "profile p {\n  { /a r, }\n}\n",
	  "test.prof:2:3: error: expected a rule or '}', found '{'\n" },
	{ "profile p {\n  mount options=(ro, rw) -> /m,\n}\n",
	  "test.prof:2:22: error: conflicting mount option 'rw' in 'mount' rule\n" },
	{ "profile p {\n  signal set=(hup, nohup),\n}\n",
	  "test.prof:2:20: error: unknown signal 'nohup' in 'signal' rule\n" },
	{ "profile p {\n  set rlimit nofile <= lots,\n}\n",
	  "test.prof:2:24: error: invalid rlimit value 'lots' in 'rlimit' rule\n" },
	{ "profile p {\n  mqueue label=,\n}\n",
	  "test.prof:2:10: error: 'label=' without a value in 'mqueue' rule\n" },
	{ "profile p {\n  link /a /b,\n}\n",
	  "test.prof:2:11: error: expected '->' and the link target, found '/b'\n" },
	{ "profile p {\n  unsafe /a r,\n}\n",
	  "test.prof:2:10: error: expected an exec mode after 'safe' or 'unsafe', found '/a'\n" },
	{ "profile p {\n  unsafe r /a,\n}\n",
	  "test.prof:2:3: error: 'unsafe' needs an exec mode that can scrub the environment (px, cx, ux, ...)\n" },
	{ "profile p + identities=() {\n}\n",
	  "test.prof:1:25: error: empty 'identities=()'\n" },
	{ "@{v}=bar\nprofile p flags=(attach_disconnected.path=@{v}) {\n}\n",
	  "test.prof:2:43: error: 'attach_disconnected.path' needs an absolute path\n" },
	{ "profile p {\n  lpx /a -> /b,\n}\n",
	  "test.prof:2:10: error: '->' is ambiguous with both 'l' and an exec mode (split the rule)\n" },
	{ "profile p {\n  /a px,\n  /a ix,\n}\n",
	  "test.prof:3:6: error: exec mode 'ix' conflicts with 'px' for the same path (at 2:3)\n" },
	{ ":ns profile {\n}\n",
	  "test.prof:1:1: error: expected ':namespace:name'\n" },
};

TEST(error_locations)
{
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct pt_policy p;

		EXPECT_EQ(-1, pt_compile(errors[i].text, &p));
		EXPECT_STREQ(errors[i].msg, p.errs) TH_LOG("case %zu", i);
		pt_free(&p);
	}
}

TEST(change_profile_safe_unsafe_conflict)
{
	struct pt_policy p;

	EXPECT_EQ(-1, pt_compile("profile p {\n  change_profile /e -> q,\n"
				 "  change_profile unsafe /e -> q,\n}\n", &p));
	EXPECT_STREQ("test.prof:2:3: note: 'change_profile' rules are parsed, not enforced\n"
		     "test.prof:3:18: error: conflicting safe and unsafe exec for '/e' in 'change_profile' rule\n",
		     p.errs);
	pt_free(&p);
}

TEST(prefix_blocks)
{
	struct pt_policy p;
	struct pal_perms o;

	ASSERT_EQ(0, pt_compile("profile p {\n"
				"  audit {\n    /a r,\n    deny /a/b r,\n  }\n"
				"  owner {\n    /c rw,\n  }\n"
				"  /d r,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/a") & PAL_MAY_READ);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_perms(&p, "p", "/a", 0).audit & PAL_MAY_READ);
	EXPECT_EQ(0U, pt_allow(&p, "p", "/a/b"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/c"));
	o = pt_perms(&p, "p", "/c", 1);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, o.allow & PAL_MAY_READ);
	/* the prefix ends with its block */
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/d"));
	EXPECT_EQ(0U, pt_perms(&p, "p", "/d", 0).audit);
	pt_free(&p);
}

TEST(priority_prefix)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile p {\n  priority=-1 audit deny owner /x w,\n"
				"  priority=+5 /y r,\n}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ(NULL, strstr(p.errs, "not enforced"));
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/y"));
	pt_free(&p);
	/* only file rules apply priorities so far: said once for the others */
	ASSERT_EQ(0, pt_compile("profile p {\n  priority=2 capability chown,\n}\n", &p));
	EXPECT_NE(NULL, strstr(p.errs, "priorities of rules other than file rules are parsed, not enforced"))
		TH_LOG("%s", p.errs);
	pt_free(&p);
}

/*
 * A higher priority overrides lower ones for the permissions it names;
 * within one priority deny still beats allow.
 */
TEST(priority_overrides_per_permission)
{
	const uint32_t r = PAL_MAY_READ, w = PAL_MAY_WRITE | PAL_MAY_APPEND;
	struct pt_policy p;
	struct pal_perms m;

	ASSERT_EQ(0, pt_compile("profile p {\n"
				"  /data/** rw,\n"
				"  priority=10 deny /data/secret/** w,\n"
				"  priority=20 /data/secret/ok w,\n"
				"  priority=-5 deny /data/** r,\n"
				"  priority=1 { owner /own/** r, }\n"
				"  priority=1 deny /own/** w,\n"
				"  /own/** rw,\n"
				"  /same/** rw,\n"
				"  deny /same/** w,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	/* priority 0 allow r beats priority -5 deny r */
	EXPECT_EQ(r | w, pt_allow(&p, "p", "/data/x"));
	/* priority 10 deny w beats priority 0 allow w; r untouched */
	EXPECT_EQ(r, pt_allow(&p, "p", "/data/secret/x"));
	m = pt_perms(&p, "p", "/data/secret/x", 0);
	EXPECT_EQ(w, m.deny);
	/* priority 20 allow w beats priority 10 deny w */
	EXPECT_EQ(r | w, pt_allow(&p, "p", "/data/secret/ok"));
	m = pt_perms(&p, "p", "/data/secret/ok", 0);
	EXPECT_EQ(0U, m.deny);
	/* a block's priority applies to its rules: owner r at 1 overrides
	 * the priority 0 r for everyone; w denied at 1 */
	m = pt_perms(&p, "p", "/own/f", 0);
	EXPECT_EQ(0U, m.allow & r);
	EXPECT_EQ(w, m.deny & w);
	m = pt_perms(&p, "p", "/own/f", 1);
	EXPECT_EQ(r, m.allow & r);
	/* equal priorities: deny beats allow as always */
	EXPECT_EQ(r, pt_allow(&p, "p", "/same/f"));
	pt_free(&p);
}

TEST(conditionals)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("$ON = true\n$OFF = False\n$OFF ?= true\n"
				"@{V} = x\n"
				"profile p {\n"
				"  if $ON { /on r, } else { /else r, }\n"
				"  if not ${OFF} and defined @{V} { /v r, }\n"
				"  if $OFF { /off r, } else if ($ON or $OFF) { /elif r, } else { /last r, }\n"
				"  if defined $NOPE { /nope r, }\n"
				"  if $OFF { ^hat { /h r, } }\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/on"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/else"));
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/v"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/off"));
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/elif"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/last"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/nope"));
	/* a hat in a branch not taken does not exist */
	EXPECT_EQ(0U, pt_profile(&p, "p//hat"));
	pt_free(&p);
}

TEST(builtin_variables)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile p /usr/bin/p {\n"
				"  @{exec_path} r,\n"
				"  /data/@{profile_name}/** r,\n"
				"  @{attach_path}.conf r,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/usr/bin/p"));
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/data/p/x"));
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/usr/bin/p.conf"));
	pt_free(&p);
	/* no attachment, no @{exec_path} */
	EXPECT_EQ(-1, pt_compile("profile p {\n  @{exec_path} r,\n}\n", &p));
	EXPECT_STREQ("test.prof:2:3: error: undefined variable @{exec_path}\n", p.errs);
	pt_free(&p);
}

TEST(builtin_variables_yield_to_definitions)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("@{exec_path}=/path\n@{V} = a \\\n  b\n"
				"profile @{exec_path} {\n  @{exec_path} r,\n  /v/@{V} r,\n}\n",
				&p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "/path", "/path"));
	/* a '\\' at the end of a line continues the values */
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "/path", "/v/b"));
	pt_free(&p);
}

TEST(link_and_exec_forms)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile p {\n"
				"  link subset /a -> /b,\n"
				"  owner link /c -> /d,\n"
				"  unsafe px /e,\n"
				"  safe cx /f,\n"
				"  /g iX,\n"
				"  /abc\\ def r,\n"
				"  /foo,bar r,\n"
				"  file,\n"
				"}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_EQ((uint32_t)PAL_MAY_LINK, pt_allow(&p, "p", "/a") & PAL_MAY_LINK);
	EXPECT_EQ((uint32_t)PAL_MAY_LINK, pt_perms(&p, "p", "/c", 1).allow & PAL_MAY_LINK);
	EXPECT_EQ((uint32_t)PAL_MAY_EXEC, pt_allow(&p, "p", "/e") & PAL_MAY_EXEC);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/abc def") & PAL_MAY_READ);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/foo,bar") & PAL_MAY_READ);
	pt_free(&p);
}

TEST(other_qualifier_is_on_the_safe_side)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile p {\n  /x rw,\n  other /o r,\n"
				"  deny other /x w,\n}\n", &p)) TH_LOG("%s", p.errs);
	EXPECT_NE(NULL, strstr(p.errs, "'other' qualifiers are parsed, not enforced"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/o"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/x") & PAL_MAY_WRITE);
	EXPECT_EQ((uint32_t)PAL_MAY_READ, pt_allow(&p, "p", "/x") & PAL_MAY_READ);
	pt_free(&p);
}

TEST(profile_flag_forms)
{
	static const char *const ok[] = {
		"/p (complain) {\n}\n",
		"/p flags=(complain audit) {\n}\n",
		"/p flags=(attach_disconnected.path=/dis, attach_disconnected) {\n}\n",
		"/p flags=(kill, kill.signal=usr1, error=EPERM) {\n}\n",
		"/p flags=(default_allow, mediate_deleted, interruptible) {\n}\n",
		"profile p flags=complain {\n  ^h flags=(debug) {\n  }\n  hat h2 {\n  }\n}\n",
		"profile p + identities=(foo, \"/a b\") {\n}\n",
		":ns:p /usr/bin/p {\n}\nprofile :ns:q {\n}\n",
		"/p {\n}\nhat /p//h {\n}\n",
		"abi < abi/4.0 >,\n/p {\n}\n",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct pt_policy p;

		EXPECT_EQ(0, pt_compile(ok[i], &p)) TH_LOG("%s: %s", ok[i], p.errs);
		pt_free(&p);
	}
}

TEST(other_classes_accepted)
{
	static const char *const ok[] = {
		"capability chown dac_override,",
		"network (send, receive) inet stream ip=10.0.0.1 port=80-90 peer=(ip=::1 port=22),",
		"network inet6 tcp,",
		"signal (send receive) set=(hup, rtmin+3) peer=foo,",
		"signal set=hup,int,",
		"ptrace (read trace) peer=/usr/bin/x,",
		"unix (send receive) type=stream addr=@foo peer=(label=x addr=@bar),",
		"dbus (send) bus=session path=/a interface=org.x member=M peer=(name=org.y label=z),",
		"dbus bind bus=system name=org.x,",
		"mount options=(ro, nosuid) fstype=ext3,ext4 /dev/sda1 -> /mnt/,",
		"mount fstype={procfs,sysfs} -> /foo,",
		"mount options in (rw ro) -> /foo,",
		"mount options=rprivate /1,",
		"umount /mnt/,",
		"pivot_root oldroot=/old /new -> q,",
		"mqueue (read write) type=posix /q,",
		"mqueue type=sysv 1234,",
		"userns create,",
		"io_uring (sqpoll override_creds) label=foo,",
		"change_profile safe /bin/x -> q//hat,",
		"change_profile -> :ns:prof,",
		"set rlimit nofile <= 1024,",
		"set rlimit as <= 1GB,",
		"set rlimit nice <= -5,",
		"all,",
		"audit deny capability sys_module,",
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct pal_buf b = { 0 };
		struct pt_policy p;

		pal_buf_printf(&b, "profile p {\n  %s\n}\n", ok[i]);
		EXPECT_EQ(0, pt_compile(b.s, &p)) TH_LOG("%s: %s", ok[i], p.errs);
		pt_free(&p);
		pal_buf_free(&b);
	}
}

TEST(deep_blocks_do_not_crash)
{
	struct pal_buf b = { 0 };
	struct pt_policy p;
	int i;

	pal_buf_puts(&b, "$B = true\nprofile p {\n");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "if $B {");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	EXPECT_NE(NULL, strstr(p.errs, "blocks nested more than 256 deep"));
	pt_free(&p);
	pal_buf_free(&b);

	pal_buf_puts(&b, "$B = true\nprofile p {\n  if ");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "(not ");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	EXPECT_NE(NULL, strstr(p.errs, "condition nested more than 256 deep"));
	pt_free(&p);
	pal_buf_free(&b);

	pal_buf_puts(&b, "profile p {\n");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "audit {");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	pt_free(&p);
	pal_buf_free(&b);
}

/* Random edits of a profile using the newer grammar never crash or hang. */
TEST(fuzz_new_grammar)
{
	static const char seed[] =
		"$B = true\n@{V} = /a /b\n"
		"profile p /usr/bin/p flags=(complain, attach_disconnected.path=/d) {\n"
		"  if $B and not defined @{W} { /x r, } else { /y r, }\n"
		"  audit { owner /o rw, priority=3 deny /z w, }\n"
		"  network (send) inet tcp ip=::1 port=1-2 peer=(ip=10.0.0.1),\n"
		"  mount options=(ro) fstype={a,b} /dev -> /m,\n"
		"  dbus send bus=session member={A,B} peer=(label=x),\n"
		"  link subset /l -> /t,\n"
		"  set rlimit nofile <= 10,\n"
		"  change_profile unsafe /e -> q,\n"
		"}\n";
	static const char junk[] = "{}[](),\"'\\/*?@$#<>=+-^ \n\tarwxPU";
	pt_fuzz(_metadata, seed, junk, 0xfeedfacecafef00dULL, 3000);
}

TEST_HARNESS_MAIN
