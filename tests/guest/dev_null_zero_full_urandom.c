// SPDX-License-Identifier: GPL-2.0-or-later
// /dev/null reads nothing and swallows writes; /dev/zero reads zeros;
// /dev/full refuses writes with ENOSPC; /dev/urandom fills a buffer; the
// device numbers are Linux's.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include "guest.h"

int main(void)
{
	unsigned char buf[4096];
	struct stat st;
	int fd, i, nonzero = 0;

	fd = CHECK_OK(open("/dev/null", O_RDWR));
	CHECK(CHECK_OK(read(fd, buf, sizeof(buf))) == 0, "read /dev/null gave data");
	CHECK(CHECK_OK(write(fd, buf, 100)) == 100, "write /dev/null short");
	close(fd);
	memset(buf, 0xff, sizeof(buf));
	fd = CHECK_OK(open("/dev/zero", O_RDONLY));
	CHECK(CHECK_OK(read(fd, buf, sizeof(buf))) == sizeof(buf), "short read of /dev/zero");
	for (i = 0; i < (int)sizeof(buf); i++)
		CHECK(!buf[i], "/dev/zero gave %d at %d", buf[i], i);
	close(fd);
	fd = CHECK_OK(open("/dev/full", O_WRONLY));
	CHECK_ERR(write(fd, buf, 1), ENOSPC);
	close(fd);
	fd = CHECK_OK(open("/dev/urandom", O_RDONLY));
	CHECK(CHECK_OK(read(fd, buf, sizeof(buf))) == sizeof(buf), "short read of /dev/urandom");
	for (i = 0; i < (int)sizeof(buf); i++)
		nonzero += buf[i] != 0;
	CHECK(nonzero > 3000, "/dev/urandom: only %d non-zero bytes of 4096", nonzero);
	close(fd);
	CHECK_OK(stat("/dev/null", &st));
	CHECK(S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == 3,
	      "/dev/null is not char 1:3");
	CHECK_OK(stat("/dev/zero", &st));
	CHECK(major(st.st_rdev) == 1 && minor(st.st_rdev) == 5, "/dev/zero is not 1:5");
	return 0;
}
