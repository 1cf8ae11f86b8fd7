/* SPDX-License-Identifier: GPL-2.0-or-later */
/* execve (exec.c): arguments in kernel memory, and loading a program. */
#ifndef UMK_EXEC_H
#define UMK_EXEC_H

#include "kernel.h"
#include "mm.h"

struct task;

/* argv then envp strings, each NUL-terminated, back to back. */
struct exec_args {
	char *buf;
	size_t len, cap;
	int argc, envc;
	char *filename;		/* as given to execve: AT_EXECFN, comm */
};

int exec_args_from_user(struct task *t, struct exec_args *ea, const char *filename,
			struct uptr argv, struct uptr envp);
int exec_args_from_kernel(struct exec_args *ea, const char *filename,
			  char *const argv[], char *const envp[]);
void exec_args_free(struct exec_args *ea);
/* "#!interp [opt]" in buf's first line (len bytes, at most SHEBANG_MAX;
 * the line's end is overwritten with a NUL, so buf must hold len + 1):
 * 0 and the two strings, in buf; -ENOEXEC.  (For exec and the fuzzer.) */
#define SHEBANG_MAX	256		/* BINPRM_BUF_SIZE */
int exec_parse_shebang(char *buf, size_t len, char **interp, char **opt);
/* Replace t's program by path.  On failure t is unchanged. */
int exec_program(struct task *t, const char *path, struct exec_args *ea);
/* The same for execveat: path relative to dirfd, with vfs_open_exec_at's
 * lookup flags (for the program itself; an interpreter is a path). */
int exec_program_at(struct task *t, int dirfd, const char *path, unsigned lookup,
		    struct exec_args *ea);

#endif
