// SPDX-License-Identifier: GPL-2.0
/*
 * palisaded: loads palisade's BPF-LSM programs, pins them and their maps
 * under /sys/fs/bpf/palisade (so enforcement outlives the daemon), installs
 * the boot policy, and drains the audit ring buffer into AppArmor-format
 * lines, written to its log file and to the audit daemon as AUDIT_USER_AVC
 * records when one listens (auditd.c), else to syslog (LOG_AUTHPRIV, where
 * AppArmor's lines land on systems without auditd).
 *
 * The boot policy is every profile of the profile directory (-d, default
 * /etc/palisade.d), compiled once and cached (bootpolicy.c); -p files
 * replace it.  SIGHUP reloads it; SIGTERM ends the drain and leaves
 * enforcement in place (the links and maps stay pinned).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "palisade.skel.h"
#include "pal_audit.h"
#include "pal_marks.h"
#include "pal_control.h"
#include "pal_loader.h"
#include "pal_progs.h"
#include "palisade_parser.h"
#include "bootpolicy.h"
#include "auditd.h"
#include "match.h"

#define DEFAULT_LOG	"/var/log/palisade/audit.log"
#define DEFAULT_PIDFILE	"/run/palisaded.pid"
#define DEFAULT_DIR	"/etc/palisade.d"
#define DEFAULT_CACHE	"/var/cache/palisade"

static volatile sig_atomic_t stop, reload;

static void on_hup(int sig)
{
	(void)sig;
	reload = 1;
}

/* What the boot policy comes from. */
struct source {
	const char **policies;
	int npolicies;
	const char **incs;
	int ninc;
	const char *dir;
	const char *cache;
};

/*
 * Load the boot policy: the -p files, else the profile directory (through
 * the cache).  A policy that does not compile leaves the one in force.
 * Returns 0, 1 when there was nothing to load, -1 on errors.
 */
static int load_boot_policy(const struct pal_maps *maps, const struct source *src,
			    int use_syslog)
{
	int from_cache = 0, err;
	char msg[256], *diag = NULL, *line, *save;
	size_t size, dlen = 0;
	FILE *df;
	void *blob;

	if (src->npolicies) {
		if (pal_policy_load_file(src->policies, src->npolicies, src->incs,
					 src->ninc, &blob, &size))
			return -1;
	} else {
		/*
		 * The compiler's file:line:col messages go to syslog as well:
		 * a detached daemon's stderr is /dev/null, and a SIGHUP whose
		 * profile does not compile must say why.
		 */
		df = open_memstream(&diag, &dlen);
		err = pal_boot_policy(src->dir, src->cache, &blob, &size,
				      &from_cache, df ? df : stderr);
		if (df)
			fclose(df);
		for (line = diag ? strtok_r(diag, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save)) {
			fprintf(stderr, "%s\n", line);
			if (use_syslog)
				syslog(LOG_ERR, "%s", line);
		}
		free(diag);
		if (err == -ENOENT)
			return 1;
		if (err) {
			fprintf(stderr, "palisaded: %s: policy does not compile; the policy in force stays\n",
				src->dir);
			if (use_syslog)
				syslog(LOG_ERR, "%s: policy does not compile; the policy in force stays",
				       src->dir);
			return -1;
		}
	}
	err = pal_policy_install(maps, blob, size, msg, sizeof(msg));
	free(blob);
	if (err) {
		fprintf(stderr, "palisaded: policy not loaded: %s\n", msg);
		if (use_syslog)
			syslog(LOG_ERR, "policy not loaded: %s", msg);
		return -1;
	}
	/* Says whether the cache served: the observable of its key. */
	fprintf(stderr, "palisaded: policy loaded from %s%s\n",
		src->npolicies ? src->policies[0] : src->dir,
		src->npolicies ? "" : from_cache ? " (cached)" : " (compiled)");
	if (use_syslog)
		syslog(LOG_NOTICE, "policy loaded from %s%s",
		       src->npolicies ? src->policies[0] : src->dir,
		       src->npolicies ? "" : from_cache ? " (cached)" : " (compiled)");
	return 0;
}

struct drain {
	struct pal_maps maps;
	FILE *log;
	void *policy;		/* copy of the policy in force, for names */
	__u64 generation;	/* of that copy */
	unsigned long serial;
	struct pal_auditd audit;	/* the audit daemon, when one listens */
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int libbpf_log(enum libbpf_print_level level, const char *fmt,
		      va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	fprintf(stderr, "palisaded: libbpf: ");
	return vfprintf(stderr, fmt, ap);
}

static const char *profile_name(struct drain *dr, __u32 id)
{
	struct pal_state st;

	if (pal_state_read(&dr->maps, &st) == 0 && st.loaded &&
	    st.generation != dr->generation) {
		if (pal_policy_read_active(&dr->maps, dr->policy, &st) == 0)
			dr->generation = st.generation;
	}
	return dr->generation ? pal_policy_profile_name(dr->policy, id) : NULL;
}

/*
 * The name of an exec target: a profile of the policy in force, or, for a
 * target that is missing from it, the name an exec rule gave it.
 */
static const char *target_name(struct drain *dr, __u32 id)
{
	const __u8 *b = dr->policy;
	const char *name = profile_name(dr, id);
	__u32 i, n, xt, strings, off;

	if (name || !dr->generation)
		return name;
	n = PAL_FIELD(b, 0, struct pal_policy_header, nxtargets);
	xt = PAL_FIELD(b, 0, struct pal_policy_header, xtargets_off);
	strings = PAL_FIELD(b, 0, struct pal_policy_header, strings_off);
	for (i = 0; i < n && i < PAL_X_TARGET_MAX; i++) {
		off = xt + i * sizeof(struct pal_xtarget);
		if (PAL_FIELD(b, off, struct pal_xtarget, id) != id)
			continue;
		off = PAL_FIELD(b, off, struct pal_xtarget, name_off);
		return (const char *)b + ((strings + off) & (PALISADE_POLICY_MAX - 1));
	}
	return NULL;
}

static int on_event(void *arg, void *data, size_t size)
{
	struct drain *dr = arg;
	const struct pal_event *e = data;
	char line[PALISADE_PATH_MAX * 3];
	const char *peer;
	struct timeval tv;

	if (size < sizeof(*e))
		return 0;
	/* Both names from one copy of the policy: look up the peer first,
	 * the profile lookup then finds the copy current.  An exec names its
	 * target (which may be missing from the policy), signal and ptrace
	 * records the other task's profile. */
	if (!e->peer_id)
		peer = NULL;
	else if (e->op == PAL_OP_EXEC)
		peer = target_name(dr, e->peer_id);
	else
		peer = profile_name(dr, e->peer_id);
	pal_audit_format_peer(e, profile_name(dr, e->profile_id), peer, line,
			      sizeof(line));
	gettimeofday(&tv, NULL);
	++dr->serial;
	fprintf(dr->log, "type=AVC msg=audit(%lld.%03ld:%lu): %s\n",
		(long long)tv.tv_sec, (long)(tv.tv_usec / 1000), dr->serial,
		line);
	fflush(dr->log);
	/* The audit daemon when one listens (it stamps the record itself). */
	if (pal_auditd_listening(&dr->audit) && !pal_auditd_send(&dr->audit, line))
		return 0;
	/* Without a syslog daemon this is a no-op: the log file has it. */
	syslog(LOG_AUTHPRIV | LOG_NOTICE, "type=AVC msg=audit(%lld.%03ld:%lu): %s",
	       (long long)tv.tv_sec, (long)(tv.tv_usec / 1000), dr->serial,
	       line);
	return 0;
}

/*
 * Tell the BPF side which process is palisaded, so confined tasks cannot
 * signal or trace it (selfprotect.bpf.c); 0 when it exits.  After
 * daemon(), whose fork changes the pid.
 */
static void register_self(__u32 tgid)
{
	struct pal_self self = { .daemon_tgid = tgid };
	char path[256];
	__u32 zero = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/pal_self", PALISADE_PIN_DIR);
	fd = bpf_obj_get(path);
	if (fd < 0) {
		fprintf(stderr, "palisaded: %s: %s\n", path, strerror(errno));
		return;
	}
	if (bpf_map_update_elem(fd, &zero, &self, BPF_ANY))
		fprintf(stderr, "palisaded: registering: %s\n", strerror(errno));
	close(fd);
}

/* Load, attach and pin everything; leaves the pins for the kernel to keep. */
static int load_and_pin(__u32 audit_rate)
{
	struct pal_config cfg = { .audit_rate = audit_rate };
	struct palisade *skel = NULL;
	char path[256];
	__u32 zero = 0;
	int i, err;

	skel = palisade__open();
	if (!skel) {
		err = -errno;
		fprintf(stderr, "palisaded: opening BPF object: %s\n", strerror(errno));
		return err;
	}
	pal_progs_select(skel->obj, "palisaded", stderr);
	err = palisade__load(skel);
	if (err) {
		fprintf(stderr, "palisaded: loading BPF programs: %s\n", strerror(-err));
		goto cleanup;
	}
	/* Before the hooks run, so no record escapes the limit. */
	err = bpf_map_update_elem(bpf_map__fd(skel->maps.pal_config), &zero,
				  &cfg, BPF_ANY);
	if (err) {
		err = -errno;
		fprintf(stderr, "palisaded: audit rate: %s\n", strerror(errno));
		goto cleanup;
	}
	/* Attached by the policy installer only while a server identity
	 * may exist (tools/lib/pal_loader.c); pinned for it. */
	bpf_program__set_autoattach(skel->progs.pal_inode_permission, false);
	err = palisade__attach(skel);
	if (err) {
		fprintf(stderr, "palisaded: attaching BPF-LSM programs: %s "
			"(is 'bpf' in the kernel's lsm= list?)\n", strerror(-err));
		goto cleanup;
	}
	if (mkdir(PALISADE_PIN_DIR, 0700) && errno != EEXIST) {
		err = -errno;
		fprintf(stderr, "palisaded: %s: %s\n", PALISADE_PIN_DIR, strerror(errno));
		goto cleanup;
	}
	err = bpf_object__pin_maps(skel->obj, PALISADE_PIN_DIR);
	if (err) {
		fprintf(stderr, "palisaded: pinning maps: %s\n", strerror(-err));
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/progs", PALISADE_PIN_DIR);
	if (mkdir(path, 0700) && errno != EEXIST) {
		err = -errno;
		goto cleanup;
	}
	err = bpf_program__pin(skel->progs.pal_inode_permission,
			       PALISADE_PIN_DIR "/progs/pal_inode_permission");
	if (err) {
		fprintf(stderr, "palisaded: pinning pal_inode_permission: %s\n",
			strerror(-err));
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/links", PALISADE_PIN_DIR);
	if (mkdir(path, 0700) && errno != EEXIST) {
		err = -errno;
		goto cleanup;
	}
	for (i = 0; i < skel->skeleton->prog_cnt; i++) {
		const struct bpf_prog_skeleton *ps = &skel->skeleton->progs[i];

		if (!*ps->link)		/* left out by select_programs() */
			continue;
		snprintf(path, sizeof(path), "%s/links/%s", PALISADE_PIN_DIR,
			 ps->name);
		err = bpf_link__pin(*ps->link, path);
		if (err) {
			fprintf(stderr, "palisaded: pinning %s: %s\n", path,
				strerror(-err));
			goto cleanup;
		}
	}
	err = 0;
cleanup:
	/* Pinned links and maps stay in force after this process lets go. */
	palisade__destroy(skel);
	return err;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: palisaded [-f] [-l LOGFILE] [-d DIR] [-p POLICY]... [-I DIR]...\n"
		"  -f, --foreground    do not detach\n"
		"  -d, --profiles DIR  profile directory (default " DEFAULT_DIR ")\n"
		"  -c, --cache DIR     compiled policy cache (default " DEFAULT_CACHE ")\n"
		"  -l, --log FILE      audit log (default " DEFAULT_LOG ")\n"
		"  -p, --policy FILE   binary policy or profile text to load\n"
		"  -I, --include DIR   include search path for profile text\n"
		"  -P, --pidfile FILE  (default " DEFAULT_PIDFILE ")\n"
		"  -C, --conf FILE     global settings (default /etc/palisade.conf)\n"
		"  -r, --audit-rate N  audit records per second and CPU when loading\n"
		"                      the programs, 0 = unlimited (default %u)\n",
		PAL_AUDIT_RATE_DEFAULT);
}

/* Kconfig's choice of default authority level (the choice's default,
 * SECURITY_PALISADE_AUTHORITY_*, generated into pal_kconfig.h), used when
 * palisade.conf does not say. */
#include "pal_kconfig.h"
#define DEFAULT_CONF "/etc/palisade.conf"

/* "authority = unix|daemon|maincheck" of palisade.conf. */
static __u32 conf_authority(const char *path)
{
	static const char *const names[] = { "unix", "daemon", "maincheck" };
	char line[256], val[32];
	__u32 a = PALISADE_AUTHORITY_DEFAULT, i;
	FILE *f = fopen(path, "re");

	if (!f)
		return a;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " authority = %31s", val) != 1)
			continue;
		for (i = 0; i <= PAL_AUTH_LAST; i++)
			if (!strcmp(val, names[i]))
				a = i;
		if (i > PAL_AUTH_LAST && strcmp(val, names[a]))
			fprintf(stderr, "palisaded: %s: unknown authority '%s'\n",
				path, val);
	}
	fclose(f);
	return a;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "log", required_argument, NULL, 'l' },
		{ "policy", required_argument, NULL, 'p' },
		{ "include", required_argument, NULL, 'I' },
		{ "pidfile", required_argument, NULL, 'P' },
		{ "audit-rate", required_argument, NULL, 'r' },
		{ "profiles", required_argument, NULL, 'd' },
		{ "cache", required_argument, NULL, 'c' },
		{ "conf", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *logpath = DEFAULT_LOG, *pidfile = DEFAULT_PIDFILE;
	const char *conf = DEFAULT_CONF;
	int fresh = 0;
	const char *policies[64], *incs[64];
	int npolicies = 0, ninc = 0, foreground = 0, opt, err;
	struct drain dr = { .maps = PAL_MAPS_INIT };
	unsigned long audit_rate = PAL_AUDIT_RATE_DEFAULT;
	char *end;
	struct ring_buffer *rb = NULL;
	char msg[256], state_pin[256];
	struct sigaction sa;
	struct source src = { .policies = policies, .incs = incs,
			      .dir = DEFAULT_DIR, .cache = DEFAULT_CACHE };
	FILE *pf;

	while ((opt = getopt_long(argc, argv, "fl:p:I:P:r:d:c:C:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			foreground = 1;
			break;
		case 'l':
			logpath = optarg;
			break;
		case 'p':
			if (npolicies < 64)
				policies[npolicies++] = optarg;
			break;
		case 'I':
			if (ninc < 64)
				incs[ninc++] = optarg;
			break;
		case 'P':
			pidfile = optarg;
			break;
		case 'r':
			errno = 0;
			audit_rate = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg ||
			    audit_rate > 0xffffffffUL) {
				fprintf(stderr, "palisaded: bad audit rate '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'd':
			src.dir = optarg;
			break;
		case 'c':
			src.cache = optarg;
			break;
		case 'C':
			conf = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	libbpf_set_print(libbpf_log);

	/* A restarted daemon finds the programs still pinned and in force. */
	snprintf(state_pin, sizeof(state_pin), "%s/pal_state", PALISADE_PIN_DIR);
	if (access(state_pin, F_OK) == 0) {
		fprintf(stderr, "palisaded: programs already pinned, draining only\n");
	} else {
		err = load_and_pin((__u32)audit_rate);
		if (err)
			return 1;
		fresh = 1;
	}
	err = pal_maps_open_pinned(&dr.maps, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "palisaded: %s\n", msg);
		return 1;
	}
	if (fresh) {
		struct pal_config cfg;
		int n;

		/* The marks map starts empty: restore the registry while the
		 * level is still unix (unconfined root may mark), then apply
		 * the configured level. */
		n = pal_marks_registry_restore(NULL, stderr);
		if (n < 0)
			fprintf(stderr, "palisaded: %s: %s\n", PAL_MARKS_REGISTRY,
				strerror(-n));
		if (!pal_config_read(&dr.maps, &cfg)) {
			cfg.authority = conf_authority(conf);
			pal_config_write(&dr.maps, &cfg);
		}
	} else {
		struct pal_config cfg;

		/* A restart resyncs the marks map with the kept marks (the
		 * file attributes and the registry), which vouch only for
		 * unchanged files: marks a write cleared never come back.
		 * Only while unconfined root may mark (level unix): above
		 * it, the map stays as it is. */
		if (!pal_config_read(&dr.maps, &cfg) &&
		    cfg.authority == PAL_AUTH_UNIX)
			pal_marks_registry_restore(NULL, NULL);
	}
	src.npolicies = npolicies;
	src.ninc = ninc;
	/* No LOG_CONS: with no syslog daemon, stay off the console.  Open
	 * before the boot policy, whose errors are logged; LOG_PID reads
	 * the pid at each line, so daemon()'s fork below is fine. */
	openlog("palisaded", LOG_PID, LOG_AUTHPRIV);
	/* A boot policy that does not compile is logged, and the daemon
	 * stays: it drains the audit trail of the policy in force (none on
	 * a fresh boot, which `palisade status` reports), and SIGHUP loads
	 * the fixed profiles without a reboot. */
	load_boot_policy(&dr.maps, &src, 1);

	dr.policy = pal_policy_vbuf_alloc();
	if (!dr.policy)
		goto fail;
	{
		char dir[256], *slash;

		snprintf(dir, sizeof(dir), "%s", logpath);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = 0;
			mkdir(dir, 0750);
		}
	}
	dr.log = fopen(logpath, "a");
	if (!dr.log) {
		fprintf(stderr, "palisaded: %s: %s\n", logpath, strerror(errno));
		goto fail;
	}
	rb = ring_buffer__new(dr.maps.events, on_event, &dr, NULL);
	if (!rb) {
		fprintf(stderr, "palisaded: ring buffer: %s\n", strerror(errno));
		goto fail;
	}
	if (!foreground && daemon(0, 0)) {
		fprintf(stderr, "palisaded: daemon: %s\n", strerror(errno));
		goto fail;
	}
	register_self((__u32)getpid());
	pf = fopen(pidfile, "w");
	if (pf) {
		fprintf(pf, "%d\n", getpid());
		fclose(pf);
	}

	pal_auditd_open(&dr.audit);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	while (!stop) {
		if (reload) {
			reload = 0;
			syslog(LOG_NOTICE, "SIGHUP: reloading the policy");
			load_boot_policy(&dr.maps, &src, 1);
		}
		err = ring_buffer__poll(rb, 500);
		if (err < 0 && err != -EINTR) {
			fprintf(stderr, "palisaded: polling: %s\n", strerror(-err));
			break;
		}
	}
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	register_self(0);
	pal_auditd_close(&dr.audit);
	closelog();
	unlink(pidfile);
	fclose(dr.log);
	free(dr.policy);
	pal_maps_close(&dr.maps);
	return 0;
fail:
	ring_buffer__free(rb);
	if (dr.log)
		fclose(dr.log);
	free(dr.policy);
	pal_maps_close(&dr.maps);
	return 1;
}
