/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which of palisade's BPF-LSM programs the running kernel can take: shared
 * by palisaded, which loads them, and the benchmark's empty-program floor,
 * which puts an empty program on each hook they attach to.
 */
#ifndef PAL_PROGS_H
#define PAL_PROGS_H

#include <stdbool.h>
#include <stdio.h>

struct bpf_object;
struct bpf_program;

/* The program attached only while a server identity may exist
 * (pal_loader.c): every other selected program is attached at load. */
#define PAL_PROGS_ON_DEMAND	"pal_inode_permission"

/*
 * The hook @prog attaches to ("file_open"), and in *@sleepable whether it
 * is an "lsm.s/" program.  Return: NULL when @prog is not an LSM program.
 */
const char *pal_progs_hook(const struct bpf_program *prog, bool *sleepable);

/*
 * Leave out (bpf_program__set_autoload(false)) the programs of @obj whose
 * hook the running kernel lacks or has with other arguments; each is
 * reported to @log (may be NULL) under @who.  Without the kernel's BTF
 * nothing is left out: loading then says what is wrong.
 */
void pal_progs_select(struct bpf_object *obj, const char *who, FILE *log);

#endif /* PAL_PROGS_H */
