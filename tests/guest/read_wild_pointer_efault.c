// SPDX-License-Identifier: GPL-2.0-or-later
// read() into an address that is not mapped returns EFAULT; read() into
// a read-only page returns EFAULT too.
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	int fd = CHECK_OK(open("/etc/os-release", O_RDONLY));
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
			-1, 0);
	CHECK(ro != MAP_FAILED, "mmap: %s", strerror(errno));

	CHECK_ERR(read(fd, wild(16), 10), EFAULT);
	CHECK_ERR(read(fd, wild(0xffff800000000000ul), 10), EFAULT);
	CHECK_ERR(pread(fd, ro, 10, 0), EFAULT);

	char buf[4];
	CHECK(CHECK_OK(pread(fd, buf, sizeof(buf), 0)) == sizeof(buf),
	      "short read of /etc/os-release");
	close(fd);
	return 0;
}
