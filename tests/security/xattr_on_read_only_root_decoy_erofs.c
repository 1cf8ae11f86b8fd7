// SPDX-License-Identifier: GPL-2.0-or-later
// Extended attributes of a file of the read-only root cannot be set or
// removed, whatever the road: by path, through a symlink to it, by an fd
// opened read-only, through /proc/self/fd/N, in every namespace,
// including umk's own user.umk.*.  The target is the decoy of
// tests/run-tests ($UMK_TEST_DECOY), whose ctime it checks afterwards.
// umk-only: natively, as the file's owner, setting user.* succeeds.
#include <fcntl.h>
#include <sys/xattr.h>
#include "../guest/guest.h"

static const char *const names[] = {
	"user.a", "user.umk.uid", "user.umk.mode", "trusted.a", "security.a",
};

int main(void)
{
	const char *decoy = getenv("UMK_TEST_DECOY");
	char link[] = "/tmp/decoy-link", proc[64];
	size_t i;
	int fd;

	CHECK(decoy && decoy[0] == '/', "UMK_TEST_DECOY is not set");
	unlink(link);
	CHECK_OK(symlink(decoy, link));
	fd = CHECK_OK(open(decoy, O_RDONLY));
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		CHECK_ERR(setxattr(decoy, names[i], "0", 1, 0), EROFS);
		CHECK_ERR(setxattr(link, names[i], "0", 1, 0), EROFS);
		CHECK_ERR(setxattr(proc, names[i], "0", 1, 0), EROFS);
		CHECK_ERR(fsetxattr(fd, names[i], "0", 1, 0), EROFS);
		CHECK_ERR(removexattr(decoy, names[i]), EROFS);
		CHECK_ERR(fremovexattr(fd, names[i]), EROFS);
	}
	close(fd);
	CHECK_OK(unlink(link));
	return 0;
}
