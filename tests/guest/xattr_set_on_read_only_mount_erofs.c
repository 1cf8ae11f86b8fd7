// SPDX-License-Identifier: GPL-2.0-or-later
// Setting or removing an extended attribute on a read-only mount is EROFS
// (before any other check: also for a name that is not there, and for
// trusted.*), while reading and listing still work.
// umk-only: natively, as root, /etc is writable.
#include <sys/xattr.h>
#include "guest.h"

int main(void)
{
	char buf[64];

	CHECK_ERR(setxattr("/etc", "user.a", "x", 1, 0), EROFS);
	CHECK_ERR(setxattr("/etc", "trusted.a", "x", 1, 0), EROFS);
	CHECK_ERR(removexattr("/etc", "user.absent"), EROFS);
	CHECK_ERR(lsetxattr("/etc", "user.a", "x", 1, 0), EROFS);
	CHECK_ERR(getxattr("/etc", "user.absent", buf, sizeof(buf)), ENODATA);
	CHECK_OK(listxattr("/etc", buf, sizeof(buf)));
	return 0;
}
