// SPDX-License-Identifier: GPL-2.0-or-later
// /dev/shm takes shm_open's objects (shared between a parent and its
// child through MAP_SHARED), /dev/fd/N reopens fd N, /dev/stdin,
// /dev/stdout and /dev/stderr are links into /proc/self/fd, and /dev/tty
// opens or (with no controlling terminal) fails with ENXIO.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "guest.h"

int main(void)
{
	char name[64], buf[128], link[64];
	struct stat a, b;
	int fd, fd2, status;
	long n;
	pid_t pid;
	char *p;

	snprintf(name, sizeof(name), "/umk-guest-shm-%d", getpid());
	fd = CHECK_OK(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600));
	CHECK_OK(ftruncate(fd, 4096));
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	snprintf(buf, sizeof(buf), "/dev/shm%s", name);
	CHECK_OK(stat(buf, &a));
	CHECK(S_ISREG(a.st_mode) && a.st_size == 4096, "%s: mode %o size %ld",
	      buf, a.st_mode, (long)a.st_size);
	pid = CHECK_OK(fork());
	if (pid == 0) {
		strcpy(p, "from the child");
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(!strcmp(p, "from the child"), "shared memory reads '%s'", p);
	CHECK_OK(shm_unlink(name));
	CHECK_ERR(stat(buf, &a), ENOENT);

	snprintf(link, sizeof(link), "/dev/fd/%d", fd);
	fd2 = CHECK_OK(open(link, O_RDONLY));
	CHECK_OK(fstat(fd, &a));
	CHECK_OK(fstat(fd2, &b));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev,
	      "%s reached another file", link);
	close(fd2);
	close(fd);

	n = CHECK_OK(readlink("/dev/stdin", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(!strcmp(buf, "/proc/self/fd/0"), "/dev/stdin -> %s", buf);
	n = CHECK_OK(readlink("/dev/stderr", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(!strcmp(buf, "/proc/self/fd/2"), "/dev/stderr -> %s", buf);
	n = CHECK_OK(readlink("/dev/fd", buf, sizeof(buf) - 1));
	buf[n] = 0;
	CHECK(!strcmp(buf, "/proc/self/fd"), "/dev/fd -> %s", buf);

	fd = open("/dev/tty", O_RDWR);
	CHECK(fd >= 0 || errno == ENXIO, "/dev/tty: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	return 0;
}
