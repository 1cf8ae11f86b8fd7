// SPDX-License-Identifier: GPL-2.0-or-later
// getrandom fills the buffer (two calls give different bytes) and rejects
// unknown flags with EINVAL.
#include <sys/random.h>
#include "guest.h"

int main(void)
{
	unsigned char a[64], b[64], zero[64] = { 0 };

	CHECK(CHECK_OK(getrandom(a, sizeof(a), 0)) == sizeof(a), "short getrandom");
	CHECK(CHECK_OK(getrandom(b, sizeof(b), GRND_NONBLOCK)) == sizeof(b),
	      "short getrandom(GRND_NONBLOCK)");
	CHECK(memcmp(a, zero, sizeof(a)) != 0, "getrandom gave zeros");
	CHECK(memcmp(a, b, sizeof(a)) != 0, "two getrandom calls gave the same bytes");
	CHECK(CHECK_OK(getrandom(a, 0, 0)) == 0, "getrandom of 0 bytes");
	CHECK_ERR(getrandom(a, sizeof(a), 0x4000), EINVAL);
	CHECK_ERR(getrandom(wild(16), 8, 0), EFAULT);
	return 0;
}
