// SPDX-License-Identifier: GPL-2.0-or-later
// Memory the kernel may give frames ahead of the first touch (the heap
// after brk, the start of an anonymous mapping, the top of a stack
// mapping, a private writable file mapping) reads as zero or as the file,
// also after a shrink and a new growth over old contents, and stays each
// process's own across fork.
#include <sys/mman.h>
#include <sys/syscall.h>
#include "guest.h"

static void child_writes(unsigned char *p, size_t len)
{
	pid_t pid = CHECK_OK(fork());
	int status;

	if (pid == 0) {
		memset(p, 0x5a, len);
		_exit(p[len - 1] == 0x5a ? 0 : 1);
	}
	CHECK_OK(waitpid(pid, &status, 0));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
}

int main(void)
{
	/* The heap: grow, fill, shrink, grow again: the new part is zero. */
	unsigned long cur = syscall(SYS_brk, 0);
	size_t len = 512 * 1024;

	CHECK(syscall(SYS_brk, cur + len) == (long)(cur + len), "brk grow failed");
	memset((void *)cur, 0xab, len);
	CHECK(syscall(SYS_brk, cur + 4096) == (long)(cur + 4096), "brk shrink failed");
	CHECK(syscall(SYS_brk, cur + len) == (long)(cur + len), "brk regrow failed");
	for (size_t i = 4096; i < len; i++)
		CHECK(((unsigned char *)cur)[i] == 0, "heap byte %zu is %#x after regrow", i,
		      ((unsigned char *)cur)[i]);
	memset((void *)cur, 0x11, len);
	child_writes((unsigned char *)cur, len);
	for (size_t i = 0; i < len; i++)
		CHECK(((unsigned char *)cur)[i] == 0x11, "child's heap write seen at %zu", i);

	/* An anonymous mapping and a stack mapping: zero, then private. */
	int kinds[] = { MAP_PRIVATE | MAP_ANONYMOUS,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_GROWSDOWN,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE };

	for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, kinds[k], -1, 0);

		CHECK(p != MAP_FAILED, "mmap kind %u: %s", k, strerror(errno));
		for (size_t i = 0; i < len; i++)
			CHECK(p[i] == 0, "kind %u: byte %zu is %#x", k, i, p[i]);
		memset(p, 0x22, len);
		child_writes(p, len);
		for (size_t i = 0; i < len; i++)
			CHECK(p[i] == 0x22, "kind %u: child's write seen at %zu", k, i);
		CHECK_OK(munmap(p, len));
	}

	/* A private writable file mapping (of a host file under umk) shows
	 * the file; writes stay in it. */
	char path[256];

	snprintf(path, sizeof(path), "%s/file", guest_cwd_dir("memory-ahead"));
	int fd = CHECK_OK(open(path, O_RDWR | O_CREAT | O_EXCL, 0600));
	unsigned char buf[3 * 4096];

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 13 + 1);
	CHECK(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "write: %s", strerror(errno));
	unsigned char *f = mmap(NULL, sizeof(buf), PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);

	CHECK(f != MAP_FAILED, "file mmap: %s", strerror(errno));
	CHECK(memcmp(f, buf, sizeof(buf)) == 0, "the mapping does not show the file");
	memset(f, 0x33, sizeof(buf));
	unsigned char back[sizeof(buf)];

	CHECK(pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(back), "pread: %s",
	      strerror(errno));
	CHECK(memcmp(back, buf, sizeof(buf)) == 0, "a private mapping's write reached the file");
	CHECK_OK(munmap(f, sizeof(buf)));
	CHECK_OK(close(fd));
	CHECK_OK(unlink(path));
	return 0;
}
