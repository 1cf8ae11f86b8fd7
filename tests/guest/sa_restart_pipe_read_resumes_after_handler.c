// SPDX-License-Identifier: GPL-2.0-or-later
// SA_RESTART: a thread blocked in read() on a pipe gets signals from
// another thread; with SA_RESTART the handler runs and the read goes on
// (it returns the byte written afterwards, never EINTR).  Without
// SA_RESTART the same read fails with EINTR (the contrast).
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include "guest.h"

static int fds[2];
static volatile int handled, done;
static volatile long read_ret;
static volatile int read_errno;
static volatile char got;

static void on_usr1(int sig __attribute__((unused)))
{
	handled++;
}

static void *reader(void *arg __attribute__((unused)))
{
	char c = 0;

	read_ret = read(fds[0], &c, 1);
	read_errno = errno;
	got = c;
	done = 1;
	return NULL;
}

/* Start a reader, signal it until the handler ran 3 times (or the read
 * returned), then write a byte; returns once the reader finished. */
static void run(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	pthread_t t;

	sigemptyset(&sa.sa_mask);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	handled = done = 0;
	read_ret = -2;
	CHECK(pthread_create(&t, NULL, reader, NULL) == 0, "create");
	nanosleep(&ts, NULL);
	for (int i = 0; i < 250 && handled < 3 && !done; i++) {
		CHECK(pthread_kill(t, SIGUSR1) == 0, "pthread_kill");
		nanosleep(&ts, NULL);
	}
	CHECK(handled > 0, "the handler never ran");
	CHECK(write(fds[1], "z", 1) == 1, "write");
	CHECK(pthread_join(t, NULL) == 0, "join");
}

int main(void)
{
	char c;

	CHECK_OK(pipe(fds));
	run(SA_RESTART);
	CHECK(read_ret == 1 && got == 'z',
	      "with SA_RESTART: read returned %ld (%s) after %d signals, want 1 byte",
	      read_ret, read_ret < 0 ? strerrorname_np(read_errno) : "-", handled);
	CHECK(handled >= 3, "with SA_RESTART the handler ran %d times, want 3", handled);

	run(0);
	CHECK(read_ret == -1 && read_errno == EINTR,
	      "without SA_RESTART: read returned %ld (%s), want -1 EINTR", read_ret,
	      read_ret < 0 ? strerrorname_np(read_errno) : "-");
	/* The byte written after the EINTR is still in the pipe. */
	CHECK(read(fds[0], &c, 1) == 1 && c == 'z', "the byte is lost");
	return 0;
}
