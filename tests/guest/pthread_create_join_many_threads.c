// SPDX-License-Identifier: GPL-2.0-or-later
// pthread_create/pthread_join: 200 threads (in waves of 50) each return a
// value computed from their argument, share the pid, have distinct tids;
// a detached thread and pthread_exit work; thread-local storage is per
// thread.
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include "guest.h"

#define WAVE 50
#define WAVES 4

static __thread long tls_value = 7;
static pid_t tids[WAVE * WAVES];
static pthread_barrier_t barrier;

static void *worker(void *arg)
{
	long i = (long)arg;

	if (getpid() != (pid_t)syscall(SYS_getpid))
		return (void *)-1L;
	tids[i] = (pid_t)syscall(SYS_gettid);
	if (tls_value != 7)
		return (void *)-2L;
	tls_value = i;
	/* All threads of the wave alive at once. */
	pthread_barrier_wait(&barrier);
	if (tls_value != i)
		return (void *)-3L;
	if (i % 7 == 0)
		pthread_exit((void *)(i * 3 + 1));
	return (void *)(i * 3 + 1);
}

static void *detached(void *arg)
{
	__atomic_store_n((int *)arg, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

int main(void)
{
	pthread_t th[WAVE];
	pid_t me = getpid();

	for (int w = 0; w < WAVES; w++) {
		CHECK(pthread_barrier_init(&barrier, NULL, WAVE) == 0, "barrier");
		for (long i = 0; i < WAVE; i++) {
			int e = pthread_create(&th[i], NULL, worker,
					       (void *)(w * WAVE + i));
			CHECK(e == 0, "pthread_create #%ld: %s", w * WAVE + i,
			      strerror(e));
		}
		for (long i = 0; i < WAVE; i++) {
			void *ret;
			long n = w * WAVE + i;
			int e = pthread_join(th[i], &ret);

			CHECK(e == 0, "pthread_join #%ld: %s", n, strerror(e));
			CHECK((long)ret == n * 3 + 1,
			      "thread #%ld returned %ld, want %ld", n, (long)ret,
			      n * 3 + 1);
		}
		pthread_barrier_destroy(&barrier);
	}
	CHECK(tls_value == 7, "main's TLS changed to %ld", tls_value);
	for (int i = 0; i < WAVE * WAVES; i++) {
		CHECK(tids[i] > 0 && tids[i] != me, "thread %d: tid %d", i, tids[i]);
		/* Threads of one wave were alive together: distinct tids. */
		for (int j = i + 1; j < (i / WAVE + 1) * WAVE; j++)
			CHECK(tids[i] != tids[j], "threads %d and %d share tid %d",
			      i, j, tids[i]);
	}

	int done = 0;
	pthread_t d;
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	CHECK(pthread_create(&d, &attr, detached, &done) == 0, "detached create");
	for (int i = 0; i < 5000 && !__atomic_load_n(&done, __ATOMIC_SEQ_CST); i++)
		usleep(1000);
	CHECK(done, "the detached thread did not run");
	return 0;
}
