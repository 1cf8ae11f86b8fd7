/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syslog(2) with dmesg_restrict 0: a user who is not root may read the
 * whole log and ask its size, but not clear it, read it destructively or
 * change the console level (EPERM).
 */
// umk-only: natively dmesg_restrict (1 on Debian) refuses READ_ALL to non-root too; umk's is 0, as Linux's default
#include <sys/klog.h>
#include "guest.h"

int main(void)
{
	static char buf[4096];

	if (geteuid() == 0)
		CHECK_OK(setresuid(65534, 65534, 65534));
	CHECK(klogctl(10, NULL, 0) > 0, "SIZE_BUFFER refused: %s", strerror(errno));
	CHECK(klogctl(3, buf, sizeof(buf)) >= 0, "READ_ALL refused: %s", strerror(errno));
	CHECK_ERR(klogctl(5, NULL, 0), EPERM);		/* CLEAR */
	CHECK_ERR(klogctl(4, buf, sizeof(buf)), EPERM);	/* READ_CLEAR */
	CHECK_ERR(klogctl(2, buf, sizeof(buf)), EPERM);	/* READ */
	CHECK_ERR(klogctl(8, NULL, 4), EPERM);		/* CONSOLE_LEVEL */
	CHECK_ERR(klogctl(9, NULL, 0), EPERM);		/* SIZE_UNREAD */
	return 0;
}
