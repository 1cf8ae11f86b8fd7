// SPDX-License-Identifier: GPL-2.0-or-later
// MAP_SHARED|MAP_ANONYMOUS memory (and a MAP_SHARED map of /dev/zero) is
// one memory for parent and child after fork, also in the pages neither
// touched before the fork: what the child writes, the parent reads, and
// the other way round.  /proc/self/maps names it "/dev/zero (deleted)".
#include <fcntl.h>
#include <stdbool.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "guest.h"

static void check_shared(volatile int *p, size_t pages)
{
	int st;
	pid_t pid;

	/* nothing touched before the fork: the child writes, then ends */
	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (size_t i = 0; i < pages; i++)
			p[i * 1024 + 2] = 5;
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &st, 0));
	for (size_t i = 0; i < pages; i++)
		CHECK(p[i * 1024 + 2] == 5, "page %zu: the child's write is not seen (%d)", i,
		      p[i * 1024 + 2]);

	/* page 0 touched before the fork, the others not */
	p[0] = 1;
	pid = CHECK_OK(fork());
	if (pid == 0) {
		for (size_t i = 0; i < pages; i++)
			p[i * 1024] = 42 + (int)i;
		while (p[1] != 7)	/* the parent's answer, in page 0 */
			;
		_exit(p[1024 * (pages - 1) + 1] == 9 ? 0 : 3);
	}
	for (size_t i = 1; i < pages; i++)
		while (p[i * 1024] != 42 + (int)i)
			;
	CHECK(p[0] == 42, "page 0 reads %d", p[0]);
	p[1024 * (pages - 1) + 1] = 9;
	p[1] = 7;
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child saw no parent write: %#x", st);
}

int main(void)
{
	const size_t pages = 8;
	int *p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char line[512];
	bool named = false;
	FILE *maps;

	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	check_shared(p, pages);
	maps = fopen("/proc/self/maps", "r");
	CHECK(maps, "/proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), maps))
		if (strtoul(line, NULL, 16) == (unsigned long)p && strstr(line, "/dev/zero (deleted)"))
			named = true;
	fclose(maps);
	CHECK(named, "the shared anonymous mapping is not /dev/zero (deleted) in maps");
	CHECK_OK(munmap(p, pages * 4096));

	int fd = CHECK_OK(open("/dev/zero", O_RDWR));

	p = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap /dev/zero: %s", strerror(errno));
	close(fd);
	check_shared(p, pages);
	return 0;
}
