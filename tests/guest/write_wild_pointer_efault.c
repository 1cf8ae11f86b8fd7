// SPDX-License-Identifier: GPL-2.0-or-later
// write() from an address that is not mapped returns EFAULT, and the
// program goes on.
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	char path[256];
	int fd = CHECK_OK(open(guest_path(path, sizeof(path), "f"),
			       O_RDWR | O_CREAT | O_TRUNC, 0600));

	/* A page that was mapped and then unmapped: surely not mapped. */
	char *hole = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(hole != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK_OK(munmap(hole, 4096));

	CHECK_ERR(write(fd, wild(16), 10), EFAULT);
	CHECK_ERR(write(fd, hole, 10), EFAULT);
	CHECK_ERR(write(fd, wild(0xffff800000000000ul), 10), EFAULT);
	CHECK_ERR(write(fd, wild(0x7ffffffff000ul), 4096 * 2), EFAULT);

	/* The file is still usable and nothing was written. */
	CHECK(CHECK_OK(write(fd, "ok", 2)) == 2, "short write");
	CHECK(lseek(fd, 0, SEEK_END) == 2, "file size is not 2");
	close(fd);
	unlink(path);
	return 0;
}
