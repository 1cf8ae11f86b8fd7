// SPDX-License-Identifier: GPL-2.0-or-later
// F_GETPIPE_SZ is 65536 for a new pipe; F_SETPIPE_SZ rounds up to a power
// of two pages (5000 -> 8192, 1 -> 4096) and returns the capacity, which a
// non-blocking writer then fills exactly; shrinking below the data held is
// EBUSY; growing keeps the data in order and makes room; on a non-pipe
// it is EBADF.
#include <fcntl.h>
#include "guest.h"

int main(void)
{
	static char buf[70000], back[70000];
	int p[2], n;

	CHECK_OK(pipe2(p, O_NONBLOCK));
	n = CHECK_OK(fcntl(p[0], F_GETPIPE_SZ));
	CHECK(n == 65536, "default capacity %d", n);
	n = CHECK_OK(fcntl(p[1], F_SETPIPE_SZ, 5000));
	CHECK(n == 8192, "F_SETPIPE_SZ 5000 gave %d, want 8192", n);
	CHECK(CHECK_OK(fcntl(p[0], F_GETPIPE_SZ)) == 8192, "capacity not shared by the ends");
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = i * 7;
	n = CHECK_OK(write(p[1], buf, sizeof(buf)));
	CHECK(n == 8192, "a non-blocking write filled %d bytes, want 8192", n);
	CHECK_ERR(fcntl(p[0], F_SETPIPE_SZ, 4096), EBUSY);
	CHECK(CHECK_OK(read(p[0], back, 100)) == 100, "short read");
	n = CHECK_OK(fcntl(p[0], F_SETPIPE_SZ, 16384));
	CHECK(n == 16384, "growing gave %d", n);
	/* Linux counts whole pages: 8192 more fit; umk's ring takes 8292 */
	n = CHECK_OK(write(p[1], buf + 8192, sizeof(buf) - 8192));
	CHECK(n >= 8192 && n <= 16384 - 8092, "after growing, %d bytes went in", n);
	int total = 8092 + n;

	n = CHECK_OK(read(p[0], back + 100, sizeof(back) - 100));
	CHECK(n == total && !memcmp(back, buf, 100 + n), "data out of order");
	n = CHECK_OK(fcntl(p[0], F_SETPIPE_SZ, 1));
	CHECK(n == 4096, "F_SETPIPE_SZ 1 gave %d, want 4096", n);
	CHECK_ERR(fcntl(0 + open("/proc/self/exe", O_RDONLY), F_GETPIPE_SZ), EBADF);
	return 0;
}
