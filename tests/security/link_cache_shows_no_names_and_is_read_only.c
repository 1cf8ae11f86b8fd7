// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it reads umk's link cache (mapped in every guest process)
// The link cache, from which the stub answers readlink, is mapped in every
// guest process: a process must not read in it the names another process
// looked up (a name that was missing, a directory it canonicalised), and
// cannot write it.  One process asks readlink of a directory and of a
// missing name, with made-up names, often enough to be cached; another
// reads the whole table and looks for the names and for the two paths.
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "../guest/guest.h"

#define STUB_FAST 0x7fe000110000UL
#define STUB_FAST_SIZE 0x40000UL

static sigjmp_buf back;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(back, 1);
}

static int contains(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);

	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(hay + i, needle, k))
			return 1;
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/lcsecretXXXXXX", missing[128], buf[64];
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_NODEFER };
	int st;

	CHECK(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
	CHECK_OK(chmod(dir, 0755));
	snprintf(missing, sizeof(missing), "%s/token-q8Zr4mW1", dir);

	pid_t pid = CHECK_OK(fork());

	if (pid == 0) {
		for (int i = 0; i < 50; i++) {
			CHECK_ERR(syscall(SYS_readlink, dir, buf, sizeof(buf)), EINVAL);
			CHECK_ERR(syscall(SYS_readlink, missing, buf, sizeof(buf)), ENOENT);
		}
		_exit(0);
	}
	CHECK_OK(waitpid(pid, &st, 0));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the asking child: %#x", st);

	/* another process: the table holds neither name */
	const char *table = (const char *)STUB_FAST;

	CHECK(!contains(table, STUB_FAST_SIZE, "token-q8Zr4mW1"), "a missing name is in the table");
	CHECK(!contains(table, STUB_FAST_SIZE, dir + 5), "a directory's name is in the table");
	/* and it cannot write it */
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	if (!sigsetjmp(back, 1)) {
		*(volatile char *)(STUB_FAST + 64) = 1;
		FAIL("the link cache is writable");
	}
	CHECK_OK(rmdir(dir));
	return 0;
}
