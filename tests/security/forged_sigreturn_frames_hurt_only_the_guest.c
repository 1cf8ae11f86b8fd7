// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it jumps into umk's stub (mapped in every guest process) to forge a host rt_sigreturn
// A guest can run the stub's own rt_sigreturn (its signal restorer) with a
// frame of its making: the host then loads those registers, segment
// selectors, signal mask, alternate stack and FPU state into the guest's
// host thread.  Whatever the frame, only that guest may suffer: bad
// segment selectors (a kernel CS, a null CS, the 32-bit CS), a
// non-canonical rip, a mask that blocks umk's kick and SIGSYS, a garbage
// fpstate pointer (non-canonical, or umk's read-only command page), an
// alternate stack in guest memory or in another thread's slot (whose
// mailbox then carries this thread's trap).  Each frame runs in a child, which may
// die or carry on; the parent kills what still runs after a while and
// must see it end, and umk must still run a later child normally.
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include "../guest/guest.h"

#define STUB_TEXT 0x7fe000000000UL
#define STUB_CTL 0x7fe000100000UL
#define STUB_SLOTS 0x7fe000200000UL	/* slot n: mailbox, guard, stack */
#define STUB_SLOT_SIZE 0x10000UL
#define STUB_STACK_OFF 0x2000UL

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

enum variant {
	KERNEL_CS, NULL_CS, COMPAT_CS, NULL_SS, NONCANONICAL_RIP,
	MASK_BLOCKS_KICK_AND_SIGSYS, FPSTATE_NONCANONICAL, FPSTATE_COMMAND_PAGE,
	ALTSTACK_IN_GUEST_MEMORY, ALTSTACK_IN_ANOTHER_SLOT, NVARIANTS
};

static const char *const names[] = {
	"kernel CS", "null CS", "32-bit CS", "null SS", "non-canonical rip",
	"mask blocking the kick and SIGSYS", "non-canonical fpstate",
	"fpstate in the command page", "alternate stack in guest memory",
	"alternate stack in another thread's slot",
};

static void *blocked(void *arg)
{
	char c;

	read(*(int *)arg, &c, 1);	/* a thread that waits in umk */
	return NULL;
}

static uint64_t restorer;	/* "mov $15,%eax; syscall" in the stub */
static uint64_t stack[4096];
static char altstack[65536];

static __attribute__((noreturn)) void after(void)
{
	/* a guest syscall: with the altstack moved or SIGSYS blocked, the
	 * trap cannot reach umk normally */
	getppid();
	_exit(42);
}

static __attribute__((noreturn)) void forge(enum variant v)
{
	static struct { uint64_t pretcode; struct kucontext uc; } frame;
	/* 32-bit code: getpid by int 0x80 (umk: i386 is ENOSYS), then ud2 */
	static const unsigned char code32[] = { 0xb8, 0x14, 0, 0, 0, 0xcd, 0x80, 0x0f, 0x0b };

	memset(&frame, 0, sizeof(frame));
	frame.uc.rip = (uint64_t)after;
	frame.uc.rsp = (uint64_t)&stack[4000];
	frame.uc.eflags = 0x202;
	frame.uc.cs = 0x33;
	frame.uc.ss = 0x2b;
	switch (v) {
	case KERNEL_CS:
		frame.uc.cs = 0x10;
		break;
	case NULL_CS:
		frame.uc.cs = 0;
		break;
	case COMPAT_CS: {
		unsigned char *low = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
					  MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);

		if (low == MAP_FAILED)
			_exit(43);
		memcpy(low, code32, sizeof(code32));
		frame.uc.cs = 0x23;
		frame.uc.rip = (uint64_t)low;
		frame.uc.rsp = (uint64_t)low + 8000;
		break;
	}
	case NULL_SS:
		frame.uc.ss = 0;
		frame.uc.flags = 4;	/* UC_STRICT_RESTORE_SS */
		break;
	case NONCANONICAL_RIP:
		frame.uc.rip = 0x4141414141414141ULL;
		break;
	case MASK_BLOCKS_KICK_AND_SIGSYS:
		frame.uc.sigmask = ~((1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1)));
		break;
	case FPSTATE_NONCANONICAL:
		frame.uc.fpstate = 0x4141414141414140ULL;
		break;
	case FPSTATE_COMMAND_PAGE:
		frame.uc.fpstate = STUB_CTL;
		frame.uc.flags = 1;	/* UC_FP_XSTATE */
		break;
	case ALTSTACK_IN_GUEST_MEMORY:
		frame.uc.ss_sp = (uint64_t)altstack;
		frame.uc.ss_size = sizeof(altstack);
		break;
	case ALTSTACK_IN_ANOTHER_SLOT: {
		/* a second thread (slot 1): our next trap lands in its
		 * mailbox, as if it had trapped */
		static int pfd[2];
		pthread_t th;

		if (pipe(pfd) || pthread_create(&th, NULL, blocked, &pfd[0]))
			_exit(43);
		frame.uc.ss_sp = STUB_SLOTS + STUB_SLOT_SIZE + STUB_STACK_OFF;
		frame.uc.ss_size = STUB_SLOT_SIZE - STUB_STACK_OFF;
		break;
	}
	case NVARIANTS:
		break;
	}
	__asm__ volatile("mov %0, %%rsp\n\tjmp *%1"
			 : : "r"(&frame.uc), "r"(restorer) : "memory");
	__builtin_unreachable();
}

static void find_restorer(void)
{
	const unsigned char want[] = { 0xb8, 0x0f, 0, 0, 0, 0x0f, 0x05 };
	const unsigned char *text = (const unsigned char *)STUB_TEXT;

	for (size_t i = 0; i < 0x10000 - sizeof(want) && !restorer; i++)
		if (!memcmp(text + i, want, sizeof(want)))
			restorer = STUB_TEXT + i;
	CHECK(restorer, "no rt_sigreturn in the stub's text");
}

int main(void)
{
	int status;

	find_restorer();
	alarm(50);
	for (int v = 0; v < NVARIANTS; v++) {
		pid_t pid = fork();

		CHECK(pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0)
			forge(v);
		if (!guest_wait_for(pid, 1000, &status)) {
			/* still running (say, spinning with the kick blocked) */
			CHECK_OK(kill(pid, SIGKILL));
			CHECK(guest_wait_for(pid, 5000, &status),
			      "%s: the child does not die of SIGKILL", names[v]);
		}
		printf("%s: %s %d\n", names[v], WIFSIGNALED(status) ? "killed by signal" : "exit",
		       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
		CHECK(getppid() >= 0, "umk no longer answers");
	}

	/* A later guest in the same run: fork, memory, a pipe, exit. */
	int fds[2];

	CHECK_OK(pipe(fds));
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		char *p = malloc(1 << 20);

		memset(p, 7, 1 << 20);
		_exit(write(fds[1], p, 1) == 1 ? 0 : 1);
	}
	char c = 0;

	CHECK(read(fds[0], &c, 1) == 1 && c == 7, "no byte from the later child");
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the later child ended with status %#x", status);
	return 0;
}
