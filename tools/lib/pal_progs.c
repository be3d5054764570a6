// SPDX-License-Identifier: GPL-2.0
/*
 * Which of palisade's programs the running kernel can take (see
 * pal_progs.h).  An LSM program attaches to the kernel function
 * bpf_lsm_<hook>, which the kernel's BTF names with its arguments: a hook
 * the kernel lacks (file_truncate arrived in 6.2) has no such function,
 * and a hook whose arguments changed has another count of them.
 */
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "pal_progs.h"

/*
 * Programs written for one signature of a hook whose arguments changed
 * between kernels: loaded only where the running kernel's hook has that
 * many arguments.
 */
static const struct {
	const char *prog;
	__u32 nargs;
} hook_variants[] = {
	{ "pal_inode_setattr", 2 },		/* before 6.3 */
	{ "pal_inode_setattr_idmap", 3 },	/* struct mnt_idmap * first */
};

const char *pal_progs_hook(const struct bpf_program *prog, bool *sleepable)
{
	const char *sec = bpf_program__section_name(prog);

	*sleepable = false;
	if (!strncmp(sec, "lsm/", 4))
		return sec + 4;
	if (!strncmp(sec, "lsm.s/", 6)) {
		*sleepable = true;
		return sec + 6;
	}
	return NULL;
}

void pal_progs_select(struct bpf_object *obj, const char *who, FILE *log)
{
	struct btf *btf = btf__load_vmlinux_btf();
	struct bpf_program *prog;
	char fn[128];
	size_t i;

	if (!btf)
		return;
	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);
		const struct btf_type *t;
		const char *hook;
		bool sleepable;
		__s32 id;

		hook = pal_progs_hook(prog, &sleepable);
		if (!hook)
			continue;
		snprintf(fn, sizeof(fn), "bpf_lsm_%s", hook);
		id = btf__find_by_name_kind(btf, fn, BTF_KIND_FUNC);
		if (id < 0) {
			bpf_program__set_autoload(prog, false);
			if (log)
				fprintf(log, "%s: this kernel has no %s hook: %s not loaded\n",
					who, hook, name);
			continue;
		}
		t = btf__type_by_id(btf, btf__type_by_id(btf, id)->type);
		for (i = 0; i < sizeof(hook_variants) / sizeof(hook_variants[0]); i++)
			if (!strcmp(name, hook_variants[i].prog) &&
			    btf_vlen(t) != hook_variants[i].nargs)
				bpf_program__set_autoload(prog, false);
	}
	btf__free(btf);
}
