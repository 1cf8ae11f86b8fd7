// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it writes its mailbox in umk's stub and raises the event itself
// A guest thread can write its own mailbox in the stub and then post it as
// an event itself (the handler's STUB_NR_EVENT, or, without notifications,
// a futex wake of the mailbox's state from a second thread, through the
// stub's syscall instruction): umk reads whatever it wrote.  A signal number the handler never posts (garbage, 0,
// 65, SIGKILL) once made umk index its signal tables with it and crash;
// now the guest dies.  Plausible forgeries (a syscall with a wild number,
// a fault at a wild address) are the guest's own business.  Each runs in
// a child; umk must answer the parent and run a later child.
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "../../src/include/umk/stub_abi.h"
#include "../guest/guest.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

struct forgery {
	const char *what;
	uint32_t signo;
	int32_t nr;
	uint64_t addr, trapno;
};

static const struct forgery forgeries[] = {
	{ "garbage signal number", 0x80a0a075, 0, 0, 0 },
	{ "signal 0", 0, 0, 0, 0 },
	{ "signal 65", 65, 0, 0, 0 },
	{ "signal -1", 0xffffffff, 0, 0, 0 },
	{ "SIGKILL", SIGKILL, 0, 0, 0 },
	{ "SIGSYS, syscall -1", SIGSYS, -1, 0, 0 },
	{ "SIGSYS, syscall 100000", SIGSYS, 100000, 0, 0 },
	{ "SIGSEGV at -1", SIGSEGV, 0, ~0ULL, 14 },
	{ "SIGBUS, no trap", SIGBUS, 0, 0x1000, 0 },
	{ "SIGILL", SIGILL, 0, 0, 6 },
};

static uint64_t gadget;
static struct stub_mailbox *mb0;
static sigjmp_buf back;

static void on_sigill(int sig)
{
	(void)sig;
	siglongjmp(back, 1);
}

/* Without notifications: wake umk's wait on the first thread's mailbox
 * from a second thread, through the stub's syscall instruction (its ud2
 * then raises SIGILL, caught here), until umk answers. */
static void *waker(void *arg)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };

	(void)arg;
	for (;;) {
		nanosleep(&ts, NULL);
		if (!sigsetjmp(back, 1))
			__asm__ volatile("jmp *%0"
					 : : "r"(gadget), "a"((long)SYS_futex), "D"(&mb0->state),
					     "S"((long)FUTEX_WAKE), "d"(1L)
					 : "memory");
	}
	return NULL;
}

/* The stub's "syscall; ud2" (its restorer's end). */
static uint64_t find_gadget(void)
{
	const unsigned char want[] = { 0x0f, 0x05, 0x0f, 0x0b };
	const unsigned char *text = (const unsigned char *)STUB_TEXT;

	for (size_t i = 0; i < STUB_TEXT_END - STUB_TEXT - sizeof(want); i++)
		if (!memcmp(text + i, want, sizeof(want)))
			return STUB_TEXT + i;
	return 0;
}

static __attribute__((noreturn)) void forge(const struct forgery *f)
{
	/* a new process has one thread: slot 0 */
	struct stub_mailbox *mb = mb0 = (struct stub_mailbox *)(STUB_SLOTS + STUB_MB_OFF);
	bool notify = mb->notify_on;

	if (!notify) {
		struct sigaction sa = { .sa_handler = on_sigill, .sa_flags = SA_NODEFER };
		pthread_t th;

		sigaction(SIGILL, &sa, NULL);
		if (pthread_create(&th, NULL, waker, NULL))
			_exit(3);
	}
	mb->signo = f->signo;
	mb->nr = f->nr;
	mb->arch = 0xc000003e;
	mb->addr = f->addr;
	mb->regs.trapno = f->trapno;
	mb->regs.rip = 0x1000;
	__atomic_store_n(&mb->state, STUB_MB_KERNEL, __ATOMIC_RELEASE);
	if (notify)	/* post it as the handler does: a notification */
		__asm__ volatile("jmp *%0" : : "r"(gadget), "a"((long)STUB_NR_EVENT) : "memory");
	/* the waker's wake: spin in guest code until umk answers */
	while (__atomic_load_n(&mb->state, __ATOMIC_ACQUIRE) == STUB_MB_KERNEL)
		__builtin_ia32_pause();
	_exit(5);
}

int main(void)
{
	int status;

	gadget = find_gadget();
	CHECK(gadget, "no \"syscall; ud2\" in the stub's text");
	alarm(50);
	for (size_t i = 0; i < sizeof(forgeries) / sizeof(forgeries[0]); i++) {
		pid_t pid = fork();

		CHECK(pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0)
			forge(&forgeries[i]);
		if (!guest_wait_for(pid, 2000, &status)) {
			CHECK_OK(kill(pid, SIGKILL));
			CHECK(guest_wait_for(pid, 5000, &status), "%s: the child does not die of SIGKILL",
			      forgeries[i].what);
		}
		printf("%s: %s %d\n", forgeries[i].what,
		       WIFSIGNALED(status) ? "killed by signal" : "exit",
		       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		CHECK(getppid() >= 0, "umk no longer answers");
	}
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		_exit(getpid() > 0 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the later child ended with status %#x", status);
	return 0;
}
