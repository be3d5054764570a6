// SPDX-License-Identifier: GPL-2.0
/*
 * palisade_parser: compile AppArmor profiles into a palisade binary policy.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade_parser.h"
#include "pal_source.h"
#include "pal_util.h"

static void usage(FILE *f)
{
	fputs("usage: palisade_parser [options] PROFILE|DIR...\n"
	      "\n"
	      "Compile AppArmor profiles into a palisade binary policy.  A directory\n"
	      "compiles every profile file in it (dot files, editor and package\n"
	      "manager backups skipped).  Without -o or -S the profiles are only\n"
	      "checked; this program never loads a policy (palisade load does).\n"
	      "\n"
	      "  -o, --ofile FILE     write the binary policy to FILE (also --output)\n"
	      "  -S, --stdout         write the binary policy to standard output\n"
	      "  -Q, --skip-kernel-load\n"
	      "                       compile only (always the case; accepted for\n"
	      "                       AppArmor tooling, as are -K and -T)\n"
	      "  -I, --Include DIR    search DIR for include <...> (repeatable; also\n"
	      "                       --include)\n"
	      "  -p, --preprocess     print each profile with its includes inlined;\n"
	      "                       variables and conditionals are left as written\n"
	      "  -D, --dump STAGE     dump a stage to stderr: expr-tree, dfa-states,\n"
	      "                       dfa-minimize, compressed-dfa, stats (repeatable)\n"
	      "  -j, --jobs N         parse N files, compile N profiles at once (threads)\n"
	      "                       (default: one per CPU, at most 8; -j auto or a\n"
	      "                       bare -j: one per CPU; -j1: one at a time).  The\n"
	      "                       policy and the messages do not depend on N\n"
	      "  -q, --quiet          no warnings or notes, only errors\n"
	      "      --strict         rules that are parsed but not enforced are errors\n"
	      "      --big-endian     write the policy big-endian\n"
	      "      --little-endian  write the policy little-endian\n"
	      "                       (default: this machine's byte order)\n"
	      "      --root DIR       resolve setuid/setgid -> names in DIR/etc/passwd,\n"
	      "                       DIR/etc/group (default: this system's)\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Errors are reported as FILE:LINE:COL: error: MESSAGE with the line and\n"
	      "a caret under the column.\n"
	      "Exit status: 0 when every profile compiles, 1 when one does not (or\n"
	      "the output cannot be written), 2 on a usage error.\n", f);
}

static int write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		return -1;
	}
	if (fwrite(data, 1, size, f) != size) {
		perror(path);
		fclose(f);
		return -1;
	}
	if (fclose(f)) {
		perror(path);
		return -1;
	}
	return 0;
}

/*
 * The profile files of the arguments: a directory stands for its files
 * (sorted; dot files, editor backups and package manager leftovers
 * skipped, as AppArmor does).
 */
static int expand_dirs(const char *const *args, int n, char ***files,
		       size_t *nfiles)
{
	size_t cap = 0;
	int i;

	for (i = 0; i < n; i++) {
		char **sub;
		size_t nsub, k;

		if (!pal_is_dir(args[i])) {
			PAL_GROW(*files, cap, *nfiles + 1);
			(*files)[(*nfiles)++] = pal_xstrdup(args[i]);
			continue;
		}
		if (pal_dir_files(args[i], &sub, &nsub)) {
			fprintf(stderr, "%s: error: cannot list the directory\n",
				args[i]);
			return -1;
		}
		for (k = 0; k < nsub; k++) {
			PAL_GROW(*files, cap, *nfiles + 1);
			(*files)[(*nfiles)++] = sub[k];
		}
		free(sub);
	}
	return 0;
}

/* Enough for a big policy; more threads mostly add memory. */
#define DEFAULT_JOBS_MAX 8

static int default_jobs(void)
{
	unsigned int n = pal_online_cpus();

	return n < DEFAULT_JOBS_MAX ? (int)n : DEFAULT_JOBS_MAX;
}

/* "auto", or a whole number of jobs from 1 on */
static int jobs_value(const char *s, int *jobs)
{
	char *end;
	long v;

	if (!strcmp(s, "auto")) {
		*jobs = PAL_JOBS_AUTO;
		return 0;
	}
	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 1 || v > INT_MAX)
		return -1;
	*jobs = (int)v;
	return 0;
}

/*
 * -j takes an optional value, as make's does: "-j4", "--jobs=4", and
 * also "-j 4" / "-j auto": a next word that is "auto" or starts with a
 * digit is the count (a profile file named like a number can be given
 * as ./4).  A bare -j is "auto".
 */
static int parse_jobs(int argc, char **argv, int *jobs)
{
	const char *v = optarg;

	if (!v) {
		*jobs = PAL_JOBS_AUTO;
		/* a word starting with a digit is meant as the count */
		if (optind >= argc || (strcmp(argv[optind], "auto") &&
				       (argv[optind][0] < '0' ||
					argv[optind][0] > '9')))
			return 0;
		v = argv[optind++];
	}
	if (!jobs_value(v, jobs))
		return 0;
	fprintf(stderr, "palisade_parser: -j wants a number of jobs from 1 on, or auto, not '%s'\n",
		v);
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "ofile", required_argument, NULL, 'o' },
		{ "stdout", no_argument, NULL, 'S' },
		{ "skip-kernel-load", no_argument, NULL, 'Q' },
		{ "skip-cache", no_argument, NULL, 'K' },
		{ "skip-read-cache", no_argument, NULL, 'T' },
		{ "include", required_argument, NULL, 'I' },
		{ "Include", required_argument, NULL, 'I' },
		{ "preprocess", no_argument, NULL, 'p' },
		{ "dump", required_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", optional_argument, NULL, 'j' },
		{ "big-endian", no_argument, NULL, 'B' },
		{ "little-endian", no_argument, NULL, 'L' },
		{ "strict", no_argument, NULL, 's' },
		{ "root", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pal_compile_opts opts = { .big_endian = -1, .show_source = 1,
					 .jobs = default_jobs() };
	const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
	const char *out = NULL;
	int to_stdout = 0, preprocess = 0;
	void *blob = NULL;
	size_t size = 0;
	char err[256];
	char **files = NULL;
	size_t nfiles = 0, k;
	int c, ret = 1;

	if (!dirs)
		return 1;
	while ((c = getopt_long(argc, argv, "o:SQKTI:pD:qj::h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'S':
			to_stdout = 1;
			break;
		case 'Q':
		case 'K':
		case 'T':
			break;
		case 'I':
			dirs[opts.ninclude_dirs++] = optarg;
			break;
		case 'p':
			preprocess = 1;
			break;
		case 'D': {
			unsigned int flag = pal_dump_flag(optarg);

			if (!flag) {
				fprintf(stderr, "palisade_parser: unknown dump stage '%s' (expr-tree, dfa-states, dfa-minimize, compressed-dfa, stats)\n",
					optarg);
				ret = 2;
				goto out;
			}
			opts.dump_flags |= flag;
			break;
		}
		case 'q':
			opts.quiet = 1;
			break;
		case 'j':
			if (parse_jobs(argc, argv, &opts.jobs)) {
				ret = 2;
				goto out;
			}
			break;
		case 'B':
			opts.big_endian = 1;
			break;
		case 'L':
			opts.big_endian = 0;
			break;
		case 'R':
			opts.id_root = optarg;
			break;
		case 's':
			opts.strict = 1;
			break;
		case 'h':
			usage(stdout);
			ret = 0;
			goto out;
		default:
			usage(stderr);
			ret = 2;
			goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "palisade_parser: no profile given\n");
		usage(stderr);
		ret = 2;
		goto out;
	}
	opts.include_dirs = dirs;
	opts.dump = stderr;
	if (expand_dirs((const char *const *)argv + optind, argc - optind,
			&files, &nfiles))
		goto out;
	if (preprocess) {
		ret = 0;
		for (k = 0; k < nfiles; k++)
			if (pal_preprocess_file(&opts, files[k], stdout, stderr))
				ret = 1;
		if (fflush(stdout))
			ret = 1;
		goto out;
	}
	if (pal_compile_files(&opts, (const char *const *)files, (int)nfiles,
			      &blob, &size, stderr))
		goto out;
	/* never hand out what the loader would refuse (host order only) */
	if (opts.big_endian < 0 &&
	    pal_policy_verify(blob, size, err, sizeof(err))) {
		fprintf(stderr, "palisade_parser: internal error: %s\n", err);
		goto out;
	}
	if (out && write_file(out, blob, size))
		goto out;
	if (to_stdout && (fwrite(blob, 1, size, stdout) != size || fflush(stdout))) {
		perror("palisade_parser: standard output");
		goto out;
	}
	ret = 0;
out:
	for (k = 0; k < nfiles; k++)
		free(files[k]);
	free(files);
	free(blob);
	free(dirs);
	return ret;
}
