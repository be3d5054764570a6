// SPDX-License-Identifier: GPL-2.0
/*
 * palisade exec: run a command confined by a profile (like aa-exec), and
 * palisade unconfined: processes with listening sockets and no profile
 * (like aa-unconfined).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>

#include "cli.h"
#include "pal_control.h"
#include "match.h"

/* Field 22 of /proc/self/stat: start time in clock ticks since boot. */
static int start_ticks(__u64 *ticks)
{
	char buf[1024], *p;
	FILE *f = fopen("/proc/thread-self/stat", "r");
	int field;

	if (!f)
		f = fopen("/proc/self/stat", "r");
	if (!f || !fgets(buf, sizeof(buf), f)) {
		if (f)
			fclose(f);
		return -EIO;
	}
	fclose(f);
	/* comm may hold spaces: count fields after its closing ')'. */
	p = strrchr(buf, ')');
	if (!p)
		return -EIO;
	for (field = 2; field < 22 && p; field++)
		p = strchr(p + 1, ' ');
	if (!p)
		return -EIO;
	*ticks = strtoull(p + 1, NULL, 10);
	return 0;
}

int do_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct pal_maps maps = PAL_MAPS_INIT;
	struct pal_exec_req rq = { 0 };
	const char *profile = NULL;
	struct pal_state st;
	__u32 tid, rec;
	void *blob;
	int opt, fd;

	optind = 1;
	/* '+': stop at the command, its options are its own. */
	while ((opt = getopt_long(argc, argv, "+p:", longopts, NULL)) != -1) {
		if (opt != 'p')
			goto usage;
		profile = optarg;
	}
	if (!profile || optind >= argc)
		goto usage;
	if (geteuid() != 0) {
		fprintf(stderr, "palisade: exec: only root may place a command in a profile\n");
		return 4;
	}
	if (cli_open_maps(&maps))
		return 1;
	blob = cli_read_policy(&maps, &st);
	if (!blob) {
		pal_maps_close(&maps);
		return 1;
	}
	rec = pal_policy_profile_by_name(blob, profile);
	if (!rec) {
		fprintf(stderr, "palisade: %s: no such profile\n", profile);
		free(blob);
		pal_maps_close(&maps);
		return 1;
	}
	rq.profile_id = PAL_FIELD((const __u8 *)blob, rec, struct pal_profile_rec, id);
	free(blob);
	pal_maps_close(&maps);
	fd = bpf_obj_get(PALISADE_PIN_DIR "/pal_exec_req");
	if (fd < 0) {
		fprintf(stderr, "palisade: %s/pal_exec_req: %s\n", PALISADE_PIN_DIR,
			strerror(errno));
		return 1;
	}
	tid = (__u32)syscall(SYS_gettid);
	if (start_ticks(&rq.start_ticks) ||
	    bpf_map_update_elem(fd, &tid, &rq, BPF_ANY)) {
		fprintf(stderr, "palisade: exec request: %s\n", strerror(errno));
		close(fd);
		return 1;
	}
	/* The request is for this thread's next exec: the command's. */
	execvp(argv[optind], argv + optind);
	fprintf(stderr, "palisade: %s: %s\n", argv[optind], strerror(errno));
	bpf_map_delete_elem(fd, &tid);
	close(fd);
	return errno == ENOENT ? 127 : 126;
usage:
	fprintf(stderr, "usage: palisade exec -p PROFILE [--] COMMAND [ARG]...\n");
	return 2;
}

/* Socket inodes in LISTEN state (TCP) or bound (UDP) from /proc/net. */
struct inodes {
	unsigned long *v;
	size_t n, cap;
	char (*proto)[8];
};

static void scan_net(struct inodes *in, const char *file, const char *proto,
		     int tcp)
{
	char line[512], path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned int state;
		unsigned long inode;

		/* sl local rem st tx:rx tr:when retr uid timeout inode */
		if (sscanf(line, "%*s %*s %*s %x %*s %*s %*s %*s %*s %lu",
			   &state, &inode) != 2 || !inode)
			continue;
		if (tcp && state != 0x0a)	/* TCP_LISTEN */
			continue;
		if (!tcp && state != 0x07)	/* TCP_CLOSE: bound, unconnected */
			continue;
		if (in->n == in->cap) {
			in->cap = in->cap ? 2 * in->cap : 64;
			in->v = realloc(in->v, in->cap * sizeof(*in->v));
			in->proto = realloc(in->proto, in->cap * sizeof(*in->proto));
			if (!in->v || !in->proto)
				break;
		}
		in->v[in->n] = inode;
		snprintf(in->proto[in->n++], sizeof(in->proto[0]), "%s", proto);
	}
	fclose(f);
}

/* The protocol of a listening socket @pid holds, or NULL. */
static const char *listens(const struct inodes *in, const char *pid)
{
	char dir[300], path[640], target[64];
	struct dirent *e;
	DIR *d;
	size_t i;

	snprintf(dir, sizeof(dir), "/proc/%s/fd", pid);
	d = opendir(dir);
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		unsigned long inode;
		ssize_t l;

		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		l = readlink(path, target, sizeof(target) - 1);
		if (l <= 0)
			continue;
		target[l] = 0;
		if (sscanf(target, "socket:[%lu]", &inode) != 1)
			continue;
		for (i = 0; i < in->n; i++)
			if (in->v[i] == inode) {
				closedir(d);
				return in->proto[i];
			}
	}
	closedir(d);
	return NULL;
}

int do_unconfined(int argc, char **argv)
{
	struct pal_maps maps = PAL_MAPS_INIT;
	struct inodes in = { 0 };
	char buf[65536], *line, *save;
	int confined[4096], nconf = 0, first = 1, link, it, i;
	struct dirent *e;
	size_t got = 0;
	ssize_t r;
	DIR *proc;

	(void)argc;
	(void)argv;
	scan_net(&in, "tcp", "tcp", 1);
	scan_net(&in, "tcp6", "tcp6", 1);
	scan_net(&in, "udp", "udp", 0);
	scan_net(&in, "udp6", "udp6", 0);
	/* Confined thread groups from the task iterator (see status). */
	link = bpf_obj_get(PALISADE_PIN_DIR "/links/pal_iter_tasks");
	it = link >= 0 ? bpf_iter_create(link) : -1;
	if (link >= 0)
		close(link);
	if (it >= 0) {
		while (got + 1 < sizeof(buf) &&
		       (r = read(it, buf + got, sizeof(buf) - 1 - got)) > 0)
			got += (size_t)r;
		close(it);
	}
	buf[got] = 0;
	for (line = strtok_r(buf, "\n", &save); line && nconf < 4096;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line, "%d", &confined[nconf]) == 1)
			nconf++;
	pal_maps_close(&maps);
	proc = opendir("/proc");
	if (!proc) {
		fprintf(stderr, "palisade: /proc: %s\n", strerror(errno));
		return 1;
	}
	if (pal_json)
		printf("[");
	while ((e = readdir(proc))) {
		char exe[512], path[300];
		const char *proto;
		int pid, c = 0;
		ssize_t l;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		proto = listens(&in, e->d_name);
		if (!proto)
			continue;
		pid = atoi(e->d_name);
		for (i = 0; i < nconf; i++)
			if (confined[i] == pid)
				c = 1;
		if (c)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/exe", e->d_name);
		l = readlink(path, exe, sizeof(exe) - 1);
		exe[l > 0 ? l : 0] = 0;
		if (pal_json) {
			printf("%s{\"pid\":%d,\"exe\":", first ? "" : ",", pid);
			json_str(stdout, exe);
			printf(",\"protocol\":\"%s\"}", proto);
		} else {
			printf("%d %s not confined (%s)\n", pid, exe, proto);
		}
		first = 0;
	}
	closedir(proc);
	if (pal_json)
		printf("]\n");
	free(in.v);
	free(in.proto);
	return 0;
}
