# SPDX-License-Identifier: GPL-2.0-or-later
#
# umk's one Makefile.  Three worlds, compiled differently:
#   src/kernel, src/hostfs/*_kern.c   the kernel: freestanding, no libc headers;
#                                     reaches the host only via host_*/plat_*
#   src/sandbox, src/hostfs/*_user.c  host side: ordinary C with glibc
#   src/sandbox/stub                  the stub image: static, libc-free,
#                                     linked at a fixed address
#   modules/NAME/*.c                  umk modules (build/modules/NAME.so):
#                                     kernel code too, freestanding, -fPIC,
#                                     linked against nothing (umk/module.h)
#   src/net-helper                    umk-net-helper, a program of its own
#                                     (TAP devices, with CAP_NET_ADMIN)
#   src/console                       umk-console, the management console's
#                                     client
# `make check` verifies the boundary (tools/check-boundary) and runs the tests.

CC ?= gcc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
UMKLIBDIR ?= $(PREFIX)/lib/umk
MODULEDIR ?= $(UMKLIBDIR)/modules
INCLUDEDIR ?= $(PREFIX)/include
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
# umk reads /etc/umk (modules.conf, umk.conf) whatever PREFIX is
SYSCONFDIR ?= /etc
DESTDIR ?=
B := build

VERSION := $(shell sed -n '1s/.*(\(.*\)).*/\1/p' debian/changelog 2>/dev/null || echo 0.0.0)

WARN := -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare -Wno-missing-field-initializers
OPT := -O2 -g
COMMON := -std=gnu11 $(OPT) $(WARN) -fno-strict-aliasing -Isrc/include -iquote src/kernel -MMD -MP

# The kernel sees only the compiler's own freestanding headers.
KERNEL_CFLAGS := $(COMMON) -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -fno-builtin \
	-DUMK_VERSION='"$(VERSION)"'
HOST_CFLAGS := $(COMMON) -D_GNU_SOURCE -pthread -DUMK_VERSION='"$(VERSION)"'
STUB_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Isrc/include -ffreestanding -nostdlib \
	-fno-stack-protector -fpie -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables -fcf-protection=none -mfsgsbase -MMD -MP

# A module calls only what umk's api table gives it: -z defs makes any
# other symbol a link error.  The flags after CFLAGS are not negotiable.
MODULE_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Isrc/include -ffreestanding -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -fno-builtin \
	-fvisibility=hidden
MODULE_FIXED := -fPIC -fno-stack-protector -fno-tree-loop-distribute-patterns
MODULE_LDFLAGS := -shared -nostdlib -Wl,-z,defs -Wl,-z,noexecstack

KERNEL_SRCS := $(wildcard src/kernel/*.c src/kernel/*/*.c src/hostfs/*_kern.c)
HOST_SRCS := $(wildcard src/sandbox/*.c src/hostfs/*_user.c)
STUB_SRCS := src/sandbox/stub/stub.c src/sandbox/stub/stub_entry.S

KERNEL_OBJS := $(KERNEL_SRCS:%.c=$(B)/%.o)
HOST_OBJS := $(HOST_SRCS:%.c=$(B)/%.o)
STUB_OBJS := $(B)/src/sandbox/stub/stub.o $(B)/src/sandbox/stub/stub_entry.o

# User CFLAGS/LDFLAGS come last, so `make CFLAGS=...` and dh can override.
LIBS := -lseccomp -lcap -lpthread

MODULE_NAMES := $(notdir $(wildcard modules/*))
MODULES := $(MODULE_NAMES:%=$(B)/modules/%.so)

.PHONY: all clean check bench install unit modules man fuzz
all: $(B)/umk $(B)/umk-console $(MODULES) $(B)/umk-net-helper $(B)/man/umk-syscalls.7
modules: $(MODULES)

# build/modules/NAME.so from modules/NAME/*.c
define module_rule
$(B)/modules/$(1).so: $(wildcard modules/$(1)/*.c modules/$(1)/*.h) src/include/umk/module.h src/include/umk/types.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(MODULE_CFLAGS) $$(CFLAGS) $$(MODULE_FIXED) $$(MODULE_LDFLAGS) $$(LDFLAGS) \
		-o $$@ $$(filter %.c,$$^)
endef
$(foreach m,$(MODULE_NAMES),$(eval $(call module_rule,$(m))))

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(if $(filter src/kernel/% src/hostfs/%_kern.c,$<),$(KERNEL_CFLAGS),$(HOST_CFLAGS)) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/src/sandbox/stub/%.o: src/sandbox/stub/%.c
	@mkdir -p $(dir $@)
	$(CC) $(STUB_CFLAGS) -c $< -o $@

$(B)/src/sandbox/stub/%.o: src/sandbox/stub/%.S
	@mkdir -p $(dir $@)
	$(CC) $(STUB_CFLAGS) -c $< -o $@

$(B)/umk-stub: $(STUB_OBJS) src/sandbox/stub/stub.lds
	$(CC) $(STUB_CFLAGS) -static -nostdlib -no-pie -Wl,-T,src/sandbox/stub/stub.lds \
		-Wl,--build-id=none -Wl,-z,noexecstack -o $@ $(STUB_OBJS)

# The stub image is embedded in umk (written to a sealed memfd at start-up).
$(B)/stub_image.o: $(B)/umk-stub
	printf '.section .rodata\n.balign 16\n.globl umk_stub_image, umk_stub_image_end\numk_stub_image:\n.incbin "%s"\numk_stub_image_end:\n.section .note.GNU-stack,"",@progbits\n' $< > $(B)/stub_image.S
	$(CC) -c $(B)/stub_image.S -o $@

# All kernel objects as one relocatable object, so the boundary can be checked.
$(B)/kernel.o: $(KERNEL_OBJS) tools/check-boundary
	$(LD) -r -o $@.tmp $(KERNEL_OBJS)
	tools/check-boundary $@.tmp
	mv $@.tmp $@

$(B)/umk: $(B)/kernel.o $(HOST_OBJS) $(B)/stub_image.o
	$(CC) $(HOST_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/umk-net-helper: src/net-helper/net_helper.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< -lcap

# The management console's client (umk-console(1)).
$(B)/umk-console: src/console/umk-console.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

# umk-syscalls(7), made from the syscall table (umk --syscalls).  The copy
# in man/ is committed; tests/run-tests (build part) fails when it differs
# from this one: `make man` brings it up to date.
$(B)/man/umk-syscalls.7: $(B)/umk tools/gen-syscalls-man debian/changelog
	@mkdir -p $(dir $@)
	$(B)/umk --syscalls | tools/gen-syscalls-man $(VERSION) >$@.tmp
	mv $@.tmp $@

man: $(B)/man/umk-syscalls.7
	cp $< man/umk-syscalls.7

# The configuration files are not replaced when they exist (make install
# over an installed umk keeps the administrator's changes; the package's
# DESTDIR is empty).  umk-net-helper gets no privilege here: the package's
# postinst gives it cap_net_admin+ep (see umk(1), NETWORK).
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(MODULEDIR) $(DESTDIR)$(INCLUDEDIR)/umk \
		$(DESTDIR)$(UMKLIBDIR) $(DESTDIR)$(COMPLETIONDIR) $(DESTDIR)$(SYSCONFDIR)/umk
	install -m 755 $(B)/umk $(DESTDIR)$(BINDIR)/umk
	install -m 755 $(B)/umk-console $(DESTDIR)$(BINDIR)/umk-console
	install -m 755 $(B)/umk-net-helper $(DESTDIR)$(UMKLIBDIR)/umk-net-helper
	install -m 644 man/umk.1 $(DESTDIR)$(MANDIR)/man1/umk.1
	install -m 644 man/umk-console.1 $(DESTDIR)$(MANDIR)/man1/umk-console.1
	install -m 644 man/umk.conf.5 $(DESTDIR)$(MANDIR)/man5/umk.conf.5
	install -m 644 man/umk.7 $(DESTDIR)$(MANDIR)/man7/umk.7
	install -m 644 $(B)/man/umk-syscalls.7 $(DESTDIR)$(MANDIR)/man7/umk-syscalls.7
	install -m 644 $(MODULES) $(DESTDIR)$(MODULEDIR)
	install -m 644 src/include/umk/module.h src/include/umk/types.h \
		$(DESTDIR)$(INCLUDEDIR)/umk
	install -m 644 etc/bash-completion/umk $(DESTDIR)$(COMPLETIONDIR)/umk
	for f in umk.conf modules.conf; do \
		[ -e $(DESTDIR)$(SYSCONFDIR)/umk/$$f ] || \
		install -m 644 etc/$$f $(DESTDIR)$(SYSCONFDIR)/umk/$$f; \
	done

clean:
	rm -rf $(B)

# (dependency files only: not the test trees under tests/tmp, where an
# /etc/inittab.d is a directory)
-include $(shell find $(B) -path $(B)/tests/tmp -prune -o -name '*.d' -type f -print 2>/dev/null)

# ---- tests and benchmarks (tests/) ----
# `make check` builds umk, then every test program, then runs tests/run-tests,
# which prints one line per test and ends with "N passed, N failed" (and
# ", N skipped").  The test programs are built by a `make -k` of their own,
# so one that does not compile is reported as a failed test instead of
# stopping the run.  `make unit`: the unit tests only.  `make bench`: umk
# against native (tests/bench/run).  UMK=... tests another umk binary.
#   build/tests/unit/NAME      tests/unit/NAME.c (cmocka), linked with the
#                              kernel and the host objects but main.o
#   build/tests/guest/NAME     tests/guest/NAME.c, plain native programs:
#   build/tests/security/NAME  dynamic; NAME_static -static, NAME_static_pie
#                              -static-pie
#   build/tests/modules/       tests/e2e/modules/: modules and a loader
#                              for tests/e2e/modules.sh
#   build/tests/bench/NAME     tests/bench/NAME.c, the programs of `make bench`
#                              (getppid, fork_exit_wait, vfork_exec_wait,
#                              pipe_pingpong)
TB := $(B)/tests
UMK ?= $(CURDIR)/$(B)/umk
GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -D_GNU_SOURCE

UNIT_SRCS := $(wildcard tests/unit/*_test.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(TB)/unit/%)
# The command line and the confinement steps stay out of unit tests.
UNIT_HOST_OBJS := $(filter-out $(addprefix $(B)/src/sandbox/,main.o config.o mounts.o modules.o privs.o landlock.o seccomp.o policy.o overlay_diff.o mconsole.o boot.o supervise.o lines.o),$(HOST_OBJS))
GUEST_BINS := $(patsubst tests/%.c,$(TB)/%,$(wildcard tests/guest/*.c tests/security/*.c))
BENCH_BINS := $(patsubst tests/%.c,$(TB)/%,$(wildcard tests/bench/*.c))

# tests/e2e/modules.sh's modules (mod_NAME.c -> mod_NAME.so, built as any
# module) and its guest loader (finit_module.c, a plain program)
TEST_MODULES := $(patsubst tests/e2e/modules/%.c,$(TB)/modules/%.so,\
	$(wildcard tests/e2e/modules/mod_*.c)) $(TB)/modules/finit_module

.PHONY: test-programs
test-programs: $(UNIT_BINS) $(GUEST_BINS) $(TEST_MODULES)

$(TB)/modules/%.so: tests/e2e/modules/%.c src/include/umk/module.h src/include/umk/types.h
	@mkdir -p $(dir $@)
	$(CC) $(MODULE_CFLAGS) $(CFLAGS) $(MODULE_FIXED) $(MODULE_LDFLAGS) $(LDFLAGS) -o $@ $<

$(TB)/modules/finit_module: tests/e2e/modules/finit_module.c
	@mkdir -p $(dir $@)
	$(CC) $(GUEST_CFLAGS) -o $@ $<

# A binary that no longer builds is removed, never run stale.
$(UNIT_BINS:%=%.o): $(TB)/unit/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	@rm -f $(TB)/unit/$*
	$(CC) $(HOST_CFLAGS) -iquote src/kernel $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(UNIT_BINS): $(TB)/unit/%: $(TB)/unit/%.o $(B)/kernel.o $(UNIT_HOST_OBJS) $(B)/stub_image.o
	$(CC) $(HOST_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka $(LIBS)

$(GUEST_BINS) $(BENCH_BINS): $(TB)/%: tests/%.c $(wildcard tests/guest/*.h)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(CC) $(GUEST_CFLAGS) $(if $(filter %_static_pie,$*),-static-pie,$(if $(filter %_static,$*),-static)) -o $@ $<

# The escape attempts share their helpers.
$(filter $(TB)/security/%,$(GUEST_BINS)): tests/security/escape.h

check: all
	@$(MAKE) --no-print-directory -k test-programs || \
		echo "make check: some test programs did not build; each counts as a failed test"
	@UMK="$(UMK)" tests/run-tests

unit: all
	@$(MAKE) --no-print-directory -k $(UNIT_BINS) || true
	@UMK="$(UMK)" tests/run-tests unit

bench: all $(BENCH_BINS)
	@UMK="$(UMK)" tests/bench/run

# ---- fuzzing (not part of `make check`) ----
# `make fuzz`: the libFuzzer targets tests/fuzz/NAME_fuzz.c, each linked
# with the whole kernel compiled by clang with the same sanitizers
# (build/fuzz/), run for FUZZ_TIME seconds (default 60) by tests/fuzz/run,
# which keeps each corpus in build/fuzz/corpus/NAME, crashes in
# build/fuzz/crashes/NAME, and prints corpus sizes and crash counts.
# Without clang and its libFuzzer it says how to get them and stops.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_DIR := $(B)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_KERNEL_CFLAGS = $(COMMON) -O1 -ffreestanding -nostdinc \
	-isystem $(shell $(FUZZ_CC) -print-file-name=include) -fno-builtin \
	-DUMK_VERSION='"$(VERSION)"' $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_KERNEL_OBJS := $(KERNEL_SRCS:%.c=$(FUZZ_DIR)/%.o)
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(FUZZ_DIR)/%,$(wildcard tests/fuzz/*_fuzz.c))

$(FUZZ_KERNEL_OBJS): $(FUZZ_DIR)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_KERNEL_CFLAGS) -c $< -o $@

$(FUZZ_BINS): $(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_KERNEL_OBJS) $(UNIT_HOST_OBJS) $(B)/stub_image.o
	$(FUZZ_CC) $(COMMON) -O1 -D_GNU_SOURCE -pthread $(FUZZ_SAN) -fsanitize=fuzzer \
		-o $@ $< $(FUZZ_KERNEL_OBJS) $(UNIT_HOST_OBJS) $(B)/stub_image.o $(LIBS)

fuzz: all
	@mkdir -p $(FUZZ_DIR)
	@if ! echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }' | \
		$(FUZZ_CC) -fsanitize=fuzzer -x c - -o $(FUZZ_DIR)/probe >/dev/null 2>&1; then \
		echo "make fuzz: skipped: it needs clang with libFuzzer ($(FUZZ_CC) -fsanitize=fuzzer);"; \
		echo "  on Debian: apt-get install clang (it is not in tools/setup: make check needs no clang)"; \
		exit 0; \
	fi; \
	$(MAKE) --no-print-directory $(FUZZ_BINS) && tests/fuzz/run $(FUZZ_TIME) $(FUZZ_BINS)
