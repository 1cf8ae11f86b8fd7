// SPDX-License-Identifier: GPL-2.0-or-later
// Rename races cannot steer a walk out of the writable bind.  While a
// thread keeps moving a subdirectory up and back (race/a/b <-> race/b)
// and a child process keeps swapping a directory with a symlink that
// points outside (renameat2 RENAME_EXCHANGE of race/x and race/lnk ->
// BOX/rw/hidden), two walkers open, create and stat "../"-chains to the
// canary through the moving tree, by path and from directory fds inside
// it, thousands of times (5000 rounds or 5 s).  Wherever a walk ends, it
// is in the guest's tree: never a canary.  See escape.h for the box.
// umk-only: the box of mounts exists only under umk.
#include <pthread.h>
#include <time.h>
#include "escape.h"

#define ROUNDS 5000
#define SECONDS 5

static volatile int stop;
static long nmoves;
/* (made before the threads start: P's buffers are not for threads) */
static char path_ab[PATH_MAX], path_b[PATH_MAX], path_e[PATH_MAX],
	    path_c[PATH_MAX], path_x[PATH_MAX], path_lnk[PATH_MAX],
	    path_made[PATH_MAX];
static pthread_mutex_t leak_lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *mover(void *arg)
{
	(void)arg;
	while (!stop) {
		if (rename(path_ab, path_b) == 0)
			nmoves++;
		if (rename(path_b, path_ab) == 0)
			nmoves++;
	}
	return NULL;
}

/* "../" n times, then name. */
static void dots(char *buf, size_t size, int n, const char *name)
{
	buf[0] = '\0';
	while (n-- > 0)
		strncat(buf, "../", size - strlen(buf) - 1);
	strncat(buf, name, size - strlen(buf) - 1);
}

/* One round of a walker: everything through the moving tree. */
static void walk_once(int efd, int cfd, int round)
{
	static const char *targets[] = { "canary", "hidden/canary", "rw/hidden/canary" };
	char rel[512], path[PATH_MAX];
	struct stat st;
	int fd;

	for (int n = 1; n <= 12; n++) {
		const char *t = targets[(round + n) % 3];

		dots(rel, sizeof(rel), n, t);
		if (snprintf(path, sizeof(path), "%s/race/a/b/c/d/e/%s", work, rel) >=
		    (int)sizeof(path))
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			pthread_mutex_lock(&leak_lock);
			check_fd(fd, path);
			pthread_mutex_unlock(&leak_lock);
			close(fd);
		}
		if (stat(path, &st) == 0) {
			pthread_mutex_lock(&leak_lock);
			check_stat(&st, path);
			pthread_mutex_unlock(&leak_lock);
		}
		fd = openat(efd, rel, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fd = openat(cfd, rel, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			pthread_mutex_lock(&leak_lock);
			check_fd(fd, rel);
			pthread_mutex_unlock(&leak_lock);
			close(fd);
		}
	}
	/* Through the directory that becomes a symlink and back. */
	const char *xs[] = { "race/x/canary", "race/x/y/../canary",
			     "race/x/y/../../canary", "race/x/../../canary" };

	for (unsigned i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
		if (snprintf(path, sizeof(path), "%s/%s", work, xs[i]) >= (int)sizeof(path))
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			pthread_mutex_lock(&leak_lock);
			check_fd(fd, path);
			pthread_mutex_unlock(&leak_lock);
			close(fd);
		}
	}
	/* And creating: wherever it lands, it is the guest's (run-tests
	 * checks the host's BOX and BOX/rw/hidden). */
	if (round % 16 == 0) {
		dots(rel, sizeof(rel), 1 + round % 9, "made-in-race");
		fd = openat(efd, rel, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		fd = open(path_made, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
	}
}

struct walker {
	int efd, cfd;	/* race/a/b/c/d/e and race/a/b/c, opened before */
	int rounds;
	double deadline;
};

static void *walker(void *arg)
{
	struct walker *w = arg;
	for (w->rounds = 0; w->rounds < ROUNDS && now() < w->deadline; w->rounds++)
		walk_once(w->efd, w->cfd, w->rounds);
	pthread_mutex_lock(&leak_lock);
	nattempts += w->rounds * (12 * 3 + 4);	/* opens, stats, openats */
	pthread_mutex_unlock(&leak_lock);
	return NULL;
}

int main(void)
{
	pthread_t m, w2;
	struct walker a, b;
	pid_t swapper;
	int status;

	box_init("race");
	CHECK_OK(mkdir(P("%s/race", work), 0755));
	CHECK_OK(mkdir(P("%s/race/a", work), 0755));
	CHECK_OK(mkdir(P("%s/race/a/b", work), 0755));
	CHECK_OK(mkdir(P("%s/race/a/b/c", work), 0755));
	CHECK_OK(mkdir(P("%s/race/a/b/c/d", work), 0755));
	CHECK_OK(mkdir(P("%s/race/a/b/c/d/e", work), 0755));
	CHECK_OK(mkdir(P("%s/race/x", work), 0755));
	CHECK_OK(mkdir(P("%s/race/x/y", work), 0755));
	CHECK_OK(symlink(box_hidden, P("%s/race/lnk", work)));
	strcpy(path_ab, P("%s/race/a/b", work));
	strcpy(path_b, P("%s/race/b", work));
	strcpy(path_c, P("%s/race/a/b/c", work));
	strcpy(path_e, P("%s/race/a/b/c/d/e", work));
	strcpy(path_x, P("%s/race/x", work));
	strcpy(path_lnk, P("%s/race/lnk", work));
	strcpy(path_made, P("%s/race/x/made-in-race", work));

	a.efd = b.efd = CHECK_OK(open(path_e, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
	a.cfd = b.cfd = CHECK_OK(open(path_c, O_PATH | O_DIRECTORY | O_CLOEXEC));
	long nswaps = 0;
	int pfd[2];

	CHECK_OK(pipe(pfd));
	a.deadline = b.deadline = now() + SECONDS;
	swapper = fork();
	CHECK(swapper >= 0, "fork: %s", strerror(errno));
	if (swapper == 0) {
		while (now() < a.deadline)
			for (int i = 0; i < 100; i++)
				if (syscall(SYS_renameat2, AT_FDCWD, path_x, AT_FDCWD,
					    path_lnk, RENAME_EXCHANGE) == 0)
					nswaps++;
		_exit(write(pfd[1], &nswaps, sizeof(nswaps)) == sizeof(nswaps) ? 0 : 1);
	}
	close(pfd[1]);
	CHECK(!pthread_create(&m, NULL, mover, NULL), "pthread_create");
	CHECK(!pthread_create(&w2, NULL, walker, &b), "pthread_create");
	walker(&a);
	pthread_join(w2, NULL);
	stop = 1;
	pthread_join(m, NULL);
	CHECK(read(pfd[0], &nswaps, sizeof(nswaps)) == sizeof(nswaps),
	      "the swapper did not report");
	CHECK_OK(waitpid(swapper, &status, 0));

	printf("%d + %d walker rounds, %ld moves, %ld exchanges\n", a.rounds,
	       b.rounds, nmoves, nswaps);
	/* (low bars: a loaded machine is slow, but the race must have run) */
	if (a.rounds + b.rounds < 200)
		LEAK("only %d walker rounds: the race did not run", a.rounds + b.rounds);
	if (nmoves < 20 || nswaps < 20)
		LEAK("only %ld moves and %ld exchanges: the race did not run",
		     nmoves, nswaps);
	/* The guest's own files made in the race (BOX, BOX/rw/hidden). */
	unlink(P("%s/made-in-race", box));
	unlink(P("%s/made-in-race", box_hidden));
	return box_done();
}
