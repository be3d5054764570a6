// SPDX-License-Identifier: GPL-2.0
/*
 * Lexer and parser: exact file:line:col diagnostics, notes for rule
 * classes that are parsed but not enforced, includes, variables, profile
 * forms, and robustness against hostile input.
 */
/* the harness's own wrapper functions have unused parameters */
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
/* many compiles per test: leave room for valgrind */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 300
#include "pal_test.h"

struct err_case {
	const char *text;
	const char *msg;	/* the whole error stream */
};

static const struct err_case errors[] = {
	{ "profile p {\n  /foo rz,\n}\n",
	  "test.prof:2:9: error: unknown access 'z' (expected r w a l k m or an exec mode)\n" },
	{ "profile p {\n  /foo r\n  /bar w,\n}\n",
	  "test.prof:2:9: error: expected ',' at end of rule, found '/bar'\n" },
	{ "profile p {\n  /foo r,\n",
	  "test.prof:1:11: error: profile body is not closed: missing '}'\n" },
	{ "profile p flags=(complian) {\n}\n",
	  "test.prof:1:18: error: unknown profile flag 'complian'\n" },
	{ "profile p flags=(complain,kill) {\n}\n",
	  "test.prof:1:27: error: profile flag 'kill' conflicts with 'complain' (at 1:18)\n" },
	{ "profile p flags=complain) {\n}\n",
	  "test.prof:1:25: error: expected '{' to open the body of profile 'p', found ')'\n" },
	{ "profile p {\n  /foo/{a,b r,\n}\n",
	  "test.prof:2:8: error: unterminated '{' alternation\n" },
	{ "profile p {\n  \"/foo/{a,b\" r,\n}\n",
	  "test.prof:2:9: error: unterminated '{' alternation\n" },
	{ "profile p {\n  /foo/[ab r,\n}\n",
	  "test.prof:2:8: error: unterminated '[' character class\n" },
	{ "profile p {\n  /foo wa,\n}\n",
	  "test.prof:2:9: error: 'w' and 'a' are mutually exclusive ('w' implies append)\n" },
	{ "profile p {\n  /foo ixpx,\n}\n",
	  "test.prof:2:10: error: more than one exec mode\n" },
	{ "profile p {\n  /foo rx,\n}\n",
	  "test.prof:2:9: error: bare 'x' is only valid in deny rules (use ix, px, cx, ux, ...)\n" },
	{ "profile p {\n  deny /foo px,\n}\n",
	  "test.prof:2:13: error: deny rules take a bare 'x', not 'px'\n" },
	{ "profile p {\n  /foo pr,\n}\n",
	  "test.prof:2:8: error: exec modifier 'p' must be followed by 'x'\n" },
	{ "profile p {\n  /foo Pcx,\n}\n",
	  "test.prof:2:8: error: invalid exec mode 'Pcx'\n" },
	{ "profile p {\n  capability sys_admin\n}\n",
	  "test.prof:2:23: error: expected ',' at end of rule\n" },
	{ "profile p {\n  /foo r,\n}\n}\n",
	  "test.prof:4:1: error: unexpected '}'\n" },
	{ "profile p {\n  @{X}/foo r,\n}\n",
	  "test.prof:2:3: error: undefined variable @{X}\n" },
	{ "@{X}=a\n@{X}=b\n",
	  "test.prof:2:1: error: variable @{X} is already defined (at test.prof:1:1); use '+=' to add values\n" },
	{ "@{X} += b\n",
	  "test.prof:1:1: error: '+=' to undefined variable @{X}\n" },
	{ "@{X} =\n",
	  "test.prof:1:1: error: variable @{X} has no value\n" },
	{ "@{X} = /a /b,\n",
	  "test.prof:1:13: error: trailing ',' in a variable value\n" },
	{ "@{_X} = /a\n",
	  "test.prof:1:1: error: variable name '_X' must start with a letter\n" },
	{ "@{X} = a\"b\n",
	  "test.prof:1:9: error: '\"' inside a variable value (quote the whole value)\n" },
	{ "@{X} = /a/{b\n",
	  "test.prof:1:11: error: unterminated '{' alternation\n" },
	{ "profile p {\n  foo bar,\n}\n",
	  "test.prof:2:3: error: unknown rule 'foo'\n" },
	{ "profile p {\n  rw,\n}\n",
	  "test.prof:2:5: error: expected a path after the access permissions, found ','\n" },
	{ "profile p {\n  /foo ,\n}\n",
	  "test.prof:2:8: error: expected access permissions after the path, found ','\n" },
	{ "profile p {\n  /foo r -> bar,\n}\n",
	  "test.prof:2:10: error: '->' needs a px or cx exec mode (or 'l' for a link target)\n" },
	{ "profile p {\n  owner deny /x r,\n}\n",
	  "test.prof:2:9: error: 'deny' out of order (write priority=, audit, allow or deny, then owner or other)\n" },
	{ "profile p {\n  /a r,\n}\nprofile p {\n}\n",
	  "test.prof:4:9: error: profile 'p' is already defined at test.prof:1:9\n" },
	{ "profile p {\n  \x01 r,\n}\n",
	  "test.prof:2:3: error: unexpected character (byte 0x01)\n" },
	{ "profile p {\n  \"/unterminated r,\n}\n",
	  "test.prof:2:3: error: unterminated quoted string\n" },
	{ "/usr/bin/a {\n  profile b {\n    profile c {\n    }\n  }\n}\n",
	  "test.prof:3:5: error: profiles nest only one level deep\n" },
	{ "/a r,\n",
	  "test.prof:1:4: error: expected '{' to open the body of profile '/a', found 'r'\n" },
	{ "capability,\n",
	  "test.prof:1:1: error: expected a profile, 'include' or a variable definition, found 'capability'\n" },
	{ "profile p {\n  include <nothing>\n}\n",
	  "test.prof:2:3: error: cannot find include <nothing> (no -I include directory given)\n" },
	{ "profile p {\n  /a/b}c r,\n}\n",
	  "test.prof:2:7: error: unmatched '}'\n" },
	{ "profile p {\n\t/a r,\n\t/b q,\n}\n",
	  "test.prof:3:5: error: unknown access 'q' (expected r w a l k m or an exec mode)\n" },
	{ "profile p {\n  ^ {\n  }\n}\n",
	  "test.prof:2:4: error: expected a hat name after '^'\n" },
	{ "profile p {\n  signal (send peer=x,\n}\n",
	  "test.prof:3:1: error: expected ')' in 'signal' rule\n" },
};

TEST(error_locations)
{
	size_t i;

	for (i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct pt_policy p;

		EXPECT_EQ(-1, pt_compile(errors[i].text, &p));
		EXPECT_EQ(NULL, p.blob);
		EXPECT_STREQ(errors[i].msg, p.errs);
		pt_free(&p);
	}
}

static const char other_rules[] =
	"profile p {\n"
	"  capability sys_admin,\n"
	"  capability chown,\n"
	"  deny capability sys_module,\n"
	"  network inet stream,\n"
	"  signal (send) set=(hup, kill) peer=foo,\n"
	"  dbus (send) bus=session path=/a/{b,c},\n"
	"  mount options=(ro, bind) /dev/{a,b} -> /mnt/,\n"
	"  unix (send, receive) type=stream,\n"
	"  set rlimit nofile <= 1024,\n"
	"  change_profile -> other,\n"
	"  ptrace (read) peer=@{profile_name},\n"
	"  /ok r,\n"
	"  capability setuid,\n"
	"}\n";

TEST(other_rule_classes_noted_once)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile(other_rules, &p));
	/* capability, network, signal and ptrace rules are compiled */
	EXPECT_STREQ("test.prof:7:3: note: 'dbus' rules are parsed, not enforced\n"
		     "test.prof:8:3: note: 'mount' rules are parsed, not enforced\n"
		     "test.prof:9:3: note: 'unix' rules are parsed, not enforced\n"
		     "test.prof:10:3: note: 'rlimit' rules are parsed, not enforced\n"
		     "test.prof:11:3: note: 'change_profile' rules are parsed, not enforced\n",
		     p.errs);
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/ok"));
	pt_free(&p);
}

TEST(strict_makes_unenforced_an_error)
{
	struct pal_compile_opts o = { .big_endian = -1, .strict = 1 };
	struct pt_policy p;

	EXPECT_EQ(-1, pt_compile_opts(other_rules, &o, &p));
	EXPECT_EQ(NULL, p.blob);
	EXPECT_STREQ("test.prof:7:3: error: 'dbus' rules are parsed, not enforced (--strict)\n",
		     p.errs);
	pt_free(&p);
	EXPECT_EQ(-1, pt_compile_opts("profile p flags=(audit) {\n}\n", &o, &p));
	EXPECT_STREQ("test.prof:1:18: error: 'audit' profile flags are parsed, not enforced (--strict)\n",
		     p.errs);
	pt_free(&p);
}

TEST(file_rule_forms)
{
	static const char text[] =
		"# comment\n"
		"abi <abi/3.0>,\n"
		"profile p {   # trailing comment\n"
		"  /a r,\n"
		"  file /b w,\n"
		"  allow /c a,\n"
		"  rw /d,\n"
		"  file lk /e,\n"
		"  \"/with space\" m,\n"
		"  /x/y Px -> other,\n"
		"  /x/z cix -> \"child name\",\n"
		"  /x/i PUx,\n"
		"  audit owner /o rw,\n"
		"  deny /a/ w,\n"
		"  deny /x/d x,\n"
		"  /f//g r,\n"
		"  /l l -> /target,\n"
		"}\n";
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_STREQ("test.prof:17:8: note: link targets ('l -> path') are parsed, not enforced\n",
		     p.errs);
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/a"));
	EXPECT_EQ(PAL_MAY_WRITE | PAL_MAY_APPEND, pt_allow(&p, "p", "/b"));
	EXPECT_EQ(PAL_MAY_APPEND, pt_allow(&p, "p", "/c"));
	EXPECT_EQ(PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND, pt_allow(&p, "p", "/d"));
	EXPECT_EQ(PAL_MAY_LINK | PAL_MAY_LOCK, pt_allow(&p, "p", "/e"));
	EXPECT_EQ(PAL_MAY_MMAP, pt_allow(&p, "p", "/with space"));
	EXPECT_EQ(PAL_MAY_EXEC, pt_allow(&p, "p", "/x/y"));
	EXPECT_EQ(PAL_MAY_EXEC, pt_allow(&p, "p", "/x/z"));
	EXPECT_EQ(PAL_MAY_EXEC, pt_allow(&p, "p", "/x/i"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/o"));
	EXPECT_EQ(PAL_MAY_READ | PAL_MAY_WRITE | PAL_MAY_APPEND,
		  pt_perms(&p, "p", "/o", 1).allow);
	EXPECT_EQ(PAL_MAY_WRITE | PAL_MAY_APPEND, pt_perms(&p, "p", "/a/", 0).deny);
	EXPECT_EQ(PAL_MAY_EXEC, pt_perms(&p, "p", "/x/d", 0).deny);
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/f/g"));
	EXPECT_EQ(PAL_MAY_LINK, pt_allow(&p, "p", "/l"));
	EXPECT_EQ(0U, pt_allow(&p, "p", "/nothing"));
	pt_free(&p);
}

TEST(bare_file_rule_is_all_access)
{
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile("profile p {\n  file,\n  deny /etc/** w,\n}\n", &p));
	EXPECT_EQ(PAL_MAY_MASK, pt_allow(&p, "p", "/"));
	EXPECT_EQ(PAL_MAY_MASK, pt_allow(&p, "p", "/a/b/"));
	EXPECT_EQ(PAL_MAY_MASK & ~(PAL_MAY_WRITE | PAL_MAY_APPEND),
		  pt_allow(&p, "p", "/etc/passwd"));
	pt_free(&p);
}

TEST(profile_forms_and_modes)
{
	static const char text[] =
		"/usr/bin/bare {\n}\n"
		"profile named {\n}\n"
		"profile /usr/bin/pathname flags=(complain) {\n}\n"
		"profile att /usr/bin/att* flags=(kill, attach_disconnected) {\n"
		"  ^hat {\n    /h r,\n  }\n"
		"  hat other {\n  }\n"
		"  profile child /ignored {\n  }\n"
		"}\n"
		"profile \"quoted name\" flags=unconfined {\n}\n"
		"profile enf flags=(enforce) {\n}\n";
	const struct pal_policy_header *h;
	struct pt_policy p;
	static const struct {
		const char *name;
		uint32_t mode;
	} want[] = {
		{ "/usr/bin/bare", PAL_MODE_ENFORCE },
		{ "named", PAL_MODE_ENFORCE },
		{ "/usr/bin/pathname", PAL_MODE_COMPLAIN },
		{ "att", PAL_MODE_KILL },
		{ "att//hat", PAL_MODE_ENFORCE },
		{ "att//other", PAL_MODE_ENFORCE },
		{ "att//child", PAL_MODE_ENFORCE },
		{ "quoted name", PAL_MODE_UNCONFINED },
		{ "enf", PAL_MODE_ENFORCE },
	};
	size_t i;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_STREQ("test.prof:13:17: note: attachments of child profiles are parsed, not enforced\n",
		     p.errs);
	h = (const void *)p.buf;
	EXPECT_EQ(9U, h->nprofiles);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint32_t rec = pt_profile(&p, want[i].name);
		const struct pal_profile_rec *r = (const void *)(p.buf + rec);

		ASSERT_NE(0U, rec);
		EXPECT_EQ(want[i].mode, r->mode);
		EXPECT_EQ(pal_profile_id(want[i].name), r->id);
	}
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "att//hat", "/h"));
	/* flags=(attach_disconnected) reaches the record; others lack it. */
	EXPECT_EQ(PAL_PF_ATTACH_DISCONNECTED,
		  ((const struct pal_profile_rec *)(p.buf + pt_profile(&p, "att")))->flags &
		  PAL_PF_ATTACH_DISCONNECTED);
	EXPECT_EQ(0U, ((const struct pal_profile_rec *)(p.buf + pt_profile(&p, "named")))->flags);
	EXPECT_STREQ("/usr/bin/bare", pt_attach(&p, "/usr/bin/bare"));
	EXPECT_STREQ("/usr/bin/pathname", pt_attach(&p, "/usr/bin/pathname"));
	EXPECT_STREQ("att", pt_attach(&p, "/usr/bin/attx"));
	EXPECT_EQ(NULL, pt_attach(&p, "/ignored"));
	EXPECT_EQ(NULL, pt_attach(&p, "named"));
	pt_free(&p);
}

static char *write_tree(const char *base, const char *rel, const char *text)
{
	struct pal_buf b = { 0 };
	FILE *f;
	char *slash;

	pal_buf_printf(&b, "%s/%s", base, rel);
	for (slash = strchr(b.s + strlen(base) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = 0;
		mkdir(b.s, 0700);
		*slash = '/';
	}
	f = fopen(b.s, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return pal_buf_take(&b);
}

static char *make_tmpdir(void)
{
	const char *t = getenv("TMPDIR");
	struct pal_buf b = { 0 };
	char *dir;

	pal_buf_printf(&b, "%s/palisade-parse-XXXXXX", t && *t ? t : "/tmp");
	dir = pal_buf_take(&b);
	if (!mkdtemp(dir)) {
		free(dir);
		return NULL;
	}
	return dir;
}

static void rm_tree(const char *dir)
{
	struct pal_buf b = { 0 };

	pal_buf_printf(&b, "rm -rf '%s'", dir);
	if (system(b.s))
		fprintf(stderr, "could not remove %s\n", dir);
	pal_buf_free(&b);
}

TEST(includes)
{
	char *dir = make_tmpdir();
	char *main_path, *loop;
	const char *dirs[1];
	struct pal_compile_opts o = { .big_endian = -1 };
	size_t errlen = 0, size;
	char *errs = NULL;
	void *blob = NULL;
	FILE *ef;
	int ret;

	ASSERT_NE(NULL, dir);
	dirs[0] = dir;
	o.include_dirs = dirs;
	o.ninclude_dirs = 1;
	free(write_tree(dir, "tunables/global", "@{HOMEDIRS} = /home/\n"));
	free(write_tree(dir, "abstractions/base", "  /etc/ld.so.cache r,\n"
						  "  include <abstractions/base.d>\n"));
	free(write_tree(dir, "abstractions/base.d/10-one", "/one r,\n"));
	free(write_tree(dir, "abstractions/base.d/20-two", "/two r,\n"));
	free(write_tree(dir, "abstractions/base.d/.hidden", "garbage garbage\n"));
	free(write_tree(dir, "abstractions/base.d/30-x~", "garbage garbage\n"));
	free(write_tree(dir, "prof/local", "@{HOMEDIRS}/** r,\n"));
	main_path = write_tree(dir, "prof/main",
			       "include <tunables/global>\n"
			       "#include <tunables/global.d>\n"
			       "profile p {\n"
			       "  include <abstractions/base>\n"
			       "  #include <abstractions/base>\n"
			       "  include if exists <local/missing>\n"
			       "  include \"local\"\n"
			       "}\n");
	free(write_tree(dir, "tunables/global.d/empty", "# nothing\n"));
	loop = write_tree(dir, "loop", "# loops\ninclude \"loop\"\n");

	ef = open_memstream(&errs, &errlen);
	ret = pal_compile_files(&o, (const char *const *)&main_path, 1, &blob,
				&size, ef);
	fclose(ef);
	ASSERT_EQ(0, ret) TH_LOG("%s", errs);
	EXPECT_STREQ("", errs);
	if (blob) {
		struct pt_policy p = { 0 };

		ASSERT_EQ(0, pal_policy_unpack(blob, size, (void **)&p.buf, NULL, 0));
		EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/etc/ld.so.cache"));
		EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/one"));
		EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/two"));
		EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "p", "/home/u/x"));
		EXPECT_EQ(0U, pt_allow(&p, "p", "/garbage"));
		free(p.buf);
	}
	free(blob);
	free(errs);
	errs = NULL;

	/* a file that includes itself adds nothing the second time (AppArmor) */
	ef = open_memstream(&errs, &errlen);
	ret = pal_compile_files(&o, (const char *const *)&loop, 1, &blob,
				&size, ef);
	fclose(ef);
	EXPECT_EQ(0, ret) TH_LOG("%s", errs);
	free(blob);
	blob = NULL;
	free(errs);
	errs = NULL;

	/* a chain of distinct files stops at the nesting limit */
	{
		char name[16], body[64], *first = NULL;
		int k;

		for (k = 0; k < 20; k++) {
			char *f;

			snprintf(name, sizeof(name), "chain%d", k);
			snprintf(body, sizeof(body), "include \"chain%d\"\n", k + 1);
			f = write_tree(dir, name, body);
			if (!k)
				first = f;
			else
				free(f);
		}
		ef = open_memstream(&errs, &errlen);
		ret = pal_compile_files(&o, (const char *const *)&first, 1, &blob,
					&size, ef);
		fclose(ef);
		EXPECT_EQ(-1, ret);
		EXPECT_NE(NULL, strstr(errs, "/chain16:1:1: error: includes nested more than 16 deep (an include loop?)\n"))
			TH_LOG("%s", errs);
		free(first);
		free(errs);
		errs = NULL;
	}

	/* a missing top-level file */
	ef = open_memstream(&errs, &errlen);
	{
		const char *missing = "no-such-dir/x.prof";

		ret = pal_compile_files(&o, &missing, 1, &blob, &size, ef);
	}
	fclose(ef);
	EXPECT_EQ(-1, ret);
	EXPECT_STREQ("no-such-dir/x.prof: error: cannot read 'no-such-dir/x.prof': No such file or directory\n",
		     errs);
	free(errs);
	free(main_path);
	free(loop);
	rm_tree(dir);
	free(dir);
}

TEST(several_files_per_compile)
{
	char *dir = make_tmpdir();
	char *paths[2];
	size_t errlen = 0, size;
	char *errs = NULL;
	void *blob = NULL;
	FILE *ef;
	int ret;

	ASSERT_NE(NULL, dir);
	paths[0] = write_tree(dir, "one", "@{V} = /v\nprofile one {\n  @{V} r,\n}\n");
	paths[1] = write_tree(dir, "two", "profile two {\n  /t r,\n}\n");
	ef = open_memstream(&errs, &errlen);
	ret = pal_compile_files(NULL, (const char *const *)paths, 2, &blob, &size, ef);
	fclose(ef);
	EXPECT_EQ(0, ret);
	EXPECT_STREQ("", errs);
	EXPECT_GE(pal_policy_profile_index(blob, "one"), 0);
	EXPECT_GE(pal_policy_profile_index(blob, "two"), 0);
	free(blob);
	free(errs);
	free(paths[1]);

	/* variables do not leak from one top-level file into the next */
	paths[1] = write_tree(dir, "three", "profile three {\n  @{V}/x r,\n}\n");
	errs = NULL;
	ef = open_memstream(&errs, &errlen);
	ret = pal_compile_files(NULL, (const char *const *)paths, 2, &blob, &size, ef);
	fclose(ef);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(NULL, blob);
	EXPECT_NE(NULL, strstr(errs, "/three:2:3: error: undefined variable @{V}\n"))
		TH_LOG("%s", errs);
	free(errs);
	free(paths[0]);
	free(paths[1]);
	rm_tree(dir);
	free(dir);
}

TEST(variables)
{
	static const char text[] =
		"@{A} = /a /b\n"
		"@{A} += /c   # more\n"
		"@{B} = \"/with space\" @{A}/x\n"
		"@{EXE} = /usr/bin/{v1,v2}\n"
		"profile @{EXE} {\n"
		"  @{B} r,\n"
		"  @{A}/y w,\n"
		"  /d/@{A} m,\n"
		"}\n";
	struct pt_policy p;

	ASSERT_EQ(0, pt_compile(text, &p)) TH_LOG("%s", p.errs);
	EXPECT_STREQ("", p.errs);
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "/usr/bin/{v1,v2}", "/with space"));
	EXPECT_EQ(PAL_MAY_READ, pt_allow(&p, "/usr/bin/{v1,v2}", "/c/x"));
	EXPECT_EQ(PAL_MAY_WRITE | PAL_MAY_APPEND, pt_allow(&p, "/usr/bin/{v1,v2}", "/b/y"));
	EXPECT_EQ(PAL_MAY_MMAP, pt_allow(&p, "/usr/bin/{v1,v2}", "/d/c"));
	EXPECT_EQ(0U, pt_allow(&p, "/usr/bin/{v1,v2}", "/d//c"));
	EXPECT_STREQ("/usr/bin/{v1,v2}", pt_attach(&p, "/usr/bin/v2"));
	pt_free(&p);

	/* self reference is caught, not looped on */
	ASSERT_EQ(-1, pt_compile("@{A} = x@{A}\nprofile p {\n  /@{A} r,\n}\n", &p));
	EXPECT_STREQ("test.prof:3:3: error: variables refer to variables more than 16 deep (a variable refers to itself?)\n",
		     p.errs);
	pt_free(&p);
	/* exponential growth is capped */
	ASSERT_EQ(-1, pt_compile("@{A} = a b c d e f g h\n@{B} = @{A}@{A}@{A}@{A}@{A}\n"
				 "profile p {\n  /@{B} r,\n}\n", &p));
	EXPECT_STREQ("test.prof:4:3: error: variables expand to more than 4096 values\n",
		     p.errs);
	pt_free(&p);
}

TEST(hostile_input_does_not_crash)
{
	struct pal_buf b = { 0 };
	struct pt_policy p;
	int i;

	/* 100000 nested braces in a profile body */
	pal_buf_puts(&b, "profile p {\n");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "{");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	EXPECT_STREQ("test.prof:2:1: error: expected a rule or '}', found '{'\n", p.errs);
	pt_free(&p);
	pal_buf_free(&b);

	/* a 100000-deep alternation in a rule */
	pal_buf_puts(&b, "profile p {\n  /");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "{a,");
	pal_buf_puts(&b, " r,\n}\n");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	EXPECT_STREQ("test.prof:2:154: error: '{' alternations nested more than 50 deep\n", p.errs);
	pt_free(&p);
	pal_buf_free(&b);

	/* deep parentheses in a rule palisade does not mediate */
	pal_buf_puts(&b, "profile p {\n  dbus ");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, "(");
	for (i = 0; i < 100000; i++)
		pal_buf_puts(&b, ")");
	pal_buf_puts(&b, ",\n}\n");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	EXPECT_STREQ("test.prof:2:12: error: '(' nested too deep\n", p.errs);
	pt_free(&p);
	pal_buf_free(&b);

	/* a long path compiles... */
	pal_buf_puts(&b, "profile p {\n  /");
	for (i = 0; i < 2000; i++)
		pal_buf_puts(&b, "ab/");
	pal_buf_puts(&b, "* r,\n}\n");
	EXPECT_EQ(0, pt_compile(b.s, &p));
	pt_free(&p);
	pal_buf_free(&b);

	/* ...a longer one no longer fits in a policy: one DFA must fit one
	 * segment */
	pal_buf_puts(&b, "profile p {\n  /");
	for (i = 0; i < 60000; i++)
		pal_buf_puts(&b, "ab/");
	pal_buf_puts(&b, "* r,\n}\n");
	EXPECT_EQ(-1, pt_compile(b.s, &p));
	EXPECT_STREQ("palisade_parser: error: profile 'p': its file DFA needs 2880488 bytes, more than one 2097152-byte policy segment (PALISADE_POLICY_MAX)\n",
		     p.errs);
	pt_free(&p);
	pal_buf_free(&b);
}

TEST(fuzz_mutations)
{
	static const char seed[] =
		"@{H} = /home/*/ /export/\n"
		"profile p /usr/bin/p{,2} flags=(complain) {\n"
		"  include if exists <x>\n"
		"  audit deny owner @{H}/.ssh/** rw,\n"
		"  /etc/{passwd,group} r,\n"
		"  /tmp/[a-z]?/** rwk,\n"
		"  capability chown kill,\n"
		"  /bin/sh Px -> q,\n"
		"  ^h { /x r, }\n"
		"}\n";
	static const char junk[] = "{}[](),\"'\\/*?@#<>=+-^ \n\tarwxPU";
	pt_fuzz(_metadata, seed, junk, 0x123456789abcdefULL, 3000);
}

TEST_HARNESS_MAIN
