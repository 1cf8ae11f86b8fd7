/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sleeping in the kernel.  A task that must wait (a futex, a timer, later
 * a pipe or a child) drops the big kernel lock and sleeps on a word of its
 * own until another task sets it and wakes it, or until a deadline.
 */
#ifndef UMK_WAIT_H
#define UMK_WAIT_H

#include "kernel.h"

#define NSEC_PER_SEC 1000000000LL

/* Sleep while *woken is 0, until deadline (ns on clock; < 0: no limit).
 * Returns 0 when woken, -ETIMEDOUT.  Caller holds the kernel lock; it is
 * dropped while asleep. */
int kernel_sleep(u32 *woken, int clock, s64 deadline);
/* Set *woken and wake its sleeper. */
void kernel_wake(u32 *woken);
/* The clock's time in ns. */
s64 clock_ns(int clock);

#endif
