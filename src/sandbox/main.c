// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk's command line: parse options, open what the kernel needs on the
 * host (the root directory, the trace file), start the platform, boot the
 * kernel, and turn the guest's end into umk's exit status.
 *
 * Bad input gets one line on stderr starting "umk: " and a distinct exit
 * status (sandbox.h, `umk --help`).  Boot modules are loaded (modules.c)
 * once everything is open, before umk confines itself.  umk boot runs
 * under a supervisor (supervise.c): each boot, the first and every one
 * after a restart, is a new umk process that starts in main() as if
 * started by the user.  The words after run or boot, as given, are the
 * guest's /proc/cmdline (as UML's is its arguments).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "umk/kernel_entry.h"
#include "umk/platform.h"
#include "sandbox.h"
#include "../hostfs/hostfs.h"

#define DEFAULT_MEM (1ULL << 30)

extern char **environ;

static const char usage_text[] =
	"Usage: umk run [OPTION]... [--] COMMAND [ARG]...\n"
	"       umk boot -r DIR [-m SIZE] [-e NAME=VALUE[:NAME=VALUE]...] [-s] [-v]\n"
	"                [-U] [--ro] [umid=NAME] [init=PATH] [con0=fd:N,fd:M|con=null]\n"
	"                [conN=LINE]... [sslN=LINE]...\n"
	"       umk diff UPPERDIR [ROOT] | umk merge [-v] UPPERDIR ROOT\n"
	"       umk list\n"
	"       umk --help | --version | --syscalls | --print-policy\n"
	"\n"
	"Run COMMAND inside umk, a kernel in a process: every system call of the\n"
	"command and of what it starts is served by umk, not by the host.\n"
	"\n"
	"Options for run:\n"
	"  -r, --root DIR      the host directory that becomes / (read-only;\n"
	"                      default: the host's /)\n"
	"      --bind SRC[:DST]     the host directory SRC, read-write, at DST\n"
	"                      inside (default: at SRC's own path)\n"
	"      --ro-bind SRC[:DST]  the same, read-only\n"
	"      --tmpfs DST     an empty, private tmpfs at DST\n"
	"      --fake-owners   metadata mode: owners, setuid/setgid/sticky bits\n"
	"                      and device nodes the guest sets on host\n"
	"                      directories are kept in user.umk.* extended\n"
	"                      attributes of the host files (see umk(1))\n"
	"      --overlay[=UPPERDIR]  a copy-on-write layer over the root: changes\n"
	"                      go to UPPERDIR (default: memory, forgotten at\n"
	"                      exit), the root is never written; the working\n"
	"                      directory is then not bound\n"
	"  -m, --mem SIZE      guest memory, e.g. 512M or 2G (default 1G)\n"
	"      --trace[=FILE]  write every guest system call to FILE (default:\n"
	"                      stderr), in strace's format\n"
	"  -v, --verbose       print the kernel log (twice: more of it)\n"
	"      --module PATH   load the umk module (a driver, a .so built against\n"
	"                      umk/module.h) at boot; repeatable; --modules=A,B\n"
	"                      for several.  Modules of /etc/umk/modules.conf (one\n"
	"                      absolute path a line, # comments) are loaded first.\n"
	"                      After boot no code can be added: guest\n"
	"                      init_module/finit_module get EPERM\n"
	"  -U, --unsealed      keep module loading open after boot: guest root may\n"
	"                      finit_module a umk module file, and umk allows\n"
	"                      itself executable mappings.  -U lets guest root run\n"
	"                      code inside umk, outside every guest check (with\n"
	"                      umk's access to every mounted host file and every\n"
	"                      guest) -- for kernel development only\n"
	"      --print-policy  print how umk confines itself (capabilities,\n"
	"                      no_new_privs, Landlock, seccomp) and exit\n"
	"      --allow-weak-sandbox  run even where the host has no usable\n"
	"                      Landlock (ABI 2 or later); umk's own checks then\n"
	"                      alone keep guests inside their mounts\n"
	"      --umid NAME     the name of this instance (also umid=NAME before\n"
	"                      the command, as UML writes it; default umk-PID):\n"
	"                      its management console is the socket\n"
	"                      $XDG_RUNTIME_DIR/umk/NAME/mconsole (without\n"
	"                      XDG_RUNTIME_DIR: ~/.umk/NAME/mconsole), for\n"
	"                      umk-console(1); a NAME in use is refused\n"
	"  -h, --help          this text\n"
	"\n"
	"Options for boot (the UML mode: DIR booted as a whole system):\n"
	"  -r DIR              the root, writable (--ro: read-only); no working\n"
	"                      directory or home is mounted\n"
	"  -s                  init is /bin/sh (single user); init=PATH: PATH;\n"
	"                      default /sbin/init\n"
	"  -e NAME=VALUE       init's environment (default HOME=/, TERM=linux,\n"
	"                      PATH=/sbin:/usr/sbin:/bin:/usr/bin); repeatable\n"
	"  con0=fd:N,fd:M      the console from host fd N, to fd M; con=null: none\n"
	"  conN=LINE, sslN=LINE  /dev/ttyN (N 1-8) and the serial line /dev/ttySN\n"
	"                      (N 0-7), as UML's: LINE is pty (a host\n"
	"                      pseudo-terminal; the kernel log, shown by -v, names\n"
	"                      it), port:PORT (TCP on 127.0.0.1 only: each client\n"
	"                      gets a free line of that port), fd:N,fd:M or null;\n"
	"                      con=LINE and ssl=LINE: every line not given alone\n"
	"  -m, -v, -U, umid=NAME and run's other options as for run.  umk ends\n"
	"  when init exits or the guest calls reboot(2) to halt or power off\n"
	"  (status 0); a restart (reboot -f, umk-console NAME reboot) boots again\n"
	"  from scratch, with the same command line and umid\n"
	"\n"
	"Defaults for these options come from /etc/umk/umk.conf, then from\n"
	"~/.config/umk/umk.conf (see umk.conf(5)); the options override them.\n"
	"\n"
	"umk list shows the running instances of this user: UMID, pid, command.\n"
	"SIGQUIT to umk writes the guest's task list on stderr (sysrq t).\n"
	"\n"
	"umk diff lists what a run with --overlay=UPPERDIR changed (A added,\n"
	"C changed, D deleted; one path a line); umk merge applies it to ROOT.\n"
	"\n"
	"Inside, the root is read-only; the working directory carries over and\n"
	"is writable (bound read-write at its own path; --ro-bind . keeps it\n"
	"read-only); $HOME is an empty tmpfs, /tmp a private, empty, writable\n"
	"tmpfs, /dev, /proc and /sys are umk's own.  --bind, --ro-bind and\n"
	"--tmpfs are mounted after these, in the order given, each over what is\n"
	"there; a missing mount point is made where the tree is writable.  The\n"
	"environment passes unchanged.\n"
	"\n"
	"Exit status: the command's, or 128+N when a signal N killed it.\n"
	"umk's own errors:\n"
	"  120  umk failed on the host\n"
	"  121  the root directory does not exist\n"
	"  122  the root is not a directory\n"
	"  123  the host cannot confine umk (no usable Landlock)\n"
	"  125  bad command line or umk.conf, or a module that cannot be loaded\n"
	"       or started\n"
	"  126  the command cannot be executed\n"
	"  127  the command was not found\n";

const char *die_context;

void die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("umk: ", stderr);
	if (die_context)
		fprintf(stderr, "%s: ", die_context);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/* "512M", "2G", "1048576": bytes, or 0 if not a size. */
unsigned long long parse_size(const char *s)
{
	char *end;
	unsigned long long v, mult = 1;

	if (!*s || *s == '-')
		return 0;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return 0;
	switch (*end) {
	case 'k': case 'K': mult = 1ULL << 10; end++; break;
	case 'm': case 'M': mult = 1ULL << 20; end++; break;
	case 'g': case 'G': mult = 1ULL << 30; end++; break;
	case 't': case 'T': mult = 1ULL << 40; end++; break;
	}
	if (*end == 'i' && mult > 1)
		end++;
	if (*end == 'b' || *end == 'B')
		end++;
	if (*end || v > ULLONG_MAX / mult)
		return 0;
	return v * mult;
}

/* The guest's working directory: the host's, seen from inside root. */
static char *guest_cwd(const char *root)
{
	char *cwd = getcwd(NULL, 0), *rroot = realpath(root, NULL), *ret = NULL;
	size_t n;

	if (!cwd || !rroot)
		goto out;
	n = strlen(rroot);
	if (!strcmp(rroot, "/"))
		ret = strdup(cwd);
	else if (!strncmp(cwd, rroot, n) && (cwd[n] == '/' || !cwd[n]))
		ret = strdup(cwd[n] ? cwd + n : "/");
out:
	free(cwd);
	free(rroot);
	return ret;
}

/*
 * Test hooks for tests/security, called after Landlock and again after
 * seccomp: with UMK_TEST_PROBE_OPEN=PATH in its environment, umk itself
 * tries to open PATH once Landlock is on and says what the host answered,
 * so a test can see Landlock (not only umk's own walk) refuse a host file
 * outside the mounts; with UMK_TEST_PROBE_EXECVE=PATH, umk tries to
 * execve PATH once its seccomp filter is on, which must kill it; with
 * UMK_TEST_PROBE_MMAP_EXEC=1, umk maps a page executable once its filter is
 * on, which must kill it unless -U keeps module loading open.  None can
 * reach anything the confinement does not allow, whoever sets them.
 */
static void test_probe(void)
{
	if (confinement.seccomp) {
		/* UMK_TEST_PROBE_EXECVE=PATH: the filter must kill umk here */
		const char *exe = getenv("UMK_TEST_PROBE_EXECVE");

		if (exe) {
			char *argv[] = { (char *)exe, NULL };

			execve(exe, argv, environ);
			fprintf(stderr, "umk: test probe: execve %s: %s\n", exe, strerror(errno));
		}
		/* UMK_TEST_PROBE_MMAP_EXEC=1: killed here unless -U */
		if (getenv("UMK_TEST_PROBE_MMAP_EXEC")) {
			void *p = mmap(NULL, 4096, PROT_READ | PROT_EXEC,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			fprintf(stderr, "umk: test probe: executable mapping: %s\n",
				p == MAP_FAILED ? strerror(errno) : "mapped");
			if (p != MAP_FAILED)
				munmap(p, 4096);
		}
		return;
	}

	const char *path = getenv("UMK_TEST_PROBE_OPEN");
	int fd;

	if (!path)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	fprintf(stderr, "umk: test probe: open %s: %s\n", path, fd < 0 ? strerror(errno) : "opened");
	if (fd >= 0)
		close(fd);
}

/* umk run COMMAND, or (boot) umk boot: init from the root DIR. */
static int cmd_run(int argc, char **argv, bool boot)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "mem", required_argument, NULL, 'm' },
		{ "trace", optional_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "bind", required_argument, NULL, 'B' },
		{ "ro-bind", required_argument, NULL, 'R' },
		{ "tmpfs", required_argument, NULL, 'T' },
		{ "allow-weak-sandbox", no_argument, NULL, 'W' },
		{ "print-policy", no_argument, NULL, 'P' },
		{ "fake-owners", no_argument, NULL, 'F' },
		{ "overlay", optional_argument, NULL, 'O' },
		{ "module", required_argument, NULL, 'M' },
		{ "modules", required_argument, NULL, 'L' },
		{ "unsealed", no_argument, NULL, 'U' },
		{ "umid", required_argument, NULL, 'I' },
		{ "ro", no_argument, NULL, 'X' },
		{ "env", required_argument, NULL, 'e' },
		{ "single", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct umk_boot b = { .trace_fd = -1, .root_rdonly = true,
			      .mem_size = DEFAULT_MEM, .overlay_fd = -1 };
	const char *root = "/", *upper = NULL, *umid = NULL;
	char why[PATH_MAX + 100];
	struct umk_config conf = { .mem_size = DEFAULT_MEM };
	const char *cmdname = boot ? "boot" : "run";
	bool allow_weak, print_policy = false, single = false, root_given = false;
	int c, ret;
	static char cmdline[2048];	/* Linux's COMMAND_LINE_SIZE on x86 */

	/* /proc/cmdline: the words as given (getopt_long reorders argv) */
	for (int i = 1, n = 0; i < argc && n < (int)sizeof(cmdline) - 1; i++)
		n += snprintf(cmdline + n, sizeof(cmdline) - n, "%s%s", i > 1 ? " " : "",
			      argv[i]);
	b.cmdline = cmdline;

	/* umk.conf(5) first: the options below override it */
	config_read(&conf);
	b.mem_size = conf.mem_size & ~4095ULL;
	b.fake_owners = conf.fake_owners;
	allow_weak = conf.allow_weak;
	opterr = 0;
	optind = 1;
	for (int fd = 0; fd < 3; fd++)
		b.console_fd[fd] = fd;
	/* umk boot's root is the system's own: writable unless --ro */
	b.root_rdonly = !boot;
	while ((c = getopt_long(argc, argv, boot ? ":r:m:e:svhU" : "+:r:m:vhU",
				opts, NULL)) != -1) {
		if (!boot && (c == 'X' || c == 'e' || c == 's'))
			c = '?';	/* umk boot's alone */
		switch (c) {
		case 'r':
			root = optarg;
			root_given = true;
			break;
		case 'X':
			b.root_rdonly = true;
			break;
		case 'e':
			boot_env_option(optarg);
			break;
		case 's':
			single = true;
			break;
		case 'm':
			b.mem_size = parse_size(optarg);
			if (b.mem_size < MIN_MEM || b.mem_size > MAX_MEM)
				die(UMK_EXIT_USAGE, "--mem %s: not a size between 16M and 1T",
				    optarg);
			b.mem_size &= ~4095ULL;
			break;
		case 't':
			if (b.trace_fd >= 0)
				close(b.trace_fd);
			if (!optarg) {
				b.trace_fd = dup(2);
			} else {
				b.trace_fd = open(optarg, O_WRONLY | O_CREAT | O_TRUNC |
						  O_CLOEXEC, 0644);
				if (b.trace_fd < 0)
					die(UMK_EXIT_USAGE, "--trace=%s: %s", optarg,
					    strerror(errno));
			}
			break;
		case 'v':
			b.verbose++;
			break;
		case 'B':
		case 'R':
			mounts_add_bind(optarg, c == 'R');
			break;
		case 'T':
			mounts_add_tmpfs(optarg);
			break;
		case 'W':
			allow_weak = true;
			break;
		case 'P':
			print_policy = true;
			break;
		case 'F':
			b.fake_owners = true;
			break;
		case 'O':
			b.overlay = true;
			upper = optarg;
			break;
		case 'M':
			modules_add(optarg);
			break;
		case 'L':
			/* modules=A,B: each as --module (strtok keeps optarg's) */
			for (char *s = strtok(optarg, ","); s; s = strtok(NULL, ","))
				modules_add(s);
			break;
		case 'U':
			confinement.modules_open = true;
			break;
		case 'I':
			umid = optarg;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 0;
		case ':':
			die(UMK_EXIT_USAGE, "%s: option '%s' needs an argument (try umk --help)",
			    cmdname, argv[optind - 1]);
		default:
			if (optopt)
				die(UMK_EXIT_USAGE, "%s: unknown option '-%c' (try umk --help)",
				    cmdname, optopt);
			die(UMK_EXIT_USAGE, "%s: unknown option '%s' (try umk --help)",
			    cmdname, argv[optind - 1]);
		}
	}
	/* umid=NAME, as UML's command line has it, before the command */
	if (optind < argc && !strncmp(argv[optind], "umid=", 5)) {
		umid = argv[optind++] + 5;
		if (optind < argc && !strcmp(argv[optind], "--"))
			optind++;
	}
	/* umk boot: UML's words (getopt put them after the options) */
	for (; boot && optind < argc; optind++) {
		if (!strncmp(argv[optind], "umid=", 5))
			umid = argv[optind] + 5;
		else if (!boot_word(argv[optind], &b))
			die(UMK_EXIT_USAGE, "boot: unknown argument '%s' (try umk --help)",
			    argv[optind]);
	}
	if (umid && !mconsole_umid_ok(umid))
		die(UMK_EXIT_USAGE, "%s: umid '%s': letters, digits, '.', '_' and '-' only "
		    "(at most 64)", cmdname, umid);
	if (boot && !root_given)
		die(UMK_EXIT_USAGE, "boot: -r DIR is needed (try umk --help)");
	if (!boot && optind >= argc && !print_policy)
		die(UMK_EXIT_USAGE, "run: no command given (try umk --help)");

	b.root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (b.root_fd < 0) {
		if (errno == ENOENT)
			die(UMK_EXIT_NOROOT, "root %s: no such directory", root);
		if (errno == ENOTDIR)
			die(UMK_EXIT_NOTDIR, "root %s: not a directory", root);
		die(UMK_EXIT_INTERNAL, "root %s: %s", root, strerror(errno));
	}
	if (b.overlay && b.fake_owners)
		die(UMK_EXIT_USAGE, "%s: --fake-owners and --overlay do not combine yet", cmdname);
	if (b.overlay)
		b.overlay_fd = overlay_upper_open(upper, root);
	if (boot) {
		/* a whole system: no working directory, no empty home */
		boot_setup(&b, single);
		b.restarts = supervise_restarts;
	} else {
		b.cwd = guest_cwd(root);
		/* (under an overlay the working directory is part of it: not bound) */
		mounts_add_defaults(getenv("HOME"), b.overlay ? NULL : b.cwd);
		b.argc = argc - optind;
		b.argv = argv + optind;
		b.envp = environ;
	}
	b.mounts = mounts_list(&b.nmounts);
	if (boot)
		lines_setup(&b);	/* host ptys, listening sockets */
	save_host_state(b.console_fd[0]);
	/* Modules are code: loaded now, while umk may still map it. */
	modules_load(&b);
	b.modules_open = confinement.modules_open;

	/* Each cached host directory is an fd: allow as many as the host does. */
	struct rlimit rl;

	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	/* A guest writing to a closed pipe gets EPIPE, not umk's death. */
	signal(SIGPIPE, SIG_IGN);
	/* The guest's umask is applied by umk's VFS; the host's must not
	 * take more bits off the files hostfs makes. */
	umask(0);

	/* The management console's socket: socket() is not allowed once
	 * umk is confined.  A UMID the user chose must work; the default
	 * one is given up quietly (said with -v) when it cannot be made. */
	ret = mconsole_setup(umid, why, sizeof(why));
	if (ret == -2)
		die(UMK_EXIT_USAGE, "%s: %s", cmdname, why);
	if (ret && umid)
		die(UMK_EXIT_INTERNAL, "%s: management console: %s (XDG_RUNTIME_DIR, or "
		    "else HOME, must name a directory this user can write)", cmdname, why);
	if (b.verbose && !print_policy) {
		if (ret)
			fprintf(stderr, "umk: no management console: %s\n", why);
		else
			fprintf(stderr, "umk: umid %s: management console %s\n",
				mconsole_umid(), confinement.mconsole_path);
	}

	/* Everything is open: umk confines itself (DESIGN.md §7), before it
	 * starts a thread or the zygote, which inherit the confinement. */
	confinement.root_path = root;
	confinement.overlay_upper = b.overlay_fd >= 0 ? upper : NULL;
	confine_drop_privileges();
	confine_landlock(&b, allow_weak);
	test_probe();

	plat_zygote_hold(hostfs_user_watch_prepare());
	ret = plat_init(b.mem_size);
	if (ret)
		die(UMK_EXIT_INTERNAL, "cannot start the platform: %s", strerror(-ret));
	/* The zygote runs: umk's own seccomp filter (the zygote is outside it) */
	confine_seccomp();
	test_probe();
	if (print_policy) {
		confine_print_policy(stdout, &b);
		return 0;
	}

	mconsole_start(&b, root);
	console_signals_start();
	lines_start();
	ret = kernel_main(&b);
	hostfs_user_watch_close();	/* the zygote's copy is the last */
	restore_host_state();
	mconsole_cleanup();
	fflush(stdout);
	if (ret == UMK_BOOT_BAD_MOUNT || ret == UMK_BOOT_BAD_MODULE)
		exit(UMK_EXIT_USAGE);	/* the kernel said which and why */
	if (ret < 0) {
		const char *cmd = b.argv[0];

		switch (-ret) {
		case ENOENT:
			if (strchr(cmd, '/'))
				die(UMK_EXIT_NOTFOUND, "%s: no such file", cmd);
			die(UMK_EXIT_NOTFOUND, "%s: command not found", cmd);
		case EACCES: case ENOEXEC: case EISDIR: case ELOOP: case ENOTDIR:
		case ELIBBAD: case E2BIG: case EINVAL: case ENAMETOOLONG:
			die(UMK_EXIT_NOEXEC, "%s: cannot execute: %s", cmd, strerror(-ret));
		default:
			die(UMK_EXIT_INTERNAL, "%s: cannot start: %s", cmd, strerror(-ret));
		}
	}
	if (kernel_restart_requested()) {
		/* umk boot: the supervisor boots a new umk (supervise.c) */
		if (!supervise_report_restart())
			fprintf(stderr, "umk: restart requested, but the supervisor cannot be "
				"told: ending (status 0)\n");
		return 0;
	}
	if ((ret & 0x7f) == 0)
		return (ret >> 8) & 0xff;
	int sig = ret & 0x7f;

	fprintf(stderr, "umk: %s: killed by signal %d (%s)%s\n", b.argv[0], sig,
		strsignal(sig), (ret & 0x80) ? ", core dumped" : "");
	return 128 + sig;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		die(UMK_EXIT_USAGE, "no command given (try umk --help)");
	if (!strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1, false);
	if (!strcmp(argv[1], "boot")) {
		/* each boot is a new process: this returns in it */
		supervise_boot();
		return cmd_run(argc - 1, argv + 1, true);
	}
	if (!strcmp(argv[1], "list"))
		return cmd_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "diff"))
		return cmd_diff(argc - 1, argv + 1);
	if (!strcmp(argv[1], "merge"))
		return cmd_merge(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("umk %s\n", UMK_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--print-policy")) {
		char *args[] = { "run", "--print-policy", NULL };

		return cmd_run(2, args, false);
	}
	if (!strcmp(argv[1], "--syscalls")) {
		fflush(stdout);
		kernel_print_syscalls(1);
		return 0;
	}
	die(UMK_EXIT_USAGE, "unknown command '%s' (try umk --help)", argv[1]);
}
