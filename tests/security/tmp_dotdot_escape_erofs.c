// SPDX-License-Identifier: GPL-2.0-or-later
// ".." cannot climb out of /tmp (umk's tmpfs) onto the host: /tmp/../..
// is the guest's root, which is read-only, so writing /tmp/../../etc/passwd
// or creating /tmp/../../umk-escape fails with EROFS.  Never writes a byte.
// umk-only: natively, as root, the opens would succeed.
#include <fcntl.h>
#include <sys/stat.h>
#include "../guest/guest.h"

int main(void)
{
	const char *paths[] = {
		"/tmp/../../etc/passwd",
		"/tmp/../../../../../../etc/passwd",
		"/tmp/./../tmp/../etc/passwd",
	};
	struct stat a, b;

	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = open(paths[i], O_WRONLY | O_APPEND);
		if (fd >= 0) {
			close(fd);
			FAIL("open(%s, O_WRONLY|O_APPEND) succeeded", paths[i]);
		}
		CHECK(errno == EROFS, "open(%s, O_WRONLY): %s, want EROFS",
		      paths[i], strerrorname_np(errno));
	}

	/* /tmp/../.. is the root itself, not something above it. */
	CHECK_OK(stat("/tmp/../..", &a));
	CHECK_OK(stat("/", &b));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev,
	      "/tmp/../.. is not /");

	int fd = open("/tmp/../../umk-escape", O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd >= 0) {
		close(fd);
		unlink("/tmp/../../umk-escape");
		FAIL("created /tmp/../../umk-escape");
	}
	CHECK(errno == EROFS, "creating /tmp/../../umk-escape: %s, want EROFS",
	      strerrorname_np(errno));
	CHECK_ERR(mkdir("/tmp/../../umk-escape", 0755), EROFS);
	return 0;
}
