# SPDX-License-Identifier: GPL-2.0
#
# palisade top-level build.  All output goes to $(O) (default: build/).
#
#   make            BPF objects + skeleton, parser, palisade, palisaded, tests
#   make check      native unit tests, then the selftests in a QEMU VM
#   make demo       boot the test kernel and confine a demo program
#   make deps       install build/test dependencies (scripts/setup)
#   make V=1        show the commands
#
# The test kernel and the kselftest headers live in the cache directory
# ($(PALISADE_CACHE)), filled by scripts/setup.

O		?= build
PALISADE_CACHE	?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/palisade
ARCH		?= x86_64
KERNEL_DIR	?= $(PALISADE_CACHE)/kernels/$(ARCH)/current
VMLINUX_H	?= $(KERNEL_DIR)/vmlinux.h
KSFT_INC	?= $(PALISADE_CACHE)/ksft

CC		?= gcc
CLANG		?= clang
BPFTOOL		?= bpftool

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' '$(1)' '$(2)';
endif

BPF_ARCH_x86_64	:= x86
BPF_TARGET	:= bpf

SEC_DIR		:= security/palisade
CFLAGS		?= -O2 -g
CFLAGS		+= -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
		   -I$(SEC_DIR) -Iparser -Itools/lib -I$(O)
BPF_CFLAGS	:= -g -O2 -target $(BPF_TARGET) -D__TARGET_ARCH_$(BPF_ARCH_$(ARCH)) \
		   -Wall -Werror -I$(O) -I$(SEC_DIR) \
		   -I/usr/include/$(shell $(CC) -dumpmachine)
BPF_LIBS	:= -lbpf -lelf -lz -lzstd
LDFLAGS_STATIC	:= -static

BPF_SRCS	:= $(wildcard $(SEC_DIR)/*.bpf.c)
BPF_OBJS	:= $(patsubst $(SEC_DIR)/%.bpf.c,$(O)/bpf/%.bpf.o,$(BPF_SRCS))
BPF_HDRS	:= $(wildcard $(SEC_DIR)/*.h)

PARSER_SRCS	:= $(filter-out %_main.c,$(wildcard parser/*.c))
PARSER_OBJS	:= $(patsubst %.c,$(O)/%.o,$(PARSER_SRCS))
PARSER_HDRS	:= $(wildcard parser/*.h) $(SEC_DIR)/palisade.h $(SEC_DIR)/match.h
LIB_SRCS	:= $(wildcard tools/lib/*.c)
LIB_OBJS	:= $(patsubst %.c,$(O)/%.o,$(LIB_SRCS))

NATIVE_TESTS	:= $(patsubst parser/tests/%.c,$(O)/tests/native/%,$(wildcard parser/tests/*_test.c)) \
		   $(patsubst tools/lib/tests/%.c,$(O)/tests/native/%,$(wildcard tools/lib/tests/*_test.c))
VM_TESTS	:= $(patsubst selftests/palisade/%.c,$(O)/tests/vm/%,$(wildcard selftests/palisade/*_test.c))
VM_HELPERS	:= $(O)/tests/vm/pal_try

PROGS		:= $(O)/palisade_parser $(O)/palisade $(O)/palisaded

.PHONY: all deps demo check check-native check-vm clean tests
.DELETE_ON_ERROR:

all: $(PROGS) tests

tests: $(NATIVE_TESTS) $(VM_TESTS) $(VM_HELPERS)

deps:
	scripts/setup

$(O)/vmlinux.h: $(VMLINUX_H)
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)test -s $< || { echo "missing $<: run 'make deps' first" >&2; exit 1; }
	$(Q)cp $< $@

$(O)/bpf/%.bpf.o: $(SEC_DIR)/%.bpf.c $(BPF_HDRS) $(O)/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(O)/palisade.bpf.o: $(BPF_OBJS)
	$(call msg,LINK,$@)
	$(Q)$(BPFTOOL) gen object $@ $^

$(O)/palisade.skel.h: $(O)/palisade.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name palisade > $@

$(O)/parser/%.o: parser/%.c $(PARSER_HDRS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/libpalisade_parser.a: $(PARSER_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/tools/lib/%.o: tools/lib/%.c $(wildcard tools/lib/*.h) $(PARSER_HDRS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(O)/libpalisade.a: $(LIB_OBJS)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/palisade_parser: parser/palisade_parser_main.c $(O)/libpalisade_parser.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS_STATIC) $< $(O)/libpalisade_parser.a -o $@

$(O)/palisade: tools/palisade/palisade.c $(O)/libpalisade.a $(O)/libpalisade_parser.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS_STATIC) $< $(O)/libpalisade.a \
		$(O)/libpalisade_parser.a $(BPF_LIBS) -o $@

$(O)/palisaded: tools/palisaded/palisaded.c $(O)/palisade.skel.h $(O)/libpalisade.a $(O)/libpalisade_parser.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS_STATIC) $< $(O)/libpalisade.a \
		$(O)/libpalisade_parser.a $(BPF_LIBS) -o $@

$(O)/tests/native/%: parser/tests/%.c $(O)/libpalisade_parser.a $(KSFT_INC)/kselftest_harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_INC) $< $(O)/libpalisade_parser.a -o $@

$(O)/tests/native/%: tools/lib/tests/%.c $(O)/libpalisade.a $(O)/libpalisade_parser.a $(KSFT_INC)/kselftest_harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_INC) $< $(O)/libpalisade.a $(O)/libpalisade_parser.a \
		-lapparmor $(BPF_LIBS) -o $@

$(O)/tests/vm/%: selftests/palisade/%.c $(wildcard selftests/palisade/*.h) $(KSFT_INC)/kselftest_harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_INC) $(LDFLAGS_STATIC) $< -o $@

$(KSFT_INC)/kselftest_harness.h:
	@echo "missing $@: run 'make deps' first" >&2; exit 1

# The runner prints "N passed, N failed" over both suites.
check: all
	tools/vm/check --build $(O) --kernel $(KERNEL_DIR)

# The main job: a program confined in a real kernel, and its audit trail.
demo: all
	tools/vm/demo --build $(O) --kernel $(KERNEL_DIR)

check-native: tests
	tools/vm/check --build $(O) --native-only

check-vm: all
	tools/vm/check --build $(O) --kernel $(KERNEL_DIR) --vm-only

clean:
	rm -rf $(O)
