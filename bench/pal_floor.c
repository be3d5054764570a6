// SPDX-License-Identifier: GPL-2.0
/*
 * pal_floor DIR: what any BPF-LSM costs on the hooks palisade uses.
 *
 * Puts an empty program (return 0) on each hook palisaded attaches a
 * program to at load, one for each of its programs there, sleepable where
 * that program is, and pins their links in DIR; removing DIR takes them
 * off (once RCU has freed the programs).  The benchmark's unconfined runs
 * with these in place measure the floor under palisade's unconfined cost:
 * the trampoline's entry and exit on every hook call, which no BPF-LSM
 * program avoids.  The program list is palisade's own object (its
 * skeleton), narrowed to the running kernel as palisaded narrows it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "palisade.skel.h"
#include "pal_progs.h"

/* An empty program attached to @hook; its link pinned at DIR/@name.
 * Return: 0 or -errno. */
static int floor_attach(const struct btf *btf, const char *dir,
			const char *name, const char *hook, bool sleepable)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = BPF_LSM_MAC,
		.prog_flags = sleepable ? BPF_F_SLEEPABLE : 0);
	int prog = -1, link = -1, err;
	char path[512];
	__s32 id;

	snprintf(path, sizeof(path), "bpf_lsm_%s", hook);
	id = btf__find_by_name_kind(btf, path, BTF_KIND_FUNC);
	if (id < 0)
		return -ENOENT;
	opts.attach_btf_id = id;
	prog = bpf_prog_load(BPF_PROG_TYPE_LSM, name, "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
	if (prog < 0) {
		err = -errno;
		goto cleanup;
	}
	link = bpf_raw_tracepoint_open(NULL, prog);
	if (link < 0) {
		err = -errno;
		goto cleanup;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	err = bpf_obj_pin(link, path) ? -errno : 0;
cleanup:
	if (link >= 0)
		close(link);
	if (prog >= 0)
		close(prog);
	return err;
}

int main(int argc, char **argv)
{
	struct palisade *skel = NULL;
	struct bpf_program *prog;
	struct btf *btf = NULL;
	int err = 1, n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: pal_floor DIR (under /sys/fs/bpf)\n");
		return 2;
	}
	if (mkdir(argv[1], 0700) && errno != EEXIST) {
		fprintf(stderr, "pal_floor: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	skel = palisade__open();
	btf = btf__load_vmlinux_btf();
	if (!skel || !btf) {
		fprintf(stderr, "pal_floor: %s: %s\n", skel ? "kernel BTF" :
			"palisade's BPF object", strerror(errno));
		goto cleanup;
	}
	pal_progs_select(skel->obj, "pal_floor", NULL);
	bpf_object__for_each_program(prog, skel->obj) {
		const char *name = bpf_program__name(prog);
		const char *hook;
		bool sleepable;
		int ret;

		hook = pal_progs_hook(prog, &sleepable);
		if (!hook || !bpf_program__autoload(prog) ||
		    !strcmp(name, PAL_PROGS_ON_DEMAND))
			continue;
		ret = floor_attach(btf, argv[1], name, hook, sleepable);
		if (ret) {
			fprintf(stderr, "pal_floor: %s on %s: %s\n", name, hook,
				strerror(-ret));
			goto cleanup;
		}
		n++;
	}
	printf("%d\n", n);
	err = 0;
cleanup:
	btf__free(btf);
	palisade__destroy(skel);
	return err;
}
