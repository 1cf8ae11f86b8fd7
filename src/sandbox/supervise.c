// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk boot's restart (UML's reboot): a supervisor process around umk.
 *
 * umk's kernel cannot start twice in one process (its state is static),
 * and a confined umk cannot exec itself again (execve is not in its
 * seccomp allowlist, and stays out).  So `umk boot` starts as a small
 * supervisor that boots nothing itself: every boot is a fresh umk
 * process, and when one ends by a restart (reboot(2) RESTART, the
 * management console's reboot) the supervisor starts the next, with the
 * same command line (so the same root and umid).  Three processes:
 *
 *   supervisor  the pid the user started, and the one `umk list` shows.
 *               Forks once, the first spare, tells it to boot, and
 *               confines itself meanwhile: no capabilities,
 *               no_new_privs, no core dumps, and a seccomp
 *               allowlist of the calls its loop makes (wait, poll, read,
 *               write, kill, signals, exit: no fork, no open).  Holds only
 *               stdio and its ends of two pipes.
 *   spare       a copy of the process as it was at start, unconfined:
 *               nothing opened, every signal blocked, asleep in read() on
 *               the go pipe.  On go it forks the next spare, then returns
 *               into main() and becomes umk; from there on all is as
 *               without a supervisor.
 *   umk         the running system, the supervisor's child.
 * The supervisor cannot fork the next umk itself: whatever confines it
 * (its seccomp filter) would be inherited by that umk.  The spare, made
 * before, does.  The supervisor is a child subreaper, so that the spare a
 * umk made becomes the supervisor's child when that umk ends (the zygote
 * and stubs of a killed umk too; they die of their own parent-death
 * signals and the supervisor reaps them).
 *
 * The pipes.  Go (supervisor to spare): an int, the number of restarts
 * before this boot (the kernel logs it).  Report (spares and umks to the
 * supervisor; 8-byte records, atomic): SPARE pid, written by a spare that
 * took a go (pid: the next spare, 0 if it could not fork one); RESTART,
 * written by umk just before it exits with status 0 for a restart.  A
 * restart is that record and that status, nothing read from stderr.
 *
 * Trust.  umk runs guests and is not trusted by the supervisor: what it
 * writes on the report pipe can at worst end the instance or ask for a
 * restart (which the guest may ask anyway); a SPARE pid is used only if
 * it is the supervisor's own live child.  The unconfined spare is umk's
 * child while umk runs, but umk's own confinement keeps it away: no
 * ptrace, no process_vm_*, no /proc (seccomp, Landlock), and Landlock's
 * signal scope where the host has it; the spare reads nothing from umk.
 *
 * Signals sent to the supervisor are forwarded to umk (kill(2), so umk
 * sees SI_USER as when it is sent one directly), except SIGKILL and
 * SIGSTOP, SIGCHLD, SIGPIPE and SIGURG (umk ignores the first, the second
 * is its own), and faults.  The terminal's SIGINT, SIGQUIT, SIGTSTP,
 * SIGWINCH, SIGTTIN and SIGTTOU (si_code SI_KERNEL) are not forwarded:
 * they went to the whole foreground process group, umk too, and umk
 * handles them as without a supervisor (^C and ^Z to the guests).  When
 * umk stops (SIGSTOP, or the default action of SIGTSTP, SIGTTIN, SIGTTOU)
 * the supervisor stops itself with the same signal, so that a shell sees
 * the job stopped; a SIGCONT it gets goes on to umk.  A signal that ends
 * umk also ends the restarts: if umk asked for one meanwhile, the
 * supervisor ends as if killed by that signal instead.  A new umk gets
 * signals once its SPARE report is read (it has discarded the ones the
 * process group got while it waited); one that ends umk and came before
 * is sent then, others are dropped.
 *
 * The end of umk is the supervisor's: the same exit status, or the same
 * signal (raised on itself, with its core dumps off), so a shell sees what
 * it saw without a supervisor.  The spare then reads end-of-file and
 * exits.  When the supervisor is killed (SIGKILL), umk dies of its
 * parent-death signal (SIGKILL, set as the stubs set theirs) and the spare
 * reads end-of-file.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

enum report_kind { REPORT_SPARE = 1, REPORT_RESTART = 2 };

struct report {
	int kind;
	int pid;	/* SPARE: the next spare, or 0 */
};

int supervise_restarts;
int supervisor_pid;

static int report_fd = -1;	/* umk and spares: the report pipe's write end */
static volatile pid_t umk_pid;	/* the supervisor's running umk, 0: none */
static volatile sig_atomic_t umk_ready;	/* ... has reported: signals go to it */
static volatile sig_atomic_t ending;	/* a signal that ends umk came */

/* ---- umk's side ---- */

static bool report(int kind, int pid)
{
	struct report r = { .kind = kind, .pid = pid };

	return write(report_fd, &r, sizeof(r)) == sizeof(r);
}

bool supervise_report_restart(void)
{
	return supervisor_pid && report_fd >= 0 && report(REPORT_RESTART, 0);
}

/*
 * Signals sent to the process group while a spare waited (^C in the
 * previous boot, the SIGTERM that ended it) are not its boot's: ignoring
 * a signal discards it, then its action is put back.
 */
static void discard_pending_signals(void)
{
	sigset_t pending;

	sigpending(&pending);
	for (int sig = 1; sig < NSIG; sig++) {
		struct sigaction ign = { .sa_handler = SIG_IGN }, old;

		if (sig != SIGKILL && sig != SIGSTOP && sigismember(&pending, sig) == 1 &&
		    !sigaction(sig, &ign, &old))
			sigaction(sig, &old, NULL);
	}
}

/*
 * The spare: wait for go, fork the next spare, and return as umk (with
 * the signal mask the supervisor was started with, and none of the
 * signals that came while it waited).
 */
static void spare(int go, const sigset_t *orig)
{
	int restarts;
	pid_t next;

	for (;;) {
		ssize_t n = read(go, &restarts, sizeof(restarts));

		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof(restarts))
			_exit(0);	/* the supervisor is gone */
		discard_pending_signals();
		next = fork();
		if (next)
			break;
		/* the new spare: wait for the next go */
	}
	close(go);
	/* from this report on, the supervisor forwards signals to us: they
	 * wait (blocked) until the mask is put back below */
	report(REPORT_SPARE, next > 0 ? next : 0);
	/* umk dies with the supervisor (it is our parent: checked after,
	 * against a supervisor that died before the prctl) */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != supervisor_pid)
		_exit(UMK_EXIT_INTERNAL);
	supervise_restarts = restarts;
	sigprocmask(SIG_SETMASK, orig, NULL);
}

/* ---- the supervisor ---- */

/* A message on stderr (no stdio: nothing that could open a file). */
static void say(const char *msg)
{
	(void)!write(2, msg, strlen(msg));
}

/* Not forwarded: see the top of the file. */
static bool forwarded(int sig)
{
	switch (sig) {
	case SIGKILL: case SIGSTOP: case SIGCHLD: case SIGPIPE: case SIGURG:
	case SIGSEGV: case SIGBUS: case SIGILL: case SIGFPE: case SIGTRAP:
	case SIGSYS: case SIGABRT:
		return false;
	}
	return sig < 32 || (sig >= SIGRTMIN && sig <= SIGRTMAX);
}

/* What the terminal sends to its foreground group (umk got its own). */
static bool from_terminal(int sig, const siginfo_t *si)
{
	return si->si_code == SI_KERNEL &&
	       (sig == SIGINT || sig == SIGQUIT || sig == SIGTSTP || sig == SIGWINCH ||
		sig == SIGTTIN || sig == SIGTTOU);
}

/* Whether the signal ends umk (the others: its dump, job control, size). */
static bool ends_umk(int sig)
{
	return sig != SIGQUIT && sig != SIGCONT && sig != SIGTSTP && sig != SIGTTIN &&
	       sig != SIGTTOU && sig != SIGWINCH;
}

/* Runs only inside the loop's ppoll (every signal is blocked elsewhere),
 * so umk_pid cannot be a pid reaped meanwhile. */
static void on_signal(int sig, siginfo_t *si, void *uc)
{
	int e = errno;

	(void)uc;
	if (sig == SIGCHLD || from_terminal(sig, si))
		return;		/* SIGCHLD: only wakes the loop */
	if (ends_umk(sig))
		ending = sig;
	if (umk_pid > 0 && umk_ready)
		kill(umk_pid, sig);
	errno = e;
}

/* End as umk ended, killed by sig: the same signal, at its default. */
static __attribute__((noreturn)) void end_by_signal(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t set;

	sigaction(sig, &dfl, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);	/* a signal that does not kill (cannot be) */
}

/* umk stopped with sig: so does the supervisor, until a SIGCONT. */
static void stop_like(int sig)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL }, old;
	sigset_t set;

	if (sig != SIGTSTP && sig != SIGTTIN && sig != SIGTTOU) {
		kill(getpid(), SIGSTOP);
		return;
	}
	sigaction(sig, &dfl, &old);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);		/* stops here */
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigaction(sig, &old, NULL);
}

#define ALLOW(ctx, name)                                                                  \
	do {                                                                              \
		if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(name), 0))             \
			die(UMK_EXIT_INTERNAL, "supervisor: seccomp rule for " #name);    \
	} while (0)

/*
 * Confine the supervisor (its first spare is forked: nothing here reaches
 * a umk).  Keeps stdio and the pipes rep and go, closes every other fd.
 * On failure it dies (fail closed), and umk with it.
 */
static void supervisor_confine(int rep, int go)
{
	struct rlimit no_core = { 0, 0 };
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	int lo = rep < go ? rep : go, hi = rep < go ? go : rep;
	scmp_filter_ctx ctx;

	syscall(SYS_close_range, 3, lo - 1, 0);
	syscall(SYS_close_range, lo + 1, hi - 1, 0);
	syscall(SYS_close_range, hi + 1, ~0U, 0);
	setrlimit(RLIMIT_CORE, &no_core);	/* it ends by umk's signal */

	sigfillset(&sa.sa_mask);
	for (int sig = 1; sig <= SIGRTMAX; sig++) {
		struct sigaction old;

		/* an ignored signal (nohup) stays ignored, as umk keeps it */
		if (sig == SIGCHLD || (forwarded(sig) && !sigaction(sig, NULL, &old) &&
					old.sa_handler != SIG_IGN))
			sigaction(sig, &sa, NULL);
	}
	sigaction(SIGPIPE, &ign, NULL);	/* a go with no spare: EPIPE */

	confine_drop_privileges();	/* and no_new_privs */
	ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	if (!ctx)
		die(UMK_EXIT_INTERNAL, "supervisor: seccomp: cannot make a filter");
	ALLOW(ctx, waitid);
	ALLOW(ctx, ppoll);
	ALLOW(ctx, read);
	ALLOW(ctx, write);
	ALLOW(ctx, kill);
	ALLOW(ctx, tgkill);		/* raise */
	ALLOW(ctx, getpid);
	ALLOW(ctx, gettid);
	ALLOW(ctx, rt_sigaction);
	ALLOW(ctx, rt_sigprocmask);
	ALLOW(ctx, rt_sigreturn);
	ALLOW(ctx, restart_syscall);
	ALLOW(ctx, exit_group);
	ALLOW(ctx, exit);
	if (seccomp_load(ctx))
		die(UMK_EXIT_INTERNAL, "supervisor: loading the seccomp filter: %s",
		    strerror(errno));
	seccomp_release(ctx);
}

/* Tell the spare to boot; false if there is none (it died). */
static bool go_boot(int go, int restarts)
{
	return write(go, &restarts, sizeof(restarts)) == sizeof(restarts);
}

/* Whether pid is a child of the supervisor, alive (a SPARE record comes
 * from a umk, which is not trusted: the spare must be ours). */
static bool our_child(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	return pid > 0 && !waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) && !si.si_pid;
}

/* Read the reports there are; *fd becomes -1 at end-of-file.  A SPARE
 * report says the umk that wrote it is ready for signals: one that ends
 * umk and came while it was not (it went nowhere) is sent now. */
static void read_reports(int *fd, pid_t *spare, bool *restart)
{
	struct report r;

	while (*fd >= 0) {
		ssize_t n = read(*fd, &r, sizeof(r));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;		/* EAGAIN: all read */
		if (n != sizeof(r)) {
			*fd = -1;	/* no umk and no spare left: the loop waits for them */
			return;
		}
		if (r.kind == REPORT_SPARE) {
			*spare = r.pid;
			if (umk_pid > 0 && !umk_ready) {
				umk_ready = 1;
				if (ending)
					kill(umk_pid, ending);
			}
		} else if (r.kind == REPORT_RESTART)
			*restart = true;
	}
}

static __attribute__((noreturn)) void supervise(pid_t first, int rep, int go)
{
	struct pollfd p = { .fd = rep, .events = POLLIN };
	pid_t spare = 0;
	bool restart = false;
	int restarts = 0;
	sigset_t none;

	fcntl(rep, F_SETFL, O_NONBLOCK);
	sigemptyset(&none);
	/* the first boot starts while the supervisor confines itself (it
	 * dies with the supervisor if that fails) */
	if (!go_boot(go, 0)) {
		say("umk: boot: the first umk process did not start\n");
		_exit(UMK_EXIT_INTERNAL);
	}
	umk_pid = first;
	supervisor_confine(rep, go);
	for (;;) {
		siginfo_t si;

		read_reports(&p.fd, &spare, &restart);
		for (;;) {
			memset(&si, 0, sizeof(si));
			if (waitid(P_ALL, 0, &si, WEXITED | WSTOPPED | WNOHANG) || !si.si_pid)
				break;
			if (si.si_code == CLD_STOPPED && si.si_pid != umk_pid)
				continue;
			if (si.si_pid == spare) {
				spare = 0;	/* killed: no restart possible */
				continue;
			}
			if (si.si_pid != umk_pid)
				continue;	/* a killed umk's zygote or stub */
			if (si.si_code == CLD_STOPPED) {
				stop_like(si.si_status);
				continue;
			}
			umk_pid = 0;
			umk_ready = 0;
			/* its RESTART came before its exit */
			read_reports(&p.fd, &spare, &restart);
			if (si.si_code != CLD_EXITED)
				end_by_signal(si.si_status);
			if (!restart || si.si_status != 0)
				_exit(si.si_status);
			if (ending)
				end_by_signal(ending);
			if (!our_child(spare) || !go_boot(go, ++restarts)) {
				say("umk: restart requested, but no process is left to boot "
				    "again: ending (status 0)\n");
				_exit(0);
			}
			umk_pid = spare;
			spare = 0;
			restart = false;
		}
		ppoll(&p, 1, NULL, &none);
	}
}

void supervise_boot(void)
{
	int rep[2], go[2];
	sigset_t all, orig;
	pid_t pid;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &orig);
	if (pipe2(rep, O_CLOEXEC) || pipe2(go, O_CLOEXEC))
		die(UMK_EXIT_INTERNAL, "boot: cannot start: %s", strerror(errno));
	/* the spare a umk forks becomes ours when that umk ends */
	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		die(UMK_EXIT_INTERNAL, "boot: cannot start: PR_SET_CHILD_SUBREAPER: %s",
		    strerror(errno));
	supervisor_pid = getpid();
	pid = fork();
	if (pid < 0)
		die(UMK_EXIT_INTERNAL, "boot: cannot start: fork: %s", strerror(errno));
	if (!pid) {
		close(rep[0]);
		close(go[1]);
		report_fd = rep[1];
		spare(go[0], &orig);
		return;		/* umk, first boot (and later ones) */
	}
	close(rep[1]);
	close(go[0]);
	supervise(pid, rep[0], go[1]);
}
