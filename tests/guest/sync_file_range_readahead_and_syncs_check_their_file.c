// SPDX-License-Identifier: GPL-2.0-or-later
// sync_file_range(2) and readahead(2) check their arguments as Linux does
// (EBADF first, then EINVAL for flags and ranges, ESPIPE / EINVAL for
// files without pages) and succeed on files in /tmp and next to the
// program (tmpfs and hostfs under umk); sync, syncfs, fsync and fdatasync
// are there.
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <sys/mman.h>
#include "guest.h"

static void check_file(const char *path)
{
	int fd = CHECK_OK(open(path, O_RDWR | O_CREAT | O_TRUNC, 0600));
	int wo = CHECK_OK(open(path, O_WRONLY));

	CHECK(CHECK_OK(write(fd, "some data", 9)) == 9, "short write");
	CHECK_OK(sync_file_range(fd, 0, 0, 0));
	CHECK_OK(sync_file_range(fd, 0, 9, SYNC_FILE_RANGE_WAIT_BEFORE |
				 SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER));
	CHECK_ERR(sync_file_range(fd, -1, 0, 0), EINVAL);
	CHECK_ERR(sync_file_range(fd, 0, -1, 0), EINVAL);
	CHECK_ERR(sync_file_range(fd, 10, INT64_MAX, 0), EINVAL);
	CHECK_ERR(sync_file_range(fd, 0, 0, 8), EINVAL);
	CHECK_OK(readahead(fd, 0, 100));
	CHECK_OK(readahead(fd, -1, 100));
	CHECK_ERR(readahead(fd, 0, SIZE_MAX), EINVAL);
	CHECK_ERR(readahead(wo, 0, 10), EBADF);
	CHECK_OK(sync_file_range(wo, 0, 10, SYNC_FILE_RANGE_WRITE));
	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	CHECK_OK(syncfs(fd));
	close(wo);
	close(fd);
	CHECK_OK(unlink(path));
}

int main(int argc, char **argv)
{
	char path[4096], dir[4096];
	int p[2], d, null, pa, mfd;

	(void)argc;
	check_file(guest_path(path, sizeof(path), "sfr"));
	snprintf(dir, sizeof(dir), "%s", argv[0]);
	snprintf(path, sizeof(path), "%s/sfr-file", dirname(dir));
	check_file(path);

	CHECK_OK(pipe(p));
	d = CHECK_OK(open("/tmp", O_RDONLY | O_DIRECTORY));
	null = CHECK_OK(open("/dev/null", O_RDWR));
	pa = CHECK_OK(open(argv[0], O_PATH));
	mfd = CHECK_OK(memfd_create("sfr", 0));

	CHECK_ERR(sync_file_range(99, 0, 0, 0), EBADF);
	CHECK_ERR(sync_file_range(99, 0, 0, 8), EBADF);
	CHECK_ERR(sync_file_range(pa, 0, 0, 0), EBADF);
	CHECK_ERR(sync_file_range(p[0], 0, 0, 0), ESPIPE);
	CHECK_ERR(sync_file_range(p[0], 0, 0, 8), EINVAL);
	CHECK_ERR(sync_file_range(null, 0, 0, 0), ESPIPE);
	CHECK_OK(sync_file_range(d, 0, 0, 7));
	CHECK_OK(sync_file_range(mfd, 0, 0, 7));

	CHECK_ERR(readahead(99, 0, 10), EBADF);
	CHECK_ERR(readahead(pa, 0, 10), EBADF);
	CHECK_ERR(readahead(p[0], 0, 10), EINVAL);
	CHECK_ERR(readahead(d, 0, 10), EINVAL);
	CHECK_ERR(readahead(null, 0, 10), EINVAL);
	CHECK_OK(readahead(mfd, 0, 10));

	sync();
	CHECK_OK(syncfs(p[0]));
	CHECK_ERR(syncfs(99), EBADF);
	CHECK_ERR(fsync(p[0]), EINVAL);
	CHECK_ERR(fdatasync(null), EINVAL);
	CHECK_ERR(fsync(pa), EBADF);
	CHECK_OK(fsync(d));
	CHECK_OK(fsync(mfd));
	return 0;
}
