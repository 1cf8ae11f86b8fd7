// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: natively the child would invoke the host's OOM killer
// umk-args: --mem=64M
// A guest that asks for more memory than umk has (--mem, MemTotal in
// /proc/meminfo) gets ENOMEM from mmap and brk, as from Linux's heuristic
// overcommit (MAP_NORESERVE is not counted); RLIMIT_AS and RLIMIT_DATA
// bound mmap and brk.  A child that touches more than there is, in
// pieces each small enough to be granted, is killed (SIGKILL, the OOM
// kill); umk goes on, gets its memory back, and runs a later child.
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "../guest/guest.h"

static long meminfo(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	CHECK(f, "/proc/meminfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			sscanf(line + strlen(key), " %ld", &v);
	fclose(f);
	CHECK(v > 0, "no %s in /proc/meminfo", key);
	return v * 1024;
}

int main(void)
{
	size_t total = meminfo("MemTotal:"), free_before = meminfo("MemFree:");
	int status;

	CHECK(total <= 256 << 20, "MemTotal is %zu MiB: the umk-args line (--mem=64M) was not used",
	      total >> 20);
	/* more than umk has, at once */
	CHECK(mmap(NULL, 2 * total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
	      MAP_FAILED && errno == ENOMEM, "mmap of twice MemTotal did not fail with ENOMEM");
	void *p = mmap(NULL, 2 * total, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	CHECK(p != MAP_FAILED, "mmap MAP_NORESERVE of twice MemTotal: %s", strerror(errno));
	CHECK_OK(munmap(p, 2 * total));
	p = mmap(NULL, 2 * total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "a read-only mapping commits nothing: %s", strerror(errno));
	CHECK_OK(munmap(p, 2 * total));
	char *brk0 = sbrk(0);

	CHECK(sbrk(2 * total) == (void *)-1 && errno == ENOMEM, "sbrk of twice MemTotal");
	CHECK(sbrk(0) == brk0, "a refused sbrk moved the break");

	/* RLIMIT_AS and RLIMIT_DATA, in a child */
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		struct rlimit as = { 256 << 20, 256 << 20 }, data = { 1 << 20, 1 << 20 };

		CHECK_OK(setrlimit(RLIMIT_AS, &as));
		CHECK(mmap(NULL, 512 << 20, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
		      MAP_FAILED && errno == ENOMEM, "mmap beyond RLIMIT_AS");
		CHECK_OK(setrlimit(RLIMIT_DATA, &data));
		CHECK(sbrk(4 << 20) == (void *)-1 && errno == ENOMEM, "sbrk beyond RLIMIT_DATA");
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the rlimit child failed");

	/* The OOM: touch more than there is, 8 MiB at a time. */
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		for (size_t got = 0; got < 2 * total; got += 8 << 20) {
			char *q = mmap(NULL, 8 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (q == MAP_FAILED)
				_exit(2);
			for (size_t i = 0; i < 8 << 20; i += 4096)
				q[i] = 1;
		}
		_exit(3);
	}
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	      "the child that touched twice MemTotal ended with status %#x, not SIGKILL", status);

	/* umk has its memory back and runs a later child */
	size_t free_after = meminfo("MemFree:");

	CHECK(free_after + (4 << 20) >= free_before, "MemFree %zu kB before the OOM, %zu kB after",
	      free_before >> 10, free_after >> 10);
	pid = fork();
	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		char *q = malloc(16 << 20);

		memset(q, 1, 16 << 20);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the later child ended with status %#x", status);
	return 0;
}
