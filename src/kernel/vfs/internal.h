/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared between the files of src/kernel/vfs only: the walk's variants for
 * open(O_CREAT), which either finds the file or says where to make it, and
 * for the calls that change a directory.
 */
#ifndef UMK_VFS_INTERNAL_H
#define UMK_VFS_INTERNAL_H

#include "vfs/vfs.h"

/*
 * Resolve path for creating its last component.  Returns 0 with *found
 * (a reference) when the file exists (symlinks in the last component
 * followed when follow; dangling ones lead to where their target would
 * be), or 1 with *parent (a reference) and last (NAME_MAX + 1 bytes) when
 * it does not; *slash tells whether a slash followed the last name.
 */
int namei_create(struct task *t, int dirfd, const char *path, unsigned flags,
		 bool follow, struct path *found, struct path *parent,
		 char *last, bool *slash);

/* The child name of the directory dir itself, not what is mounted on it
 * (unlink, rmdir, rename work on the mountpoint). */
int namei_child(struct task *t, const struct path *dir, const char *name,
		struct path *out);

/* Whether ino lives on the internal mount of anonymous files, whose
 * special files (pipes, the console) are opened by their own ->open. */
bool anon_inode(const struct inode *ino);

/* ino is going: free whatever locks are still on it. */
void locks_inode_gone(struct inode *ino);

#endif
