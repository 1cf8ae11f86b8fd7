// SPDX-License-Identifier: GPL-2.0-or-later
// uname says Linux on x86_64, with a release glibc accepts (N.N...).
#include <sys/utsname.h>
#include "guest.h"

int main(void)
{
	struct utsname u;

	CHECK_OK(uname(&u));
	CHECK(strcmp(u.sysname, "Linux") == 0, "sysname is %s", u.sysname);
	CHECK(strcmp(u.machine, "x86_64") == 0, "machine is %s", u.machine);
	CHECK(u.release[0] >= '3' && u.release[0] <= '9' && u.release[1] == '.',
	      "release is %s", u.release);
	CHECK(u.nodename[0], "nodename is empty");
	CHECK_ERR(uname(wild(16)), EFAULT);
	return 0;
}
