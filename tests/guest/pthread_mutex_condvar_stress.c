// SPDX-License-Identifier: GPL-2.0-or-later
// A futex-heavy stress test: 4 threads each take a shared mutex 100000
// times to increment a counter (no increment is lost), then 2 producers
// and 2 consumers pass 100000 numbers through a bounded queue of 16 slots
// guarded by a mutex and two condition variables (every number arrives
// once; the sums agree).
#include <pthread.h>
#include <stdint.h>
#include "guest.h"

#define THREADS 4
#define INCREMENTS 100000
#define ITEMS 100000
#define SLOTS 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *incrementer(void *arg)
{
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static long queue[SLOTS];
static int head, count, producers_left = 2;
static unsigned char seen[ITEMS];

static void *producer(void *arg)
{
	long first = (long)arg;

	for (long v = first; v < ITEMS; v += 2) {
		pthread_mutex_lock(&qlock);
		while (count == SLOTS)
			pthread_cond_wait(&not_full, &qlock);
		queue[(head + count) % SLOTS] = v;
		count++;
		pthread_cond_signal(&not_empty);
		pthread_mutex_unlock(&qlock);
	}
	pthread_mutex_lock(&qlock);
	producers_left--;
	pthread_cond_broadcast(&not_empty);
	pthread_mutex_unlock(&qlock);
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0, n = 0;

	for (;;) {
		pthread_mutex_lock(&qlock);
		while (count == 0 && producers_left > 0)
			pthread_cond_wait(&not_empty, &qlock);
		if (count == 0) {
			pthread_mutex_unlock(&qlock);
			break;
		}
		long v = queue[head];
		head = (head + 1) % SLOTS;
		count--;
		pthread_cond_signal(&not_full);
		pthread_mutex_unlock(&qlock);
		if (v >= 0 && v < ITEMS)
			__atomic_add_fetch(&seen[v], 1, __ATOMIC_RELAXED);
		sum += v;
		n++;
	}
	((long *)arg)[0] = sum;
	((long *)arg)[1] = n;
	return NULL;
}

int main(void)
{
	pthread_t th[THREADS];
	long res[2][2];
	int e;

	for (long i = 0; i < THREADS; i++) {
		e = pthread_create(&th[i], NULL, incrementer, NULL);
		CHECK(e == 0, "pthread_create: %s", strerror(e));
	}
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_join(th[i], NULL) == 0, "pthread_join");
	CHECK(counter == (long)THREADS * INCREMENTS,
	      "counter %ld, want %ld: the mutex lost increments", counter,
	      (long)THREADS * INCREMENTS);

	CHECK(pthread_create(&th[0], NULL, consumer, res[0]) == 0, "create");
	CHECK(pthread_create(&th[1], NULL, consumer, res[1]) == 0, "create");
	CHECK(pthread_create(&th[2], NULL, producer, (void *)0L) == 0, "create");
	CHECK(pthread_create(&th[3], NULL, producer, (void *)1L) == 0, "create");
	for (int i = 0; i < 4; i++)
		CHECK(pthread_join(th[i], NULL) == 0, "pthread_join");

	long want = (long)ITEMS * (ITEMS - 1) / 2;
	CHECK(res[0][1] + res[1][1] == ITEMS, "consumers got %ld items, want %d",
	      res[0][1] + res[1][1], ITEMS);
	CHECK(res[0][0] + res[1][0] == want, "sum %ld, want %ld",
	      res[0][0] + res[1][0], want);
	for (int i = 0; i < ITEMS; i++)
		CHECK(seen[i] == 1, "item %d arrived %d times", i, seen[i]);
	return 0;
}
