// SPDX-License-Identifier: GPL-2.0-or-later
// A guest cannot open the host's /etc/passwd for writing: the root is
// read-only, so open(O_WRONLY) fails with EROFS (and so do O_RDWR and
// O_APPEND).  Never writes a byte, even if an open wrongly succeeds; the
// destructive attempts (O_TRUNC, truncate) are made on a decoy file in
// read_only_root_decoy_unchanged.c.
// umk-only: natively, as root, the open would succeed.
#include <fcntl.h>
#include "../guest/guest.h"

static void expect_erofs(const char *path, int flags, const char *what)
{
	int fd = open(path, flags);

	if (fd >= 0) {
		close(fd);
		FAIL("open(%s, %s) succeeded", path, what);
	}
	CHECK(errno == EROFS, "open(%s, %s): %s, want EROFS", path, what,
	      strerrorname_np(errno));
}

int main(void)
{
	expect_erofs("/etc/passwd", O_WRONLY, "O_WRONLY");
	expect_erofs("/etc/passwd", O_RDWR, "O_RDWR");
	expect_erofs("/etc/passwd", O_WRONLY | O_APPEND, "O_WRONLY|O_APPEND");
	return 0;
}
