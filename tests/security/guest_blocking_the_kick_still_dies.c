// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it jumps into umk's stub (mapped in every guest process) to forge a host rt_sigreturn
// A guest thread that blocks umk's kick signal on the host (a forged frame
// through the stub's own rt_sigreturn) and then spins cannot be taken back
// by a kick; umk must still be able to kill it: the kick has a deadline.
// The parent sends SIGKILL and must see the child die within seconds.
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include "../guest/guest.h"

#define STUB_TEXT 0x7fe000000000UL

/* the kernel's x86-64 ucontext, as rt_sigreturn reads it */
struct kucontext {
	uint64_t flags, link, ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate, reserved[8];
	uint64_t sigmask;
};

static void spin(void)
{
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static __attribute__((noreturn)) void hijack(void)
{
	/* "mov $15,%eax; syscall" in the stub's text: its restorer */
	const unsigned char want[] = { 0xb8, 0x0f, 0, 0, 0, 0x0f, 0x05 };
	const unsigned char *text = (const unsigned char *)STUB_TEXT;
	uint64_t gadget = 0;
	static uint64_t stack[4096];
	static struct { uint64_t pretcode; struct kucontext uc; } frame;

	for (size_t i = 0; i < 0x10000 - sizeof(want) && !gadget; i++)
		if (!memcmp(text + i, want, sizeof(want)))
			gadget = STUB_TEXT + i;
	if (!gadget)
		_exit(3);	/* no stub: not under umk */
	memset(&frame, 0, sizeof(frame));
	frame.uc.rip = (uint64_t)spin;
	frame.uc.rsp = (uint64_t)&stack[4000];
	frame.uc.eflags = 0x202;
	frame.uc.cs = 0x33;
	frame.uc.ss = 0x2b;
	/* block everything the host lets us block (not SIGSYS or SIGSEGV:
	 * the kernel would kill us at once, which is no test) */
	frame.uc.sigmask = ~((1ULL << (SIGSYS - 1)) | (1ULL << (SIGSEGV - 1)));
	__asm__ volatile("mov %0, %%rsp\n\tjmp *%1"
			 : : "r"(&frame.uc), "r"(gadget) : "memory");
	__builtin_unreachable();
}

int main(void)
{
	pid_t pid = fork();
	int status;

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0)
		hijack();
	struct timespec ts = { 0, 200 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	CHECK_OK(kill(pid, SIGKILL));
	alarm(10);	/* if the child cannot be killed, we die of SIGALRM */
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "the child ended with status %#x, not by SIGKILL", status);
	return 0;
}
