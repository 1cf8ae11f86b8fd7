// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it jumps to the syscall instruction of umk's stub (mapped in every guest process)
// A guest that jumps to a syscall instruction in umk's stub makes a host
// syscall from the stub's text, where the stub's seccomp filters allow a
// thread that runs guest code only futex WAIT/WAKE on stub words,
// FIONREAD on the stub's inotify fd (the link cache's look at waiting host
// events), rt_sigreturn, exit and arch_prctl on FS/GS (platform brief
// §6.10).  Everything else must kill the guest process: mmap, openat,
// socket, kill, execve, ptrace and the rest of the syscall thread's list
// (its answers to guest syscalls, an ioctl on a listener, included),
// a futex requeue (it could move the stub's syscall thread off the word
// umk wakes it on, and hang umk), and arch_prctl's other codes (one maps
// the host's vDSO).  Each try runs in a child; the parent checks how it
// ended and that umk still serves it and a later child.
//
// The gadget is the stub's "syscall; ud2" (its signal restorer): a call
// the filters allow comes back with a SIGILL at the ud2, which the child
// catches to report the result.
#include <linux/futex.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include "../guest/guest.h"

#define STUB_TEXT 0x7fe000000000UL
#define STUB_TEXT_LEN 0x10000UL
#define STUB_CTL 0x7fe000100000UL	/* the syscall thread's command page */
#define STUB_FD_WATCH 1090		/* hostfs's inotify fd, in every stub */

static uint64_t gadget;
static sigjmp_buf back;
static volatile long result;

static void on_sigill(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;

	(void)sig, (void)si;
	result = uc->uc_mcontext.gregs[REG_RAX];
	siglongjmp(back, 1);
}

/* The host syscall nr from the stub's text; returns only if it was allowed. */
static long stub_syscall(long nr, long a, long b, long c, long d, long e, long f)
{
	if (sigsetjmp(back, 1))
		return result;
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;

	__asm__ volatile("jmp *%0"
			 : : "r"(gadget), "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10),
			     "r"(r8), "r"(r9)
			 : "memory");
	__builtin_unreachable();
}

static void find_gadget(void)
{
	const unsigned char want[] = { 0x0f, 0x05, 0x0f, 0x0b };	/* syscall; ud2 */
	const unsigned char *text = (const unsigned char *)STUB_TEXT;

	for (size_t i = 0; i < STUB_TEXT_LEN - sizeof(want) && !gadget; i++)
		if (!memcmp(text + i, want, sizeof(want)))
			gadget = STUB_TEXT + i;
	CHECK(gadget, "no \"syscall; ud2\" in the stub's text");
}

struct try {
	const char *what;
	long nr;
	long arg[6];
};

static char path_root[] = "/";
static char path_none[] = "/nonexistent-umk";
static uint32_t word;	/* a guest word, for a requeue's target */
/* struct seccomp_notif_resp: id, val, error, flags (1: CONTINUE) */
static uint64_t continue_resp[3] = { 0, 0, (uint64_t)1 << 32 };

static const struct try forbidden[] = {
	{ "mmap", SYS_mmap, { 0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 } },
	{ "mprotect of the command page", SYS_mprotect, { STUB_CTL, 4096,
	  PROT_READ | PROT_WRITE } },
	{ "munmap", SYS_munmap, { STUB_CTL, 4096 } },
	{ "openat", SYS_openat, { -100, (long)path_root, 0 } },
	{ "socket", SYS_socket, { 2 /* AF_INET */, 1 /* SOCK_STREAM */, 0 } },
	{ "kill", SYS_kill, { 1, 0 } },
	{ "tgkill", SYS_tgkill, { 1, 1, 0 } },
	{ "execve", SYS_execve, { (long)path_none, 0, 0 } },
	{ "ptrace", SYS_ptrace, { 2 /* PTRACE_PEEKDATA */, 1, 0, 0 } },
	{ "recvmsg on the stub's socket", SYS_recvmsg, { 0, 0, 0x40 /* DONTWAIT */ } },
	{ "write to the stub's socket", SYS_write, { 0, (long)path_root, 1 } },
	{ "close of the memory file", SYS_close, { 1 } },
	{ "ioctl", SYS_ioctl, { 1, 0x5401 /* TCGETS */, 0 } },
	{ "ioctl FIONREAD on the stub's socket", SYS_ioctl, { 0, 0x541b, (long)&word } },
	{ "ioctl TCGETS on the stub's inotify fd", SYS_ioctl, { STUB_FD_WATCH, 0x5401,
	  (long)&word } },
	/* the syscall thread answers syscalls on copies of the listeners
	 * (fd 34 is the first thread's): an answer with
	 * SECCOMP_USER_NOTIF_FLAG_CONTINUE would let a syscall through */
	{ "ioctl SECCOMP_IOCTL_NOTIF_SEND on a listener", SYS_ioctl, { 34, 0xc0182101,
	  (long)continue_resp } },
	{ "clone", SYS_clone, { 0x00250f00, 0, 0, 0, 0 } },
	{ "seccomp", SYS_seccomp, { 0 /* STRICT */, 0, 0 } },
	{ "prctl", SYS_prctl, { 4 /* PR_SET_DUMPABLE */, 1 } },
	{ "rt_sigaction", SYS_rt_sigaction, { SIGSYS, 0, 0, 8 } },
	{ "rt_sigprocmask", SYS_rt_sigprocmask, { 2, 0, 0, 8 } },
	{ "sendmsg", SYS_sendmsg, { 0, 0, 0 } },
	{ "getpid", SYS_getpid, { 0 } },
	{ "arch_prctl(ARCH_MAP_VDSO_64)", SYS_arch_prctl, { 0x2003, 0x100000000 } },
	{ "arch_prctl(ARCH_SET_CPUID)", SYS_arch_prctl, { 0x1012, 0 } },
	{ "futex requeue of the syscall thread", SYS_futex, { STUB_CTL,
	  FUTEX_REQUEUE, 0, 0x7fffffff, (long)&word, 0 } },
	{ "futex wake_op", SYS_futex, { STUB_CTL, FUTEX_WAKE_OP, 1, 1, (long)&word, 0 } },
	{ "futex trylock_pi", SYS_futex, { STUB_CTL + 0x1000, FUTEX_TRYLOCK_PI, 0, 0 } },
	{ "sched_yield", SYS_sched_yield, { 0 } },
	{ "futex wait, private", SYS_futex, { STUB_CTL, FUTEX_WAIT_PRIVATE, 12345, 0 } },
	{ "futex wait on a guest word", SYS_futex, { (long)&word, FUTEX_WAIT, 1, 0 } },
};

static void sigill_handler(void)
{
	struct sigaction sa = { .sa_sigaction = on_sigill, .sa_flags = SA_SIGINFO | SA_NODEFER };

	CHECK_OK(sigaction(SIGILL, &sa, NULL));
}

/* In a child: the call must not come back. */
static void try_forbidden(const struct try *t)
{
	sigill_handler();
	long r = stub_syscall(t->nr, t->arg[0], t->arg[1], t->arg[2], t->arg[3], t->arg[4],
			      t->arg[5]);

	/* Allowed after all: see that umk still answers, then tell. */
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p != MAP_FAILED)
		munmap(p, 4096);
	fprintf(stderr, "%s from the stub's text returned %ld\n", t->what, r);
	_exit(2);
}

/* The allowed ones come back, and the thread goes on as before. */
static void try_allowed(void)
{
	uint64_t fs = 0;

	sigill_handler();
	CHECK(stub_syscall(SYS_futex, STUB_CTL, FUTEX_WAKE, 1, 0, 0, 0) >= 0,
	      "futex wake: %ld", result);
	CHECK(stub_syscall(SYS_futex, STUB_CTL, FUTEX_WAIT, 0xdeadbeef, 0, 0, 0) == -EAGAIN,
	      "futex wait on a changed word: %ld", result);
	int n = -1;

	long r = stub_syscall(SYS_ioctl, STUB_FD_WATCH, 0x541b /* FIONREAD */, (long)&n, 0, 0, 0);

	/* EBADF: umk could not make one */
	CHECK((r == 0 && n >= 0) || r == -EBADF, "FIONREAD on the inotify fd: %ld, %d", r, n);
	CHECK(stub_syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, (long)&fs, 0, 0, 0, 0) == 0,
	      "arch_prctl(ARCH_GET_FS): %ld", result);
	CHECK(fs != 0, "no FS base");
	/* the trap page (a new thread's first call, outside the trusted
	 * text): an unknown guest syscall */
	gadget = STUB_TEXT + STUB_TEXT_LEN;
	CHECK(stub_syscall(0, 0, 0, 0, 0, 0, 0) == -ENOSYS, "the trap page's call: %ld", result);
	/* and umk still serves this very process */
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != MAP_FAILED, "mmap after the allowed calls: %s", strerror(errno));
	memset(p, 1, 4096);
	CHECK_OK(munmap(p, 4096));
	_exit(0);
}

int main(void)
{
	int status, failed = 0;
	pid_t pid;

	find_gadget();
	for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		pid = fork();
		CHECK(pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0)
			try_forbidden(&forbidden[i]);
		CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
		if (!WIFSIGNALED(status)) {
			fprintf(stderr, "%s: the child was not killed (status %#x)\n",
				forbidden[i].what, status);
			failed = 1;
		}
	}
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		try_allowed();
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the allowed calls' child ended with status %#x", status);
	return failed;
}
