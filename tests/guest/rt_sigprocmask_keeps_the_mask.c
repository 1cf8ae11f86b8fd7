// SPDX-License-Identifier: GPL-2.0-or-later
// rt_sigprocmask keeps the mask: SIG_BLOCK, SIG_UNBLOCK and SIG_SETMASK
// change it as asked, SIGKILL and SIGSTOP cannot be blocked, a bad `how` or
// sigset size is EINVAL.  Raw syscalls with the kernel's 8-byte sigset.
#include <signal.h>
#include <sys/syscall.h>
#include "guest.h"

#define BIT(sig) (1ul << ((sig) - 1))

static unsigned long mask(void)
{
	unsigned long m = 0;

	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8));
	return m;
}

int main(void)
{
	unsigned long set, old = 0, start = mask();

	set = BIT(SIGUSR1) | BIT(SIGTERM);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &old, 8));
	CHECK(old == start, "old mask %#lx, want %#lx", old, start);
	CHECK(mask() == (start | set), "mask %#lx after SIG_BLOCK", mask());

	set = BIT(SIGUSR1);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8));
	CHECK(mask() == ((start | BIT(SIGTERM)) & ~BIT(SIGUSR1)),
	      "mask %#lx after SIG_UNBLOCK", mask());

	set = BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGHUP) | (1ul << 40);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, NULL, 8));
	CHECK(mask() == (BIT(SIGHUP) | (1ul << 40)),
	      "mask %#lx after SIG_SETMASK (SIGKILL/SIGSTOP must be dropped)",
	      mask());

	CHECK_ERR(syscall(SYS_rt_sigprocmask, 7, &set, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, wild(16), NULL, 8),
		  EFAULT);
	CHECK(mask() == (BIT(SIGHUP) | (1ul << 40)), "a failed call changed the mask");
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_SETMASK, &start, NULL, 8));
	return 0;
}
