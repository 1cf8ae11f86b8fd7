// SPDX-License-Identifier: GPL-2.0-or-later
// pthread_cancel of a thread blocked in read() on an empty pipe (a
// cancellation point): the read is interrupted, the cleanup handler runs,
// and pthread_join returns PTHREAD_CANCELED.  Then a thread that is
// cancelled with asynchronous cancellation while spinning in user code.
#include <pthread.h>
#include <time.h>
#include "guest.h"

static int fds[2];
static volatile int cleaned, started;

static void cleanup(void *arg __attribute__((unused)))
{
	cleaned = 1;
}

static void *reader(void *arg __attribute__((unused)))
{
	char c;

	pthread_cleanup_push(cleanup, NULL);
	started = 1;
	for (;;)
		if (read(fds[0], &c, 1) != -1 || errno != EINTR)
			break;
	pthread_cleanup_pop(0);
	return (void *)1L;
}

static void *spinner(void *arg __attribute__((unused)))
{
	pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, NULL);
	started = 2;
	for (;;)
		__asm__ volatile("" ::: "memory");
	return NULL;
}

int main(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	pthread_t t;
	void *ret;

	CHECK_OK(pipe(fds));
	CHECK(pthread_create(&t, NULL, reader, NULL) == 0, "create");
	while (!started)
		nanosleep(&ts, NULL);
	nanosleep(&ts, NULL); /* into the read, most likely */
	CHECK(pthread_cancel(t) == 0, "pthread_cancel");
	CHECK(pthread_join(t, &ret) == 0, "pthread_join");
	CHECK(ret == PTHREAD_CANCELED, "the reader returned %p, want PTHREAD_CANCELED",
	      ret);
	CHECK(cleaned, "the cleanup handler did not run");

	CHECK(pthread_create(&t, NULL, spinner, NULL) == 0, "create");
	while (started != 2)
		nanosleep(&ts, NULL);
	CHECK(pthread_cancel(t) == 0, "pthread_cancel");
	CHECK(pthread_join(t, &ret) == 0, "pthread_join");
	CHECK(ret == PTHREAD_CANCELED, "the spinner returned %p, want PTHREAD_CANCELED",
	      ret);
	return 0;
}
