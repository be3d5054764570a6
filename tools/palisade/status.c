// SPDX-License-Identifier: GPL-2.0
/*
 * palisade status: what is loaded, in aa-status's shape and exit codes
 * (0 loaded with a policy, 1 not loaded, 2 no policy, 4 no permission).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "cli.h"
#include "pal_control.h"
#include "match.h"
#include "palisade_parser.h"

#define ITER_PIN	PALISADE_PIN_DIR "/links/pal_iter_tasks"

static const char *const authority_names[] = {
	[PAL_AUTH_UNIX] = "unix",
	[PAL_AUTH_DAEMON] = "daemon",
	[PAL_AUTH_MAINCHECK] = "maincheck",
};

/**
 * struct confined - one confined process
 * @pid: its thread group id
 * @exe: its executable
 * @profile: its profile's name
 * @mode: the mode in force for it
 */
struct confined {
	int pid;
	char exe[256];
	const char *profile;
	__u32 mode;
};

/*
 * The confined processes, from the task iterator: one entry per thread
 * group (its leader's label, or the first labelled thread's), with the
 * removals and mode switches applied as the hooks apply them.
 */
static int confined_list(const struct pal_maps *maps, const void *blob,
			 const struct pal_state *st, struct confined **out)
{
	int link, it, n = 0, cap = 0, tgid, pid, i;
	char buf[65536], *line, *save;
	size_t got = 0;
	unsigned long long since;
	unsigned int id;
	ssize_t r;

	*out = NULL;
	link = bpf_obj_get(ITER_PIN);
	if (link < 0)
		return -errno;
	it = bpf_iter_create(link);
	close(link);
	if (it < 0)
		return -errno;
	while (got + 1 < sizeof(buf) &&
	       (r = read(it, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)r;
	close(it);
	buf[got] = 0;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct pal_profile_ctl ctl;
		struct confined *c;
		__u32 rec, mode;
		char link_path[64];
		ssize_t l;

		if (sscanf(line, "%d %d %u %llu", &tgid, &pid, &id, &since) != 4)
			continue;
		for (i = 0; i < n; i++)
			if ((*out)[i].pid == tgid)
				break;
		if (i < n)
			continue;
		rec = pal_profile_find(blob, id);
		if (!rec)
			continue;
		mode = PAL_FIELD((const __u8 *)blob, rec, struct pal_profile_rec, mode);
		if (!bpf_map_lookup_elem(maps->profile_ctl, &id, &ctl)) {
			if ((ctl.flags & PAL_CTL_BORN) && ctl.born > since &&
			    ctl.born <= st->generation)
				continue;
			if ((ctl.flags & PAL_CTL_MODE) && ctl.base == mode &&
			    ctl.mode <= PAL_MODE_LAST)
				mode = ctl.mode;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			*out = realloc(*out, cap * sizeof(**out));
			if (!*out)
				return -ENOMEM;
		}
		c = &(*out)[n++];
		c->pid = tgid;
		c->profile = pal_policy_profile_name(blob, id);
		c->mode = mode;
		snprintf(link_path, sizeof(link_path), "/proc/%d/exe", tgid);
		l = readlink(link_path, c->exe, sizeof(c->exe) - 1);
		if (l < 0) {
			snprintf(link_path, sizeof(link_path), "/proc/%d/comm", tgid);
			FILE *f = fopen(link_path, "r");

			l = f && fgets(c->exe, sizeof(c->exe), f) ? (ssize_t)strcspn(c->exe, "\n") : 0;
			if (f)
				fclose(f);
		}
		c->exe[l > 0 ? l : 0] = 0;
	}
	return n;
}

static void print_counts(const struct pal_stats *stats,
			 const struct pal_config *cfg)
{
	if (pal_json) {
		printf("\"events\":%llu,\"events_dropped\":%llu,"
		       "\"events_suppressed\":%llu,\"denials\":%llu,\"kills\":%llu,"
		       "\"audit_rate\":%u,\"cache_hits\":%llu,\"cache_fills\":%llu,"
		       "\"cache_nostore\":%llu,",
		       (unsigned long long)stats->events,
		       (unsigned long long)stats->events_dropped,
		       (unsigned long long)stats->events_suppressed,
		       (unsigned long long)stats->denials,
		       (unsigned long long)stats->kills, cfg->audit_rate,
		       (unsigned long long)stats->cache_hits,
		       (unsigned long long)stats->cache_fills,
		       (unsigned long long)stats->cache_nostore);
		return;
	}
	printf("denials %llu, kills %llu\n"
	       "decision cache: hits %llu, fills %llu, no inode storage %llu\n"
	       "audit records: sent %llu, dropped (ring buffer full) %llu, "
	       "suppressed (rate limit) %llu\n"
	       "audit rate limit: %u%s\n",
	       (unsigned long long)stats->denials,
	       (unsigned long long)stats->kills,
	       (unsigned long long)stats->cache_hits,
	       (unsigned long long)stats->cache_fills,
	       (unsigned long long)stats->cache_nostore,
	       (unsigned long long)stats->events,
	       (unsigned long long)stats->events_dropped,
	       (unsigned long long)stats->events_suppressed, cfg->audit_rate,
	       cfg->audit_rate ? " records/s per CPU" : " (unlimited)");
}

int do_status(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_config cfg = { 0 };
	struct confined *procs = NULL;
	struct pal_profile_mode *pm = NULL;
	struct pal_stats stats;
	struct pal_state st;
	int nprocs = 0, ret = 0, err, i, m;
	__u32 n = 0, k;
	const char *auth;
	char msg[256];
	__u8 *blob;

	(void)argc;
	(void)argv;
	err = pal_maps_open_pinned(&maps, msg, sizeof(msg));
	if (err) {
		int perm = err == -EACCES || err == -EPERM ||
			   (access(PALISADE_PIN_DIR, F_OK) == 0 &&
			    access(PALISADE_PIN_DIR, R_OK | X_OK) != 0);

		if (pal_json)
			printf("{\"loaded\":false%s}\n",
			       perm ? ",\"error\":\"permission denied\"" : "");
		else if (perm)
			printf("palisade: no permission to read its state "
			       "(%s): run as root\n", msg);
		else
			printf("palisade is not loaded: %s\n", msg);
		return perm ? 4 : 1;
	}
	blob = pal_policy_vbuf_alloc();
	if (!blob) {
		pal_maps_close(&maps);
		return 1;
	}
	if (pal_policy_read_active(&maps, blob, &st)) {
		memset(&st, 0, sizeof(st));
		ret = 2;
	}
	if (pal_stats_read(&maps, &stats))
		memset(&stats, 0, sizeof(stats));
	pal_config_read(&maps, &cfg);
	auth = cfg.authority <= PAL_AUTH_LAST ? authority_names[cfg.authority] : "?";
	if (st.loaded) {
		n = PAL_FIELD(blob, 0, struct pal_policy_header, nprofiles);
		pm = calloc(n ? n : 1, sizeof(*pm));
		for (k = 0; pm && k < n; k++)
			pal_profile_mode_get(&maps, blob,
					     PAL_FIELD(blob, 0, struct pal_policy_header,
						       profiles_off) +
						     k * sizeof(struct pal_profile_rec),
					     &pm[k]);
		if (!pm)
			n = 0;
		nprocs = confined_list(&maps, blob, &st, &procs);
	}
	if (pal_json) {
		printf("{\"loaded\":true,\"policy_loaded\":%s,\"policy_version\":%u,"
		       "\"generation\":%llu,\"authority\":\"%s\",",
		       st.loaded ? "true" : "false", PALISADE_POLICY_VERSION,
		       (unsigned long long)st.generation, auth);
		print_counts(&stats, &cfg);
		printf("\"profiles\":[");
		for (k = 0; k < n; k++) {
			const char *name = pal_policy_profile_name(blob, pm[k].id);

			printf("%s{\"name\":", k ? "," : "");
			json_str(stdout, name ? name : "");
			printf(",\"mode\":\"%s\"", pal_mode_name(pm[k].mode & 3));
			if (pm[k].switched)
				printf(",\"policy_mode\":\"%s\"",
				       pal_mode_name(pm[k].compiled & 3));
			printf("}");
		}
		printf("],\"processes\":[");
		for (i = 0; i < nprocs; i++) {
			printf("%s{\"pid\":%d,\"exe\":", i ? "," : "", procs[i].pid);
			json_str(stdout, procs[i].exe);
			printf(",\"profile\":");
			json_str(stdout, procs[i].profile ? procs[i].profile : "");
			printf(",\"mode\":\"%s\"}", pal_mode_name(procs[i].mode & 3));
		}
		printf("]}\n");
	} else {
		printf("palisade loaded, policy format %u, generation %llu\n"
		       "authority level: %s\n",
		       PALISADE_POLICY_VERSION, (unsigned long long)st.generation,
		       auth);
		print_counts(&stats, &cfg);
		if (!st.loaded)
			printf("no policy loaded\n");
		printf("%u profiles\n", n);
		for (m = 0; m <= PAL_MODE_LAST; m++) {
			__u32 c = 0;

			for (k = 0; k < n; k++)
				c += (pm[k].mode & 3) == (__u32)m;
			if (!c)
				continue;
			printf("%u profiles are in %s mode.\n", c, pal_mode_name(m));
			for (k = 0; k < n; k++) {
				const char *name;

				if ((pm[k].mode & 3) != (__u32)m)
					continue;
				name = pal_policy_profile_name(blob, pm[k].id);
				printf("   %s", name ? name : "?");
				if (pm[k].switched)
					printf(" (switched; policy says %s)",
					       pal_mode_name(pm[k].compiled & 3));
				printf("\n");
			}
		}
		if (nprocs >= 0) {
			printf("%d processes are confined.\n", nprocs);
			for (i = 0; i < nprocs; i++)
				printf("   %s (%d) %s %s\n", procs[i].exe,
				       procs[i].pid,
				       procs[i].profile ? procs[i].profile : "?",
				       pal_mode_name(procs[i].mode & 3));
		} else if (st.loaded) {
			printf("confined processes unknown: %s: %s\n", ITER_PIN,
			       strerror(-nprocs));
		}
	}
	free(procs);
	free(pm);
	free(blob);
	pal_maps_close(&maps);
	return ret;
}
