/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * procfs's own pieces, shared by procfs.c (the file system: directories,
 * lookup, links, reading generated text), procfs_pid.c (what /proc/PID
 * shows) and procfs_sys.c (the system-wide files).
 *
 * Every file is described by a struct proc_entry in a table.  Regular
 * files are generated whole when opened (show() into an sbuf) and read
 * from that snapshot, as Linux's seq_file does; symlinks give their text
 * with link(), and magic links (exe, cwd, root, fd/N) also the place they
 * stand for with get().
 */
#ifndef UMK_FS_PROCFS_H
#define UMK_FS_PROCFS_H

#include "kernel.h"
#include "task.h"
#include "vfs/vfs.h"

enum proc_kind {
	PROC_FILE,
	PROC_LINK,
	PROC_DIR,		/* children in sub[] */
	PROC_ROOT,		/* /proc: sub[] and one directory per process */
	PROC_PID_DIR,		/* /proc/PID: proc_pid_entries */
	PROC_FD_DIR,		/* /proc/PID/fd: one link per open fd */
	PROC_FD_LINK,		/* /proc/PID/fd/N */
};

struct proc_entry {
	const char *name;
	u32 mode;			/* S_IF* and permission bits */
	enum proc_kind kind;
	/* PROC_FILE: the contents.  p is the process of /proc/PID (NULL
	 * outside), reader the task that opens the file. */
	int (*show)(struct sbuf *sb, struct process *p, struct task *reader);
	/* PROC_LINK: the text; magic links also have get(). */
	long (*link)(struct process *p, struct task *reader, char *buf,
		     size_t len);
	int (*get)(struct process *p, struct path *out);
	/* PROC_DIR, PROC_ROOT: children, ended by an entry without name */
	const struct proc_entry *sub;
	/* PROC_FILE: instead of show, the contents by entry (module.c) */
	int (*show_entry)(struct sbuf *sb, const struct proc_entry *ent);
};

extern const struct proc_entry proc_root_entries[];	/* procfs_sys.c */
extern const struct proc_entry proc_pid_entries[];	/* procfs_pid.c */
/* /proc/umk: the files modules registered; /proc/modules (module.c) */
extern struct proc_entry proc_umk_entries[];
int proc_show_modules(struct sbuf *sb, struct process *p, struct task *reader);

/* Parse a decimal fd or pid ("0" but no "01", no sign); -1 if not one. */
int proc_parse_num(const char *s);
/* Escape spaces, tabs, newlines and backslashes as \ooo (/proc/mounts). */
void proc_put_escaped(struct sbuf *sb, const char *s);
/* The release umk reports (uname -r). */

#endif
