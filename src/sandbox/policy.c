// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `umk run --print-policy`: umk's confinement in words, as enforced on
 * this process at the moment of printing (and, under umk boot, what its
 * supervisor, another process, does: supervise.c).  What can be asked of the host
 * kernel is asked (capabilities, no_new_privs, the seccomp mode); the
 * Landlock ruleset cannot be read back, so it is what confine_landlock()
 * handed to the kernel, which the kernel accepted.
 */
#include <stdio.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "umk/kernel_entry.h"
#include "umk/module.h"
#include "sandbox.h"

/* Landlock's file system rights, in the order of their bits. */
static const char *const fs_names[] = {
	"execute", "write-file", "read-file", "read-dir", "remove-dir", "remove-file",
	"make-char", "make-dir", "make-reg", "make-sock", "make-fifo", "make-block",
	"make-sym", "refer", "truncate", "ioctl-dev",
};

static void print_rights(FILE *f, unsigned long long set)
{
	const char *sep = "";

	for (unsigned i = 0; i < sizeof(fs_names) / sizeof(fs_names[0]); i++)
		if (set & (1ULL << i)) {
			fprintf(f, "%s%s", sep, fs_names[i]);
			sep = " ";
		}
}

static void print_mount(FILE *f, const char *host, const char *guest, bool rdonly)
{
	fprintf(f, "    %-10s %s", rdonly ? "read-only" : "read-write", host);
	if (guest)
		fprintf(f, "  (at %s)", guest);
	fputc('\n', f);
}

static void print_modules(FILE *f, const struct umk_boot *b)
{
	fprintf(f, "  modules:      %d loaded at boot", b->nmodules);
	for (int i = 0; i < b->nmodules; i++)
		fprintf(f, "%s%s", i ? ", " : " (", b->modules[i]->name);
	fprintf(f, "%s\n", b->nmodules ? ")" : "");
	if (confinement.modules_open)
		fprintf(f, "    loading OPEN (-U): guest root may load a umk module with "
			"finit_module(2), code that runs inside umk outside every guest "
			"check; executable mappings allowed\n");
	else
		fprintf(f, "    sealed after boot: init_module/finit_module/delete_module "
			"give EPERM; no executable mappings\n");
}

void confine_print_policy(FILE *f, const struct umk_boot *b)
{
	cap_t caps = cap_get_proc(), none = cap_init();
	bool nocaps = caps && none && !cap_compare(caps, none);
	int seccomp = prctl(PR_GET_SECCOMP, 0, 0, 0, 0);

	fprintf(f, "umk %s: confinement of this umk process\n", UMK_VERSION);
	fprintf(f, "  capabilities: %s%s\n", nocaps ? "none" : "SOME LEFT",
		confinement.bounding_dropped ? " (bounding set emptied, securebits locked)" : "");
	fprintf(f, "  no_new_privs: %s\n",
		prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? "yes" : "NO");
	if (confinement.landlock_abi) {
		fprintf(f, "  landlock:     ABI %d, %d rule%s; handled: ", confinement.landlock_abi,
			confinement.landlock_rules, confinement.landlock_rules == 1 ? "" : "s");
		print_rights(f, confinement.landlock_fs);
		fputc('\n', f);
		fprintf(f, "    host files are reachable only beneath:\n");
		print_mount(f, confinement.root_path, "/", b->root_rdonly);
		if (confinement.overlay_upper)
			print_mount(f, confinement.overlay_upper, "/, the overlay's upper layer",
				    false);
		for (int i = 0; i < b->nmounts; i++)
			if (b->mounts[i].kind == UMK_MOUNT_BIND)
				print_mount(f, b->mounts[i].source, b->mounts[i].guest_path,
					    b->mounts[i].rdonly);
		fprintf(f, "    read-only: read-file read-dir; read-write adds every right "
			"but execute, make-char, make-block and ioctl-dev\n");
		fprintf(f, "    TCP bind/connect: %s\n", confinement.landlock_net
			? "denied" : "not handled (Landlock ABI < 4)");
		fprintf(f, "    signals and abstract unix sockets outside umk: %s\n",
			confinement.landlock_scoped ? "denied" : "not scoped (Landlock ABI < 6)");
	} else {
		fprintf(f, "  landlock:     NONE: %s\n", confinement.landlock_missing
			? confinement.landlock_missing : "not applied");
	}
	if (seccomp == 2 && confinement.seccomp)
		fprintf(f, "  seccomp:      an allowlist of %d rules on every thread; any other "
			"host system call kills umk\n"
			"    never: execve, ptrace, mount, bpf, io_uring, keyctl, socket, "
			"%sprocesses (threads only)\n", confinement.seccomp_rules,
			confinement.modules_open ? "" : "executable mappings, ");
	else
		fprintf(f, "  seccomp:      NONE on umk itself (mode %d)\n", seccomp);
	if (confinement.mconsole_path)
		fprintf(f, "  mconsole:     %s (umk-console), mode 0600 in a 0700 directory; "
			"requests from this uid only (SO_PEERCRED); made before confinement, "
			"then accept4 on it alone; Landlock: remove-file beneath its directory, "
			"remove-dir beneath its parent (taken away at exit)\n",
			confinement.mconsole_path);
	else
		fprintf(f, "  mconsole:     none (no socket could be made)\n");
	lines_print_policy(f);
	if (supervisor_pid)
		fprintf(f, "  supervisor:   pid %d (umk boot, supervise.c; this umk is boot %d): "
			"starts each boot's umk from a spare process forked before it confined "
			"itself: no capabilities, no_new_privs, no core dumps, a seccomp "
			"allowlist (wait, poll, read, write, kill, signals, exit: no open, no "
			"new process); holds stdio and two pipes\n", supervisor_pid,
			supervise_restarts + 1);
	print_modules(f, b);
	cap_free(caps);
	cap_free(none);
}
