// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel timers (see timer.h): a list of armed timers sorted by expiry,
 * and one umk thread that sleeps until the first one is due.  Arming an
 * earlier timer wakes that thread so it sleeps less.
 */
#include "kernel.h"
#include "sched.h"
#include "task.h"
#include "timer.h"

static struct ktimer *armed;
static u32 timer_seq;		/* bumped when the first expiry changes */

void ktimer_cancel(struct ktimer *kt)
{
	if (!kt->armed)
		return;
	for (struct ktimer **pp = &armed; *pp; pp = &(*pp)->next) {
		if (*pp == kt) {
			*pp = kt->next;
			break;
		}
	}
	kt->armed = false;
	kt->next = NULL;
}

void ktimer_arm(struct ktimer *kt, s64 expires)
{
	struct ktimer **pp = &armed;

	ktimer_cancel(kt);
	kt->expires = expires;
	while (*pp && (*pp)->expires <= expires)
		pp = &(*pp)->next;
	kt->next = *pp;
	*pp = kt;
	kt->armed = true;
	if (armed == kt) {
		__atomic_add_fetch(&timer_seq, 1, __ATOMIC_RELEASE);
		host_futex_wake(&timer_seq, 1);
	}
}

static void timer_main(void *arg)
{
	host_kernel_lock();
	for (;;) {
		s64 now = clock_ns(CLOCK_MONOTONIC);

		while (armed && armed->expires <= now) {
			struct ktimer *kt = armed;

			armed = kt->next;
			kt->next = NULL;
			kt->armed = false;
			kt->fn(kt);
		}
		u32 seq = __atomic_load_n(&timer_seq, __ATOMIC_ACQUIRE);
		s64 left = armed ? armed->expires - now : -1;

		host_kernel_unlock();
		host_futex_wait(&timer_seq, seq, left);
		host_kernel_lock();
	}
}

int ktimers_init(void)
{
	return host_thread_start(timer_main, NULL);
}
