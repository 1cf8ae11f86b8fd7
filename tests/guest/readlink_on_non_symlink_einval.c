// SPDX-License-Identifier: GPL-2.0-or-later
// readlink of something that is not a symlink fails with EINVAL; of a
// missing file with ENOENT; of a symlink it returns the target, unterminated.
#include "guest.h"

int main(void)
{
	char buf[256];

	memset(buf, 'X', sizeof(buf));
	CHECK_ERR(readlink("/usr/lib/os-release", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink("/usr", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink(guest_tmpdir(), buf, sizeof(buf)), EINVAL);
	CHECK_ERR(readlink("/nonexistent-umk", buf, sizeof(buf)), ENOENT);

	long n = CHECK_OK(readlink("/etc/os-release", buf, sizeof(buf)));
	CHECK(n == (long)strlen("../usr/lib/os-release") &&
	      memcmp(buf, "../usr/lib/os-release", n) == 0,
	      "readlink /etc/os-release: %.*s", (int)n, buf);
	CHECK(buf[n] == 'X', "readlink wrote a terminating byte");
	CHECK(CHECK_OK(readlink("/etc/os-release", buf, 3)) == 3,
	      "readlink does not truncate to the buffer");
	return 0;
}
