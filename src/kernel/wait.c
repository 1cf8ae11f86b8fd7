// SPDX-License-Identifier: GPL-2.0-or-later
/* Sleeping in the kernel: see wait.h. */
#include "kernel.h"
#include "wait.h"

s64 clock_ns(int clock)
{
	struct linux_timespec ts;

	host_clock_gettime(clock, &ts);
	return ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

int kernel_sleep(u32 *woken, int clock, s64 deadline)
{
	while (!__atomic_load_n(woken, __ATOMIC_ACQUIRE)) {
		s64 left = -1;

		if (deadline >= 0) {
			left = deadline - clock_ns(clock);
			if (left <= 0)
				return -ETIMEDOUT;
		}
		host_kernel_unlock();
		host_futex_wait(woken, 0, left);
		host_kernel_lock();
	}
	return 0;
}

void kernel_wake(u32 *woken)
{
	__atomic_store_n(woken, 1, __ATOMIC_RELEASE);
	host_futex_wake(woken, 1);
}
