/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Kernel timers.  One umk thread sleeps until the earliest armed timer
 * and fires it under the big kernel lock; the process timers (alarm,
 * setitimer, timer_create), timerfd and sleeps with deadlines build on
 * them.  umk needs no scheduler tick: the host schedules guest threads.
 */
#ifndef UMK_TIMER_H
#define UMK_TIMER_H

#include "kernel.h"

struct process;

struct ktimer {
	struct ktimer *next;		/* in the armed list, by expiry */
	s64 expires;			/* CLOCK_MONOTONIC ns */
	bool armed;
	/* Called under the kernel lock, the timer disarmed; may re-arm. */
	void (*fn)(struct ktimer *kt);
};

/* Start the timer thread (boot). */
int ktimers_init(void);
/* Arm (or re-arm) kt to fire at expires (CLOCK_MONOTONIC ns). */
void ktimer_arm(struct ktimer *kt, s64 expires);
void ktimer_cancel(struct ktimer *kt);

/* A process ends: its alarm, interval and POSIX timers go. */
void timers_exit(struct process *p);
/* execve: the POSIX timers go; alarm and the interval timers stay. */
void timers_exec(struct process *p);
/* fork: the child starts with no timers (POSIX). */
static inline void timers_fork(struct process *child)
{
	(void)child;
}

#endif
