// SPDX-License-Identifier: GPL-2.0-or-later
// nanosleep sleeps at least the time asked (and not absurdly longer);
// a bad tv_nsec is EINVAL.
#include <time.h>
#include "guest.h"

static long long now(void)
{
	struct timespec t;

	CHECK_OK(clock_gettime(CLOCK_MONOTONIC, &t));
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec req = { 0, 50 * 1000 * 1000 }, rem;

	for (int i = 0; i < 3; i++) {
		long long t0 = now();
		CHECK_OK(nanosleep(&req, &rem));
		long long dt = now() - t0;
		CHECK(dt >= 50000000, "slept %lld ns, asked 50 ms", dt);
		CHECK(dt < 5000000000LL, "slept %lld ns, asked 50 ms", dt);
	}
	req.tv_nsec = 1000000000;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL);
	req.tv_sec = -1;
	req.tv_nsec = 0;
	CHECK_ERR(nanosleep(&req, NULL), EINVAL);
	return 0;
}
