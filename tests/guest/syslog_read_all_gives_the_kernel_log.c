/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * syslog(2) (klogctl, what dmesg uses): SYSLOG_ACTION_SIZE_BUFFER gives the
 * log's size, SYSLOG_ACTION_READ_ALL its lines as "<LEVEL>[TIME] text",
 * unknown actions and a NULL buffer are EINVAL.
 */
// umk-only: natively dmesg_restrict (1 on Debian) refuses this to non-root; umk's is 0, as Linux's default
#include <sys/klog.h>
#include "guest.h"

int main(void)
{
	static char buf[1 << 20];
	int size, n;

	size = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
	CHECK(size > 0, "SIZE_BUFFER gave %d", size);
	n = klogctl(3, buf, sizeof(buf) - 1);	/* SYSLOG_ACTION_READ_ALL */
	CHECK(n >= 0, "READ_ALL gave %d (%s)", n, strerror(errno));
	buf[n] = 0;
	/* umk logs its boot at info level: the log is not empty */
	CHECK(n > 0, "the log is empty");
	CHECK(buf[0] == '<' && buf[1] >= '0' && buf[1] <= '7' && buf[2] == '>' && buf[3] == '[',
	      "not a log line: %.40s", buf);
	CHECK(buf[n - 1] == '\n', "the last line is cut");
	CHECK(klogctl(3, buf, 0) == 0, "READ_ALL of 0 bytes is not 0");
	CHECK_ERR(klogctl(99, buf, 10), EINVAL);
	CHECK_ERR(klogctl(3, NULL, 10), EINVAL);
	return 0;
}
