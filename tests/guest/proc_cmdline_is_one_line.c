// SPDX-License-Identifier: GPL-2.0-or-later
// /proc/cmdline, the kernel command line (init systems and libselinux read
// it at boot): a read-only regular file of one line ending in '\n', the
// same when read in small pieces.
#include <fcntl.h>
#include <sys/stat.h>
#include "guest.h"

int main(void)
{
	char all[4096], part[4096];
	long n = 0, len, r;
	struct stat st;
	int fd = CHECK_OK(open("/proc/cmdline", O_RDONLY));

	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0444,
	      "mode %o", st.st_mode);
	len = CHECK_OK(read(fd, all, sizeof(all) - 1));
	all[len] = 0;
	CHECK(len >= 1 && all[len - 1] == '\n', "no newline at the end: '%s'", all);
	CHECK(strchr(all, '\n') == all + len - 1, "more than one line: '%s'", all);
	CHECK(CHECK_OK(read(fd, part, sizeof(part))) == 0, "more after the line");
	/* three bytes at a time, from the start */
	CHECK_OK(lseek(fd, 0, SEEK_SET));
	while ((r = CHECK_OK(read(fd, part + n, 3))) > 0)
		n += r;
	CHECK(n == len && !memcmp(part, all, len), "read in pieces: %ld bytes", n);
	close(fd);
	return 0;
}
