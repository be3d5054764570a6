// SPDX-License-Identifier: GPL-2.0
/* palisade: the object that carries the license (and the maps, like all). */
#include "maps.bpf.h"

char LICENSE[] SEC("license") = "GPL";
