// SPDX-License-Identifier: GPL-2.0-or-later
// /sys/devices/system/cpu/{online,possible,present} are CPU lists ("0-3")
// and sysconf(_SC_NPROCESSORS_ONLN/_CONF), which glibc reads from them,
// agree with them.
#include <fcntl.h>
#include "guest.h"

/* The number of CPUs in a list such as "0-3,6\n". */
static long count_list(const char *path)
{
	char buf[256], *p;
	long n = 0, a, b;
	int fd = CHECK_OK(open(path, O_RDONLY));
	long len = CHECK_OK(read(fd, buf, sizeof(buf) - 1));

	close(fd);
	buf[len] = 0;
	CHECK(len > 0 && buf[len - 1] == '\n', "%s: no newline: '%s'", path, buf);
	for (p = buf; *p && *p != '\n';) {
		a = b = strtol(p, &p, 10);
		if (*p == '-')
			b = strtol(p + 1, &p, 10);
		CHECK(b >= a, "%s: bad range in '%s'", path, buf);
		n += b - a + 1;
		if (*p == ',')
			p++;
	}
	return n;
}

int main(void)
{
	long online = count_list("/sys/devices/system/cpu/online");
	long possible = count_list("/sys/devices/system/cpu/possible");
	long present = count_list("/sys/devices/system/cpu/present");

	CHECK(online >= 1 && online <= present && present <= possible,
	      "online %ld, present %ld, possible %ld", online, present, possible);
	CHECK(sysconf(_SC_NPROCESSORS_ONLN) == online, "sysconf ONLN %ld, online %ld",
	      sysconf(_SC_NPROCESSORS_ONLN), online);
	CHECK(sysconf(_SC_NPROCESSORS_CONF) == possible,
	      "sysconf CONF %ld, possible %ld", sysconf(_SC_NPROCESSORS_CONF),
	      possible);
	return 0;
}
