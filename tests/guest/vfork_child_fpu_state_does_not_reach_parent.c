// SPDX-License-Identifier: GPL-2.0-or-later
// A vfork child that loads other values into vector registers before it
// execs (or exits) leaves the parent's vector registers as they were:
// vfork shares memory, not the FPU state.  The vfork, the child's work
// and the parent's check are one asm block, so the compiler keeps
// nothing in xmm8 itself.
#include <sys/syscall.h>
#include <sys/wait.h>
#include "guest.h"

static char path[] = "/bin/true";
static char *argv0[] = { path, NULL };
static const double nine = 9.0;

/* vfork; the child loads 9.0 into xmm8 and then execs /bin/true (do_exec)
 * or exits 0; the parent returns the child's pid and what xmm8 holds. */
static long vfork_clobber(double in, double *out, int do_exec)
{
	long pid;

	__asm__ volatile(
		"movsd %[in], %%xmm8\n\t"
		"mov %[nr_vfork], %%eax\n\t"
		"syscall\n\t"
		"test %%rax, %%rax\n\t"
		"jnz 1f\n\t"
		"movsd %[nine], %%xmm8\n\t"
		"cmpl $0, %[do_exec]\n\t"
		"je 2f\n\t"
		"mov %[nr_execve], %%eax\n\t"
		"lea %[path], %%rdi\n\t"
		"lea %[argv], %%rsi\n\t"
		"xor %%edx, %%edx\n\t"
		"syscall\n\t"
		"2:\n\t"
		"mov %[nr_exit], %%eax\n\t"
		"xor %%edi, %%edi\n\t"
		"syscall\n\t"
		"1:\n\t"
		"mov %%rax, %[pid]\n\t"
		"movsd %%xmm8, %[out]\n\t"
		: [pid] "=m"(pid), [out] "=m"(*out)
		: [in] "m"(in), [nine] "m"(nine), [path] "m"(path), [argv] "m"(argv0),
		  [do_exec] "m"(do_exec), [nr_vfork] "i"(SYS_vfork),
		  [nr_execve] "i"(SYS_execve), [nr_exit] "i"(SYS_exit)
		: "rax", "rcx", "r11", "rdi", "rsi", "rdx", "xmm8", "memory");
	return pid;
}

int main(void)
{
	for (int do_exec = 0; do_exec < 2; do_exec++) {
		double out = 0;
		int status;
		long pid = vfork_clobber(1.5, &out, do_exec);

		CHECK(pid > 0, "vfork failed: %ld", pid);
		CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
		CHECK(out == 1.5, "%s: the parent's xmm8 is %g after the child set 9",
		      do_exec ? "exec" : "exit", out);
	}
	return 0;
}
