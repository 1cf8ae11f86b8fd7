// SPDX-License-Identifier: GPL-2.0-or-later
// Robust mutexes: when the owner dies holding one, the next locker gets
// EOWNERDEAD and can make it consistent.  Two owners: a thread that exits
// holding a process-private robust mutex, and a forked child that exits
// holding a process-shared one in MAP_SHARED memory.  A mutex unlocked
// without pthread_mutex_consistent becomes ENOTRECOVERABLE.
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "guest.h"

static pthread_mutex_t private_m;

static void *die_holding(void *arg __attribute__((unused)))
{
	int e = pthread_mutex_lock(&private_m);

	return (void *)(long)e;
}

static void init_robust(pthread_mutex_t *m, int pshared)
{
	pthread_mutexattr_t a;

	CHECK(pthread_mutexattr_init(&a) == 0, "mutexattr_init");
	CHECK(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST) == 0,
	      "setrobust");
	CHECK(pthread_mutexattr_setpshared(&a, pshared) == 0, "setpshared");
	CHECK(pthread_mutex_init(m, &a) == 0, "mutex_init");
	pthread_mutexattr_destroy(&a);
}

int main(void)
{
	pthread_t t;
	void *ret;
	int e, status;

	/* 1. A thread exits holding the mutex. */
	init_robust(&private_m, PTHREAD_PROCESS_PRIVATE);
	CHECK(pthread_create(&t, NULL, die_holding, NULL) == 0, "create");
	CHECK(pthread_join(t, &ret) == 0 && ret == NULL, "the thread's lock failed");
	e = pthread_mutex_lock(&private_m);
	CHECK(e == EOWNERDEAD, "lock after the owner thread died: %s, want EOWNERDEAD",
	      e ? strerrorname_np(e) : "0");
	CHECK(pthread_mutex_consistent(&private_m) == 0, "consistent");
	CHECK(pthread_mutex_unlock(&private_m) == 0, "unlock");
	e = pthread_mutex_lock(&private_m);
	CHECK(e == 0, "lock after consistent: %s", strerror(e));
	CHECK(pthread_mutex_unlock(&private_m) == 0, "unlock");

	/* 2. A child process exits holding a shared mutex. */
	pthread_mutex_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
	init_robust(m, PTHREAD_PROCESS_SHARED);
	pid_t pid = CHECK_OK(fork());
	if (pid == 0)
		_exit(pthread_mutex_lock(m) == 0 ? 0 : 1);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the child could not lock: %#x", status);
	e = pthread_mutex_lock(m);
	CHECK(e == EOWNERDEAD, "lock after the owner process died: %s, want EOWNERDEAD",
	      e ? strerrorname_np(e) : "0");
	/* Unlocked without consistent: the mutex is unrecoverable. */
	CHECK(pthread_mutex_unlock(m) == 0, "unlock");
	e = pthread_mutex_lock(m);
	CHECK(e == ENOTRECOVERABLE, "lock of an abandoned mutex: %s, want ENOTRECOVERABLE",
	      e ? strerrorname_np(e) : "0");

	/* 3. The same with a child killed by a signal while holding it. */
	init_robust(m, PTHREAD_PROCESS_SHARED);
	int fds[2];
	char c;
	CHECK_OK(pipe(fds));
	pid = CHECK_OK(fork());
	if (pid == 0) {
		if (pthread_mutex_lock(m) != 0)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	CHECK(read(fds[0], &c, 1) == 1, "the child did not lock");
	CHECK_OK(kill(pid, SIGKILL));
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	e = pthread_mutex_lock(m);
	CHECK(e == EOWNERDEAD, "lock after the owner was SIGKILLed: %s, want EOWNERDEAD",
	      e ? strerrorname_np(e) : "0");
	CHECK(pthread_mutex_consistent(m) == 0, "consistent");
	CHECK(pthread_mutex_unlock(m) == 0, "unlock");
	return 0;
}
