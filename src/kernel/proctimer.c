// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Process timers: alarm, the interval timers and POSIX timers, on kernel
 * timers (timer.h).  A process holds them in p->timers.
 */
#include "kernel.h"
#include "task.h"
#include "timer.h"

void timers_exit(struct process *p)
{
	/* no process timers yet: nothing to release */
	(void)p;
}
