// SPDX-License-Identifier: GPL-2.0
/*
 * palisade: the confined tasks, for ``palisade status``.  The label map is
 * keyed by task_struct address, which userspace cannot map to a pid; this
 * task iterator walks every task and prints the label of those that have
 * one.  palisaded pins its link (links/pal_iter_tasks); reading an iterator
 * made from it yields one line per labelled task:
 *
 *	tgid pid profile_id since
 *
 * The reader applies removals and mode switches as pal_task_profile() does.
 */
#include "common.bpf.h"

SEC("iter/task")
int pal_iter_tasks(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct seq_file *seq = ctx->meta->seq;
	struct pal_task_ctx *tc;
	__u64 key;

	if (!task)
		return 0;
	key = pal_task_key(task);
	tc = bpf_map_lookup_elem(&pal_task, &key);
	if (!tc || !tc->profile_id)
		return 0;
	BPF_SEQ_PRINTF(seq, "%d %d %u %llu\n", task->tgid, task->pid,
		       tc->profile_id, tc->since);
	return 0;
}
