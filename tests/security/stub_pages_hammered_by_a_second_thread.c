// SPDX-License-Identifier: GPL-2.0-or-later
// umk-only: it writes umk's stub pages (mapped in every guest process)
// The stub's mailboxes (one per thread) and its result page are writable
// by guest code, and umk reads them: a second thread that fills them with
// junk while the first makes syscalls, maps memory and starts threads
// (whose host tid and listener umk takes from those pages) may only hurt
// its own process (its registers, saved in its mailbox, may come back as
// junk: any end of the child will do).  The command page must stay
// read-only.  The parent sees the child end (or kills it), and umk then
// runs a later child normally.
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include "../guest/guest.h"

#define STUB_CTL 0x7fe000100000UL
#define STUB_RES 0x7fe000101000UL
#define STUB_SLOTS 0x7fe000200000UL
#define STUB_SLOT_SIZE 0x10000UL

static volatile int stop;
static __thread sigjmp_buf back;

static void on_segv(int sig)
{
	(void)sig;
	siglongjmp(back, 1);
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Junk into the result page and the first slots' mailboxes. */
static void *hammer(void *arg)
{
	static __thread uint64_t s = 0x9e3779b97f4a7c15ULL;
	static const uint64_t pages[] = {
		STUB_RES, STUB_SLOTS, STUB_SLOTS + STUB_SLOT_SIZE,
		STUB_SLOTS + 2 * STUB_SLOT_SIZE,
	};

	(void)arg;
	while (!stop) {
		for (unsigned i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
			volatile uint64_t *p = (volatile uint64_t *)pages[i];

			/* a page that is not mapped (a slot not in use) faults:
			 * skip it this round */
			if (sigsetjmp(back, 1))
				continue;
			for (int k = 0; k < 8; k++) {
				uint64_t v = rnd(&s);

				p[v % 96] = k & 1 ? rnd(&s) : v & 0xffff;
			}
		}
	}
	return NULL;
}

static void *nothing(void *arg)
{
	return arg;
}

static __attribute__((noreturn)) void child(void)
{
	struct sigaction sa = { .sa_handler = on_segv, .sa_flags = SA_NODEFER };
	pthread_t h, t;

	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	/* the command page is read-only: a write must fault */
	if (!sigsetjmp(back, 1)) {
		*(volatile uint32_t *)STUB_CTL = 1;
		_exit(93);
	}
	if (pthread_create(&h, NULL, hammer, NULL))
		_exit(4);
	for (int i = 0; i < 200; i++) {
		void *p = mmap(NULL, 65536, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED) {
			memset(p, i, 65536);
			munmap(p, 65536);
		}
		getppid();
		if (i % 10 == 0 && !pthread_create(&t, NULL, nothing, NULL))
			pthread_join(t, NULL);
	}
	stop = 1;
	pthread_join(h, NULL);
	_exit(0);
}

int main(void)
{
	int status;

	alarm(50);
	for (int round = 0; round < 2; round++) {
		pid_t pid = fork();

		CHECK(pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0)
			child();
		if (!guest_wait_for(pid, 2000, &status)) {
			CHECK_OK(kill(pid, SIGKILL));
			CHECK(guest_wait_for(pid, 5000, &status), "the child does not die of SIGKILL");
		}
		/* any end will do (the junk reaches the child's own
		 * registers), but the command page must be read-only */
		CHECK(!WIFEXITED(status) || WEXITSTATUS(status) != 93,
		      "the child could write the command page");
		printf("round %d: %s %d\n", round,
		       WIFSIGNALED(status) ? "killed by signal" : "exit",
		       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
	}

	/* A later guest in the same run: threads, memory, exit. */
	pid_t pid = fork();

	CHECK(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		pthread_t t;
		char *p = malloc(1 << 20);

		memset(p, 7, 1 << 20);
		if (pthread_create(&t, NULL, nothing, NULL) || pthread_join(t, NULL))
			_exit(1);
		_exit(0);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the later child ended with status %#x", status);
	return 0;
}
