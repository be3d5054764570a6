// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: the administration tool.  bpftool-style subcommands; the list
 * is commands.h, one line per subcommand, each implemented by a do_<verb>()
 * in the file of its family (status.c, load.c, mode.c, exec.c, explain.c,
 * diff.c, genprof.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int pal_json;

static const struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
#define PAL_CMD(name, fn, help) { name, do_##fn, help },
#include "commands.h"
#undef PAL_CMD
};

int do_help(int argc, char **argv)
{
	size_t i;

	(void)argc;
	(void)argv;
	printf("usage: palisade [--json] COMMAND [ARGS]\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		printf("  %s\n", cmds[i].help);
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	while (argc > 1 && (!strcmp(argv[1], "--json") || !strcmp(argv[1], "-j"))) {
		pal_json = 1;
		argv++;
		argc--;
	}
	if (argc < 2)
		return do_help(0, NULL), 2;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return do_help(0, NULL);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "palisade: unknown command '%s' (try 'palisade help')\n",
		argv[1]);
	return 2;
}
