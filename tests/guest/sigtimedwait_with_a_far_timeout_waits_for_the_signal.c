// SPDX-License-Identifier: GPL-2.0-or-later
// rt_sigtimedwait with a timeout too long to count in nanoseconds (tv_sec
// 18446744074: 10^9 times it does not fit in 64 bits) waits for the
// signal like one without a timeout.  (umk's deadline overflowed and
// wrapped to 0.29 s: EAGAIN before the signal came.)  A second thread
// sends the signal after 600 ms.
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include "guest.h"

static pthread_t main_thread;

static void *sender(void *arg)
{
	struct timespec pause = { 0, 600 * 1000 * 1000 };

	(void)arg;
	nanosleep(&pause, NULL);
	pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

int main(void)
{
	struct timespec far = { 18446744074LL, 0 };
	sigset_t set;
	pthread_t th;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(pthread_sigmask(SIG_BLOCK, &set, NULL) == 0, "pthread_sigmask");
	main_thread = pthread_self();
	CHECK(pthread_create(&th, NULL, sender, NULL) == 0, "pthread_create");
	int sig = sigtimedwait(&set, NULL, &far);

	CHECK(sig == SIGUSR1, "sigtimedwait with a far timeout: %d (%s)", sig,
	      sig < 0 ? strerrorname_np(errno) : "");
	CHECK(pthread_join(th, NULL) == 0, "pthread_join");
	return 0;
}
