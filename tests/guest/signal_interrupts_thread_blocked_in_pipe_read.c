// SPDX-License-Identifier: GPL-2.0-or-later
// pthread_kill to a thread blocked in read() on an empty pipe, with a
// handler installed without SA_RESTART: the handler runs in that thread
// (its gettid), and the read fails with EINTR.  The main thread keeps
// sending until the reader reports back, so a signal that arrives just
// before the read is not a failure.
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include "guest.h"

static int fds[2];
static volatile pid_t handler_tid, reader_tid;
static volatile int done, read_errno;
static volatile long read_ret;

static void on_usr1(int sig __attribute__((unused)))
{
	handler_tid = (pid_t)syscall(SYS_gettid);
}

static void *reader(void *arg __attribute__((unused)))
{
	char c;

	reader_tid = (pid_t)syscall(SYS_gettid);
	read_ret = read(fds[0], &c, 1);
	read_errno = errno;
	done = 1;
	return NULL;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	pthread_t t;
	int i;

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART */
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(pipe(fds));
	CHECK(pthread_create(&t, NULL, reader, NULL) == 0, "create");
	nanosleep(&ts, NULL);
	for (i = 0; i < 250 && !done; i++) {
		CHECK(pthread_kill(t, SIGUSR1) == 0, "pthread_kill");
		nanosleep(&ts, NULL);
	}
	CHECK(done, "the reader is still blocked after %d signals", i);
	CHECK(pthread_join(t, NULL) == 0, "join");
	CHECK(read_ret == -1 && read_errno == EINTR,
	      "read returned %ld (%s), want -1 EINTR", read_ret,
	      strerrorname_np(read_errno));
	CHECK(handler_tid == reader_tid, "the handler ran in tid %d, want the reader %d",
	      handler_tid, reader_tid);
	return 0;
}
