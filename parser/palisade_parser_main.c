// SPDX-License-Identifier: GPL-2.0
/*
 * palisade_parser: compile AppArmor profiles into a palisade binary policy.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "palisade_parser.h"

static void usage(FILE *f)
{
	fputs("usage: palisade_parser [-o OUT.bin] [-I DIR]... [-D STAGE]...\n"
	      "                       [--big-endian|--little-endian] [--strict] [--root DIR] PROFILE...\n"
	      "\n"
	      "Compile AppArmor profile files into a palisade binary policy.\n"
	      "Without -o the profiles are only checked.\n"
	      "\n"
	      "  -o, --output FILE    write the binary policy to FILE\n"
	      "  -I, --include DIR    search DIR for include <...> (repeatable)\n"
	      "  -D, --dump STAGE     dump a stage to stderr: expr-tree, dfa-states,\n"
	      "                       dfa-minimize, compressed-dfa, stats (repeatable)\n"
	      "      --big-endian     write the policy big-endian\n"
	      "      --little-endian  write the policy little-endian\n"
	      "                       (default: this machine's byte order)\n"
	      "      --strict         rules that are parsed but not enforced are errors\n"
	      "      --root DIR       resolve setuid/setgid -> names in DIR/etc/passwd, DIR/etc/group\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "Exit status: 0 on success, 1 on any error.\n", f);
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

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "include", required_argument, NULL, 'I' },
		{ "dump", required_argument, NULL, 'D' },
		{ "big-endian", no_argument, NULL, 'B' },
		{ "little-endian", no_argument, NULL, 'L' },
		{ "strict", no_argument, NULL, 'S' },
		{ "root", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct pal_compile_opts opts = { .big_endian = -1 };
	const char **dirs = calloc((size_t)argc + 1, sizeof(*dirs));
	const char *out = NULL;
	void *blob = NULL;
	size_t size = 0;
	char err[256];
	int c, ret = 1;

	if (!dirs)
		return 1;
	while ((c = getopt_long(argc, argv, "o:I:D:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'I':
			dirs[opts.ninclude_dirs++] = optarg;
			break;
		case 'D': {
			unsigned int flag = pal_dump_flag(optarg);

			if (!flag) {
				fprintf(stderr, "palisade_parser: unknown dump stage '%s'\n",
					optarg);
				goto out;
			}
			opts.dump_flags |= flag;
			break;
		}
		case 'B':
			opts.big_endian = 1;
			break;
		case 'L':
			opts.big_endian = 0;
			break;
		case 'R':
			opts.id_root = optarg;
			break;
		case 'S':
			opts.strict = 1;
			break;
		case 'h':
			usage(stdout);
			ret = 0;
			goto out;
		default:
			usage(stderr);
			goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "palisade_parser: no profile given\n");
		usage(stderr);
		goto out;
	}
	opts.include_dirs = dirs;
	opts.dump = stderr;
	if (pal_compile_files(&opts, (const char *const *)argv + optind,
			      argc - optind, &blob, &size, stderr))
		goto out;
	/* never hand out what the loader would refuse (host order only) */
	if (opts.big_endian < 0 &&
	    pal_policy_verify(blob, size, err, sizeof(err))) {
		fprintf(stderr, "palisade_parser: internal error: %s\n", err);
		goto out;
	}
	if (out && write_file(out, blob, size))
		goto out;
	ret = 0;
out:
	free(blob);
	free(dirs);
	return ret;
}
