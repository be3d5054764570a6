# SPDX-License-Identifier: GPL-2.0
#
# palisade top-level build.  All output goes to $(O) (default: build/).
#
#   make            BPF objects + skeleton, parser, palisade, palisaded, tests
#   make check      every arch: native unit tests, then the selftests in QEMU
#   make ARCH=s390x check-arch   one arch (x86_64, s390x, ppc64le)
#   make demo       boot the test kernel and confine a demo program
#   make bench      benchmark against AppArmor in the same kernel (x86_64)
#   make deps       install build/test dependencies (scripts/setup)
#   make V=1        show the commands
#
# The test kernel and the kselftest headers live in the cache directory
# ($(PALISADE_CACHE)), filled by scripts/setup.

SHELL		:= /bin/bash
ARCH		?= x86_64
O		?= $(if $(filter x86_64,$(ARCH)),build,build-$(ARCH))
PALISADE_CACHE	?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/palisade
KERNEL_DIR	?= $(PALISADE_CACHE)/kernels/$(ARCH)/current
VMLINUX_H	?= $(KERNEL_DIR)/vmlinux.h
KSFT_INC	?= $(PALISADE_CACHE)/ksft

CLANG		?= clang
HOST_TRIPLET	:= $(shell gcc -dumpmachine)

# Per target: the C cross compiler, the BPF target (byte order), the arch
# name libbpf's bpf_tracing.h wants, and where foreign static libraries live.
ifeq ($(ARCH),x86_64)
CC		:= gcc
BPF_TARGET	:= bpfel
BPF_ARCH	:= x86
else ifeq ($(ARCH),s390x)
CC		:= s390x-linux-gnu-gcc
BPF_TARGET	:= bpfeb
BPF_ARCH	:= s390
TEST_RUNNER	:= qemu-s390x-static
else ifeq ($(ARCH),ppc64le)
CC		:= powerpc64le-linux-gnu-gcc
BPF_TARGET	:= bpfel
BPF_ARCH	:= powerpc
TEST_RUNNER	:= qemu-ppc64le-static
else
$(error ARCH must be x86_64, s390x or ppc64le)
endif
ifneq ($(ARCH),x86_64)
SYSROOT		?= $(PALISADE_CACHE)/sysroot/$(ARCH)
LIBDIR		:= $(SYSROOT)/usr/lib/$(shell $(CC) -dumpmachine)
CFLAGS_ARCH	:= -I$(SYSROOT)/usr/include
LDFLAGS_ARCH	:= -L$(LIBDIR)
# Native tests run under qemu user emulation: static, no target libc needed.
NATIVE_LDFLAGS	:= -static
endif
BPFTOOL		?= bpftool

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' '$(1)' '$(2)';
endif

SEC_DIR		:= security/palisade
CFLAGS		?= -O2 -g
CFLAGS		+= -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
		   -I$(SEC_DIR) -Iparser -Itools/lib -I$(O) $(CFLAGS_ARCH)
BPF_CFLAGS	:= -g -O2 -D__TARGET_ARCH_$(BPF_ARCH) \
		   -Wall -Werror -I$(O) -I$(SEC_DIR) -I/usr/include/$(HOST_TRIPLET)
BPF_LIBS	:= -lbpf -lelf -lz -lzstd
# palisaded's records to auditd (Debian's libaudit-dev; libaudit uses libcap-ng)
AUDIT_LIBS	:= -laudit -lcap-ng
LDFLAGS_STATIC	:= -static $(LDFLAGS_ARCH)

BPF_SRCS	:= $(sort $(wildcard $(SEC_DIR)/*.bpf.c))
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

PROGS		:= $(O)/palisade_parser $(O)/palisade $(O)/palisaded \
		   $(O)/lib/libpalisade.a

.PHONY: all deps demo bench check check-arch check-native check-vm clean tests install
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

# The hook families are compiled as one translation unit: one object, one
# set of maps, no BPF static linking (whose libbpf 1.5 version refuses
# foreign-endian objects, so it could not build for s390x on x86_64).
$(O)/palisade.bpf.c: $(BPF_SRCS) Makefile
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)printf '#include "%s"\n' $(notdir $(BPF_SRCS)) > $@

$(O)/palisade.bpf.o: $(O)/palisade.bpf.c $(BPF_SRCS) $(BPF_HDRS) $(O)/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)$(CLANG) -target $(BPF_TARGET) $(BPF_CFLAGS) -c $< -o $@

ifeq ($(BPF_TARGET),bpfeb)
# bpftool/libbpf (up to 6.12) cannot open a big-endian object on this
# little-endian host: the skeleton comes from a little-endian twin of the
# object and embeds the big-endian bytes (tools/build/skel-embed says why
# that is sound); the twins must have the same sections.
$(O)/palisade.le.bpf.o: $(O)/palisade.bpf.c $(BPF_SRCS) $(BPF_HDRS) $(O)/vmlinux.h
	$(call msg,BPF,$@)
	$(Q)$(CLANG) -target bpfel $(BPF_CFLAGS) -c $< -o $@

$(O)/palisade.skel.h: $(O)/palisade.bpf.o $(O)/palisade.le.bpf.o tools/build/skel-embed
	$(call msg,GEN-SKEL,$@)
	$(Q)cmp -s <(llvm-readelf -S $< | awk '/^ *\[/ {print $$2, $$3}') \
		<(llvm-readelf -S $(O)/palisade.le.bpf.o | awk '/^ *\[/ {print $$2, $$3}') || \
		{ echo "$@: the big- and little-endian objects differ in sections" >&2; exit 1; }
	$(Q)$(BPFTOOL) gen skeleton $(O)/palisade.le.bpf.o name palisade > $@.le
	$(Q)tools/build/skel-embed $@.le $< palisade > $@
else
$(O)/palisade.skel.h: $(O)/palisade.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name palisade > $@
endif

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

# libpalisade: the library programs link to ask palisade about themselves.
$(O)/lib/libpalisade.o: lib/libpalisade.c include/palisade/libpalisade.h $(SEC_DIR)/palisade.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Iinclude -c $< -o $@

$(O)/lib/libpalisade.a: $(O)/lib/libpalisade.o
	$(call msg,AR,$@)
	$(Q)rm -f $@ && ar rcs $@ $^

$(O)/palisade_parser: parser/palisade_parser_main.c $(O)/libpalisade_parser.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS_STATIC) $< $(O)/libpalisade_parser.a -o $@

# One file per subcommand family; commands.h lists the subcommands.
CLI_SRCS	:= $(wildcard tools/palisade/*.c)
$(O)/palisade: $(CLI_SRCS) $(wildcard tools/palisade/*.h) $(O)/libpalisade.a $(O)/libpalisade_parser.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -Itools/palisade $(LDFLAGS_STATIC) $(CLI_SRCS) $(O)/libpalisade.a \
		$(O)/libpalisade_parser.a $(BPF_LIBS) -o $@

DAEMON_SRCS	:= $(wildcard tools/palisaded/*.c)
$(O)/palisaded: $(DAEMON_SRCS) $(wildcard tools/palisaded/*.h) $(O)/palisade.skel.h $(O)/libpalisade.a $(O)/libpalisade_parser.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) -Itools/palisaded $(LDFLAGS_STATIC) $(DAEMON_SRCS) $(O)/libpalisade.a \
		$(O)/libpalisade_parser.a $(BPF_LIBS) $(AUDIT_LIBS) -o $@

# The benchmark's floor: empty programs on palisade's hooks (bench/README.md).
$(O)/pal_floor: bench/pal_floor.c $(O)/palisade.skel.h $(O)/libpalisade.a
	$(call msg,LD,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS_STATIC) $< $(O)/libpalisade.a $(BPF_LIBS) -o $@

$(O)/tests/native/%: parser/tests/%.c $(O)/libpalisade_parser.a $(KSFT_INC)/kselftest_harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_INC) $(NATIVE_LDFLAGS) $< $(O)/libpalisade_parser.a -o $@

$(O)/tests/native/%: tools/lib/tests/%.c $(O)/libpalisade.a $(O)/libpalisade_parser.a $(KSFT_INC)/kselftest_harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_INC) $(NATIVE_LDFLAGS) $< $(O)/libpalisade.a \
		$(O)/libpalisade_parser.a $(LDFLAGS_ARCH) -lapparmor $(BPF_LIBS) -o $@

$(O)/tests/vm/%: selftests/palisade/%.c $(wildcard selftests/palisade/*.h) $(KSFT_INC)/kselftest_harness.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -I$(KSFT_INC) $(LDFLAGS_STATIC) $< -o $@

# Kconfig's default authority level, for palisaded (palisade.conf's
# "authority =" overrides it): the choice's default, as a PAL_AUTH_* value.
$(O)/pal_kconfig.h: Kconfig
	$(call msg,GEN,$@)
	$(Q)mkdir -p $(@D)
	$(Q)awk '/^choice/ { c = 1 } /^endchoice/ { c = 0 } \
		c && $$1 == "default" && $$2 ~ /^SECURITY_PALISADE_AUTHORITY_/ { \
			sub(/^SECURITY_PALISADE_AUTHORITY_/, "", $$2); d = $$2 } \
		END { if (d == "") exit 1; \
			print "/* Generated from Kconfig: the default authority level. */"; \
			print "#define PALISADE_AUTHORITY_DEFAULT PAL_AUTH_" d }' $< > $@

$(O)/palisaded: $(O)/pal_kconfig.h

# pal_try calls libpalisade as a program would.
$(O)/tests/vm/pal_try: selftests/palisade/pal_try.c $(wildcard selftests/palisade/*.h) $(O)/lib/libpalisade.a
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Iinclude -I$(KSFT_INC) $(LDFLAGS_STATIC) $< $(O)/lib/libpalisade.a -o $@

$(KSFT_INC)/kselftest_harness.h:
	@echo "missing $@: run 'make deps' first" >&2; exit 1

# The dynamically linked program-control test program (pal_dyn), the
# plugin it dlopen()s, and the target's own ld.so and libc.so.6 (the cross
# compiler's): the VM image keeps them in $(DYN_DIR), the program's
# interpreter; it finds libc next to itself ($$ORIGIN), so a test can copy
# it and libc into a directory of its own and mark them as it likes.
DYN_DIR		:= /usr/lib/palisade/dyn
DYN_LDSO_x86_64	:= ld-linux-x86-64.so.2
DYN_LDSO_s390x	:= ld64.so.1
DYN_LDSO_ppc64le := ld64.so.2
DYN		:= $(O)/tests/dyn
DYN_FILES	:= $(DYN)/pal_dyn $(DYN)/libpal_plugin.so $(DYN)/ld.so $(DYN)/libc.so.6

tests: $(DYN_FILES)

$(DYN)/pal_dyn: selftests/palisade/pal_dyn.c $(O)/lib/libpalisade.a
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -Iinclude $< $(O)/lib/libpalisade.a \
		-Wl,--dynamic-linker=$(DYN_DIR)/ld.so -Wl,-rpath,'$$ORIGIN' -o $@

$(DYN)/libpal_plugin.so: selftests/palisade/pal_plugin.c
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -fPIC -shared $< -o $@

$(DYN)/ld.so:
	$(call msg,CP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)cp -L "$$($(CC) -print-file-name=$(DYN_LDSO_$(ARCH)))" $@

$(DYN)/libc.so.6:
	$(call msg,CP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)cp -L "$$($(CC) -print-file-name=libc.so.6)" $@

# The runner prints "N passed, N failed" over both suites.
# Kernels each arch's selftests boot (tools/vm/fetch-kernel, build-kernel-s390x).
KERNELS_x86_64	:= x86_64 x86_64-6.12
KERNELS_s390x	:= s390x
KERNELS_ppc64le	:= ppc64le
KERNEL_DIRS	:= $(foreach k,$(KERNELS_$(ARCH)),$(PALISADE_CACHE)/kernels/$(k)/current)
CHECK		:= ARCH=$(ARCH) TEST_RUNNER=$(TEST_RUNNER) tools/vm/check --build $(O)
ARCHES		?= x86_64 s390x ppc64le

# Every arch: build, native tests (under qemu-user when foreign), selftests
# in each of the arch's kernels; one closing line over all of it.
check:
	tools/vm/check-all $(ARCHES)

# One arch (ARCH=...): what check runs for it.
check-arch: all
	$(CHECK) $(if $(KERNEL_DIRS),$(addprefix --kernel ,$(KERNEL_DIRS)),--native-only)

check-native: tests
	$(CHECK) --native-only

check-vm: all
	$(CHECK) $(addprefix --kernel ,$(KERNEL_DIRS)) --vm-only

# The benchmark against AppArmor in the same kernel (x86_64): prints a
# table of medians and ratios, not a pass/fail test.  BENCH_ROUNDS=N,
# BENCH_CLOCK=icount (default: instructions counted) or host (wall time).
bench: all $(O)/pal_floor
	bench/run --build $(O) --rounds $(or $(BENCH_ROUNDS),5) --clock $(or $(BENCH_CLOCK),icount)

clean:
	rm -rf $(O)

# Debian's real daemons confined by the shipped profiles (x86_64, 6.12):
# fetch them once into the cache, build the image overlay, boot, run only
# daemon_test.  Elsewhere daemon_test finds no daemons and skips.
DAEMON_KERNEL	:= $(PALISADE_CACHE)/kernels/x86_64-6.12/current

.PHONY: check-daemons
check-daemons: all
	$(Q)stage=$$(tools/vm/fetch-daemons) && \
	tools/vm/mkdaemonroot "$$stage" $(O) $(O)/vm/daemons-root && \
	PALISADE_INITRAMFS_EXTRA=$(CURDIR)/$(O)/vm/daemons-root \
	PALISADE_SELFTESTS=daemon_test $(CHECK) --kernel $(DAEMON_KERNEL) --vm-only
# make install [DESTDIR=...] [PREFIX=/usr]: binaries, man pages, the
# systemd unit, bash completion, the shipped profiles into /etc/palisade.d
# and palisade.conf into /etc (existing files are kept: they are the
# administrator's).
PREFIX		?= /usr
SBINDIR		?= $(PREFIX)/sbin
MANDIR		?= $(PREFIX)/share/man
UNITDIR		?= $(PREFIX)/lib/systemd/system
COMPLETIONDIR	?= $(PREFIX)/share/bash-completion/completions
SYSCONFDIR	?= /etc
INSTALL		?= install

install: $(PROGS)
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(UNITDIR) \
		$(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(SYSCONFDIR)/palisade.d
	$(INSTALL) -m 0755 $(PROGS) $(DESTDIR)$(SBINDIR)/
	$(INSTALL) -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 0644 man/*.8 $(DESTDIR)$(MANDIR)/man8/
	sed 's|@SBINDIR@|$(SBINDIR)|g' tools/palisaded/palisaded.service > \
		$(DESTDIR)$(UNITDIR)/palisaded.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/palisaded.service
	$(INSTALL) -m 0644 tools/completion/palisade $(DESTDIR)$(COMPLETIONDIR)/palisade
	for f in profiles/*; do \
		case $${f##*/} in palisade.conf|README.md) continue ;; esac; \
		cp -rn "$$f" $(DESTDIR)$(SYSCONFDIR)/palisade.d/; \
	done
	cp -n profiles/palisade.conf $(DESTDIR)$(SYSCONFDIR)/palisade.conf
