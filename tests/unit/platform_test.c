// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The platform alone: a stub process runs a few hand-assembled instructions
 * and every syscall and fault comes back as an event, with the registers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "umk/platform.h"

#define CODE_VA	0x400000UL
#define STACK_VA 0x7f0000000000UL
#define CODE_FRAME (1UL << 12)
#define STACK_FRAME (2UL << 12)

static struct plat_as *as;
static struct plat_ctx *ctx;

/* Map code (copied into frame 1) and one stack page, start a thread. */
static void start(const unsigned char *code, size_t len)
{
	memcpy((char *)plat_phys_base() + CODE_FRAME, code, len);
	assert_int_equal(plat_as_new(&as), 0);
	assert_int_equal(plat_as_map(as, CODE_VA, 4096, 5, CODE_FRAME), 0);
	assert_int_equal(plat_as_map(as, STACK_VA, 4096, 3, STACK_FRAME), 0);
	assert_int_equal(plat_as_flush(as), 0);
	assert_int_equal(plat_ctx_new(as, &ctx), 0);
}

static void stop(void)
{
	plat_ctx_destroy(ctx);
	plat_as_destroy(as);
}

static void regs_at(struct plat_regs *r, u64 rip)
{
	memset(r, 0, sizeof(*r));
	r->rip = rip;
	r->rsp = STACK_VA + 4096;
	r->eflags = 0x202;
}

/* mov $39,%eax; mov $7,%edi; syscall; mov %rax,%rbx; mov $60,%eax; syscall */
static const unsigned char getpid_then_exit[] = {
	0xb8, 39, 0, 0, 0, 0xbf, 7, 0, 0, 0, 0x0f, 0x05,
	0x48, 0x89, 0xc3, 0xb8, 60, 0, 0, 0, 0x0f, 0x05,
};

static void syscall__arrives_with_number_and_arguments(void **state)
{
	const unsigned char *code = getpid_then_exit;
	size_t len = sizeof(getpid_then_exit);
	struct plat_regs r;
	struct plat_event ev;

	start(code, len);
	regs_at(&r, CODE_VA);
	plat_ctx_run(ctx, &r, PLAT_RUN_FPRESET, &ev);
	if (ev.kind == PLAT_EV_SYSCALL_FAST) {
		/* a user notification: number and arguments, no registers */
		assert_int_equal(ev.nr, 39);
		assert_int_equal(ev.args[0], 7);
	} else {
		assert_int_equal(ev.kind, PLAT_EV_SYSCALL);
		assert_int_equal(r.orig_rax, 39);
		assert_int_equal(r.rdi, 7);
		assert_int_equal(r.rip, CODE_VA + 12);
	}
	r.rax = 1234;
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_SYSCALL);
	assert_int_equal(r.orig_rax, 60);
	assert_int_equal(r.rbx, 1234);	/* our result came back in rax */
	stop();
}

static void fault__reports_address_and_write_bit(void **state)
{
	/* movq $1, 0x10000000; mov $60,%eax; syscall (exit: it traps) */
	static const unsigned char code[] = {
		0x48, 0xc7, 0x04, 0x25, 0, 0, 0, 0x10, 1, 0, 0, 0,
		0xb8, 60, 0, 0, 0, 0x0f, 0x05,
	};
	struct plat_regs r;
	struct plat_event ev;

	start(code, sizeof(code));
	regs_at(&r, CODE_VA);
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_FAULT);
	assert_int_equal(ev.addr, 0x10000000);
	assert_true(ev.err & PLAT_FAULT_WRITE);
	assert_int_equal(r.rip, CODE_VA);
	/* map it; the instruction then completes */
	assert_int_equal(plat_as_map(as, 0x10000000, 4096, 3, 3UL << 12), 0);
	assert_int_equal(plat_as_flush(as), 0);
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_SYSCALL);
	assert_int_equal(*(u64 *)((char *)plat_phys_base() + (3UL << 12)), 1);
	assert_int_equal(r.rip, CODE_VA + sizeof(code));
	stop();
}

static void fs_base__set_by_umk_is_seen_by_the_guest(void **state)
{
	/* mov %fs:0,%rax; mov $60,%eax is not needed: syscall with rax loaded */
	static const unsigned char code[] = {
		0x64, 0x48, 0x8b, 0x3c, 0x25, 0, 0, 0, 0,	/* mov %fs:0,%rdi */
		0xb8, 60, 0, 0, 0, 0x0f, 0x05,
	};
	struct plat_regs r;
	struct plat_event ev;

	start(code, sizeof(code));
	*(u64 *)((char *)plat_phys_base() + STACK_FRAME + 8) = 0x5555;
	regs_at(&r, CODE_VA);
	r.fs_base = STACK_VA + 8;
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_SYSCALL);
	assert_int_equal(r.rdi, 0x5555);
	assert_int_equal(r.fs_base, STACK_VA + 8);
	stop();
}

static void stub_syscall_gadget__kills_the_stub(void **state)
{
	/* A guest that jumps onto a syscall instruction inside the stub's
	 * text with mmap's number gets its process killed. */
	extern const char umk_stub_image[];
	static const unsigned char code[] = {
		0xb8, 9, 0, 0, 0,			/* mov $9,%eax (mmap) */
		0x48, 0xb9, 0, 0, 0, 0, 0, 0, 0, 0,	/* movabs $gadget,%rcx */
		0xff, 0xe1,				/* jmp *%rcx */
	};
	unsigned char c[sizeof(code)];
	struct plat_regs r;
	struct plat_event ev;
	/* find "syscall; ud2" of stub_restorer in the stub's text */
	u64 gadget = 0;
	const unsigned char *img = (const unsigned char *)umk_stub_image;

	for (size_t i = 0x1000; i < 0x1000 + 0x10000 && !gadget; i++)
		if (img[i] == 0x0f && img[i + 1] == 0x05 && img[i + 2] == 0x0f &&
		    img[i + 3] == 0x0b)
			gadget = 0x7fe000000000UL + (i - 0x1000);
	assert_true(gadget != 0);
	memcpy(c, code, sizeof(c));
	memcpy(c + 7, &gadget, 8);
	start(c, sizeof(c));
	regs_at(&r, CODE_VA);
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_DEAD);
	stop();
}

static void dead_stub__wakes_the_waiter(void **state)
{
	/* jmp . (spin); umk kills the process from outside */
	static const unsigned char code[] = { 0xeb, 0xfe };
	struct plat_regs r;
	struct plat_event ev;

	start(code, sizeof(code));
	regs_at(&r, CODE_VA);
	kill(plat_as_host_pid(as), 9);
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_DEAD);
	stop();
}

static void kick__brings_a_spinning_thread_back(void **state)
{
	static const unsigned char code[] = { 0xeb, 0xfe };
	struct plat_regs r;
	struct plat_event ev;

	start(code, sizeof(code));
	regs_at(&r, CODE_VA);
	/* kick first: the signal is pending when the thread resumes */
	plat_ctx_kick(ctx);
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_KICK);
	stop();
}

/* A syscall passed on without registers: plat_ctx_fetch_regs() gets them
 * (rip past the syscall, arguments in place) and the context goes on as
 * after a trap; the answer then lands in rax. */
static void fast_syscall__fetch_regs_then_answer(void **state)
{
	const unsigned char *code = getpid_then_exit;
	size_t len = sizeof(getpid_then_exit);
	struct plat_regs r;
	struct plat_event ev;

	start(code, len);
	regs_at(&r, CODE_VA);
	plat_ctx_run(ctx, &r, 0, &ev);
	if (ev.kind != PLAT_EV_SYSCALL_FAST) {
		stop();
		skip();		/* the host has no user notifications */
	}
	assert_int_equal(plat_ctx_fetch_regs(ctx, &r), 0);
	assert_int_equal(r.rip, CODE_VA + 12);
	assert_int_equal(r.rdi, 7);
	r.rax = 4321;
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_int_equal(ev.kind, PLAT_EV_SYSCALL);
	assert_int_equal(r.orig_rax, 60);
	assert_int_equal(r.rbx, 4321);
	stop();
}

/* A context destroyed while its thread waits in a syscall umk took: the
 * thread ends without running guest code again (which would store 0x55 at
 * the bottom of the stack page). */
static void fast_syscall__destroy_while_waiting_ends_the_thread(void **state)
{
	/* mov $39,%eax; syscall; movabs $STACK_VA,%rbx; movl $0x55,(%rbx); jmp . */
	static const unsigned char code[] = {
		0xb8, 39, 0, 0, 0, 0x0f, 0x05,
		0x48, 0xbb, 0, 0, 0, 0, 0, 0x7f, 0, 0,
		0xc7, 0x03, 0x55, 0, 0, 0,
		0xeb, 0xfe,
	};
	u32 *marker = (u32 *)((char *)plat_phys_base() + STACK_FRAME);

	*marker = 0;
	struct plat_regs r;
	struct plat_event ev;

	start(code, sizeof(code));
	regs_at(&r, CODE_VA);
	plat_ctx_run(ctx, &r, 0, &ev);
	assert_true(ev.kind == PLAT_EV_SYSCALL || ev.kind == PLAT_EV_SYSCALL_FAST);
	/* a second thread keeps the process alive; then the first goes */
	struct plat_ctx *other;

	assert_int_equal(plat_ctx_new(as, &other), 0);
	plat_ctx_destroy(ctx);
	ctx = other;
	usleep(50000);
	assert_int_equal(*marker, 0);
	stop();
}

/* Not a test: the cost of one trapped syscall, printed for the record. */
static void syscall__round_trip_cost(void **state)
{
	/* loop: mov $39,%eax; syscall; jmp loop */
	static const unsigned char code[] = { 0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0xeb, 0xf7 };
	struct plat_regs r;
	struct plat_event ev;
	struct timespec a, b;
	const int n = 20000;

	start(code, sizeof(code));
	regs_at(&r, CODE_VA);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < n; i++)
		plat_ctx_run(ctx, &r, 0, &ev);
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_true(ev.kind == PLAT_EV_SYSCALL || ev.kind == PLAT_EV_SYSCALL_FAST);
	print_message("trap round trip: %.0f ns\n",
		      ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	stop();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syscall__arrives_with_number_and_arguments),
		cmocka_unit_test(fault__reports_address_and_write_bit),
		cmocka_unit_test(fs_base__set_by_umk_is_seen_by_the_guest),
		cmocka_unit_test(stub_syscall_gadget__kills_the_stub),
		cmocka_unit_test(dead_stub__wakes_the_waiter),
		cmocka_unit_test(kick__brings_a_spinning_thread_back),
		cmocka_unit_test(fast_syscall__fetch_regs_then_answer),
		cmocka_unit_test(fast_syscall__destroy_while_waiting_ends_the_thread),
		cmocka_unit_test(syscall__round_trip_cost),
	};

	if (plat_init(64 << 20))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
