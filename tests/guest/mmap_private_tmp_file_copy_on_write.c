// SPDX-License-Identifier: GPL-2.0-or-later
// A private writable mapping of a /tmp file shows the file's bytes; writes
// to the mapping stay private (the file does not change).
#include <fcntl.h>
#include <sys/mman.h>
#include "guest.h"

int main(void)
{
	char path[256], buf[3 * 4096], back[3 * 4096];
	int fd = CHECK_OK(open(guest_path(path, sizeof(path), "m"),
			       O_RDWR | O_CREAT | O_TRUNC, 0600));

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	CHECK(CHECK_OK(write(fd, buf, sizeof(buf))) == sizeof(buf),
	      "short write");

	char *m = mmap(NULL, sizeof(buf), PROT_READ | PROT_WRITE, MAP_PRIVATE,
		       fd, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(memcmp(m, buf, sizeof(buf)) == 0, "mapping differs from file");
	memset(m + 4096, 'Z', 4096);

	CHECK(CHECK_OK(pread(fd, back, sizeof(back), 0)) == sizeof(back),
	      "short pread");
	CHECK(memcmp(back, buf, sizeof(buf)) == 0,
	      "a write to a MAP_PRIVATE mapping reached the file");
	CHECK(m[4096] == 'Z' && m[0] == 'a', "mapping lost its own write");
	CHECK_OK(munmap(m, sizeof(buf)));
	close(fd);
	unlink(path);
	return 0;
}
