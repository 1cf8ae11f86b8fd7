// SPDX-License-Identifier: GPL-2.0-or-later
// CLOCK_MONOTONIC never goes back and advances; CLOCK_REALTIME is after
// 2020; gettimeofday and time agree with it; a bad clock id is EINVAL.
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include "guest.h"

static long long ns(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec a, b, r;
	struct timeval tv;

	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &a));
	for (int i = 0; i < 1000; i++) {
		CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &b));
		CHECK(ns(b) >= ns(a), "monotonic went back by %lld ns",
		      ns(a) - ns(b));
		CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000, "bad tv_nsec");
		a = b;
	}
	struct timespec start = a;
	do
		CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &b));
	while (ns(b) == ns(start) && ns(b) - ns(start) < 1000000000);
	CHECK(ns(b) > ns(start), "monotonic does not advance");

	CHECK_OK(clock_gettime(CLOCK_REALTIME, &r));
	CHECK(r.tv_sec > 1577836800, "realtime is before 2020: %ld", (long)r.tv_sec);
	CHECK_OK(gettimeofday(&tv, NULL));
	CHECK(tv.tv_sec - r.tv_sec < 5 && r.tv_sec - tv.tv_sec < 5,
	      "gettimeofday and CLOCK_REALTIME disagree");
	long t = syscall(SYS_time, NULL);
	CHECK(t - r.tv_sec < 5 && r.tv_sec - t < 5, "time() and CLOCK_REALTIME disagree");
	CHECK_ERR(syscall(SYS_clock_gettime, 12345, &a), EINVAL);
	return 0;
}
