// SPDX-License-Identifier: GPL-2.0-or-later
// Creating or writing a file on umk's read-only root fails with EROFS.
// umk-only: natively, as root, the file would be created on the host.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	int fd = open("/umk-test-file", O_WRONLY | O_CREAT, 0644);

	if (fd >= 0) {
		close(fd);
		unlink("/umk-test-file");
		FAIL("open(/umk-test-file, O_WRONLY|O_CREAT) succeeded");
	}
	CHECK(errno == EROFS, "open(O_CREAT) on /: %s, want EROFS",
	      strerrorname_np(errno));
	CHECK_ERR(open("/etc/os-release", O_RDWR), EROFS);
	CHECK_ERR(mkdir("/umk-test-dir", 0755), EROFS);
	CHECK_ERR(unlink("/etc/os-release"), EROFS);
	CHECK_ERR(rename("/etc/os-release", "/etc/umk-test"), EROFS);
	return 0;
}
