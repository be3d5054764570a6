// SPDX-License-Identifier: GPL-2.0
/* pal_plugin: the shared object pal_dyn dlopen()s. */
int pal_plugin(void);

int pal_plugin(void)
{
	return 42;
}
