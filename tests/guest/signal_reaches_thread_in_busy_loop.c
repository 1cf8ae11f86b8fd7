// SPDX-License-Identifier: GPL-2.0-or-later
// pthread_kill to a thread that spins in user code without making a system
// call: the signal interrupts it (the kernel must kick a running thread),
// the handler runs in that thread and sets a flag the loop watches.  Done
// 20 times, each within 5 s.
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "guest.h"

static volatile sig_atomic_t flag;
static volatile pid_t spinner_tid, handler_tid;
static volatile int spinning;

static void on_usr2(int sig __attribute__((unused)))
{
	handler_tid = (pid_t)syscall(SYS_gettid);
	flag = 1;
}

static void *spinner(void *arg __attribute__((unused)))
{
	unsigned long loops = 0;

	spinner_tid = (pid_t)syscall(SYS_gettid);
	spinning = 1;
	while (!flag)
		loops++; /* no system call in here */
	spinning = 0;
	return (void *)loops;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr2 };
	struct timespec ts = { 0, 1000 * 1000 };
	pthread_t t;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	for (int round = 0; round < 20; round++) {
		flag = 0;
		spinning = 0;
		handler_tid = 0;
		CHECK(pthread_create(&t, NULL, spinner, NULL) == 0, "create");
		while (!spinning)
			nanosleep(&ts, NULL);
		nanosleep(&ts, NULL);
		CHECK(pthread_kill(t, SIGUSR2) == 0, "pthread_kill");
		double deadline = now() + 5;
		while (spinning && now() < deadline)
			nanosleep(&ts, NULL);
		CHECK(!spinning, "round %d: the spinning thread did not get the signal in 5 s",
		      round);
		CHECK(pthread_join(t, NULL) == 0, "join");
		CHECK(handler_tid == spinner_tid,
		      "round %d: the handler ran in tid %d, want the spinner %d", round,
		      handler_tid, spinner_tid);
	}
	return 0;
}
