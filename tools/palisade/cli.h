/* SPDX-License-Identifier: GPL-2.0 */
/*
 * palisade: what the subcommand files share.
 */
#ifndef PAL_CLI_H
#define PAL_CLI_H

#include <stdio.h>
#include "pal_loader.h"

/* Where the profiles of the system live (palisade.d(5)). */
#define PAL_PROFILE_DIR		"/etc/palisade.d"
#define PAL_AUDIT_LOG		"/var/log/palisade/audit.log"

/* Set by --json before the subcommand. */
extern int pal_json;

#define PAL_CMD(name, fn, help) int do_##fn(int argc, char **argv);
#include "commands.h"
#undef PAL_CMD

/* The profile directory: $PALISADE_PROFILE_DIR or PAL_PROFILE_DIR. */
const char *cli_profile_dir(void);

/* Print @s as a JSON string. */
void json_str(FILE *f, const char *s);

/* Open the pinned maps; prints why not.  Returns 0 or a negative errno. */
int cli_open_maps(struct pal_maps *maps);

/* The policy in force in a malloc'd virtual policy buffer, or NULL
 * (message printed) when none is loaded. */
void *cli_read_policy(const struct pal_maps *maps, struct pal_state *st);

/* Does @path name a directory? */
int cli_is_dir(const char *path);

/*
 * The profile files of @dir as palisade.d(5) defines them: regular files,
 * not hidden, not backups (~, .dpkg-*, .rpm*), sorted.  Sub-directories
 * (abstractions/, tunables/, local/...) are include material.  Returns
 * the count (*files malloc'd, free with cli_free_list()).
 */
int cli_dir_profiles(const char *dir, char ***files);
void cli_free_list(char **v, int n);

/* The file of @dir defining profile @name, malloc'd, or NULL. */
char *cli_find_profile_file(const char *dir, const char *name);

#endif /* PAL_CLI_H */
