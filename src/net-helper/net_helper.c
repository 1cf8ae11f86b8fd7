// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * umk-net-helper: makes a TAP device for the calling user and hands its
 * file descriptor to umk over a unix socket (SCM_RIGHTS).  A program of its
 * own, so that umk itself never holds a privilege (DESIGN.md §7).
 *
 *   umk-net-helper --fd N [NAME]   create the TAP device NAME (default
 *                                  umk%d: the kernel picks the number),
 *                                  owned by the calling user, and send it
 *                                  over the unix socket N
 *   umk-net-helper --check         print the privileges the helper keeps
 *
 * Creating a TAP device needs CAP_NET_ADMIN.  The package grants it as a
 * file capability (setcap cap_net_admin+ep, by the postinst), never with
 * setuid: the helper runs as the user who started it, with that one
 * capability.  What it does with it is kept narrow, and every input is
 * suspect:
 *
 *  1. Before anything else it drops every other privilege: it refuses to
 *     run setuid or setgid, sets no_new_privs, empties the bounding set
 *     where it may (only with CAP_SETPCAP, i.e. when root runs it), clears
 *     the ambient and inheritable sets, and keeps CAP_NET_ADMIN alone in
 *     its permitted and effective sets (or nothing, when it was not given).
 *  2. It checks every argument: the socket must be a connected unix socket
 *     whose peer (SO_PEERCRED) is the calling user -- the request comes
 *     from that user's own umk --, and the name must fit IFNAMSIZ, use
 *     only [a-z0-9_-] and start with "umk", so that it can only ever name
 *     devices of its own kind.
 *  3. It creates the device with IFF_TUN_EXCL (an existing device, maybe
 *     another user's, is never attached to), makes the calling user its
 *     owner, sends the fd and the device's name, and exits.  The device is
 *     not persistent: it goes away when umk closes the fd.
 *
 * Exit status: 0 done; 1 the device could not be made (no capability, no
 * /dev/net/tun, the name is taken); 2 a bad or refused request.  Every
 * error is one line on stderr, starting "umk-net-helper: ".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <linux/if_tun.h>

#define EXIT_FAILED	1	/* the device could not be made */
#define EXIT_REFUSED	2	/* a bad or refused request */
#define NAME_PREFIX	"umk"

static const char usage_text[] =
	"Usage: umk-net-helper --fd N [NAME]\n"
	"       umk-net-helper --check | --help | --version\n"
	"\n"
	"Create the TAP device NAME (default umk%d: the kernel picks the number),\n"
	"owned by the calling user, and send its file descriptor over the unix\n"
	"socket N, whose peer must be the calling user.  NAME: at most 15\n"
	"characters of a-z, 0-9, '_' and '-', starting with \"umk\".\n"
	"--check prints the privileges the helper keeps after its start.\n"
	"\n"
	"Exit status: 0 done, 1 the device could not be made, 2 a bad or\n"
	"refused request.  umk runs this helper; see umk(1).\n";

static bool have_net_admin;
static bool bounding_dropped;

__attribute__((noreturn, format(printf, 2, 3)))
static void die(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("umk-net-helper: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

/*
 * Step 1: keep CAP_NET_ADMIN (if the file capability gave it) and nothing
 * else.  Fail closed: any step that does not succeed ends the helper.
 */
static void drop_privileges(void)
{
	cap_value_t keep[] = { CAP_NET_ADMIN };
	cap_flag_value_t admin = CAP_CLEAR, setpcap = CAP_CLEAR;
	cap_t caps, want;

	if (getuid() != geteuid() || getgid() != getegid())
		die(EXIT_REFUSED, "refusing to run setuid or setgid "
		    "(install it with setcap cap_net_admin+ep)");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		die(EXIT_FAILED, "setting no_new_privs: %s", strerror(errno));

	caps = cap_get_proc();
	want = cap_init();
	if (!caps || !want)
		die(EXIT_FAILED, "reading capabilities: %s", strerror(errno));
	cap_get_flag(caps, CAP_NET_ADMIN, CAP_PERMITTED, &admin);
	cap_get_flag(caps, CAP_SETPCAP, CAP_EFFECTIVE, &setpcap);
	have_net_admin = admin == CAP_SET;

	/* The bounding set needs CAP_SETPCAP: only root's run has it. */
	if (setpcap == CAP_SET) {
		for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++)
			if (c != CAP_NET_ADMIN && cap_drop_bound(c) && errno != EINVAL)
				die(EXIT_FAILED, "dropping capability %d from the bounding set: %s",
				    c, strerror(errno));
		bounding_dropped = true;
	}
	if (cap_reset_ambient() && errno != EINVAL)
		die(EXIT_FAILED, "clearing ambient capabilities: %s", strerror(errno));
	if (have_net_admin && (cap_set_flag(want, CAP_PERMITTED, 1, keep, CAP_SET) ||
			       cap_set_flag(want, CAP_EFFECTIVE, 1, keep, CAP_SET)))
		die(EXIT_FAILED, "building the capability set: %s", strerror(errno));
	if (cap_set_proc(want))
		die(EXIT_FAILED, "dropping capabilities: %s", strerror(errno));

	/* Check: exactly what was wanted is left. */
	cap_free(caps);
	caps = cap_get_proc();
	if (!caps || cap_compare(caps, want))
		die(EXIT_FAILED, "capabilities remain after dropping them");
	cap_free(caps);
	cap_free(want);
}

/* --check: the privileges left, in words; status 0 if TAP devices can be made. */
static int print_check(void)
{
	cap_t caps = cap_get_proc();
	char *text = caps ? cap_to_text(caps, NULL) : NULL;
	unsigned long long bound = 0;

	for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++)
		if (cap_get_bound(c) > 0)
			bound |= 1ULL << c;
	/* cap_to_text() says "=" for no capability at all */
	printf("capabilities: %s\n", text && strcmp(text, "=") ? text : "none");
	printf("bounding set: %#llx%s\n", bound,
	       bounding_dropped ? " (emptied but cap_net_admin)" :
	       " (unchanged: emptying it needs CAP_SETPCAP)");
	printf("no_new_privs: %d\n", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	printf("cap_net_admin: %s\n", have_net_admin ? "yes" :
	       "no (the file capability is missing: setcap cap_net_admin+ep)");
	cap_free(text);
	cap_free(caps);
	return have_net_admin ? 0 : EXIT_FAILED;
}

/* Step 2a: a name of our own kind, or die naming what is wrong. */
static void check_name(const char *name)
{
	size_t n = strlen(name);

	if (n >= IFNAMSIZ)
		die(EXIT_REFUSED, "bad name '%s': longer than %d characters", name,
		    IFNAMSIZ - 1);
	if (strncmp(name, NAME_PREFIX, strlen(NAME_PREFIX)) || n == strlen(NAME_PREFIX))
		die(EXIT_REFUSED, "bad name '%s': must be \"%s\" and more", name, NAME_PREFIX);
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			die(EXIT_REFUSED, "bad name '%s': only a-z, 0-9, '_' and '-' allowed",
			    name);
}

/* Step 2b: fd N is a connected unix socket whose peer is the caller. */
static int check_socket(const char *arg)
{
	struct ucred cred;
	socklen_t len;
	struct stat st;
	int fd, domain;
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v < 3 || v > INT_MAX)
		die(EXIT_REFUSED, "--fd %s: not a file descriptor number of 3 or more", arg);
	fd = (int)v;
	if (fstat(fd, &st))
		die(EXIT_REFUSED, "--fd %d: %s", fd, strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		die(EXIT_REFUSED, "--fd %d: not a socket", fd);
	len = sizeof(domain);
	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) || domain != AF_UNIX)
		die(EXIT_REFUSED, "--fd %d: not a unix socket", fd);
	len = sizeof(cred);
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) || cred.pid <= 0)
		die(EXIT_REFUSED, "--fd %d: the socket is not connected", fd);
	if (cred.uid != getuid())
		die(EXIT_REFUSED, "--fd %d: refused: the socket's peer is uid %u, "
		    "not the calling user (uid %u)", fd, cred.uid, getuid());
	return fd;
}

/* Step 3: the device, then the fd and its name over the socket. */
static int create_and_send(int sock, const char *name)
{
	char cbuf[CMSG_SPACE(sizeof(int))] __attribute__((aligned(8))) = { 0 };
	struct ifreq ifr = { 0 };
	struct iovec iov;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int tap;

	tap = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
	if (tap < 0)
		die(EXIT_FAILED, "/dev/net/tun: %s", strerror(errno));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_TUN_EXCL;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(tap, TUNSETIFF, &ifr)) {
		if (errno == EPERM)
			die(EXIT_FAILED, "creating %s: no CAP_NET_ADMIN "
			    "(the file capability is missing: setcap cap_net_admin+ep)", name);
		if (errno == EBUSY)
			die(EXIT_FAILED, "creating %s: the name is taken", name);
		die(EXIT_FAILED, "creating %s: %s", name, strerror(errno));
	}
	if (ioctl(tap, TUNSETOWNER, (unsigned long)getuid()) ||
	    ioctl(tap, TUNSETGROUP, (unsigned long)getgid()))
		die(EXIT_FAILED, "%s: giving it to uid %u: %s", ifr.ifr_name, getuid(),
		    strerror(errno));

	iov.iov_base = ifr.ifr_name;
	iov.iov_len = strlen(ifr.ifr_name) + 1;
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &tap, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		die(EXIT_FAILED, "sending %s: %s", ifr.ifr_name, strerror(errno));
	printf("%s\n", ifr.ifr_name);
	return 0;
}

int main(int argc, char **argv)
{
	const char *fd_arg = NULL, *name = NULL;
	int sock;

	drop_privileges();
	if (argc == 2 && !strcmp(argv[1], "--check"))
		return print_check();
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("umk-net-helper %s\n", UMK_VERSION);
		return 0;
	}
	if (argc < 3 || argc > 4 || strcmp(argv[1], "--fd"))
		die(EXIT_REFUSED, "usage: umk-net-helper --fd N [NAME] (try --help)");
	fd_arg = argv[2];
	if (argc == 4) {
		name = argv[3];
		check_name(name);
	}
	sock = check_socket(fd_arg);
	return create_and_send(sock, name ? name : NAME_PREFIX "%d");
}
