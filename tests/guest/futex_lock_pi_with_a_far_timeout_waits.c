// SPDX-License-Identifier: GPL-2.0-or-later
// FUTEX_LOCK_PI with an absolute timeout far in the future (year ~586
// billion) waits for the lock like one without a timeout: Linux saturates
// the time.  (tv_sec * 10^9 overflowed in umk and wrapped to 0.29 s after
// the epoch: ETIMEDOUT at once.)  The main thread holds the lock, a second
// thread asks for it, the main thread lets go after 200 ms.
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include "guest.h"

static uint32_t lock;
static long result = -2;
static int err;

static void *taker(void *arg)
{
	struct timespec far = { 18446744074LL, 0 };

	(void)arg;
	result = syscall(SYS_futex, &lock, FUTEX_LOCK_PI, 0, &far, NULL, 0);
	err = errno;
	return NULL;
}

int main(void)
{
	struct timespec pause = { 0, 200 * 1000 * 1000 };
	pthread_t th;

	CHECK_OK(syscall(SYS_futex, &lock, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	CHECK(pthread_create(&th, NULL, taker, NULL) == 0, "pthread_create");
	nanosleep(&pause, NULL);
	CHECK_OK(syscall(SYS_futex, &lock, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK(pthread_join(th, NULL) == 0, "pthread_join");
	CHECK(result == 0, "FUTEX_LOCK_PI with a far timeout: %ld (%s)", result,
	      result ? strerrorname_np(err) : "");
	return 0;
}
