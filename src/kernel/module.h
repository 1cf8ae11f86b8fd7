/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modules inside the kernel (module.c): starting the modules the host side
 * loaded at boot, what they register (character devices of major
 * MODULE_CHRDEV_MAJOR in /dev, files in /proc/umk), and /proc/modules.
 * The API modules see is src/include/umk/module.h.
 */
#ifndef UMK_KERNEL_MODULE_H
#define UMK_KERNEL_MODULE_H

#include "kernel.h"
#include "umk/module.h"

struct file;

/* Linux's first major "for local or experimental use". */
#define MODULE_CHRDEV_MAJOR 240

/* Run the init of each boot module (b->modules), in order, after the file
 * systems are up.  0, or UMK_BOOT_BAD_MODULE after saying why.  Caller
 * holds the kernel lock. */
int modules_boot(const struct umk_boot *b);

/* chrdev_open for major MODULE_CHRDEV_MAJOR: the module driver of minor. */
int module_chrdev_open(u32 minor, struct file *f);

/* Make /dev/NAME in devfs (devfs.c): a node of a module's device. */
int devfs_add_node(const char *name, u32 mode, u64 rdev);

#endif
