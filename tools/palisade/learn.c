// SPDX-License-Identifier: GPL-2.0
/*
 * palisade genprof | logprof: profiles learnt from the audit log.
 *
 *   genprof [options] PROGRAM [-- ARG...]
 *	a new profile for PROGRAM in complain mode; the log is marked, the
 *	program exercised (by the user, or once by --run), then each (S)can
 *	asks about the new events and (F)inish puts the profile in enforce
 *	mode, in force and in its file
 *   logprof [options] [-p PROFILE]
 *	the same questions for the events of the log about existing profiles
 *
 * Each event is asked about once per run, grouped by profile and rule
 * class, and only when the profile (compiled, with the rules accepted so
 * far) does not allow it already: the decision core of the kernel decides
 * that on the compiled tables.  The keys are AppArmor's.  Answers come from
 * the terminal, from --answers FILE (one per line), or --yes takes the
 * first suggestion everywhere.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "pal_audit.h"
#include "pal_flags.h"
#include "pal_learn.h"
#include "pal_logparse.h"
#include "palisade_parser.h"

#define MAX_INCS	64

/**
 * struct pfile - a profile file being edited
 * @path: its path
 * @orig: its text as last saved (the diff's left side)
 * @text: its text with the accepted rules
 * @policy: @text compiled, NULL when not yet (or it does not compile)
 */
struct pfile {
	char *path;
	char *orig;
	char *text;
	void *policy;
};

/* One event to ask about; file events of one path are merged. */
struct item {
	struct pal_log_event ev;
	size_t seq;
};

struct session {
	int genprof;
	int yes;
	FILE *answers;
	const char *answers_path;
	unsigned int answers_line;
	const char *log;
	const char *only;	/* this profile and its children, or NULL */
	const char *incs[MAX_INCS];
	int ninc;
	struct pal_learn lc;
	struct pfile *files;
	size_t nfiles;
	char **seen;		/* events asked about in this run */
	size_t nseen;
	char **missing;		/* profiles without a file, said once */
	size_t nmissing;
	char **enforce;		/* genprof: profiles Finish enforces */
	size_t nenforce;
	struct item *items;
	size_t nitems;
	int aborted;
	int finished;
	int bad_answer;
};

/* ------------------------------------------------------------------ */
/* Answers                                                              */

/*
 * The next answer to @prompt in @buf: a line of the answers file (blank
 * lines and '#' comments skipped), or of the terminal.  Returns 0, or -1
 * at the end of input (the caller aborts).
 */
static int ask(struct session *s, const char *prompt, char *buf, size_t len)
{
	size_t n;

	printf("%s", prompt);
	fflush(stdout);
	for (;;) {
		FILE *in = s->answers ? s->answers : stdin;

		if (!fgets(buf, (int)len, in)) {
			printf("\n");
			if (s->answers)
				fprintf(stderr, "palisade: %s: no answer left for "
					"this prompt\n", s->answers_path);
			return -1;
		}
		s->answers_line++;
		n = strlen(buf);
		while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' ||
			     buf[n - 1] == ' '))
			buf[--n] = 0;
		if (s->answers && (!n || buf[0] == '#'))
			continue;
		if (s->answers)
			printf("%s\n", buf);	/* the transcript shows it */
		return 0;
	}
}

/* An answer that does not fit the prompt: the terminal asks again, a
 * script stops (its answers no longer match the questions). */
static int bad_answer(struct session *s, const char *ans)
{
	if (s->answers) {
		fprintf(stderr, "palisade: %s:%u: '%s' does not answer this prompt\n",
			s->answers_path, s->answers_line, ans);
		s->bad_answer = 1;
		return -1;
	}
	printf("'%s' is not one of the choices\n", ans);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Profile files                                                        */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, n;
	char chunk[8192];

	if (!f)
		return NULL;
	buf = calloc(1, 1);
	while (buf && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		char *nb = realloc(buf, len + n + 1);

		if (!nb) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nb;
		memcpy(buf + len, chunk, n);
		len += n;
		buf[len] = 0;
	}
	fclose(f);
	return buf;
}

static int write_atomic(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.palisade-new", path);
	f = fopen(tmp, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		int err = errno;

		unlink(tmp);
		return -err;
	}
	if (rename(tmp, path)) {
		int err = errno;

		unlink(tmp);
		return -err;
	}
	return 0;
}

/* Compile and install @path with the include directories of @s. */
static int load_file(struct session *s, const char *path)
{
	char *argv[2 * MAX_INCS + 3];
	int argc = 0, i;

	argv[argc++] = "replace";
	for (i = 0; i < s->ninc; i++) {
		argv[argc++] = "-I";
		argv[argc++] = (char *)s->incs[i];
	}
	argv[argc++] = (char *)path;
	argv[argc] = NULL;
	return do_replace(argc, argv);
}

static int listed(char **v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

static void list_add(char ***v, size_t *n, const char *name)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return;
	*v = nv;
	nv[(*n)++] = strdup(name);
}

static void list_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The top-level profile of @name ("parent//child" -> "parent"). */
static void top_name(const char *name, char *out, size_t len)
{
	const char *sep = strstr(name, "//");

	snprintf(out, len, "%.*s", sep ? (int)(sep - name) : (int)strlen(name),
		 name);
}

/* The file of profile @name, loaded on first use; NULL when there is none. */
static struct pfile *pfile_for(struct session *s, const char *name)
{
	char top[PALISADE_NAME_MAX], *path;
	struct pfile *f, *nf;
	size_t i;

	top_name(name, top, sizeof(top));
	path = cli_find_profile_file(cli_profile_dir(), top);
	if (!path) {
		if (!listed(s->missing, s->nmissing, top)) {
			printf("Profile %s: no file in %s defines it; its events "
			       "are skipped\n", top, cli_profile_dir());
			list_add(&s->missing, &s->nmissing, top);
		}
		return NULL;
	}
	for (i = 0; i < s->nfiles; i++)
		if (!strcmp(s->files[i].path, path)) {
			free(path);
			return &s->files[i];
		}
	nf = realloc(s->files, (s->nfiles + 1) * sizeof(*nf));
	if (!nf) {
		free(path);
		return NULL;
	}
	s->files = nf;
	f = &s->files[s->nfiles];
	f->path = path;
	f->orig = slurp(path);
	f->text = f->orig ? strdup(f->orig) : NULL;
	f->policy = NULL;
	if (!f->text) {
		fprintf(stderr, "palisade: %s: %s\n", path, strerror(errno));
		free(f->orig);
		free(path);
		return NULL;
	}
	s->nfiles++;
	return f;
}

/* The file's text compiled (with the rules accepted so far). */
static const void *pfile_policy(struct session *s, struct pfile *f)
{
	if (!f->policy)
		f->policy = pal_learn_compile(f->path, f->text, s->incs, s->ninc,
					      stderr);
	return f->policy;
}

static int pfile_add(struct session *s, struct pfile *f, const char *profile,
		     const char *const *lines, size_t n)
{
	char err[512], *t;

	t = pal_learn_add_lines(f->path, f->text, s->incs, s->ninc, profile,
				lines, n, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "palisade: %s\n", err);
		return -EINVAL;
	}
	free(f->text);
	f->text = t;
	free(f->policy);
	f->policy = NULL;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Collecting the events of a scan                                      */

static int wanted(const struct session *s, const struct pal_log_event *ev)
{
	size_t n;

	if (ev->cls == PAL_LOG_OTHER || !strcmp(ev->verdict, "AUDIT") ||
	    ev->profile[0] == '?' || !ev->profile[0])
		return 0;
	if (!s->only)
		return 1;
	n = strlen(s->only);
	return !strncmp(ev->profile, s->only, n) &&
	       (!ev->profile[n] || !strncmp(ev->profile + n, "//", 2));
}

static int collect(const struct pal_log_event *ev, void *arg)
{
	struct session *s = arg;
	struct item *ni;
	size_t i;

	if (!wanted(s, ev))
		return 0;
	/* One question per path of a profile: the file accesses merge. */
	if (ev->cls == PAL_LOG_FILE) {
		int owner = ev->fsuid >= 0 && ev->fsuid == ev->ouid;

		for (i = 0; i < s->nitems; i++) {
			struct pal_log_event *o = &s->items[i].ev;
			long a, b;

			if (o->cls != PAL_LOG_FILE || strcmp(o->profile, ev->profile) ||
			    strcmp(o->name, ev->name) ||
			    owner != (o->fsuid >= 0 && o->fsuid == o->ouid))
				continue;
			a = pal_log_access(o);
			b = pal_log_access(ev);
			if (a >= 0 && b >= 0) {
				pal_mask_str((__u32)(a | b), o->requested,
					     sizeof(o->requested));
				o->denied[0] = 0;
			}
			return 0;
		}
	}
	ni = realloc(s->items, (s->nitems + 1) * sizeof(*ni));
	if (!ni)
		return -ENOMEM;
	s->items = ni;
	ni[s->nitems].ev = *ev;
	ni[s->nitems].seq = s->nitems;
	s->nitems++;
	return 0;
}

static int item_cmp(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	int c = strcmp(x->ev.profile, y->ev.profile);

	if (c)
		return c;
	if (x->ev.cls != y->ev.cls)
		return (int)x->ev.cls - (int)y->ev.cls;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* ------------------------------------------------------------------ */
/* One question                                                         */

static const char *const class_names[PAL_LOG_CLASS_LAST + 1] = {
	[PAL_LOG_FILE] = "file", [PAL_LOG_EXEC] = "exec",
	[PAL_LOG_CAP] = "capability", [PAL_LOG_NET] = "network",
	[PAL_LOG_SIGNAL] = "signal", [PAL_LOG_PTRACE] = "ptrace",
	[PAL_LOG_OTHER] = "other",
};

/**
 * struct question - the state of one event's prompt
 * @sugg: the suggestions (includes, the literal, globs, new paths)
 * @n: their count
 * @sel: the selected one
 * @owner: the owner qualifier is on
 * @audit: the audit qualifier is on
 * @scrub: exec: the environment-scrubbing (upper-case) mode
 */
struct question {
	struct pal_sugg *sugg;
	int n;
	int sel;
	int owner;
	int audit;
	int scrub;
};

static int is_path_class(const struct pal_log_event *ev)
{
	return ev->cls == PAL_LOG_FILE || ev->cls == PAL_LOG_EXEC;
}

/* The rule suggestion @i of @q stands for (@deny: as a deny rule). */
static int rule_of(const struct pal_log_event *ev, const struct question *q,
		   int i, int deny, const char *xmode, char *buf, size_t len)
{
	const struct pal_sugg *g = &q->sugg[i];
	char rule[PALISADE_PATH_MAX + 128];
	int r;

	if (g->kind == PAL_SUGG_INCLUDE && !deny)
		return snprintf(buf, len, "include <%s>", g->text);
	if (g->kind == PAL_SUGG_INCLUDE) {
		/* A deny names the access itself, not an abstraction. */
		for (i = 0; i < q->n && q->sugg[i].kind == PAL_SUGG_INCLUDE; i++)
			;
		if (i == q->n)
			return -EINVAL;
		g = &q->sugg[i];
	}
	r = pal_log_rule(ev, is_path_class(ev) ? g->text : NULL,
			 q->owner && is_path_class(ev), 0, xmode, rule,
			 sizeof(rule));
	if (r < 0)
		return r;
	if (deny && ev->cls == PAL_LOG_EXEC) {
		/* deny takes no exec mode: "deny /x x," */
		char *sp = strrchr(rule, ' ');

		if (sp)
			strcpy(sp, " x,");
	}
	return snprintf(buf, len, "%s%s%s", q->audit ? "audit " : "",
			deny ? "deny " : "", rule);
}

static void show(const struct pal_log_event *ev, const struct question *q,
		 const char *xmode)
{
	char rule[PALISADE_PATH_MAX + 256];
	int i;

	printf("\nProfile:  %s\n", ev->profile);
	switch (ev->cls) {
	case PAL_LOG_FILE:
		printf("Path:     %s\nMode:     %s\n", ev->name,
		       ev->denied[0] ? ev->denied : ev->requested);
		break;
	case PAL_LOG_EXEC:
		printf("Execute:  %s\n", ev->name);
		if (ev->target[0])
			printf("Target:   %s\n", ev->target);
		break;
	case PAL_LOG_CAP:
		printf("Capability: %s\n", ev->capname[0] ? ev->capname :
		       pal_cap_name(ev->capability) ? pal_cap_name(ev->capability) : "?");
		break;
	case PAL_LOG_NET:
		printf("Network:  %s %s (%s)\n", ev->family, ev->sock_type,
		       ev->operation);
		break;
	case PAL_LOG_SIGNAL:
		printf("Signal:   %s %s, peer %s\n", ev->requested, ev->signal,
		       ev->peer[0] ? ev->peer : PAL_UNCONFINED_NAME);
		break;
	case PAL_LOG_PTRACE:
		printf("Ptrace:   %s, peer %s\n", ev->requested,
		       ev->peer[0] ? ev->peer : PAL_UNCONFINED_NAME);
		break;
	default:
		break;
	}
	printf("Event:    %s %s by %s (pid %lu)\n\n", ev->verdict, ev->operation,
	       ev->comm, ev->pid);
	for (i = 0; i < q->n; i++) {
		if (rule_of(ev, q, i, 0, xmode, rule, sizeof(rule)) < 0)
			continue;
		printf(" %s%d - %s%s\n", i == q->sel ? "[" : " ", i + 1, rule,
		       i == q->sel ? "]" : "");
	}
	if (ev->cls == PAL_LOG_EXEC)
		printf("\n(I)gnore / [In(h)erit] / (P)rofile / (C)hild / (N)amed / "
		       "(U)nconfined / (X) scrub %s / (G)lob / Glob with (E)xtension"
		       " / (D)eny / Audi(t) / Abo(r)t / (F)inish\n",
		       q->scrub ? "on" : "off");
	else if (is_path_class(ev))
		printf("\n[(A)llow] / (D)eny / (I)gnore / (G)lob / Glob with "
		       "(E)xtension / (N)ew / Audi(t) %s / (O)wner %s / Abo(r)t / "
		       "(F)inish\n", q->audit ? "on" : "off", q->owner ? "on" : "off");
	else
		printf("\n[(A)llow] / (D)eny / (I)gnore / Audi(t) %s / Abo(r)t / "
		       "(F)inish\n", q->audit ? "on" : "off");
}

/* Add suggestion @text (a path) and select it. */
static int add_path(struct question *q, enum pal_sugg_kind kind, const char *text)
{
	struct pal_sugg *nv;
	int i;

	for (i = 0; i < q->n; i++)
		if (!strcmp(q->sugg[i].text, text) &&
		    q->sugg[i].kind != PAL_SUGG_INCLUDE) {
			q->sel = i;
			return 0;
		}
	nv = realloc(q->sugg, (size_t)(q->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	q->sugg = nv;
	nv[q->n].kind = kind;
	snprintf(nv[q->n].text, sizeof(nv[q->n].text), "%s", text);
	q->sel = q->n++;
	return 0;
}

/* The path the glob keys start from: the selection, or the literal when
 * an include is selected. */
static const char *glob_base(const struct question *q)
{
	int i;

	if (q->sugg[q->sel].kind != PAL_SUGG_INCLUDE)
		return q->sugg[q->sel].text;
	for (i = 0; i < q->n; i++)
		if (q->sugg[i].kind != PAL_SUGG_INCLUDE)
			return q->sugg[i].text;
	return "";
}

/* A profile file for the target of a Px: genprof's stub when there is none. */
static void px_target(struct session *s, const char *path)
{
	char fname[NAME_MAX + 1], file[PATH_MAX], base[PATH_MAX];
	char *have = cli_find_profile_file(cli_profile_dir(), path), *stub;
	int i, hasbase = 0;

	if (have) {
		free(have);
		return;
	}
	if (pal_learn_file_name(path, fname, sizeof(fname)))
		return;
	snprintf(file, sizeof(file), "%s/%s", cli_profile_dir(), fname);
	if (access(file, F_OK) == 0) {
		printf("%s exists and does not define %s: no profile made\n",
		       file, path);
		return;
	}
	for (i = 0; i < s->ninc && !hasbase; i++) {
		snprintf(base, sizeof(base), "%s/abstractions/base", s->incs[i]);
		hasbase = access(base, R_OK) == 0;
	}
	stub = pal_learn_stub(path, hasbase, "complain");
	if (!stub || write_atomic(file, stub)) {
		fprintf(stderr, "palisade: %s: %s\n", file, strerror(errno));
		free(stub);
		return;
	}
	free(stub);
	printf("Made profile %s in %s (complain mode)\n", path, file);
	if (load_file(s, file))
		printf("%s is saved but not loaded\n", file);
	if (s->genprof)
		list_add(&s->enforce, &s->nenforce, path);
}

/* Apply the answer: add the lines to the profile. */
static int accept_lines(struct session *s, struct pfile *f, const char *profile,
			const char *const *lines, size_t n)
{
	size_t i;

	if (pfile_add(s, f, profile, lines, n))
		return -1;
	for (i = 0; i < n; i++)
		printf("Adding %s to profile %s\n", lines[i], profile);
	return 0;
}

/*
 * Ask about @ev of profile file @f.  Returns 0 (answered or ignored), or
 * -1 when the session ends (abort, end of answers, a bad answer).
 */
static int question(struct session *s, struct pfile *f,
		    const struct pal_log_event *ev)
{
	struct question q = { 0 };
	char **incl = NULL, buf[PALISADE_PATH_MAX + 64];
	char rule[PALISADE_PATH_MAX + 256], xmode[PALISADE_PATH_MAX + 160];
	int nincl, ret = 0, i;

	nincl = pal_learn_includes(f->path, f->text, s->incs, s->ninc,
				   ev->profile, &incl);
	q.n = pal_learn_suggest(&s->lc, ev, (const char *const *)incl,
				nincl > 0 ? (size_t)nincl : 0, &q.sugg);
	for (i = 0; i < nincl; i++)
		free(incl[i]);
	free(incl);
	if (q.n <= 0)
		return 0;
	q.scrub = 1;
	snprintf(xmode, sizeof(xmode), "ix");
	if (ev->cls == PAL_LOG_EXEC) {
		/* An exec starts at the literal path, not at an include. */
		for (q.sel = 0; q.sel < q.n - 1 &&
		     q.sugg[q.sel].kind == PAL_SUGG_INCLUDE; q.sel++)
			;
	}
	for (;;) {
		const char *lines[3];
		char key, child[PALISADE_PATH_MAX + 64], hdr[PALISADE_PATH_MAX + 128];

		show(ev, &q, xmode);
		if (s->yes) {
			snprintf(buf, sizeof(buf), "%s",
				 ev->cls == PAL_LOG_EXEC ? "h" : "a");
			printf("%s (--yes)\n", buf);
		} else if (ask(s, "> ", buf, sizeof(buf))) {
			ret = -1;
			s->aborted = 1;
			break;
		}
		if (buf[0] >= '1' && buf[0] <= '9') {
			i = atoi(buf);
			if (i < 1 || i > q.n) {
				if (bad_answer(s, buf))
					goto stop;
				continue;
			}
			q.sel = i - 1;
			continue;
		}
		key = (char)(buf[0] >= 'A' && buf[0] <= 'Z' ? buf[0] + 32 : buf[0]);
		/* Keys that do not apply to this class of event. */
		if (!buf[0] || (buf[1] && buf[1] != ' ') ||
		    (ev->cls == PAL_LOG_EXEC && strchr("hpcnuxgeditrf", key) == NULL) ||
		    (ev->cls == PAL_LOG_FILE && strchr("adigentorf", key) == NULL) ||
		    (!is_path_class(ev) && strchr("aditrf", key) == NULL)) {
			if (bad_answer(s, buf))
				goto stop;
			continue;
		}
		switch (key) {
		case 'r':
			printf("Abort: no change is saved.\n");
			s->aborted = 1;
			goto stop;
		case 'f':
			s->finished = 1;
			goto done;
		case 'i':
			goto done;
		case 't':
			q.audit = !q.audit;
			continue;
		case 'o':
			q.owner = !q.owner;
			continue;
		case 'x':
			q.scrub = !q.scrub;
			continue;
		case 'g':
		case 'e': {
			char g[PALISADE_PATH_MAX];
			int ok = key == 'g' ? pal_glob_next(glob_base(&q), g, sizeof(g)) :
					      pal_glob_ext(glob_base(&q), g, sizeof(g));

			if (!ok)
				printf("No %s glob of %s\n",
				       key == 'g' ? "further" : "extension",
				       glob_base(&q));
			else
				add_path(&q, PAL_SUGG_GLOB, g);
			continue;
		}
		case 'n':
			if (ev->cls != PAL_LOG_EXEC) {
				const char *p = buf[1] == ' ' ? buf + 2 : NULL;

				if (!p || !*p) {
					if (s->yes || ask(s, "Enter new path: ", child,
							  sizeof(child))) {
						s->aborted = 1;
						goto stop;
					}
					p = child;
				}
				if (p[0] != '/' && p[0] != '@') {
					printf("A path starts with '/'\n");
					if (s->answers) {
						bad_answer(s, p);
						goto stop;
					}
					continue;
				}
				add_path(&q, PAL_SUGG_GLOB, p);
				continue;
			}
			{
				const char *p = buf[1] == ' ' ? buf + 2 : NULL;

				if (!p || !*p) {
					if (ask(s, "Profile name: ", child, sizeof(child))) {
						s->aborted = 1;
						goto stop;
					}
					p = child;
				}
				snprintf(xmode, sizeof(xmode), "%s -> %s",
					 q.scrub ? "Px" : "px", p);
			}
			break;
		case 'h':
			snprintf(xmode, sizeof(xmode), "ix");
			break;
		case 'p':
			snprintf(xmode, sizeof(xmode), "%s", q.scrub ? "Px" : "px");
			break;
		case 'c':
			snprintf(xmode, sizeof(xmode), "%s", q.scrub ? "Cx" : "cx");
			break;
		case 'u':
			snprintf(xmode, sizeof(xmode), "%s", q.scrub ? "Ux" : "ux");
			break;
		case 'a':
		case 'd':
			break;
		}
		/* a, d, and the exec modes add a rule. */
		if (rule_of(ev, &q, q.sel, key == 'd', xmode, rule, sizeof(rule)) < 0) {
			printf("No rule for this choice\n");
			continue;
		}
		lines[0] = rule;
		if (key == 'c' && !strchr(q.sugg[q.sel].text, '*')) {
			/* The child profile the Cx enters, unless it exists. */
			char full[PALISADE_PATH_MAX + PALISADE_NAME_MAX + 80];
			const void *pol;

			snprintf(full, sizeof(full), "%s//%s", ev->profile,
				 q.sugg[q.sel].text);
			pol = pfile_policy(s, f);
			if (!pol || pal_policy_profile_index(pol, full) < 0) {
				snprintf(hdr, sizeof(hdr), "profile %s%s {",
					 q.sugg[q.sel].text,
					 s->genprof ? " flags=(complain)" : "");
				lines[1] = hdr;
				lines[2] = "}";
				if (accept_lines(s, f, ev->profile, lines, 3))
					goto stop;
				if (s->genprof)
					list_add(&s->enforce, &s->nenforce, full);
				goto done;
			}
		}
		if (accept_lines(s, f, ev->profile, lines, 1))
			goto stop;
		if (key == 'p' && !strchr(q.sugg[q.sel].text, '*'))
			px_target(s, q.sugg[q.sel].text);
		goto done;
	}
stop:
	ret = -1;
done:
	free(q.sugg);
	return ret;
}

/* ------------------------------------------------------------------ */
/* A scan                                                               */

/* The key of an event for "asked once per run". */
static void event_key(const struct pal_log_event *ev, char *buf, size_t len)
{
	char rule[PALISADE_PATH_MAX + 128];

	if (pal_log_rule(ev, NULL, ev->fsuid >= 0 && ev->fsuid == ev->ouid, 0,
			 "x", rule, sizeof(rule)) < 0)
		rule[0] = 0;
	snprintf(buf, len, "%s\n%d\n%s", ev->profile, (int)ev->cls, rule);
}

/* Save the edited files: diff, confirmation, write, load.  Returns the
 * number of files that failed. */
static int save(struct session *s)
{
	char label[PATH_MAX + 16], buf[64];
	size_t i;
	int bad = 0;

	for (i = 0; i < s->nfiles; i++) {
		struct pfile *f = &s->files[i];
		int yes = s->yes, err;

		if (!strcmp(f->orig, f->text))
			continue;
		snprintf(label, sizeof(label), "%s (new)", f->path);
		printf("\nChanges to %s:\n", f->path);
		pal_udiff(stdout, f->orig, f->text, f->path, label);
		while (!yes) {
			if (ask(s, "Save these changes? (Y)es / (N)o: ", buf,
				sizeof(buf)))
				return bad + 1;
			if (buf[0] == 'y' || buf[0] == 'Y')
				yes = 1;
			else if (buf[0] == 'n' || buf[0] == 'N')
				break;
			else if (bad_answer(s, buf))
				return bad + 1;
		}
		if (!yes) {
			printf("Not saved: %s\n", f->path);
			/* Asked again next scan: the events are not covered. */
			free(f->text);
			f->text = strdup(f->orig);
			free(f->policy);
			f->policy = NULL;
			list_free(s->seen, s->nseen);
			s->seen = NULL;
			s->nseen = 0;
			continue;
		}
		/* Compile first: a file that does not compile is not saved. */
		if (!pfile_policy(s, f)) {
			fprintf(stderr, "palisade: %s: the edited profile does not "
				"compile; not saved\n", f->path);
			bad++;
			continue;
		}
		err = write_atomic(f->path, f->text);
		if (err) {
			fprintf(stderr, "palisade: %s: %s\n", f->path, strerror(-err));
			bad++;
			continue;
		}
		free(f->orig);
		f->orig = strdup(f->text);
		printf("Saved %s\n", f->path);
		if (load_file(s, f->path))
			printf("%s is saved but could not be loaded\n", f->path);
	}
	return bad;
}

/* Read the log from @*mark, ask about what is new, save. */
static int scan(struct session *s, off_t *mark)
{
	char key[PALISADE_PATH_MAX + PALISADE_NAME_MAX + 160];
	const char *prof = NULL;
	int cls = -1, err, asked = 0;
	size_t i;
	off_t end = *mark;

	s->nitems = 0;
	err = pal_log_read(s->log, *mark, &end, collect, s);
	if (err < 0) {
		fprintf(stderr, "palisade: %s: %s\n", s->log, strerror(-err));
		return -1;
	}
	*mark = end;
	if (s->nitems)
		qsort(s->items, s->nitems, sizeof(*s->items), item_cmp);
	for (i = 0; i < s->nitems && !s->aborted && !s->finished; i++) {
		const struct pal_log_event *ev = &s->items[i].ev;
		struct pfile *f = pfile_for(s, ev->profile);
		const void *pol;

		if (!f)
			continue;
		event_key(ev, key, sizeof(key));
		if (listed(s->seen, s->nseen, key))
			continue;
		pol = pfile_policy(s, f);
		if (!pol) {
			fprintf(stderr, "palisade: %s does not compile; its events "
				"are skipped\n", f->path);
			continue;
		}
		if (pal_learn_allows(pol, ev->profile, ev) == 1)
			continue;	/* allowed by the profile as it is now */
		if (!prof || strcmp(prof, ev->profile) || cls != (int)ev->cls) {
			printf("\n== %s: %s events ==\n", ev->profile,
			       class_names[ev->cls]);
			prof = ev->profile;
			cls = (int)ev->cls;
		}
		list_add(&s->seen, &s->nseen, key);
		asked++;
		if (question(s, f, ev))
			break;
	}
	if (s->aborted || s->bad_answer)
		return -1;
	if (!asked)
		printf("No new events%s.\n", s->only ? " for this profile" : "");
	return save(s) ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Command lines                                                        */

enum { OPT_YES = 256, OPT_ANSWERS, OPT_RUN };

static const struct option learn_opts[] = {
	{ "yes", no_argument, NULL, OPT_YES },
	{ "answers", required_argument, NULL, OPT_ANSWERS },
	{ "run", no_argument, NULL, OPT_RUN },
	{ NULL, 0, NULL, 0 },
};

static void session_free(struct session *s)
{
	size_t i;

	for (i = 0; i < s->nfiles; i++) {
		free(s->files[i].path);
		free(s->files[i].orig);
		free(s->files[i].text);
		free(s->files[i].policy);
	}
	free(s->files);
	free(s->items);
	list_free(s->seen, s->nseen);
	list_free(s->missing, s->nmissing);
	list_free(s->enforce, s->nenforce);
	pal_learn_fini(&s->lc);
	if (s->answers)
		fclose(s->answers);
}

/* Options both commands take; returns 0, or 2 for a usage error. */
static int common_opt(struct session *s, int opt, const char *arg)
{
	switch (opt) {
	case 'd':
		/* The mode code finds files through the environment too. */
		setenv("PALISADE_PROFILE_DIR", arg, 1);
		return 0;
	case 'I':
		if (s->ninc >= MAX_INCS - 1)
			return 2;
		s->incs[s->ninc++] = arg;
		return 0;
	case 'f':
		s->log = arg;
		return 0;
	case OPT_YES:
		s->yes = 1;
		return 0;
	case OPT_ANSWERS:
		s->answers_path = arg;
		s->answers = fopen(arg, "r");
		if (!s->answers) {
			fprintf(stderr, "palisade: %s: %s\n", arg, strerror(errno));
			return 2;
		}
		return 0;
	}
	return 2;
}

static int session_start(struct session *s)
{
	if (s->yes && s->answers) {
		fprintf(stderr, "palisade: --yes and --answers exclude each other\n");
		return -1;
	}
	if (!s->log)
		s->log = PAL_AUDIT_LOG;
	/* The profile directory holds abstractions/ and tunables/. */
	s->incs[s->ninc++] = cli_profile_dir();
	if (pal_learn_init(&s->lc, s->incs, s->ninc)) {
		fprintf(stderr, "palisade: out of memory\n");
		return -1;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	return 0;
}

/* Wait until palisaded has written what the program did: the log stops
 * growing for a moment (at most 5 s). */
static void settle(const char *log)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	off_t last = -1, now;
	int quiet = 0, i;

	for (i = 0; i < 50 && quiet < 5; i++) {
		nanosleep(&ts, NULL);
		now = pal_log_mark(log);
		quiet = now == last ? quiet + 1 : 0;
		last = now;
	}
}

static int run_program(const char *prog, char **args, int nargs)
{
	char **argv = calloc((size_t)nargs + 2, sizeof(*argv));
	int status, i;
	pid_t pid;

	if (!argv)
		return -1;
	argv[0] = (char *)prog;
	for (i = 0; i < nargs; i++)
		argv[i + 1] = args[i];
	printf("Running %s\n", prog);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execv(prog, argv);
		fprintf(stderr, "palisade: %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	free(argv);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFEXITED(status))
		printf("%s exited with status %d\n", prog, WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		printf("%s was killed by signal %d\n", prog, WTERMSIG(status));
	return 0;
}

/* The program's absolute path: as given, or found in $PATH. */
static int resolve(const char *prog, char *out)
{
	char buf[PATH_MAX], *path, *dir, *save = NULL;

	if (strchr(prog, '/'))
		return realpath(prog, out) ? 0 : -errno;
	path = getenv("PATH");
	path = strdup(path ? path : "/usr/sbin:/usr/bin:/sbin:/bin");
	for (dir = strtok_r(path, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/%s", dir, prog);
		if (access(buf, X_OK) == 0 && realpath(buf, out)) {
			free(path);
			return 0;
		}
	}
	free(path);
	return -ENOENT;
}

static int enforce_all(struct session *s, const char *name)
{
	char *argv[3] = { "enforce", (char *)name, NULL };
	size_t i;
	int ret = do_enforce(2, argv);

	for (i = 0; i < s->nenforce; i++) {
		char top[PALISADE_NAME_MAX];

		/* Children are switched with their parent's file. */
		top_name(s->enforce[i], top, sizeof(top));
		if (strcmp(top, s->enforce[i])) {
			struct pfile *f = pfile_for(s, top);
			char err[256];

			if (f && pal_flags_set_mode(f->path, s->incs, s->ninc,
						    s->enforce[i], "enforce",
						    err, sizeof(err)))
				fprintf(stderr, "palisade: %s\n", err);
			continue;
		}
		argv[1] = s->enforce[i];
		ret |= do_enforce(2, argv);
	}
	/* The file changed for the children: load it once more. */
	for (i = 0; i < s->nenforce; i++)
		if (strstr(s->enforce[i], "//")) {
			char *file = cli_find_profile_file(cli_profile_dir(), name);

			if (file) {
				ret |= load_file(s, file);
				free(file);
			}
			break;
		}
	return ret;
}

int do_genprof(int argc, char **argv)
{
	struct session s = { .genprof = 1 };
	char prog[PATH_MAX], fname[NAME_MAX + 1], file[PATH_MAX + NAME_MAX + 2];
	char base[PATH_MAX], buf[64], *have, *stub = NULL;
	int opt, run = 0, ret = 1, hasbase = 0, i, scans = 0;
	char **args = NULL;
	int nargs = 0;
	off_t mark;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "+d:I:f:", learn_opts, NULL)) != -1) {
		if (opt == OPT_RUN) {
			run = 1;
			continue;
		}
		if (common_opt(&s, opt, optarg))
			goto usage;
	}
	if (optind >= argc)
		goto usage;
	if (resolve(argv[optind], prog)) {
		fprintf(stderr, "palisade: %s: no such program\n", argv[optind]);
		goto out;
	}
	if (optind + 1 < argc) {
		i = optind + 1;
		if (!strcmp(argv[i], "--"))
			i++;
		if (!run && i < argc) {
			fprintf(stderr, "palisade: arguments for the program need --run\n");
			goto usage;
		}
		args = argv + i;
		nargs = argc - i;
	}
	if (session_start(&s))
		goto out;
	s.only = prog;
	for (i = 0; i < s.ninc && !hasbase; i++) {
		snprintf(base, sizeof(base), "%s/abstractions/base", s.incs[i]);
		hasbase = access(base, R_OK) == 0;
	}

	/* The profile: the one that exists, in complain mode, or a new one. */
	have = cli_find_profile_file(cli_profile_dir(), prog);
	if (have) {
		char *cargv[3] = { "complain", prog, NULL };

		snprintf(file, sizeof(file), "%s", have);
		free(have);
		printf("Using the profile of %s in %s\n", prog, file);
		if (load_file(&s, file) || do_complain(2, cargv))
			goto out;
	} else {
		if (pal_learn_file_name(prog, fname, sizeof(fname))) {
			fprintf(stderr, "palisade: %s: name too long\n", prog);
			goto out;
		}
		snprintf(file, sizeof(file), "%s/%s", cli_profile_dir(), fname);
		if (access(file, F_OK) == 0) {
			fprintf(stderr, "palisade: %s exists and does not define "
				"a profile for %s\n", file, prog);
			goto out;
		}
		stub = pal_learn_stub(prog, hasbase, "complain");
		if (!stub || write_atomic(file, stub)) {
			fprintf(stderr, "palisade: %s: %s\n", file, strerror(errno));
			goto out;
		}
		printf("Writing a new profile for %s to %s (complain mode)\n",
		       prog, file);
		if (load_file(&s, file))
			goto out;
	}
	mark = pal_log_mark(s.log);
	printf("\nThe profile is loaded in complain mode and the log is marked.\n");
	if (run) {
		run_program(prog, args, nargs);
		settle(s.log);
	} else {
		printf("Now run %s in another terminal and use its functions;\n"
		       "then scan the log for what it did.\n", prog);
	}
	for (;;) {
		printf("\nProfiling: %s\n", prog);
		if (s.yes) {
			snprintf(buf, sizeof(buf), "%s", scans ? "f" : "s");
			printf("[(S)can system log for events] / (F)inish: %s (--yes)\n",
			       buf);
		} else if (ask(&s, "[(S)can system log for events] / (F)inish: ",
			       buf, sizeof(buf))) {
			printf("Abort: the profile stays in complain mode\n");
			goto out;
		}
		if (buf[0] == 's' || buf[0] == 'S') {
			scans++;
			if (scan(&s, &mark)) {
				printf("Stopped: the profile stays in complain mode\n");
				goto out;
			}
			if (!s.finished)
				continue;
		} else if (buf[0] != 'f' && buf[0] != 'F') {
			if (bad_answer(&s, buf))
				goto out;
			continue;
		}
		break;
	}
	printf("\nFinishing: %s goes into enforce mode\n", prog);
	ret = enforce_all(&s, prog) ? 1 : 0;
	if (!ret)
		printf("Done: %s is profiled and enforced (%s)\n", prog, file);
out:
	free(stub);
	session_free(&s);
	return ret;
usage:
	fprintf(stderr, "usage: palisade genprof [-d DIR] [-I DIR]... [-f LOG] "
		"[--yes | --answers FILE] [--run] PROGRAM [-- ARG...]\n");
	session_free(&s);
	return 2;
}

int do_logprof(int argc, char **argv)
{
	struct session s = { 0 };
	off_t mark = 0;
	char *end;
	int opt, ret = 1;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "d:I:f:p:m:", learn_opts, NULL)) != -1) {
		if (opt == 'p') {
			s.only = optarg;
		} else if (opt == 'm') {
			errno = 0;
			mark = (off_t)strtoll(optarg, &end, 10);
			if (errno || *end || mark < 0)
				goto usage;
		} else if (opt == OPT_RUN || common_opt(&s, opt, optarg)) {
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;
	if (session_start(&s))
		goto out;
	printf("Reading %s\n", s.log);
	if (scan(&s, &mark) == 0)
		ret = 0;
	else if (s.bad_answer)
		ret = 2;
out:
	session_free(&s);
	return ret;
usage:
	fprintf(stderr, "usage: palisade logprof [-d DIR] [-I DIR]... [-f LOG] "
		"[-p PROFILE] [-m OFFSET] [--yes | --answers FILE]\n");
	session_free(&s);
	return 2;
}
