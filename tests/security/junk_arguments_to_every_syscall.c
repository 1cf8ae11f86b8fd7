// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: junk arguments to every syscall; natively, as root, they could harm the host
// Every x86-64 syscall number, with junk arguments (wild pointers, the stub's
// address range, -1, huge sizes): umk answers each one and survives.  Calls
// that would end or stop this very process are left out.
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "../guest/guest.h"

static const uint64_t junk[] = {
	0xffffffffffffffffULL,	/* -1 */
	0x4141414141414141ULL,	/* non-canonical */
	0x7fe000001000ULL,	/* inside umk's stub */
	0x10ULL,		/* the null page, a high fd */
	0x7fffffffULL,
};

static int skipped(long nr)
{
	switch (nr) {
	case SYS_exit: case SYS_exit_group: case SYS_rt_sigreturn:
	case SYS_execve: case SYS_execveat: case SYS_kill: case SYS_tkill:
	case SYS_tgkill: case SYS_rt_sigqueueinfo: case SYS_rt_tgsigqueueinfo:
	case SYS_fork: case SYS_vfork: case SYS_clone: case SYS_clone3:
	case SYS_pause: case SYS_rt_sigsuspend: case SYS_reboot:
	case SYS_pidfd_send_signal:
	case 335: case 336:	/* uretprobe, uprobe: SIGILL for callers outside
				 * a uprobe trampoline, on Linux as under umk */
		return 1;
	}
	return 0;
}

int main(void)
{
	long calls = 0;

	for (long nr = 0; nr <= 470; nr++) {
		if (skipped(nr))
			continue;
		for (unsigned i = 0; i < sizeof(junk) / sizeof(junk[0]); i++) {
			uint64_t j = junk[i];

			syscall(nr, j, j, j, j, j, j);
			calls++;
		}
	}
	printf("%ld junk syscalls answered\n", calls);
	return 0;
}
