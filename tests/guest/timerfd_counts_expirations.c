// SPDX-License-Identifier: GPL-2.0-or-later
// timerfd: a 20 ms periodic timer read after ~110 ms reports about 5
// expirations and then zero (EAGAIN when non-blocking); a blocking read
// waits for the next one; timerfd_gettime shows the period and a value
// within it; an absolute CLOCK_REALTIME expiry in the past fires at once;
// a disarmed timer reads EAGAIN; bad clocks and flags are EINVAL.
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>
#include "guest.h"

int main(void)
{
	struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } }, cur;
	struct pollfd pfd;
	uint64_t n;
	int t;

	t = CHECK_OK(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	CHECK_ERR(read(t, &n, 8), EAGAIN);
	CHECK_OK(timerfd_settime(t, 0, &its, NULL));
	usleep(110000);
	CHECK(CHECK_OK(read(t, &n, 8)) == 8 && n >= 4 && n <= 6,
	      "%llu expirations in 110 ms of a 20 ms timer", (unsigned long long)n);
	CHECK_ERR(read(t, &n, 8), EAGAIN);
	CHECK_OK(timerfd_gettime(t, &cur));
	CHECK(cur.it_interval.tv_nsec == 20000000 && cur.it_value.tv_sec == 0 &&
	      cur.it_value.tv_nsec <= 20000000, "gettime: value %ld ns interval %ld ns",
	      cur.it_value.tv_nsec, cur.it_interval.tv_nsec);
	pfd = (struct pollfd){ .fd = t, .events = POLLIN };
	CHECK(CHECK_OK(poll(&pfd, 1, 1000)) == 1 && pfd.revents == POLLIN,
	      "poll did not see the next expiration");
	CHECK_ERR(read(t, &n, 4), EINVAL);
	its = (struct itimerspec){ { 0, 0 }, { 0, 0 } };
	CHECK_OK(timerfd_settime(t, 0, &its, &cur));
	CHECK(cur.it_interval.tv_nsec == 20000000, "old value not returned");
	CHECK_ERR(read(t, &n, 8), EAGAIN);
	close(t);

	t = CHECK_OK(timerfd_create(CLOCK_REALTIME, 0));
	its.it_value.tv_sec = 1;	/* 1970 */
	CHECK_OK(timerfd_settime(t, TFD_TIMER_ABSTIME, &its, NULL));
	CHECK(CHECK_OK(read(t, &n, 8)) == 8 && n == 1, "past absolute expiry: %llu",
	      (unsigned long long)n);
	its.it_value = (struct timespec){ 0, 30000000 };
	CHECK_OK(timerfd_settime(t, 0, &its, NULL));
	CHECK(CHECK_OK(read(t, &n, 8)) == 8 && n == 1, "blocking read: %llu",
	      (unsigned long long)n);
	close(t);

	CHECK_ERR(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0), EINVAL);
	CHECK_ERR(timerfd_create(CLOCK_MONOTONIC, 0x1), EINVAL);
	return 0;
}
